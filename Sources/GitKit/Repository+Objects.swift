internal import CLibGit2
import Foundation

/// An object's kind and size, read from its header without inflating the content.
public struct ObjectHeader: Sendable, Hashable {
    public var kind: ObjectKind
    public var size: Int
}

extension Repository {
    /// Kind and size of an object; cheap, so size rules never read whole blobs.
    public func header(of id: ObjectID) throws(GitError) -> ObjectHeader {
        let odb = try objectDatabase()
        defer { git_odb_free(odb) }
        var size = 0
        var type = GIT_OBJECT_INVALID
        var oid = id.gitOID
        try check(git_odb_read_header(&size, &type, odb, &oid), "read object", id.hex)
        guard let kind = ObjectKind(type) else {
            throw GitError(operation: "read object", subject: id.hex, message: "unknown object type \(type.rawValue)")
        }
        return ObjectHeader(kind: kind, size: size)
    }

    /// True when the object exists in the repository (including quarantined objects when opened from the environment).
    public func contains(_ id: ObjectID) -> Bool {
        guard let odb = try? objectDatabase() else { return false }
        defer { git_odb_free(odb) }
        var oid = id.gitOID
        return git_odb_exists(odb, &oid) == 1
    }

    /// The object's bytes exactly as stored (after inflation), without git's "type size\0" header: what signature
    /// checks must parse, since libgit2's parsed view is not how git itself reads a signed object.
    public func rawObject(_ id: ObjectID) throws(GitError) -> (kind: ObjectKind, bytes: [UInt8]) {
        let odb = try objectDatabase()
        defer { git_odb_free(odb) }
        var object: OpaquePointer?
        var oid = id.gitOID
        try check(git_odb_read(&object, odb, &oid), "read object", id.hex)
        defer { git_odb_object_free(object) }
        let size = git_odb_object_size(object)
        guard let kind = ObjectKind(git_odb_object_type(object)) else {
            throw GitError(operation: "read object", subject: id.hex, message: "unknown object type")
        }
        guard size > 0, let data = git_odb_object_data(object) else { return (kind, []) }
        return (kind, Array(UnsafeRawBufferPointer(start: data, count: size)))
    }

    /// A blob's content, or at most `limit` bytes of it.
    ///
    /// A blob larger than `limit` is read through a stream, so only `limit` bytes are held: a 1 GB file pushed
    /// past a 10 MiB scan cap costs 10 MiB, not 1 GB. libgit2 1.5 streams loose objects only (what receive-pack
    /// writes for a push of fewer than `receive.unpackLimit` objects); a packed one over 16 MiB is read through
    /// `git cat-file blob`, which streams undeltified packed blobs over `core.bigFileThreshold` (512 MiB), the
    /// only ones pack-objects never deltifies, and the first `limit` bytes are taken from its output.
    public func blob(_ id: ObjectID, limit: Int = .max) throws(GitError) -> [UInt8] {
        if limit < Int.max, let prefix = try streamedPrefix(of: id, limit: limit) { return prefix }
        var blob: OpaquePointer?
        var oid = id.gitOID
        try check(git_blob_lookup(&blob, pointer, &oid), "read blob", id.hex)
        defer { git_blob_free(blob) }
        let size = min(Int(git_blob_rawsize(blob)), limit)
        guard size > 0, let data = git_blob_rawcontent(blob) else { return [] }
        return Array(UnsafeRawBufferPointer(start: data, count: size))
    }

    /// The first `limit` bytes of a blob larger than `limit`, read through a stream; nil when the blob is not
    /// larger (a plain read is as cheap) or no backend can stream it (packed objects).
    func streamedPrefix(of id: ObjectID, limit: Int) throws(GitError) -> [UInt8]? {
        let odb = try objectDatabase()
        defer { git_odb_free(odb) }
        var oid = id.gitOID
        var size = 0
        var type = GIT_OBJECT_INVALID
        try check(git_odb_read_header(&size, &type, odb, &oid), "read object", id.hex)
        guard type == GIT_OBJECT_BLOB else {
            throw GitError(operation: "read blob", subject: id.hex, message: "the object is not a blob")
        }
        guard size > limit else { return nil }
        var stream: UnsafeMutablePointer<git_odb_stream>?
        guard git_odb_open_rstream(&stream, &size, &type, odb, &oid) == 0, let stream else {
            git_error_clear()
            // A git process costs milliseconds: worth it only when the whole blob would cost real memory (the
            // hooks probe every new blob's first 8 KiB for binary content).
            return size > Self.packedReadInMemoryLimit ? try prefixThroughGit(of: id, limit: limit) : nil
        }
        defer { git_odb_stream_free(stream) }
        var bytes = [UInt8](repeating: 0, count: limit)
        var filled = 0
        while filled < limit {
            let read = bytes.withUnsafeMutableBufferPointer { buffer in
                buffer.baseAddress!.advanced(by: filled).withMemoryRebound(to: CChar.self, capacity: limit - filled) {
                    git_odb_stream_read(stream, $0, limit - filled)
                }
            }
            try check(read, "read blob", id.hex)
            if read == 0 { break }
            filled += Int(read)
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    /// Packed blobs up to this size are inflated whole by libgit2 and cut; larger ones go through git's stream.
    static let packedReadInMemoryLimit = 16 << 20

    /// The first `limit` bytes of `git cat-file blob` (hardened like every git this module runs; the quarantine
    /// environment of a hook is inherited, so pushed objects are found). git is stopped once `limit` bytes arrived.
    func prefixThroughGit(of id: ObjectID, limit: Int) throws(GitError) -> [UInt8] {
        let running = try GitProcess(gitDirectory: gitDirectory, environment: explicitEnvironment)
            .start(["cat-file", "blob", id.hex])
        var reader = running.reader()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(limit)
        while bytes.count < limit, let chunk = try reader.nextChunk() { bytes += chunk.prefix(limit - bytes.count) }
        guard bytes.count == limit else {
            try running.finish()
            throw GitError(operation: "read blob", subject: id.hex, message: "git cat-file ended after \(bytes.count) bytes")
        }
        // git is blocked writing the rest into the pipe: stop it outright (SIGKILL, so no handler can delay it).
        kill(running.process.processIdentifier, SIGKILL)
        running.process.waitUntilExit()
        return bytes
    }

    /// Follows annotated tags (tags of tags too) to the object they finally name.
    public func peel(_ id: ObjectID) throws(GitError) -> (id: ObjectID, kind: ObjectKind) {
        var current = id
        var kind = try header(of: id).kind
        var depth = 0
        while kind == .tag {
            depth += 1
            guard depth < 64 else {
                throw GitError(operation: "peel tag", subject: id.hex, message: "tag chain deeper than 64 levels")
            }
            let target = try tag(current).target
            current = target
            kind = try header(of: target).kind
        }
        return (current, kind)
    }
}
