import Foundation

/// Scans bytes for secrets with a rule set compiled once into a single Vectorscan database.
///
/// Build one scanner per rule set and share it: it is immutable and thread-safe, and each concurrent scan borrows
/// its own Vectorscan scratch. Building it loads the compiled database from the on-disk cache when one matches
/// the rules, this library version and this CPU; otherwise it compiles (most of a second for ~200 rules) and
/// stores the result for the next process.
public final class SecretScanner: Sendable {
    /// Where the database came from, for logs and tests.
    public enum DatabaseSource: Sendable, Equatable {
        case cache
        /// Compiled in this process; `stored` says whether the cache now holds it.
        case compiled(stored: Bool)
    }

    let rules: [CompiledRule]
    let globalAllowlist: CompiledAllowlist
    let database: VectorscanDatabase?
    let scratch: ScratchPool?
    public let databaseSource: DatabaseSource

    public init(rules ruleSet: RuleSet, cache: CacheLocation = .automatic) throws(SecretsError) {
        try Self.validate(ruleSet)
        globalAllowlist = try CompiledAllowlist(ruleSet.allowlist, ruleID: "global")
        let store = cache.resolvedDirectory.map(DatabaseCache.init)
        let key = Self.cacheKey(ruleSet)
        if let store, let (modes, database) = store.load(key: key, ruleCount: ruleSet.rules.count) {
            self.database = database
            databaseSource = .cache
            var compiled: [CompiledRule] = []
            for (rule, mode) in zip(ruleSet.rules, modes) { compiled.append(try CompiledRule(rule, mode: mode)) }
            rules = compiled
        } else {
            let (modes, database) = try Self.build(ruleSet)
            self.database = database
            databaseSource = .compiled(stored: store?.store(key: key, modes: modes, database: database) ?? false)
            var compiled: [CompiledRule] = []
            for (rule, mode) in zip(ruleSet.rules, modes) { compiled.append(try CompiledRule(rule, mode: mode)) }
            rules = compiled
        }
        scratch = database.flatMap(ScratchPool.init)
        if database != nil && scratch == nil { throw .vectorscan("cannot allocate scratch space") }
    }

    /// Scans a whole blob or file.
    public func scan(_ content: [UInt8], path: String, commit: String? = nil,
                     options: ScanOptions = ScanOptions()) -> ScanResult {
        content.withUnsafeBufferPointer { scan($0, path: path, commit: commit, spans: nil, options: options) }
    }

    /// Scans bytes owned by the caller (a libgit2 blob buffer), without copying them.
    public func scan(bytes: UnsafeRawBufferPointer, path: String, commit: String? = nil,
                     options: ScanOptions = ScanOptions()) -> ScanResult {
        scan(bytes.bindMemory(to: UInt8.self), path: path, commit: commit, spans: nil, options: options)
    }

    /// Scans only some lines of a file (a diff's added lines); findings carry the file's real line numbers.
    public func scan(_ lines: AddedLines, path: String, commit: String? = nil,
                     options: ScanOptions = ScanOptions()) -> ScanResult {
        lines.bytes.withUnsafeBufferPointer {
            scan($0, path: path, commit: commit, spans: lines.spans, options: options)
        }
    }
}
