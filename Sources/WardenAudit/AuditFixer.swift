import Foundation

/// Applies the safe fixes of `git-warden audit --fix`: configuration values and file modes, never history, never a
/// key that names a program (removing one could break a deployment; that stays a human decision).
public enum AuditFixer {
    /// What a fix did, for the report.
    public struct Change: Sendable {
        public var repository: String
        public var description: String
    }

    /// Fixes every fixable finding; returns what changed and the findings it could not fix, with why.
    public static func fix(_ findings: [AuditFinding]) -> (changes: [Change], failures: [(AuditFinding, String)]) {
        var changes: [Change] = []
        var failures: [(AuditFinding, String)] = []
        for finding in findings where finding.fixable {
            do {
                changes.append(Change(repository: finding.repository, description: try apply(finding)))
            } catch {
                failures.append((finding, "\(error)"))
            }
        }
        return (changes, failures)
    }

    static func apply(_ finding: AuditFinding) throws -> String {
        let config = finding.repository + "/config"
        switch finding.checkID {
        case "config.deny-non-fast-forwards", "config.deny-deletes", "config.fsck-objects", "config.reflog":
            try gitConfig(config, finding.subject, "true")
            return "set \(finding.subject) = true in \(config)"
        case "config.fetch-unadvertised":
            // Written in the repository's own config, so it also overrides a value set at a wider level.
            try gitConfig(config, finding.subject, "false")
            return "set \(finding.subject) = false in \(config)"
        case "config.shared-repository":
            try gitConfig(config, "core.sharedRepository", "group")
            return "set core.sharedRepository = group in \(config)"
        case "hooks.not-executable":
            try changeMode(finding.subject) { $0 | 0o111 }
            return "made \(finding.subject) executable"
        case "hooks.writable", "permissions.world-writable", "permissions.policy-writable":
            try changeMode(finding.subject) { $0 & ~0o002 }
            return "removed others' write permission from \(finding.subject)"
        default:
            throw FixError(message: "no automatic fix for \(finding.checkID)")
        }
    }

    static func gitConfig(_ file: String, _ key: String, _ value: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "config", "--file", file, key, value]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FixError(message: "git config --file \(file) \(key) \(value) failed (exit \(process.terminationStatus))")
        }
    }

    static func changeMode(_ path: String, _ transform: (mode_t) -> mode_t) throws {
        guard let mode = FileMode.mode(path) else { throw FixError(message: "cannot read the mode of \(path)") }
        guard chmod(path, transform(mode) & 0o7777) == 0 else {
            throw FixError(message: "chmod \(path) failed: \(String(cString: strerror(errno)))")
        }
    }
}

public struct FixError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
