import Foundation
import HookWire

/// The resident hook service (`git-warden hook-server`): hooks hand their work to it through
/// `git-warden-hook-relay`, so a push or a commit pays for a one-millisecond relay instead of starting the whole
/// hook executable (its 90 MB image, libgit2's nineteen libraries, the rule database). The model is GitLab's
/// gitaly-hooks; what keeps it as strict as a hook run alone:
///
/// - Peer-authenticated: the socket is the user's own (mode 0600, in a directory only that user or root may write),
///   and every connection's kernel-recorded user must be this process's user, or it is refused. The relay makes
///   the same check the other way before it trusts an answer.
/// - The same judgement: each hook runs `HookEntry` with the relay's environment, arguments, umask, working
///   directory (a per-thread one, `unshare(CLONE_FS)`) and its standard input, output and error (passed as
///   descriptors), exactly the code `git-warden-hook` runs alone; the policy and rules are read per hook as then.
/// - Never needed: whatever the service cannot take (not running, busy, its executable replaced since it started,
///   a malformed request) is refused before anything is read, and the relay runs the hook alone. Once accepted,
///   the hook's watchdog bounds it as it would alone, and a service that dies mid-hook makes the relay fail closed.
public final class HookServer: @unchecked Sendable {
    /// Why the service cannot start, naming the path and what is wrong with it.
    public struct StartError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    public let socketPath: String
    /// Hooks served at once; beyond it a hook is refused and runs alone, so a burst never queues behind the service.
    public let mostConcurrent: Int
    private let listener: Int32
    private let log: @Sendable (String) -> Void
    private let executable: ExecutableIdentity?
    private let lock = NSLock()
    // Guarded by `lock`.
    private var active = 0
    private var stopped = false
    private var replaced = false

    /// Whether the service stopped because its executable file was replaced (an upgrade): it should be restarted.
    public var stoppedForReplacement: Bool { lock.withLock { replaced } }

    public init(socketPath: String, mostConcurrent: Int = max(8, 4 * ProcessInfo.processInfo.activeProcessorCount),
                log: @escaping @Sendable (String) -> Void) throws(StartError) {
        self.socketPath = socketPath
        self.mostConcurrent = mostConcurrent
        self.log = log
        executable = ExecutableIdentity.current()
        ContentSecretScan.keepDefaultScanner()
        try Self.prepareDirectory(of: socketPath)
        try Self.clearStaleSocket(at: socketPath)
        listener = try Self.listen(at: socketPath)
    }

    /// Accepts and serves hooks until `stop()`; each hook on its own thread.
    public func serve() {
        log("git-warden hook-server: listening on \(socketPath) (uid \(geteuid()), at most \(mostConcurrent) hooks at once)")
        while true {
            let client = hookAccept(listener)
            if client < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                if lock.withLock({ stopped }) { return }
                if errno == EMFILE || errno == ENFILE || errno == ENOMEM {
                    // Out of descriptors: those connections' relays will run their hooks alone meanwhile.
                    usleep(10_000)
                    continue
                }
                log("git-warden hook-server: accept: \(String(cString: strerror(errno))); stopping")
                return
            }
            let thread = Thread { [self] in self.handle(HookConnection(descriptor: client)) }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Stops accepting (a hook being served finishes) and removes the socket.
    public func stop() {
        let first = lock.withLock { () -> Bool in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        unlink(socketPath)
    }

    // MARK: - One hook

    private func handle(_ connection: HookConnection) {
        defer { connection.close() }
        connection.setTimeout(seconds: 10)
        guard let peer = try? connection.peer() else { return }
        guard peer.uid == geteuid() else {
            refuse(connection, "this hook service serves uid \(geteuid()) only", note: "refused pid \(peer.pid) of uid \(peer.uid)")
            return
        }
        let request: HookRequest
        let descriptors: [Int32]
        do {
            (request, descriptors) = try receive(connection)
        } catch {
            refuse(connection, "malformed request: \(error)", note: "pid \(peer.pid): malformed request: \(error)")
            return
        }
        defer { descriptors.forEach { close($0) } }
        guard descriptors.count == 4 else {
            refuse(connection, "a hook request carries 4 descriptors, not \(descriptors.count)",
                   note: "pid \(peer.pid): \(descriptors.count) descriptors")
            return
        }
        if let executable, !executable.isCurrent() {
            refuse(connection, "the service's executable was replaced since it started; restart it",
                   note: "the executable \(executable.path) was replaced: stopping so that the new one is started")
            lock.withLock { replaced = true }
            stop()
            return
        }
        let admitted = lock.withLock { () -> Bool in
            guard !stopped, active < mostConcurrent else { return false }
            active += 1
            return true
        }
        guard admitted else {
            refuse(connection, "busy or stopping", note: "pid \(peer.pid): busy (\(mostConcurrent) hooks running)")
            return
        }
        defer { lock.withLock { active -= 1 } }
        // From here on the relay waits for the decision however long the hook takes (its watchdog bounds it).
        connection.setTimeout(seconds: 0)
        guard (try? connection.send(HookReply.accepted.encoded())) != nil else { return }
        let started = ContinuousClock.now
        let status = run(request, input: descriptors[0], errors: descriptors[2], directory: descriptors[3],
                         answer: { try? connection.send(HookReply.exited($0).encoded()) })
        let elapsed = (ContinuousClock.now - started).components
        let milliseconds = Double(elapsed.seconds) * 1000 + Double(elapsed.attoseconds) / 1e15
        log("git-warden hook-server: \(request.hook) for pid \(peer.pid) in \(request.workingDirectory): exit \(status), "
            + "\(String(format: "%.1f", milliseconds)) ms")
    }

    /// Runs the hook in the relay's directory with its descriptors; `answer` is called exactly once with the status
    /// (by the watchdog first, when it gives up on a stuck hook).
    private func run(_ request: HookRequest, input: Int32, errors: Int32, directory: Int32,
                     answer: @escaping @Sendable (Int32) -> Void) -> Int32 {
        let once = Once(answer)
        // Closed when the run returns, before the caller closes the descriptors (whose numbers the process may then
        // give to another hook's relay): nothing of this hook can be written after that.
        let gate = Gate()
        defer { gate.close() }
        @Sendable func say(_ line: String) { gate.ifOpen { writeFully(line + "\n", to: errors) } }
        guard hookThreadPrivateDirectory(), fchdir(directory) == 0 else {
            say("git-warden: the hook service could not enter the repository's directory; nothing was judged")
            once.call(1)
            return 1
        }
        umask(mode_t(request.umask & 0o777))
        let environment = Self.absolute(request.environmentDictionary,
                                        in: FileManager.default.currentDirectoryPath)
        let entry = HookEntry(environment: environment, readInput: { ServerHookInput.readStandardInput(input) },
                              inputIsTerminal: isatty(input) == 1, output: say, terminate: { once.call($0) })
        let status = entry.run(hook: request.hook, arguments: request.arguments)
        once.call(status)
        return status
    }

    private func receive(_ connection: HookConnection) throws -> (HookRequest, [Int32]) {
        let (header, descriptors) = try connection.receive(HookRequest.magic.count + 4, descriptorCapacity: 4)
        do {
            let length = try HookRequest.bodyLength(header: header)
            let (body, _) = try connection.receive(length)
            return (try HookRequest.decode(body: body), descriptors)
        } catch {
            descriptors.forEach { close($0) }
            throw error
        }
    }

    private func refuse(_ connection: HookConnection, _ reason: String, note: String) {
        log("git-warden hook-server: \(note)")
        try? connection.send(HookReply.refused(reason).encoded())
    }

    /// git's variables that name paths, made absolute against the relay's directory: the hook's own thread runs
    /// there, but work it hands to other threads (parallel scans, git children) must find the same files.
    static func absolute(_ environment: [String: String], in directory: String) -> [String: String] {
        var result = environment
        func anchor(_ path: Substring) -> String {
            path.isEmpty || path.hasPrefix("/") || path.hasPrefix("\"") ? String(path) : directory + "/" + path
        }
        for name in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_QUARANTINE_PATH",
                     "GIT_COMMON_DIR"] {
            if let value = result[name] { result[name] = anchor(value[...]) }
        }
        if let list = result["GIT_ALTERNATE_OBJECT_DIRECTORIES"] {
            result["GIT_ALTERNATE_OBJECT_DIRECTORIES"] = list.split(separator: ":", omittingEmptySubsequences: false)
                .map(anchor).joined(separator: ":")
        }
        return result
    }
}

/// Lets a hook's lines through until its run is over; one line at a time (the hook's and its watchdog's never
/// interleave).
private final class Gate: @unchecked Sendable {
    private let lock = NSLock()
    private var open = true
    func ifOpen(_ body: () -> Void) { lock.withLock { if open { body() } } }
    func close() { lock.withLock { open = false } }
}

/// Calls a function once, whichever of two threads (the hook's, its watchdog's) gets there first.
private final class Once: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false
    private let function: @Sendable (Int32) -> Void
    init(_ function: @escaping @Sendable (Int32) -> Void) { self.function = function }
    func call(_ status: Int32) {
        let first = lock.withLock { () -> Bool in
            defer { done = true }
            return !done
        }
        if first { function(status) }
    }
}
