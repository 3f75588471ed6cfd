import Foundation
import GitKit
import WardenCore
import WardenPolicy

/// What the checks of one repository read, gathered once: its configuration, its policy, its hooks directory.
/// Checks are pure functions of this, so each is small and testable on a real repository.
public struct AuditContext {
    public let repository: Repository
    /// Absolute git directory (the common one, for a worktree): where hooks, config and refs live.
    public let gitDirectory: String
    public let isBare: Bool
    public let config: [ConfigEntry]
    public let policyOrigin: PolicyLocator.Origin
    /// The policy the hook would use, or why it cannot be loaded.
    public let policy: Result<Policy, PolicyLoadError>
    public let hooksDirectory: String

    public init(repository: Repository, environment: [String: String] = [:]) throws {
        self.repository = repository
        gitDirectory = Self.withoutTrailingSlash(repository.commonDirectory)
        isBare = repository.workDirectory == nil
        config = try repository.configEntries()
        // The audit judges the policy the server hook would load, not one named by the auditor's environment.
        let origin: PolicyLocator.Origin
        do {
            origin = try PolicyLocator.locate(gitDirectory: gitDirectory, environment: environment)
        } catch {
            origin = .embeddedDefault
        }
        policyOrigin = origin
        policy = Result { () throws(PolicyLoadError) in try PolicyLocator.load(origin) }
        let common = gitDirectory
        if let configured = config.last(where: { $0.name.lowercased() == "core.hookspath" })?.value {
            hooksDirectory = Self.resolve(configured, against: repository.workDirectory ?? common)
        } else {
            hooksDirectory = common + "/hooks"
        }
    }

    /// Entries of the repository's own configuration files (local and worktree levels).
    public var repositoryConfig: [ConfigEntry] { config.filter(isRepositoryLevel) }

    public func isRepositoryLevel(_ entry: ConfigEntry) -> Bool { entry.level == "local" || entry.level == "worktree" }

    /// The last value of a key, as git reads it ("last one wins").
    public func value(_ key: String) -> ConfigEntry? {
        let lowered = key.lowercased()
        return config.last { $0.name.lowercased() == lowered }
    }

    /// git's boolean reading of a value: true/yes/on/1 (or a bare key), false/no/off/0/empty.
    public func bool(_ key: String) -> Bool? {
        guard let entry = value(key) else { return nil }
        switch entry.value.lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0", "": return false
        default: return Int(entry.value).map { $0 != 0 }
        }
    }

    func finding(_ checkID: String, _ severity: Severity, subject: String, title: String, evidence: String, fix: String,
                 fixable: Bool = false) -> AuditFinding {
        AuditFinding(checkID: checkID, severity: severity, repository: gitDirectory, subject: subject, title: title,
                     evidence: evidence, fix: fix, fixable: fixable)
    }

    static func resolve(_ path: String, against base: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/") { return NSHomeDirectory() + path.dropFirst(1) }
        return withoutTrailingSlash(base) + "/" + path
    }

    static func withoutTrailingSlash(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }
}
