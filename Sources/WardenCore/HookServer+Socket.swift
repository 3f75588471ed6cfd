import Foundation
import HookWire

extension HookServer {
    /// The socket's directory: the default one (`/tmp/git-warden-UID`) is made, mode 0700, when missing. Whichever it
    /// is, it must be a real directory (not a link) owned by this user or root and writable by nobody else: anyone
    /// who could write there could put their own socket in the service's place.
    static func prepareDirectory(of socketPath: String) throws(StartError) {
        let directory = (socketPath as NSString).deletingLastPathComponent
        guard !directory.isEmpty else { throw StartError(description: "socket path \(socketPath): not a path") }
        if socketPath == HookSocketPath.defaultPath(uid: geteuid()), mkdir(directory, 0o700) != 0, errno != EEXIST {
            throw StartError(description: "cannot create \(directory): \(String(cString: strerror(errno)))")
        }
        var status = stat()
        guard lstat(directory, &status) == 0 else {
            throw StartError(description: "socket directory \(directory): \(String(cString: strerror(errno)))")
        }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            throw StartError(description: "socket directory \(directory) is not a directory (a link or a file)")
        }
        guard status.st_uid == geteuid() || status.st_uid == 0 else {
            throw StartError(description: "socket directory \(directory) belongs to uid \(status.st_uid), not to this user or root")
        }
        guard status.st_mode & 0o022 == 0 else {
            throw StartError(description: String(format: "socket directory %@ is writable by group or others (mode %o)",
                                                 directory, status.st_mode & 0o7777))
        }
    }

    /// A socket left by a service that ended without removing it is removed; a live service is not displaced, and
    /// anything that is not this user's socket is left alone.
    static func clearStaleSocket(at path: String) throws(StartError) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        guard status.st_mode & S_IFMT == S_IFSOCK, status.st_uid == geteuid() else {
            throw StartError(description: "\(path) exists and is not this user's socket")
        }
        if let live = try? HookConnection.connect(to: path) {
            live.close()
            throw StartError(description: "a hook service already listens on \(path)")
        }
        unlink(path)
    }

    static func listen(at path: String) throws(StartError) -> Int32 {
        func failure(_ call: String) -> StartError {
            StartError(description: "\(call) \(path): \(String(cString: strerror(errno)))")
        }
        var address: sockaddr_un
        do {
            address = try HookConnection.socketAddress(path)
        } catch {
            throw StartError(description: "\(error)")
        }
        let socket = Foundation.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socket >= 0 else { throw failure("socket") }
        // Made with no permissions for anyone else from the first moment (no window between bind and chmod).
        let previous = umask(0o177)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        umask(previous)
        guard bound == 0 else {
            let error = failure("bind")
            close(socket)
            throw error
        }
        guard Foundation.listen(socket, 128) == 0 else {
            let error = failure("listen")
            close(socket)
            unlink(path)
            throw error
        }
        return socket
    }
}

/// Which file this process was started from (device and inode), so that a service can tell when an upgrade has
/// replaced it: it must then stop rather than keep judging with the old code.
struct ExecutableIdentity {
    let path: String
    let device: UInt64
    let inode: UInt64

    static func current() -> ExecutableIdentity? {
        guard let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        var status = stat()
        // /proc/self/exe leads to the file the process runs, even once the path names another.
        guard stat("/proc/self/exe", &status) == 0 else { return nil }
        return ExecutableIdentity(path: path, device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
    }

    /// Whether the path still names the running file.
    func isCurrent() -> Bool {
        var status = stat()
        guard stat(path, &status) == 0 else { return false }
        return UInt64(status.st_dev) == device && UInt64(status.st_ino) == inode
    }
}
