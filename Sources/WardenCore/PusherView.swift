import Foundation
import WardenPolicy

/// What a pusher may learn about the server: the names of its policy and lists, never its file system layout.
/// A rejection that printed `/srv/git/team/project.git/git-warden.toml` told every pusher where repositories and
/// keys live; the decision log keeps the real paths for the administrator.
public enum PusherView {
    static let ignoreFileName = "the server's ignore file"

    /// The policy as pushers see it named: "git-warden.toml of this repository", "server policy", or the embedded
    /// default's own name.
    static func policyName(_ source: String, gitDirectory: String) -> String {
        guard source.hasPrefix("/") else { return source }
        let directory = (source as NSString).deletingLastPathComponent
        if directory == gitDirectory || directory == (gitDirectory as NSString).standardizingPath {
            return "\(PolicyLocator.repositoryFileName) of this repository"
        }
        return "server policy"
    }

    /// The same policy with its source renamed for display (rules and settings unchanged).
    static func policy(_ policy: Policy, gitDirectory: String) -> Policy {
        var shown = policy
        shown.source = policyName(policy.source, gitDirectory: gitDirectory)
        return shown
    }

    /// An error text with server paths taken out: the policy's path becomes its name, every other absolute path
    /// the base name of the file ("allowed_signers", "git-warden.toml:3:1"), so the pusher can still tell the
    /// administrator what to look at.
    public static func redact(_ text: String, policySource: String?, gitDirectory: String) -> String {
        var result = text
        if let policySource, policySource.hasPrefix("/") {
            result = result.replacingOccurrences(of: policySource, with: policyName(policySource, gitDirectory: gitDirectory))
        }
        var output = ""
        var index = result.startIndex
        while index < result.endIndex {
            let character = result[index]
            let previous = index == result.startIndex ? nil : result[result.index(before: index)]
            let startsToken = previous == nil || previous!.isWhitespace || "('\"=:,".contains(previous!)
            if character == "/" && startsToken {
                var end = index
                while end < result.endIndex, !result[end].isWhitespace, !"'\",;()".contains(result[end]) { end = result.index(after: end) }
                var path = String(result[index..<end])
                var trailing = ""
                while let last = path.last, ".:".contains(last) { trailing = String(last) + trailing; path.removeLast() }
                let base = (path as NSString).lastPathComponent
                output += base.isEmpty || base == "/" ? "(a server path)" : base
                output += trailing
                index = end
            } else {
                output.append(character)
                index = result.index(after: index)
            }
        }
        return output
    }
}
