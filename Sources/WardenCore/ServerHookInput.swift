import Foundation

/// Tells a server hook run by git from one run by hand, and reads git's input: shared by `git-warden pre-receive`
/// and the lean `git-warden-hook`, so both executables judge exactly the same input the same way.
///
/// git's receive-pack always runs its hooks with `GIT_DIR` set (to "." for a bare repository; checked with git
/// 2.39, for pushes with objects, which also get the quarantine variables, and for delete-only pushes, which get
/// none) and feeds at least one update line: it runs no hook for a push without commands. Someone typing
/// `git-warden pre-receive` in a shell, as root or not, has a terminal or nothing on standard input, or no
/// `GIT_DIR`: that run must explain itself and must not write a decision, since a fake "accepted" or "error" entry
/// in the audit trail is worse than none.
public enum ServerHookInput {
    /// A run that is not git's: the explanation to show; the process ends with `exitStatus` without judging.
    public struct NotFromGit: Error, Sendable {
        public let explanation: String
        public var exitStatus: Int32 { 2 }
    }

    public static func byHandReason(environment: [String: String], inputIsTerminal: Bool) -> String? {
        if inputIsTerminal { return "standard input is a terminal" }
        if environment["GIT_DIR"] == nil { return "GIT_DIR is not set" }
        return nil
    }

    /// Standard input of a server hook, as bytes (a ref name that is not UTF-8 must not be judged under a
    /// substituted name), once it is known that git ran it.
    public static func gitInput(hook: String, environment: [String: String], inputIsTerminal: Bool = isatty(0) == 1,
                                read: () -> [UInt8] = { readStandardInput() }) throws(NotFromGit) -> [UInt8] {
        if let reason = byHandReason(environment: environment, inputIsTerminal: inputIsTerminal) {
            throw NotFromGit(explanation: explanation(hook: hook, reason: reason))
        }
        let input = read()
        if input.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }) {
            throw NotFromGit(explanation: explanation(hook: hook, reason: "there are no ref updates on standard input"))
        }
        return input
    }

    public static func explanation(hook: String, reason: String) -> String {
        """
        git-warden \(hook): this is a git server hook; git runs it during a push (\(reason), so this is not one).
          It reads "<old-id> <new-id> <ref>" lines on standard input with GIT_DIR set, as git's receive-pack provides.
          Nothing was judged and nothing was logged. To test a policy, push to the repository, or use
          git-warden policy check / git-warden policy explain REF.
        """
    }

    /// All of standard input with read(2): hook input is a few lines, and this needs no file handle object.
    public static func readStandardInput(_ descriptor: Int32 = 0) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes += chunk[0..<count]
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                return bytes
            }
        }
    }
}
