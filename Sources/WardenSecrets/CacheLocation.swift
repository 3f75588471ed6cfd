import Foundation

/// Where the compiled Vectorscan database is kept between runs.
///
/// Compiling ~200 rules takes most of a second, loading the serialized database well under a millisecond: a hook
/// that runs on every push must not pay the compile each time. Hooks on servers run as service users, often without
/// `HOME` (Apache's CGI environment has none), so the automatic location is a list of directories tried in order.
public enum CacheLocation: Sendable, Hashable {
    /// In order: `$XDG_CACHE_HOME/git-warden`, `$HOME/.cache/git-warden`, the system cache
    /// `/var/cache/git-warden` (made and filled by `install.sh`), then `$GIT_DIR/git-warden/cache` beside the
    /// repository the hook runs for. A cache is read from the first directory that holds it and written to the first
    /// that accepts the file.
    case automatic
    case directory(String)
    /// Several directories, tried in this order (what `automatic` resolves to).
    case directories([String])
    /// Always compile (tests, read-only systems).
    case disabled

    /// The system-wide cache the installer creates and compiles the built-in rules into.
    public static let systemDirectory = "/var/cache/git-warden"

    /// The directories tried, in order (empty: no cache).
    public var candidateDirectories: [String] {
        switch self {
        case .disabled: return []
        case .directory(let path): return [path]
        case .directories(let paths): return paths
        case .automatic: return Self.automaticCandidates(environment: ProcessInfo.processInfo.environment)
        }
    }

    /// The automatic order for an environment; relative `XDG_CACHE_HOME`/`HOME` values are ignored (the XDG base
    /// directory specification says so), and a relative `GIT_DIR` (git runs hooks with `GIT_DIR=.`) is resolved.
    public static func automaticCandidates(environment: [String: String],
                                           systemDirectory: String = CacheLocation.systemDirectory) -> [String] {
        var candidates: [String] = []
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { candidates.append(xdg + "/git-warden") }
        if let home = environment["HOME"], home.hasPrefix("/") { candidates.append(home + "/.cache/git-warden") }
        candidates.append(systemDirectory)
        if let gitDirectory = environment["GIT_DIR"], !gitDirectory.isEmpty,
           let resolved = realpath(gitDirectory, nil) {
            defer { free(resolved) }
            candidates.append(String(cString: resolved) + "/git-warden/cache")
        }
        return candidates
    }
}

/// How a scanner got its compiled rules, for the decision log: a hook that recompiles on every push (no writable
/// cache) costs most of a second each time, and the log is where an administrator (and the audit) can see it.
public struct RulesCacheReport: Codable, Sendable, Equatable {
    /// `cache` (loaded) or `compiled`.
    public var source: String
    /// The directory the database was loaded from or stored in; nil when no cache directory accepted it.
    public var directory: String?
    /// Time spent compiling, when compiled.
    public var compileMilliseconds: Double?

    public init(source: String, directory: String?, compileMilliseconds: Double?) {
        self.source = source
        self.directory = directory
        self.compileMilliseconds = compileMilliseconds
    }

    /// Compiled and stored nowhere: every run pays the compile again.
    public var isUncached: Bool { source == "compiled" && directory == nil }
}
