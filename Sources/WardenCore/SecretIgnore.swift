import Foundation
import WardenPolicy

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
    public static func fingerprints(at path: String) throws(PolicyLoadError) -> Set<String> {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PolicyLoadError(message: "cannot read the secret ignore file \(path)")
        }
        var result: Set<String> = []
        for (index, raw) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let entry = text.trimmingCharacters(in: .whitespaces)
            guard !entry.isEmpty else { continue }
            guard entry.count == 32, entry.allSatisfy(\.isHexDigit) else {
                throw PolicyLoadError(message: "\(path):\(index + 1): '\(entry)' is not a finding fingerprint (32 hex digits)")
            }
            result.insert(entry.lowercased())
        }
        return result
    }
}
