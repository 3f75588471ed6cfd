import Foundation

/// The requests a reader sends its `git cat-file --batch`, written without ever blocking on a full pipe.
///
/// git answers requests in order and stops reading more while its output pipe is full; a reader blocked writing
/// requests then would never read that output, and both would wait forever. So the request pipe is non-blocking:
/// what it does not take now waits here and goes out as git reads. Only the request whose answer is read next must
/// be in the pipe, and by then git has taken every request before it, so it fits.
struct BatchRequests {
    /// 40 hexadecimal digits and a newline.
    static let length = 41

    let descriptor: Int32
    let command: String
    private var unsent: [UInt8] = []
    private var start = 0
    /// Requests queued so far, and bytes written so far.
    private(set) var queued = 0
    private var written = 0

    init(_ handle: FileHandle, command: String) throws(GitError) {
        descriptor = handle.fileDescriptor
        self.command = command
        let flags = fcntl(descriptor, F_GETFL)
        guard flags >= 0, fcntl(descriptor, F_SETFL, flags | O_NONBLOCK) == 0 else {
            throw GitError(operation: "git \(command)", message: "cannot set up its input: \(String(cString: strerror(errno)))")
        }
    }

    mutating func queue(_ blob: ObjectID) {
        blob.appendHex(to: &unsent)
        unsent.append(UInt8(ascii: "\n"))
        queued += 1
    }

    /// Makes sure request number `request` (counted from 0) is written whole, waiting for room if it must, and
    /// writes what else waits once a few thousand bytes of it have gathered (one write for many requests).
    mutating func send(through request: Int) throws(GitError) {
        guard written < (request + 1) * Self.length || unsent.count - start >= 2048 else { return }
        while start < unsent.count {
            let count = unsent.count - start
            let result = unsent.withUnsafeBytes { write(descriptor, $0.baseAddress! + start, count) }
            if result > 0 {
                start += result
                written += result
                continue
            }
            let error = errno
            if result < 0, error == EINTR { continue }
            guard result < 0, error == EAGAIN || error == EWOULDBLOCK else {
                throw GitError(operation: "git \(command)", message: "cannot write request: \(String(cString: strerror(error)))")
            }
            guard written < (request + 1) * Self.length else { break }
            var wanted = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
            _ = poll(&wanted, 1, -1)
        }
        if start == unsent.count {
            unsent.removeAll(keepingCapacity: true)
            start = 0
        } else if start >= 1 << 16 {
            unsent.removeFirst(start)
            start = 0
        }
    }
}

/// Pipe buffer sizes (Linux `F_SETPIPE_SZ`).
enum PipeCapacity {
    /// The default 64 KiB holds a few small blobs: a git that runs ahead of its reader soon waits on it.
    static let output: Int32 = 1 << 20

    /// Asks for `bytes` of buffer on the pipe behind `descriptor`; the kernel may refuse (above
    /// `/proc/sys/fs/pipe-max-size` or the user's pipe quota), and the pipe then works as it was.
    static func enlarge(_ descriptor: Int32, to bytes: Int32) {
        // F_SETPIPE_SZ (F_LINUX_SPECIFIC_BASE + 7), which Glibc's module does not export.
        _ = fcntl(descriptor, 1031, bytes)
    }
}
