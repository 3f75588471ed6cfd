import Foundation
import WardenCore
import WardenPolicy

/// Checks of file permissions: the repository's own directories, and the files that decide what the hook accepts
/// (policy, trusted keys, extra secret rules, ignore list). Anyone who can write those can let anything through.
enum PermissionChecks {
    static let all: [AuditCheck] = [repositoryDirectories, policyFiles]

    static let repositoryDirectories = AuditCheck(
        "permissions.world-writable", .high, area: .permissions,
        inspects: "the git directory, objects, refs, hooks or config writable by every local account",
        fix: .removeOthersWrite) { check, context in
        ["", "/objects", "/refs", "/hooks", "/config"].compactMap { suffix in
            let path = context.gitDirectory + suffix
            guard FileMode.othersCanWrite(path) else { return nil }
            return check.finding(in: context, subject: path,
                                 title: "\(suffix.isEmpty ? "the repository" : String(suffix.dropFirst())) is writable by every local account",
                                 evidence: "\(path) mode \(FileMode.octal(path))", fix: "chmod o-w \(path)")
        }
    }

    /// Every file the policy depends on, with what it is for.
    static func policyDependencies(_ context: AuditContext) -> [(String, String)] {
        var files: [(String, String)] = []
        if case .file(let path) = context.policyOrigin { files.append((path, "the policy")) }
        guard case .success(let policy) = context.policy else { return files }
        if let path = policy.signers.sshAllowedSigners { files.append((path, "the trusted SSH signers")) }
        if let path = policy.signers.sshRevokedKeys { files.append((path, "the revoked SSH keys")) }
        files += policy.signers.openPGPKeyrings.map { ($0, "a trusted OpenPGP keyring") }
        if let path = policy.secrets.config { files.append((path, "the extra secret rules")) }
        files.append((SecretIgnore.path(for: policy, gitDirectory: context.gitDirectory), "the accepted secret findings"))
        return files.filter { FileManager.default.fileExists(atPath: $0.0) }
    }

    static let policyFiles = AuditCheck(
        "permissions.policy-writable", .critical, area: .permissions,
        inspects: "the policy, trusted keys, extra secret rules or ignore list writable by every local account",
        fix: .removeOthersWrite) { check, context in
        policyDependencies(context).compactMap { path, role in
            guard FileMode.othersCanWrite(path) else { return nil }
            return check.finding(in: context, subject: path, title: "\(role) is writable by every local account",
                                 evidence: "\(path) mode \(FileMode.octal(path))", fix: "chmod o-w \(path)")
        }
    }
}
