internal import CLibGit2

/// A libgit2 failure, with libgit2's own message and the object or ref it was about, so a hook can say
/// "cannot read commit 1a2b3c…: object not found" instead of "error -3".
public struct GitError: Error, Sendable, CustomStringConvertible {
    public var operation: String
    public var subject: String?
    public var code: Int32
    public var message: String

    public init(operation: String, subject: String? = nil, code: Int32 = -1, message: String) {
        self.operation = operation
        self.subject = subject
        self.code = code
        self.message = message
    }

    public var description: String {
        let about = subject.map { " \($0)" } ?? ""
        return "\(operation)\(about): \(message)"
    }

    /// Reads `git_error_last()` at once: libgit2 keeps one error slot per thread, and any later call may reset it.
    static func last(_ code: Int32, _ operation: String, _ subject: String? = nil) -> GitError {
        let message = git_error_last().flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "libgit2 error \(code)"
        return GitError(operation: operation, subject: subject, code: code, message: message)
    }
}

/// Runs a libgit2 call that returns an error code, turning a negative code into a `GitError`.
@inline(__always)
func check(_ code: Int32, _ operation: @autoclosure () -> String, _ subject: @autoclosure () -> String? = nil) throws(GitError) {
    if code < 0 { throw GitError.last(code, operation(), subject()) }
}
