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
    /// Indices of rules with a path condition, of path-only rules and of PCRE2-only rules: the per-blob loops
    /// visit only these instead of every rule.
    let pathConditioned: [Int]
    let pathOnly: [Int]
    let fallback: [Int]
    let globalAllowlist: CompiledAllowlist
    let database: VectorscanDatabase?
    let scratch: ScratchPool?
    public let databaseSource: DatabaseSource
    /// Where the database came from or went, and the compile time: what the decision log records.
    public let cacheReport: RulesCacheReport

    public init(rules ruleSet: RuleSet, cache: CacheLocation = .automatic) throws(SecretsError) {
        try Self.validate(ruleSet)
        globalAllowlist = try CompiledAllowlist(ruleSet.allowlist, ruleID: "global")
        let stores = cache.candidateDirectories.map(DatabaseCache.init)
        let key = Self.cacheKey(ruleSet)
        let modes: [RuleMode]
        // A plain loop, not `lazy.compactMap(...).first`: that evaluates the transform twice for the element it
        // returns (once to filter, once to read), so every hit loaded the database twice, and a file replaced
        // between the two loads crashed the process on a force unwrap inside the standard library.
        var hit: (store: DatabaseCache, loaded: (modes: [RuleMode], database: VectorscanDatabase?))?
        for store in stores {
            if let loaded = store.load(key: key, ruleCount: ruleSet.rules.count) {
                hit = (store, loaded)
                break
            }
        }
        if let (store, loaded) = hit {
            (modes, database) = loaded
            databaseSource = .cache
            cacheReport = RulesCacheReport(source: "cache", directory: store.directory, compileMilliseconds: nil)
        } else {
            let started = ContinuousClock.now
            let built = try Self.build(ruleSet)
            let elapsed = ContinuousClock.now - started
            (modes, database) = built
            // The first directory that accepts the file keeps it (a service user without HOME falls through to the
            // system cache or the repository's own directory).
            let stored = stores.first { $0.store(key: key, modes: built.modes, database: built.database) }
            databaseSource = .compiled(stored: stored != nil)
            cacheReport = RulesCacheReport(
                source: "compiled", directory: stored?.directory,
                compileMilliseconds: Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
        }
        var compiled: [CompiledRule] = []
        for (rule, mode) in zip(ruleSet.rules, modes) { compiled.append(try CompiledRule(rule, mode: mode)) }
        rules = compiled
        pathConditioned = compiled.indices.filter { compiled[$0].hasPathCondition }
        pathOnly = compiled.indices.filter { compiled[$0].mode == .pathOnly }
        fallback = compiled.indices.filter { compiled[$0].mode == .fallback }
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
        let buffer = UnsafeBufferPointer(start: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        return scan(buffer, path: path, commit: commit, spans: nil, options: options)
    }

    /// Scans only some lines of a file (a diff's added lines); findings carry the file's real line numbers.
    public func scan(_ lines: AddedLines, path: String, commit: String? = nil,
                     options: ScanOptions = ScanOptions()) -> ScanResult {
        lines.bytes.withUnsafeBufferPointer {
            scan($0, path: path, commit: commit, spans: lines.spans, options: options)
        }
    }
}
