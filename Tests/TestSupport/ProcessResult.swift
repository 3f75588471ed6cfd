/// What a finished command left: its exit status and everything it wrote.
public struct ProcessResult: Sendable {
    /// The exit code; 128 + the signal number when a signal ended the process (as shells report it).
    public let status: Int32
    /// The signal that ended the process, or nil when it exited.
    public let signal: Int32?
    public let stdoutBytes: [UInt8]
    public let stderrBytes: [UInt8]

    public init(status: Int32, signal: Int32? = nil, stdoutBytes: [UInt8], stderrBytes: [UInt8]) {
        self.status = status
        self.signal = signal
        self.stdoutBytes = stdoutBytes
        self.stderrBytes = stderrBytes
    }

    public var stdout: String { String(decoding: stdoutBytes, as: UTF8.self) }
    public var stderr: String { String(decoding: stderrBytes, as: UTF8.self) }
    /// Standard output then standard error, for assertions that do not care which stream said it.
    public var output: String { stdout + stderr }
}

/// A command that had to succeed and did not, with what it said.
public struct CommandFailed: Error, CustomStringConvertible {
    public let command: [String]
    public let result: ProcessResult

    public init(command: [String], result: ProcessResult) {
        self.command = command
        self.result = result
    }

    public var description: String { "\(command.joined(separator: " ")) exited \(result.status): \(result.output)" }
}

/// A command that did not finish in time: its process group was killed, and this says what it had written.
public struct CommandTimedOut: Error, CustomStringConvertible {
    public let command: [String]
    public let seconds: Double
    /// The exit status when the command itself had ended but a process it started still held its output open.
    public let exitedWith: Int32?
    public let partial: ProcessResult

    public var description: String {
        let what = exitedWith.map { "exited \($0) but a process it started still held its output open after" }
            ?? "did not finish within"
        return "\(command.joined(separator: " ")) \(what) \(seconds) s; its process group was killed. "
            + "stdout so far: \(partial.stdout.suffix(2000)) stderr so far: \(partial.stderr.suffix(2000))"
    }
}
