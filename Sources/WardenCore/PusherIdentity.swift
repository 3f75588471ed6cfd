import Foundation

/// Who is pushing, as the hosting server tells the hook through its environment.
public struct PusherIdentity: Sendable, Equatable {
    public var name: String
    /// The variable (or "unix-user") the name came from, recorded in the decision log.
    public var source: String

    /// Variables in the order they are trusted: an explicit override an administrator sets (e.g. in an ssh
    /// forced command), then what GitLab, Gitea/Forgejo, gitolite and git-http-backend behind a web server set.
    public static let variables = ["GIT_WARDEN_PUSHER", "GL_USERNAME", "GITEA_PUSHER_NAME", "GL_USER", "REMOTE_USER"]

    /// Resolves the pusher. With none of the variables set, a plain ssh server runs the hook as the pushing
    /// account itself, so the Unix user name is used.
    public static func resolve(_ environment: [String: String]) -> PusherIdentity? {
        for variable in variables {
            if let value = environment[variable], !value.isEmpty { return PusherIdentity(name: value, source: variable) }
        }
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
            return PusherIdentity(name: String(cString: name), source: "unix-user")
        }
        return nil
    }
}
