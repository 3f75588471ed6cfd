import Foundation

/// The hooks' entry point, shared by `git-warden-hook` (a process per hook) and the hook service (`HookServer`, a
/// thread per hook): which hook, git's arguments and input, and where its lines go. Both therefore judge the same
/// input the same way, and a hook that is served behaves exactly as one run alone.
public struct HookEntry {
    public static let hooks = ["pre-receive", "post-receive", "pre-push", "pre-commit", "commit-msg"]

    public let environment: [String: String]
    /// git's input on the hook's standard input (read only by hooks that take one).
    public let readInput: () -> [UInt8]
    /// Whether that standard input is a terminal (a run by hand, not by git).
    public let inputIsTerminal: Bool
    public let output: @Sendable (String) -> Void
    /// Ends the run with a status when the watchdog gives up (see `Watchdog`).
    public let terminate: @Sendable (Int32) -> Void

    public init(environment: [String: String], readInput: @escaping () -> [UInt8], inputIsTerminal: Bool,
                output: @escaping @Sendable (String) -> Void, terminate: @escaping @Sendable (Int32) -> Void) {
        self.environment = environment
        self.readInput = readInput
        self.inputIsTerminal = inputIsTerminal
        self.output = output
        self.terminate = terminate
    }

    /// Runs `hook` with git's `arguments`; the exit status git gets. A wrong call is explained (status 2) under the
    /// name `program`.
    public func run(hook: String, arguments: [String], program: String = "git-warden-hook") -> Int32 {
        switch hook {
        case "pre-receive", "post-receive":
            let input: [UInt8]
            do throws(ServerHookInput.NotFromGit) {
                input = try ServerHookInput.gitInput(hook: hook, environment: environment, inputIsTerminal: inputIsTerminal,
                                                     read: readInput)
            } catch {
                output(error.explanation)
                return error.exitStatus
            }
            return hook == "pre-receive"
                ? PreReceiveHook(environment: environment, output: output, terminate: terminate).run(input: input)
                : PostReceiveHook(environment: environment, output: output).run(input: input)
        case "pre-commit":
            return PreCommitHook(environment: environment, output: output).run()
        case "commit-msg":
            guard let messageFile = arguments.first else {
                return usage("commit-msg needs the message file git passes", program: program)
            }
            return CommitMessageHook(environment: environment, output: output).run(messageFile: messageFile)
        case "pre-push":
            let prePush = PrePushHook(environment: environment, output: output)
            if let remote = arguments.first {
                return prePush.run(remote: remote, input: String(decoding: readInput(), as: UTF8.self))
            } else if let (remote, input) = PrePushHook.frameworkInput(environment) {
                return prePush.run(remote: remote, input: input)
            }
            return usage("pre-push needs the remote's name (git passes it), or the pre-commit framework's variables",
                         program: program)
        case "-h", "--help":
            output("\(program): git-warden's hooks in a lean executable (see git-warden --help)")
            output(usageLine(program))
            return 0
        default:
            return usage("unknown hook '\(hook)'", program: program)
        }
    }

    private func usage(_ problem: String, program: String) -> Int32 {
        output("\(program): \(problem)")
        output(usageLine(program))
        return 2
    }

    private func usageLine(_ program: String) -> String {
        "usage: \(program) \(Self.hooks.joined(separator: "|")) [git's hook arguments]"
    }
}
