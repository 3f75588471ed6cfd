import Foundation

/// Where the findings database lives unless a flag or the daemon's configuration says otherwise:
/// `GIT_WARDEN_STORE`, else `/var/lib/git-warden/findings.sqlite` for root (the daemon), else
/// `$XDG_STATE_HOME/git-warden/findings.sqlite` (`~/.local/state/...`).
public enum StoreLocation {
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit = environment["GIT_WARDEN_STORE"], !explicit.isEmpty { return explicit }
        if geteuid() == 0 { return "/var/lib/git-warden/findings.sqlite" }
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/git-warden/findings.sqlite" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.local/state/git-warden/findings.sqlite"
    }

    /// Audit locks sit beside the database, so every process sharing a store shares its locks.
    public static func lockDirectory(forStore path: String) -> String {
        (path as NSString).deletingLastPathComponent + "/locks"
    }
}
