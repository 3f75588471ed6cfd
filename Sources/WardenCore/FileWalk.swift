import Foundation

/// The regular files below a directory, as paths relative to it, found without following symbolic links.
struct FileWalk {
    private(set) var files: [String] = []
    private(set) var notes: [SecretScanReport.Note] = []

    /// Git's own directory (or a submodule's `.git` file) holds objects, not work: never scanned as files.
    static let skippedNames: Set<String> = [".git"]

    mutating func collect(root: String) {
        var pending = [""]
        while let relative = pending.popLast() {
            let directory = relative.isEmpty ? root : root + "/" + relative
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
            } catch {
                notes.append(.init(path: relative.isEmpty ? "." : relative, kind: .unreadable("cannot list directory")))
                continue
            }
            for name in names where !Self.skippedNames.contains(name) {
                let child = relative.isEmpty ? name : relative + "/" + name
                var status = stat()
                guard lstat(root + "/" + child, &status) == 0 else {
                    notes.append(.init(path: child, kind: .unreadable(String(cString: strerror(errno)))))
                    continue
                }
                switch status.st_mode & S_IFMT {
                case S_IFDIR: pending.append(child)
                case S_IFREG: files.append(child)
                default: continue // symbolic links, sockets, devices
                }
            }
        }
    }
}

/// Reads at most `limit` bytes of a file with plain POSIX calls, and says how long the file really is.
enum FileReader {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let chunk = 64 << 10

    static func read(path: String, limit: Int) throws(Failure) -> (bytes: [UInt8], total: Int) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw Failure(description: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw Failure(description: String(cString: strerror(errno))) }
        if status.st_mode & S_IFMT == S_IFREG {
            let size = Int(status.st_size)
            let bytes = try readUpTo(descriptor, min(size, limit))
            return (bytes, max(size, bytes.count))
        }
        // A pipe: keep what fits under the limit, then drain and count the rest so the writer never blocks.
        var bytes: [UInt8] = []
        while bytes.count < limit {
            let part = try readUpTo(descriptor, min(chunk, limit - bytes.count))
            if part.isEmpty { return (bytes, bytes.count) }
            bytes += part
        }
        var total = bytes.count
        while true {
            let part = try readUpTo(descriptor, chunk)
            if part.isEmpty { return (bytes, total) }
            total += part.count
        }
    }

    /// Up to `count` bytes, fewer only at the end of the data.
    private static func readUpTo(_ descriptor: Int32, _ count: Int) throws(Failure) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = bytes.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress! + filled, count - filled) }
            if got < 0 {
                if errno == EINTR { continue }
                throw Failure(description: String(cString: strerror(errno)))
            }
            if got == 0 { break }
            filled += got
        }
        bytes.removeLast(count - filled)
        return bytes
    }
}

#if canImport(Glibc)
import Glibc
private let systemRead = Glibc.read
#else
import Darwin
private let systemRead = Darwin.read
#endif
