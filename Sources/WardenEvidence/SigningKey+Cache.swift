import Foundation
import Synchronization

extension SigningKey {
    /// Keys already read by this process, by path, with the file's identity when read.
    private static let loaded = Mutex<[String: (identity: FileIdentity, key: SigningKey)]>([:])

    /// What tells a key file from its replacement: a rotated key (a new file renamed over it, or rewritten) has
    /// another inode, size or modification time.
    struct FileIdentity: Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modified: Int64
        var modifiedNanoseconds: Int

        init?(path: String) {
            var status = stat()
            guard stat(path, &status) == 0 else { return nil }
            device = UInt64(status.st_dev)
            inode = UInt64(status.st_ino)
            size = Int64(status.st_size)
            modified = Int64(status.st_mtim.tv_sec)
            modifiedNanoseconds = Int(status.st_mtim.tv_nsec)
        }
    }

    /// `load(file:)`, once per process for an unchanged file: a hook signs a checkpoint after each log entry and the
    /// evidence after each ref, and reading and parsing the PEM each time was measurable in post-receive. A file
    /// that changed (rotation) is read again; a file that cannot be stat'ed is read (and fails) as before.
    public static func cached(file: String) throws -> SigningKey {
        guard let identity = FileIdentity(path: file) else { return try load(file: file) }
        if let hit = loaded.withLock({ $0[file] }), hit.identity == identity { return hit.key }
        let key = try load(file: file)
        loaded.withLock { $0[file] = (identity, key) }
        return key
    }
}
