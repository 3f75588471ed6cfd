import Foundation

/// Where the compiled Vectorscan database is kept between runs.
///
/// Compiling ~200 rules takes most of a second, loading the serialized database well under a millisecond: a hook
/// that runs on every push must not pay the compile each time.
public enum CacheLocation: Sendable, Hashable {
    /// `$XDG_CACHE_HOME/git-warden`, else `~/.cache/git-warden`.
    case automatic
    case directory(String)
    /// Always compile (tests, read-only systems).
    case disabled

    var resolvedDirectory: String? {
        switch self {
        case .disabled:
            return nil
        case .directory(let path):
            return path
        case .automatic:
            let environment = ProcessInfo.processInfo.environment
            if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/git-warden" }
            if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.cache/git-warden" }
            return nil
        }
    }
}
