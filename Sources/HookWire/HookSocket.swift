#if canImport(Glibc)
import Glibc
#endif
internal import CHookSocket

/// Where the hook service listens, for the relay and the service alike: `GIT_WARDEN_HOOK_SOCKET` when set (empty
/// or "off": no service, every hook runs alone), else `/tmp/git-warden-UID/hook.sock`, one per user, in a directory
/// only that user may enter (tmux's convention: a fixed place both sides find without configuration, and that
/// git's hooks find under any transport and any environment the server gives them).
public enum HookSocketPath {
    public static let environmentKey = "GIT_WARDEN_HOOK_SOCKET"

    public static func resolve(_ value: String?, uid: UInt32) -> String? {
        guard let value else { return defaultPath(uid: uid) }
        if value.isEmpty || value == "off" { return nil }
        return value
    }

    public static func defaultPath(uid: UInt32) -> String { "/tmp/git-warden-\(uid)/hook.sock" }
}

/// The service's answers, one byte and a payload: accepted (the hook is being run), refused (the relay runs the
/// hook itself; the reason is for the service's log and a note), and the hook's exit status.
public enum HookReply: Equatable, Sendable {
    case accepted
    case refused(String)
    case exited(Int32)

    public func encoded() -> [UInt8] {
        switch self {
        case .accepted: return [UInt8(ascii: "A")]
        case .refused(let reason):
            let text = Array(reason.utf8.prefix(4096))
            return [UInt8(ascii: "R")] + bigEndian(UInt32(text.count)) + text
        case .exited(let status): return [UInt8(ascii: "X")] + bigEndian(UInt32(bitPattern: status))
        }
    }

    private func bigEndian(_ value: UInt32) -> [UInt8] { withUnsafeBytes(of: value.bigEndian) { Array($0) } }
}

/// A socket error, naming the call and the system's reason.
public struct HookSocketError: Error, CustomStringConvertible, Sendable {
    public let call: String
    public let code: Int32
    public init(_ call: String, code: Int32 = errno) {
        self.call = call
        self.code = code
    }
    public var description: String { "\(call): \(String(cString: strerror(code)))" }
}

/// One connected Unix stream socket between a relay and the service. Blocking, with every read and write retried on
/// EINTR and on short transfers; the owner closes it.
public struct HookConnection: Sendable {
    public let descriptor: Int32

    public init(descriptor: Int32) { self.descriptor = descriptor }

    /// Connects to the socket at `path`.
    public static func connect(to path: String) throws(HookSocketError) -> HookConnection {
        var address = try socketAddress(path)
        let socket = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socket >= 0 else { throw HookSocketError("socket") }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(socket)
            throw HookSocketError("connect \(path)", code: code)
        }
        return HookConnection(descriptor: socket)
    }

    /// `sockaddr_un` for `path`, which must fit its 107 bytes.
    public static func socketAddress(_ path: String) throws(HookSocketError) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard !bytes.isEmpty, bytes.count < capacity, !bytes.contains(0) else {
            throw HookSocketError("socket path \(path) (longer than \(capacity - 1) bytes)", code: ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        return address
    }

    /// The user and process at the other end, as the kernel recorded them when the connection was made.
    public func peer() throws(HookSocketError) -> (uid: UInt32, pid: Int32) {
        var uid: UInt32 = 0
        var pid: Int32 = 0
        guard git_warden_peer(descriptor, &uid, &pid) == 0 else { throw HookSocketError("SO_PEERCRED") }
        return (uid, pid)
    }

    /// Sends `bytes`, the descriptors riding on the first part.
    public func send(_ bytes: [UInt8], descriptors: [Int32] = []) throws(HookSocketError) {
        var offset = 0
        var attached = descriptors
        while offset < bytes.count || !attached.isEmpty {
            let sent = bytes[offset...].withUnsafeBytes { raw in
                git_warden_send_with_fds(descriptor, raw.baseAddress, raw.count, attached, Int32(attached.count))
            }
            guard sent >= 0 else { throw HookSocketError("sendmsg") }
            attached = []
            offset += sent
        }
    }

    /// Reads exactly `count` bytes, with the descriptors that came with them (at most `descriptorCapacity`).
    /// End of stream before `count` bytes throws `EPIPE` (named "connection closed").
    public func receive(_ count: Int, descriptorCapacity: Int = 0) throws(HookSocketError) -> ([UInt8], [Int32]) {
        var bytes = [UInt8](repeating: 0, count: count)
        var descriptors: [Int32] = []
        var filled = 0
        while filled < count {
            var fds = [Int32](repeating: -1, count: 8)
            var arrived: Int32 = 0
            let got = bytes[filled...].withUnsafeMutableBytes { raw in
                git_warden_receive_with_fds(descriptor, raw.baseAddress, raw.count, &fds,
                                            Int32(max(0, descriptorCapacity - descriptors.count)), &arrived)
            }
            guard got >= 0 else { throw HookSocketError("recvmsg") }
            descriptors += fds.prefix(Int(arrived))
            guard got > 0 else {
                descriptors.forEach { _ = Glibc.close($0) }
                throw HookSocketError("connection closed after \(filled) of \(count) bytes", code: EPIPE)
            }
            filled += got
        }
        return (bytes, descriptors)
    }

    /// The service's next answer.
    public func reply() throws(HookSocketError) -> HookReply {
        let (kind, _) = try receive(1)
        switch kind[0] {
        case UInt8(ascii: "A"): return .accepted
        case UInt8(ascii: "X"): return .exited(Int32(bitPattern: try integer()))
        case UInt8(ascii: "R"):
            let length = Int(try integer())
            guard length <= 4096 else { throw HookSocketError("refusal of \(length) bytes", code: EPROTO) }
            return .refused(String(decoding: try receive(length).0, as: UTF8.self))
        default: throw HookSocketError("unknown reply byte \(kind[0])", code: EPROTO)
        }
    }

    private func integer() throws(HookSocketError) -> UInt32 {
        try receive(4).0.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Bounds how long one read or write may wait (seconds), so a client that connects and says nothing cannot hold
    /// a service thread.
    public func setTimeout(seconds: Int) {
        var limit = timeval(tv_sec: seconds, tv_usec: 0)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    public func close() { _ = Glibc.close(descriptor) }
}

/// Gives the calling thread its own working directory and umask (Linux `unshare(CLONE_FS)`); false with errno set
/// when the kernel refuses.
public func hookThreadPrivateDirectory() -> Bool { git_warden_private_directory() == 0 }

/// The next connection on a listening socket, close-on-exec; -1 with errno set on failure.
public func hookAccept(_ listener: Int32) -> Int32 { git_warden_accept(listener) }

/// Writes all of `text` to `descriptor`, retrying short writes and EINTR; gives up silently on any other error (a
/// hook's output goes to git, which may be gone: the hook's decision stands regardless). The hook executables, the
/// relay and the service all write their lines through it.
public func writeFully(_ text: String, to descriptor: Int32) {
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        if written < 0 && errno == EINTR { continue }
        if written <= 0 { return }
        offset += written
    }
}
