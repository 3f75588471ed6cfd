import Foundation
import WardenCore
import WardenPolicy
import WardenSecrets
import WardenSignatures

/// What the policy files around a repository look like from the hook's side: files that look like a policy but sit
/// where the hook never reads one (then pushes are judged by another policy, silently), and the files a policy
/// names (trusted keys, ignore list, extra secret rules) that the hook would fail to read on every push.
public enum PolicyFiles {
    /// Names an administrator plausibly meant as the repository's policy, in the git directory.
    static let nearMissNamesInGitDirectory = [".git-warden.toml", "git-warden.tml", "git_warden.toml", "gitwarden.toml",
                                              "policy.toml", "git-warden.toml.txt"]
    /// Names next to a bare repository (its parent directory), where a policy applies to nothing.
    static let nearMissNamesBeside = ["git-warden.toml", ".git-warden.toml"]
    /// Names in /etc/git-warden other than policy.toml.
    static let nearMissNamesInSystemDirectory = ["git-warden.toml", ".git-warden.toml", "policy.tml"]

    /// Existing files that look like a policy the hook of this repository does not read. For a repository with a
    /// work tree, `.git-warden.toml` at its root is the developer-side policy and not listed.
    public static func nearMisses(gitDirectory: String, isBare: Bool) -> [String] {
        let manager = FileManager.default
        var found: [String] = []
        if isBare {
            found += nearMissNamesInGitDirectory.map { gitDirectory + "/" + $0 }
            let parent = (gitDirectory as NSString).deletingLastPathComponent
            found += nearMissNamesBeside.map { parent + "/" + $0 }
        }
        let system = (PolicyLocator.systemPath as NSString).deletingLastPathComponent
        found += nearMissNamesInSystemDirectory.map { system + "/" + $0 }
        return found.filter { manager.fileExists(atPath: $0) }
    }

    /// Problems with the files `policy` names, each naming the file and what is wrong; empty when the hook can read
    /// them all. `compileRules` also compiles the extra secret rules (what the hook does on a push).
    public static func referenceProblems(_ policy: Policy, gitDirectory: String, compileRules: Bool = false) -> [String] {
        var problems: [String] = []
        let signers = policy.signers
        if signers.sshAllowedSigners != nil || signers.sshRevokedKeys != nil || !signers.openPGPKeyrings.isEmpty {
            do {
                _ = try TrustedKeys.load(allowedSignersFile: signers.sshAllowedSigners,
                                         sshRevocationFile: signers.sshRevokedKeys,
                                         openPGPKeyringFiles: signers.openPGPKeyrings)
            } catch {
                problems.append("[signers]: \(error)")
            }
        }
        // The hook reads the ignore file on every push, scanning or not.
        let ignore = SecretIgnore.path(for: policy, gitDirectory: gitDirectory)
        do {
            _ = try SecretIgnore.fingerprints(at: ignore)
        } catch {
            problems.append("ignore file \(ignore): \(error)")
        }
        if policy.secrets.scan != .off {
            if let config = policy.secrets.config {
                do {
                    if compileRules {
                        _ = try ContentSecretScan.scanner(for: policy.secrets)
                    } else {
                        _ = try RuleSet.defaults(extendedBy: config)
                    }
                } catch {
                    problems.append("[secrets] config \(config): \(error)")
                }
            }
        }
        return problems
    }
}
