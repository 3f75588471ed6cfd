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

    /// Applies the fix its check describes; a finding of a check without one (or an unknown id) is not fixed.
    static func apply(_ finding: AuditFinding) throws -> String {
        guard let fix = AuditChecks.byID[finding.checkID]?.fix else {
            throw FixError(message: "no automatic fix for \(finding.checkID)")
        }
        switch fix {
        case .setConfig(let key, let value):
            // Written in the repository's own config, so it also overrides a value set at a wider level.
            let config = finding.repository + "/config"
            let name = key ?? finding.subject
            try gitConfig(config, name, value)
            return "set \(name) = \(value) in \(config)"
        case .makeExecutable:
            try changeMode(finding.subject) { $0 | 0o111 }
            return "made \(finding.subject) executable"
        case .removeOthersWrite:
            try changeMode(finding.subject) { $0 & ~0o002 }
            return "removed others' write permission from \(finding.subject)"
        }
    }

    /// `git config` rewrites the file through `config.lock` and a rename, so the new file belongs to whoever ran it
    /// (root, for an administrator's audit) with git's mode: the repository's owner (gitolite, www-data) could then
    /// no longer read its own configuration. The owner, group and mode the file had are put back.
    static func gitConfig(_ file: String, _ key: String, _ value: String) throws {
        var before = stat()
        let existed = stat(file, &before) == 0
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "config", "--file", file, key, value]
        // Outside any repository: git must not discover (and judge the ownership of) the auditor's working directory.
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FixError(message: "git config --file \(file) \(key) \(value) failed (exit \(process.terminationStatus))")
        }
        guard existed else { return }
        try restoreOwnership(file, like: before)
    }

    /// Gives `path` the owner, group and permission bits of `original` (a file git-warden rewrote).
    static func restoreOwnership(_ path: String, like original: stat) throws {
        var after = stat()
        guard stat(path, &after) == 0 else { throw FixError(message: "cannot read \(path) after changing it") }
        if after.st_uid != original.st_uid || after.st_gid != original.st_gid {
            guard chown(path, original.st_uid, original.st_gid) == 0 else {
                throw FixError(message: "changed \(path) but could not give it back to uid \(original.st_uid) gid \(original.st_gid): \(String(cString: strerror(errno)))")
            }
        }
        if after.st_mode & 0o7777 != original.st_mode & 0o7777 {
            guard chmod(path, original.st_mode & 0o7777) == 0 else {
                throw FixError(message: "changed \(path) but could not restore its mode \(String(original.st_mode & 0o7777, radix: 8)): \(String(cString: strerror(errno)))")
            }
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
