import Foundation
import WardenPolicy
import WardenSecrets

/// The server's list of accepted false positives: fingerprints, one per line, in `git-warden-ignore` beside the
/// policy file (or in the git directory under the embedded default policy), or where `[secrets] ignore-file` says.
/// Pushed content never supplies it: a pusher could otherwise wave their own secret through.
public enum SecretIgnore {
    static let fileName = "git-warden-ignore"
    /// The developer-side list, at the root of the work tree.
    static let clientFileName = ".git-warden-ignore"

    static func clientPath(workTree: String?, gitDirectory: String) -> String {
        ((workTree ?? gitDirectory) as NSString).appendingPathComponent(clientFileName)
    }

    public static func path(for policy: Policy, gitDirectory: String) -> String {
        if let explicit = policy.secrets.ignoreFile { return explicit }
        guard policy.source.hasPrefix("/") else { return gitDirectory + "/" + fileName }
        return (policy.source as NSString).deletingLastPathComponent + "/" + fileName
    }

    /// Empty when the file does not exist; an unreadable or malformed file is an error (the hook fails closed).
    public static func fingerprints(at path: String) throws(SecretIgnoreFile.Problem) -> Set<String> {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        return try SecretIgnoreFile.load(path: path)
    }
}
