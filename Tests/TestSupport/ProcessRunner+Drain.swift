import Foundation

/// The non-blocking half of `ProcessRunner`: collects standard output and standard error and feeds standard input
/// in one `poll` loop, so no pipe can fill up while another is being waited on.
struct Drain {
    private(set) var out: [UInt8] = []
    private(set) var err: [UInt8] = []
    private var stdoutFD: Int32
    private var stderrFD: Int32
    private var stdinFD: Int32
    private let input: [UInt8]
    private var written = 0

    init(stdout: Int32, stderr: Int32, stdin: Int32, input: [UInt8]) {
        (stdoutFD, stderrFD, stdinFD, self.input) = (stdout, stderr, stdin, input)
        for descriptor in [stdout, stderr, stdin] { _ = fcntl(descriptor, F_SETFL, O_NONBLOCK) }
        if input.isEmpty { Self.close(&stdinFD) }
    }

    /// True while the child may still write to us or we still have input to give it.
    var isOpen: Bool { stdoutFD >= 0 || stderrFD >= 0 || stdinFD >= 0 }

    /// One round: waits up to `milliseconds` for any pipe to be ready, then reads or writes what it can.
    mutating func step(milliseconds: Int32) {
        var watched: [pollfd] = []
        if stdoutFD >= 0 { watched.append(pollfd(fd: stdoutFD, events: Int16(POLLIN), revents: 0)) }
        if stderrFD >= 0 { watched.append(pollfd(fd: stderrFD, events: Int16(POLLIN), revents: 0)) }
        if stdinFD >= 0 { watched.append(pollfd(fd: stdinFD, events: Int16(POLLOUT), revents: 0)) }
        guard poll(&watched, nfds_t(watched.count), milliseconds) > 0 else { return }
        for entry in watched where entry.revents != 0 {
            if entry.fd == stdoutFD { Self.read(&stdoutFD, into: &out) }
            else if entry.fd == stderrFD { Self.read(&stderrFD, into: &err) }
            else if entry.fd == stdinFD { feed() }
        }
    }

    mutating func closeAll() {
        Self.close(&stdoutFD)
        Self.close(&stderrFD)
        Self.close(&stdinFD)
    }

    /// Reads all that is there; at end of file (or an error) closes the descriptor.
    private static func read(_ descriptor: inout Int32, into bytes: inout [UInt8]) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = Glibc.read(descriptor, &buffer, buffer.count)
            if count > 0 { bytes += buffer[..<count]; continue }
            if count < 0 && (errno == EAGAIN || errno == EINTR) { return }
            close(&descriptor)
            return
        }
    }

    /// Writes as much input as the pipe takes; closes it when all is written or the child stopped reading.
    private mutating func feed() {
        while written < input.count {
            let count = input[written...].withUnsafeBytes { Glibc.write(stdinFD, $0.baseAddress, $0.count) }
            if count > 0 { written += count; continue }
            if count < 0 && (errno == EAGAIN || errno == EINTR) { return }
            break  // EPIPE: the child does not read (all) its input; what it made of that is in its result.
        }
        Self.close(&stdinFD)
    }

    private static func close(_ descriptor: inout Int32) {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
        descriptor = -1
    }
}
