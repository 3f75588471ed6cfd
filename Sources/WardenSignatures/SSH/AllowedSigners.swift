import Foundation

/// A parsed `allowed_signers` file (the file git's `gpg.ssh.allowedSignersFile` names), indexed by key blob.
///
/// Parsed once per policy load; a malformed line is an error naming file and line, because silently skipping it
/// (as ssh-keygen does) could hide a typo that un-trusts or over-trusts a key.
public struct AllowedSigners: Sendable {
    package let entries: [AllowedSigner]
    private let byKey: [SSHPublicKey: [AllowedSigner]]

    package init(entries: [AllowedSigner]) {
        self.entries = entries
        self.byKey = Dictionary(grouping: entries, by: \.key)
    }

    /// No trusted SSH signers.
    public static var empty: AllowedSigners { AllowedSigners(entries: []) }

    /// Parses `text`; `source` names the file in errors (`file:line: message`).
    public init(parsing text: String, source: String = "allowed_signers") throws(SignatureParseError) {
        var entries: [AllowedSigner] = []
        // CRLF files are read as LF files (a CRLF line ending is one Swift Character, so splitting on "\n" alone
        // would read the whole file as one line).
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\r")))
            if line.isEmpty || line.hasPrefix("#") { continue }
            do throws(SignatureParseError) {
                entries.append(try Self.parseLine(line))
            } catch {
                throw SignatureParseError("\(source):\(index + 1): \(error.message)")
            }
        }
        self.init(entries: entries)
    }

    /// Entries for `key`, in file order.
    func entries(for key: SSHPublicKey) -> [AllowedSigner] {
        byKey[key] ?? []
    }

    private static func parseLine(_ line: String) throws(SignatureParseError) -> AllowedSigner {
        var scanner = LineScanner(line)
        guard let principals = scanner.token(), !principals.isEmpty else { throw SignatureParseError("missing principals") }
        guard var next = scanner.token() else { throw SignatureParseError("missing key") }
        var options: [String: String?] = [:]
        if !Self.isKeyType(next) {
            options = try parseOptions(next)
            guard let type = scanner.token() else { throw SignatureParseError("missing key") }
            next = type
        }
        guard Self.isKeyType(next) else { throw SignatureParseError("unknown key type \(next)") }
        guard let base64 = scanner.token() else { throw SignatureParseError("missing base64 key") }
        let key = try SSHPublicKey(type: next, base64: base64)
        for name in options.keys where !knownOptions.contains(name) {
            throw SignatureParseError("unknown option \(name)")
        }
        var namespaces: PrincipalPattern?
        if let value = options["namespaces"] {
            guard let value else { throw SignatureParseError("namespaces needs a value") }
            namespaces = PrincipalPattern(value)
        }
        var validAfter: Date?, validBefore: Date?
        if let value = options["valid-after"] { validAfter = try OpenSSHTime.parse(value) }
        if let value = options["valid-before"] { validBefore = try OpenSSHTime.parse(value) }
        return AllowedSigner(
            principals: PrincipalPattern(principals),
            key: key,
            isCertificateAuthority: options.keys.contains("cert-authority"),
            namespaces: namespaces,
            validAfter: validAfter,
            validBefore: validBefore
        )
    }

    /// The options ssh-keygen's `sshsigopt_parse` knows; anything else makes ssh-keygen skip the line, so for
    /// us it is an error rather than a silently different trust decision.
    private static let knownOptions: Set<String> = ["cert-authority", "namespaces", "valid-after", "valid-before"]

    private static func isKeyType(_ token: String) -> Bool {
        token.hasPrefix("ssh-") || token.hasPrefix("ecdsa-sha2-") || token.hasPrefix("sk-")
    }

    /// `name[="value"]` items separated by commas; commas inside quotes belong to the value.
    private static func parseOptions(_ text: String) throws(SignatureParseError) -> [String: String?] {
        var result: [String: String?] = [:]
        var items: [String] = []
        var current = "", quoted = false
        for character in text {
            if character == "\"" { quoted.toggle() }
            if character == "," && !quoted {
                items.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        guard !quoted else { throw SignatureParseError("unterminated quote in options") }
        items.append(current)
        for item in items {
            guard let equals = item.firstIndex(of: "=") else {
                result[item.lowercased()] = .some(nil)
                continue
            }
            var value = String(item[item.index(after: equals)...])
            if value.hasPrefix("\"") {
                guard value.count >= 2, value.hasSuffix("\"") else { throw SignatureParseError("bad quoting in \(item)") }
                value = String(value.dropFirst().dropLast())
            }
            result[item[..<equals].lowercased()] = .some(value)
        }
        return result
    }
}
