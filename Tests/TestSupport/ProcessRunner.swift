import Foundation

/// Runs a command to its end and returns its status and output, and cannot deadlock on full pipes: one `poll` loop
/// drains standard output and standard error as they fill and feeds standard input without blocking, so a child
/// that writes a lot before it reads (or never reads) cannot stall it. The command runs in a process group of its
/// own; at the timeout the whole group is killed and the run fails with `CommandTimedOut`, naming the command and
/// what it had written, instead of hanging the test run.
///
/// Spawned with `posix_spawn` rather than Foundation's `Process`: the child gets exactly the three pipe ends and no
/// other descriptor of the test process (a command must not hold the pipes of another test's command open), its
/// signal dispositions are reset (tests ignore SIGPIPE; git relies on it), and waiting needs no run loop.
public enum ProcessRunner {
    /// Long enough for the slowest real command the tests run (a pip install, an audit of hundreds of
    /// repositories), short enough that a hang fails the run with a message instead of stalling it.
    public static let defaultTimeout: Double = 600

    /// Runs `arguments` (the first looked up on the `PATH` of `environment`, as `env` does) in `directory`.
    /// `environment` nil: this process's environment.
    public static func run(_ arguments: [String], in directory: String? = nil,
                           environment: [String: String]? = nil, input: [UInt8]? = nil,
                           timeout: Double = defaultTimeout) throws -> ProcessResult {
        guard !arguments.isEmpty else { throw TestSupportError("ProcessRunner.run: no command given") }
        _ = ignoreBrokenPipes
        let stdin = try PipePair(), stdout = try PipePair(), stderr = try PipePair()
        let pid: pid_t
        do {
            pid = try Spawn.start(["/usr/bin/env"] + arguments, directory: directory,
                                  environment: environment ?? ProcessInfo.processInfo.environment,
                                  stdin: stdin.read, stdout: stdout.write, stderr: stderr.write)
        } catch {
            for descriptor in [stdin.read, stdin.write, stdout.read, stdout.write, stderr.read, stderr.write] {
                close(descriptor)
            }
            throw error
        }
        close(stdin.read)
        close(stdout.write)
        close(stderr.write)
        var drain = Drain(stdout: stdout.read, stderr: stderr.read, stdin: stdin.write, input: input ?? [])
        let deadline = Date().addingTimeInterval(timeout)
        var waitStatus: Int32?
        while true {
            if waitStatus == nil { waitStatus = try reap(pid, block: false) }
            if waitStatus != nil && !drain.isOpen { break }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else {
                kill(-pid, SIGKILL)
                kill(pid, SIGKILL)
                let exitedWith = waitStatus.map { decode($0).status }
                if waitStatus == nil { _ = try? reap(pid, block: true) }
                drain.closeAll()
                throw CommandTimedOut(command: arguments, seconds: timeout, exitedWith: exitedWith,
                                      partial: ProcessResult(status: -1, stdoutBytes: drain.out, stderrBytes: drain.err))
            }
            // While the child runs, wake now and then to reap it; once it has been reaped, wait only for the pipes.
            // Pipes closed but not reaped yet: the child is exiting, its status is a moment away.
            let slice = !drain.isOpen ? min(left, 0.001) : waitStatus == nil ? min(left, 0.05) : left
            drain.step(milliseconds: Int32(max(1, slice * 1000)))
        }
        let (status, signal) = decode(waitStatus!)
        return ProcessResult(status: status, signal: signal, stdoutBytes: drain.out, stderrBytes: drain.err)
    }

    /// Runs a command that must exit 0; otherwise throws `CommandFailed` with what it said.
    @discardableResult
    public static func require(_ arguments: [String], in directory: String? = nil,
                               environment: [String: String]? = nil, input: [UInt8]? = nil,
                               timeout: Double = defaultTimeout) throws -> ProcessResult {
        let result = try run(arguments, in: directory, environment: environment, input: input, timeout: timeout)
        guard result.status == 0 else { throw CommandFailed(command: arguments, result: result) }
        return result
    }

    /// Writing to a pipe whose reader has gone must be an EPIPE error for the writer here, not the end of the
    /// test process. Children get the default disposition back (see `Spawn`).
    private static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// The wait status of `pid` once it has ended; nil while it runs (when not blocking).
    private static func reap(_ pid: pid_t, block: Bool) throws -> Int32? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, block ? 0 : WNOHANG)
            if result == pid { return status }
            if result == 0 { return nil }
            if errno == EINTR { continue }
            throw TestSupportError("waitpid(\(pid)): \(String(cString: strerror(errno)))")
        }
    }

    /// Exit code and signal from a wait status (the W* macros are not visible to Swift).
    private static func decode(_ waitStatus: Int32) -> (status: Int32, signal: Int32?) {
        let signal = waitStatus & 0x7F
        if signal == 0 { return ((waitStatus >> 8) & 0xFF, nil) }
        return (128 + signal, signal)
    }
}

/// Both ends of a pipe, close-on-exec from the start so no other spawned command inherits them.
struct PipePair {
    let read: Int32
    let write: Int32

    init() throws {
        var ends: [Int32] = [-1, -1]
        guard Spawn.pipe2(&ends, O_CLOEXEC) == 0 else {
            throw TestSupportError("pipe2: \(String(cString: strerror(errno)))")
        }
        (read, write) = (ends[0], ends[1])
    }
}

extension ProcessRunner {
    /// Starts a long-running command (a server) in the background and returns its pid, with /dev/null as its
    /// standard streams and no other descriptor of the test process: a server holding the pipe of a command another
    /// test runs would make that test wait for the server's end. The caller stops it and reaps it (`waitpid`).
    public static func start(_ arguments: [String], environment: [String: String]? = nil) throws -> pid_t {
        guard !arguments.isEmpty else { throw TestSupportError("ProcessRunner.start: no command given") }
        let input = open("/dev/null", O_RDONLY | O_CLOEXEC), output = open("/dev/null", O_WRONLY | O_CLOEXEC)
        defer {
            close(input)
            close(output)
        }
        guard input >= 0, output >= 0 else { throw TestSupportError("cannot open /dev/null: \(String(cString: strerror(errno)))") }
        return try Spawn.start(["/usr/bin/env"] + arguments, directory: nil,
                               environment: environment ?? ProcessInfo.processInfo.environment,
                               stdin: input, stdout: output, stderr: output)
    }
}
