import ArgumentParser
import Foundation

/// Tells a server hook run by git from one run by hand. git's receive-pack always runs its hooks with `GIT_DIR`
/// set (to "." for a bare repository; checked with git 2.39, for pushes with objects, which also get the quarantine
/// variables, and for delete-only pushes, which get none) and feeds at least one update line: it runs no hook for
/// a push without commands. Someone typing `git-warden pre-receive` in a shell, as root or not, has a terminal or
/// nothing on standard input, or no `GIT_DIR`: that run must explain itself and must not write a decision, since a
/// fake "accepted" or "error" entry in the audit trail is worse than none.
enum HookInvocation {
    static func byHandReason(hook: String, environment: [String: String], inputIsTerminal: Bool) -> String? {
        if inputIsTerminal { return "standard input is a terminal" }
        if environment["GIT_DIR"] == nil { return "GIT_DIR is not set" }
        return nil
    }

    /// Standard input of a server hook, as bytes, once it is known that git ran it: a run by hand is explained and
    /// ends with exit status 2 before anything is judged or logged.
    static func gitInput(hook: String, environment: [String: String]) throws -> [UInt8] {
        if let reason = byHandReason(hook: hook, environment: environment, inputIsTerminal: isatty(0) == 1) {
            writeToStandardError(explanation(hook: hook, reason: reason))
            throw ExitCode(2)
        }
        let input = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        if input.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }) {
            writeToStandardError(explanation(hook: hook, reason: "there are no ref updates on standard input"))
            throw ExitCode(2)
        }
        return input
    }

    static func explanation(hook: String, reason: String) -> String {
        """
        git-warden \(hook): this is a git server hook; git runs it during a push (\(reason), so this is not one).
          It reads "<old-id> <new-id> <ref>" lines on standard input with GIT_DIR set, as git's receive-pack provides.
          Nothing was judged and nothing was logged. To test a policy, push to the repository, or use
          git-warden policy check / git-warden policy explain REF.
        """
    }
}
