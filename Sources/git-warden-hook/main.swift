import Foundation
import HookWire
import WardenCore

// git-warden-hook: the hooks alone, in a lean executable that git runs on every push and commit (directly, or
// through git-warden-hook-relay when no hook service takes the hook). It links WardenCore and below (no argument
// parser, no SQLite store, no daemon), so a hook pays only for what hooks use. `git-warden <hook>` and the hook
// service run the same WardenCore code (`HookEntry`); this file only says where input and output are. Called as
// `git-warden-hook <hook> [git's arguments]`, or through a link named after the hook.

@Sendable func say(_ line: String) { writeFully(line + "\n", to: 2) }

var arguments = Array(CommandLine.arguments.dropFirst())
let invokedAs = String(CommandLine.arguments.first?.split(separator: "/").last ?? "")
let hook: String
if HookEntry.hooks.contains(invokedAs) {
    hook = invokedAs
} else if arguments.isEmpty {
    say("git-warden-hook: which hook?")
    say("usage: git-warden-hook \(HookEntry.hooks.joined(separator: "|")) [git's hook arguments]")
    exit(2)
} else {
    hook = arguments.removeFirst()
}
let entry = HookEntry(environment: ProcessInfo.processInfo.environment, readInput: { ServerHookInput.readStandardInput() },
                      inputIsTerminal: isatty(0) == 1, output: say, terminate: { exit($0) })
exit(entry.run(hook: hook, arguments: arguments))
