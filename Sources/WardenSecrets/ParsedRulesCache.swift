import Foundation

/// The built-in rules, parsed once and kept in a compact binary form beside the compiled databases.
///
/// Every hook run needs the rule set (its hash finds the compiled database); parsing ~80 KB of TOML cost a hook
/// several milliseconds on every commit and push, reading this file well under one. The key is a checksum of the
/// embedded text, so a new binary with other rules writes a new file. Anything unreadable, damaged or from
/// another format version reads as a miss and the text is parsed; write failures are ignored.
enum ParsedRulesCache {
    static let magic = Array("GWRULES2".utf8)

    static func fileName(text: String, directory: String) -> String {
        let checksum = DatabaseCache.checksum(Array(text.utf8))
        return "\(directory)/default-rules-\(String(checksum, radix: 16)).rules"
    }

    static func load(text: String, directory: String) -> RuleSet? {
        MappedFile.withContents(of: fileName(text: text, directory: directory), decode)
    }

    /// The file's bytes as a rule set (every string copied out of `bytes`).
    static func decode(_ bytes: UnsafeRawBufferPointer) -> RuleSet? {
        let header = magic.count + 8
        guard bytes.count > header, bytes.prefix(magic.count).elementsEqual(magic) else { return nil }
        let checksum = bytes[magic.count..<header].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard checksum == DatabaseCache.checksum(UnsafeRawBufferPointer(rebasing: bytes[header...])) else { return nil }
        var reader = Reader(bytes: bytes, offset: header)
        return reader.ruleSet()
    }

    @discardableResult
    static func store(_ ruleSet: RuleSet, text: String, directory: String) -> Bool {
        var writer = Writer()
        writer.ruleSet(ruleSet)
        let body = writer.bytes
        let bytes = magic + withUnsafeBytes(of: DatabaseCache.checksum(body).littleEndian, Array.init) + body
        let path = fileName(text: text, directory: directory)
        let temporary = "\(path).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        guard (try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil,
              FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else { return false }
        if rename(temporary, path) != 0 {
            unlink(temporary)
            return false
        }
        return true
    }

    struct Writer {
        var bytes: [UInt8] = []

        mutating func integer(_ value: Int) { bytes += withUnsafeBytes(of: Int64(value).littleEndian, Array.init) }

        mutating func string(_ value: String) {
            integer(value.utf8.count)
            bytes += value.utf8
        }

        mutating func strings(_ values: [String]) {
            integer(values.count)
            values.forEach { string($0) }
        }

        mutating func optional<T>(_ value: T?, _ write: (inout Writer, T) -> Void) {
            bytes.append(value == nil ? 0 : 1)
            if let value { write(&self, value) }
        }

        mutating func allowlist(_ list: SecretAllowlist) {
            for field in [list.regexes, list.matchRegexes, list.lineRegexes, list.stopwords, list.paths] { strings(field) }
        }

        mutating func ruleSet(_ set: RuleSet) {
            allowlist(set.allowlist)
            integer(set.rules.count)
            for rule in set.rules {
                string(rule.id)
                string(rule.description)
                optional(rule.regex) { $0.string($1) }
                optional(rule.secretGroup) { $0.integer($1) }
                strings(rule.keywords)
                optional(rule.entropy) { $0.integer(Int(bitPattern: UInt($1.bitPattern))) }
                optional(rule.path) { $0.string($1) }
                allowlist(rule.allowlist)
                strings(rule.tags)
                strings(rule.positives)
                strings(rule.negatives)
            }
        }
    }

    /// Reads what `Writer` wrote (from the mapped file, while it is mapped); nil at the first thing out of place.
    struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset: Int

        mutating func integer() -> Int? {
            guard offset + 8 <= bytes.count else { return nil }
            defer { offset += 8 }
            return Int(bytes[offset..<offset + 8].reversed().reduce(Int64(0)) { $0 << 8 | Int64($1) })
        }

        mutating func string() -> String? {
            guard let count = integer(), count >= 0, offset + count <= bytes.count else { return nil }
            defer { offset += count }
            return String(decoding: bytes[offset..<offset + count], as: UTF8.self)
        }

        mutating func strings() -> [String]? {
            guard let count = integer(), count >= 0, count <= bytes.count else { return nil }
            var values: [String] = []
            for _ in 0..<count {
                guard let value = string() else { return nil }
                values.append(value)
            }
            return values
        }

        /// nil when malformed; `.some(nil)` for an absent value.
        mutating func optional<T>(_ read: (inout Reader) -> T?) -> T?? {
            guard offset < bytes.count else { return nil }
            let present = bytes[offset]
            offset += 1
            switch present {
            case 0: return .some(nil)
            case 1: return read(&self).map { .some($0) }
            default: return nil
            }
        }

        mutating func allowlist() -> SecretAllowlist? {
            guard let regexes = strings(), let matchRegexes = strings(), let lineRegexes = strings(),
                  let stopwords = strings(), let paths = strings() else { return nil }
            return SecretAllowlist(regexes: regexes, matchRegexes: matchRegexes, lineRegexes: lineRegexes,
                                   stopwords: stopwords, paths: paths)
        }

        mutating func ruleSet() -> RuleSet? {
            guard let global = allowlist(), let count = integer(), count >= 0, count <= bytes.count else { return nil }
            var rules: [SecretRule] = []
            for _ in 0..<count {
                guard let id = string(), let description = string(), let regex = optional({ $0.string() }),
                      let group = optional({ $0.integer() }), let keywords = strings(),
                      let entropy = optional({ $0.integer().map { Double(bitPattern: UInt64(UInt(bitPattern: $0))) } }),
                      let path = optional({ $0.string() }), let allowlist = allowlist(), let tags = strings(),
                      let positives = strings(), let negatives = strings() else { return nil }
                rules.append(SecretRule(id: id, description: description, regex: regex, secretGroup: group,
                                        keywords: keywords, entropy: entropy, path: path, allowlist: allowlist,
                                        tags: tags, positives: positives, negatives: negatives))
            }
            guard offset == bytes.count else { return nil }
            return RuleSet(rules: rules, allowlist: global)
        }
    }
}
