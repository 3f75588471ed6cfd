import Foundation
import WardenCore

// git-warden-hook: the hooks alone, in a lean executable that git runs on every push and commit. It links
// WardenCore and below (no argument parser, no SQLite store, no daemon), so a hook pays only for what hooks use.
// `git-warden <hook>` runs the same WardenCore code; this file only dispatches. Called as
// `git-warden-hook <hook> [git's arguments]`, or through a link named after the hook.

let hooks = ["pre-receive", "post-receive", "pre-push", "pre-commit", "commit-msg"]

@Sendable func say(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes[offset...].withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        if written <= 0 && errno != EINTR { return }
        offset += max(written, 0)
    }
}

func usage(_ problem: String) -> Never {
    say("git-warden-hook: \(problem)")
    say("usage: git-warden-hook \(hooks.joined(separator: "|")) [git's hook arguments]")
    exit(2)
}

var arguments = Array(CommandLine.arguments.dropFirst())
let invokedAs = String(CommandLine.arguments.first?.split(separator: "/").last ?? "")
let hook: String
if hooks.contains(invokedAs) {
    hook = invokedAs
} else if arguments.isEmpty {
    usage("which hook?")
} else {
    hook = arguments.removeFirst()
}
let environment = ProcessInfo.processInfo.environment

let status: Int32
switch hook {
case "pre-receive", "post-receive":
    let input: [UInt8]
    do throws(ServerHookInput.NotFromGit) {
        input = try ServerHookInput.gitInput(hook: hook, environment: environment)
    } catch {
        say(error.explanation)
        exit(error.exitStatus)
    }
    status = hook == "pre-receive"
        ? PreReceiveHook(environment: environment, output: say, terminate: { exit($0) }).run(input: input)
        : PostReceiveHook(environment: environment, output: say).run(input: input)
case "pre-commit":
    status = PreCommitHook(environment: environment, output: say).run()
case "commit-msg":
    guard let messageFile = arguments.first else { usage("commit-msg needs the message file git passes") }
    status = CommitMessageHook(environment: environment, output: say).run(messageFile: messageFile)
case "pre-push":
    let prePush = PrePushHook(environment: environment, output: say)
    if let remote = arguments.first {
        status = prePush.run(remote: remote, input: String(decoding: ServerHookInput.readStandardInput(), as: UTF8.self))
    } else if let (remote, input) = PrePushHook.frameworkInput(environment) {
        status = prePush.run(remote: remote, input: input)
    } else {
        usage("pre-push needs the remote's name (git passes it), or the pre-commit framework's variables")
    }
case "-h", "--help":
    say("git-warden-hook: git-warden's hooks in a lean executable (see git-warden --help)")
    say("usage: git-warden-hook \(hooks.joined(separator: "|")) [git's hook arguments]")
    status = 0
default:
    usage("unknown hook '\(hook)'")
}
exit(status)
