#if canImport(Glibc)
import Glibc
#endif
import HookWire

// git-warden-hook-relay: what git runs for every hook when git-warden is installed. It starts in about a
// millisecond (the standard library and this file: no Foundation, no libgit2), hands the hook to the resident hook
// service of this user when one listens (`git-warden hook-server`), and otherwise becomes `git-warden-hook`, the
// hook executable beside it, which judges alone. Either way the same WardenCore code judges.
//
// The hand-off is fail-closed where it must be and silent where it may be:
// - no service, a refused connection, a service of another user, or a refusal (busy, replaced executable): the hook
//   runs alone, as if the service did not exist (a service of another user is also named, since it should not be
//   there);
// - once the service has accepted, it owns the decision: if it goes away before answering, the hook fails (a push
//   or commit is rejected) with a message, because it may already have read git's input.
// The service gets this process's standard input, output and error and working directory as descriptors, so it
// reads git's input and writes the `remote:` lines itself, and the relay only waits for the exit status.

let hooks: Set<String> = ["pre-receive", "post-receive", "pre-push", "pre-commit", "commit-msg"]

func say(_ line: String) { writeFully(line + "\n", to: 2) }

/// This executable's directory (where install.sh puts the hook executables side by side).
func ownDirectory() -> String? {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard length > 0 else { return nil }
    let path = String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    guard let slash = path.lastIndex(of: "/") else { return nil }
    return String(path[..<slash])
}

/// Becomes the hook executable beside this one with the same arguments: `git-warden-hook`, else `git-warden`.
/// Nothing of standard input has been read, so it gets git's input whole. The pusher must not learn the server's
/// file system layout, so a missing executable is reported without its path.
func runAlone(_ hookArguments: [String]) -> Never {
    if let directory = ownDirectory() {
        for name in ["git-warden-hook", "git-warden"] {
            let candidate = directory + "/" + name
            guard access(candidate, X_OK) == 0 else { continue }
            var argv: [UnsafeMutablePointer<CChar>?] = ([candidate] + hookArguments).map { strdup($0) }
            argv.append(nil)
            execv(candidate, &argv)
        }
    }
    say("git-warden: the hook executable (git-warden-hook) is missing or cannot run; nothing was judged, so this is rejected")
    exit(1)
}

/// The process's environment, as bytes, in its order.
func environmentEntries() -> [[UInt8]] {
    var entries: [[UInt8]] = []
    var cursor = environ
    while let entry = cursor.pointee {
        entries.append(Array(UnsafeBufferPointer(start: entry, count: strlen(entry)).map { UInt8(bitPattern: $0) }))
        cursor += 1
    }
    return entries
}

func workingDirectory() -> String {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    guard getcwd(&buffer, buffer.count) != nil else { return "" }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

// Which hook: the name this was called by (a link named after the hook), else the first argument.
let arguments = Array(CommandLine.arguments.dropFirst())
let calledAs = String(CommandLine.arguments.first?.split(separator: "/").last ?? "")
let hookArguments = hooks.contains(calledAs) ? [calledAs] + arguments : arguments
guard let hook = hookArguments.first, hooks.contains(hook) else { runAlone(hookArguments) }

let setting = getenv(HookSocketPath.environmentKey).map { String(cString: $0) }
guard let socketPath = HookSocketPath.resolve(setting, uid: geteuid()) else { runAlone(hookArguments) }
let connection: HookConnection
do {
    connection = try HookConnection.connect(to: socketPath)
} catch {
    runAlone(hookArguments)
}
// Only a service of this same user may judge: anyone else listening at that path could accept what it likes.
guard let peer = try? connection.peer(), peer.uid == geteuid() else {
    connection.close()
    say("git-warden: note: the hook service socket belongs to another user; it was ignored")
    runAlone(hookArguments)
}
// O_PATH (Linux; not imported without _GNU_SOURCE): enough for the service's fchdir, and it needs no read permission.
let openPathOnly: Int32 = 0o10000000
let directory = open(".", openPathOnly | O_DIRECTORY | O_CLOEXEC)
guard directory >= 0 else {
    connection.close()
    runAlone(hookArguments)
}
let mask = umask(0o022)
umask(mask)
let request = HookRequest(hook: hook, arguments: Array(hookArguments.dropFirst()), environment: environmentEntries(),
                          workingDirectory: workingDirectory(), umask: UInt32(mask))
do {
    try connection.send(request.encoded(), descriptors: [0, 1, 2, directory])
} catch {
    connection.close()
    runAlone(hookArguments)
}
close(directory)
switch try? connection.reply() {
case .accepted?:
    break
case .refused?, .exited?, nil:
    // Busy, stale or confused: nothing was read from standard input yet; judge alone.
    connection.close()
    runAlone(hookArguments)
}
switch try? connection.reply() {
case .exited(let status)?:
    exit(status)
default:
    say("git-warden: the hook service stopped before deciding; nothing can be accepted undecided, so this \(hook) fails")
    exit(1)
}
