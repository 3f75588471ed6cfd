internal import CLibGit2
import Foundation

/// A reference as it stands: direct (an object id) or symbolic (another ref's name).
public struct Reference: Sendable, Hashable {
    public var name: String
    public var target: ObjectID?
    public var symbolicTarget: String?

    public init(name: String, target: ObjectID?, symbolicTarget: String? = nil) {
        self.name = name
        self.target = target
        self.symbolicTarget = symbolicTarget
    }
}

extension Repository {
    /// Every reference (branches, tags, notes, anything under refs/), unresolved.
    public func references() throws(GitError) -> [Reference] {
        var iterator: OpaquePointer?
        try check(git_reference_iterator_new(&iterator, pointer), "list references")
        defer { git_reference_iterator_free(iterator) }
        var result: [Reference] = []
        while true {
            var ref: OpaquePointer?
            let code = git_reference_next(&ref, iterator)
            if code == GIT_ITEROVER.rawValue { break }
            try check(code, "list references")
            defer { git_reference_free(ref) }
            result.append(Self.reference(ref!))
        }
        return result
    }

    /// The reference called `name`, or nil if there is none.
    public func reference(named name: String) throws(GitError) -> Reference? {
        var ref: OpaquePointer?
        let code = git_reference_lookup(&ref, pointer, name)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "read reference", name)
        defer { git_reference_free(ref) }
        return Self.reference(ref!)
    }

    /// The object a reference finally points at, following symbolic refs; nil for an unborn branch.
    public func resolve(_ name: String) throws(GitError) -> ObjectID? {
        var oid = git_oid()
        let code = git_reference_name_to_id(&oid, pointer, name)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "resolve reference", name)
        return ObjectID(oid)
    }

    /// git follows at most this many names when resolving a ref (`SYMREF_MAXDEPTH` in refs.c).
    public static let symbolicRefMaxDepth = 5

    /// The names an update of `name` is written through, as git's ref store does for a push (receive-pack updates
    /// without `REF_NO_DEREF`): `name` itself, then each symbolic ref's target in turn, ending at a direct ref or at
    /// a name that does not exist yet (a dangling symbolic ref: the write creates it). A loop, or a chain longer
    /// than git follows, is an error: git cannot write through it either, and the guard must not guess.
    public func symbolicChain(of name: String) throws(GitError) -> [String] {
        var chain = [name]
        var current = name
        while let next = try symbolicTarget(of: current) {
            guard !chain.contains(next) else {
                throw GitError(operation: "resolve reference", subject: name,
                               message: "symbolic refs form a loop: \((chain + [next]).joined(separator: " -> "))")
            }
            chain.append(next)
            guard chain.count <= Self.symbolicRefMaxDepth else {
                throw GitError(operation: "resolve reference", subject: name,
                               message: "more than \(Self.symbolicRefMaxDepth) names in its chain of symbolic refs")
            }
            current = next
        }
        return chain
    }

    /// The ref `name` points at when it is symbolic, as git's files backend reads it: a loose file `ref: <target>`
    /// (read by libgit2), or a symbolic link whose own text starts with `refs/` (the old `core.preferSymlinkRefs`
    /// form, which git still reads and writes through, and libgit2 does not know).
    public func symbolicTarget(of name: String) throws(GitError) -> String? {
        if let linked = symlinkTarget(ofLooseRef: name) { return linked }
        return try reference(named: name)?.symbolicTarget
    }

    /// The text of a loose ref that is a symbolic link to `refs/…`, or nil.
    func symlinkTarget(ofLooseRef name: String) -> String? {
        let base = name.hasPrefix("refs/") ? commonDirectory : gitDirectory
        let path = (base.hasSuffix("/") ? base : base + "/") + name
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return nil }
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text.hasPrefix("refs/") ? text : nil
    }

    /// The names of the symbolic refs under `refs/`.
    ///
    /// git's files backend keeps a symbolic ref only as a loose file (`ref: <target>`, or a symbolic link to
    /// `refs/…`; packed-refs cannot hold one), so a walk of the loose refs finds them all without reading the
    /// packed refs, which a server can hold by the hundred thousand (listing every ref through libgit2 cost 20 ms
    /// per 1,000 refs on every push). Each loose file costs one `openat` and a 4-byte read: one that does not start
    /// with `ref:` is a direct ref.
    public func symbolicReferenceNames() throws(GitError) -> [String] {
        var root = commonDirectory
        if !root.hasSuffix("/") { root += "/" }
        var candidates: [String] = []
        var pending = ["refs"]
        while let relative = pending.popLast() {
            guard let directory = opendir(root + relative) else { continue }
            defer { closedir(directory) }
            let directoryDescriptor = dirfd(directory)
            while let entry = readdir(directory) {
                var type = entry.pointee.d_type
                let isCandidate: Bool? = withUnsafeBytes(of: &entry.pointee.d_name) { raw in
                    let name = raw.baseAddress!.assumingMemoryBound(to: CChar.self)
                    if name[0] == 0x2E && (name[1] == 0 || (name[1] == 0x2E && name[2] == 0)) { return false }
                    if type == UInt8(DT_UNKNOWN) {
                        var info = stat()
                        guard fstatat(directoryDescriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return false }
                        switch info.st_mode & S_IFMT {
                        case S_IFDIR: type = UInt8(DT_DIR)
                        case S_IFLNK: type = UInt8(DT_LNK)
                        case S_IFREG: type = UInt8(DT_REG)
                        default: return false
                        }
                    }
                    switch Int(type) {
                    case Int(DT_DIR): return nil
                    case Int(DT_LNK): return true
                    case Int(DT_REG): return Self.startsWithSymbolicPrefix(name, in: directoryDescriptor)
                    default: return false
                    }
                }
                guard isCandidate != false else { continue }
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if isCandidate == nil { pending.append(relative + "/" + name) } else { candidates.append(relative + "/" + name) }
            }
        }
        var names: [String] = []
        for candidate in candidates.sorted() where try symbolicTarget(of: candidate) != nil {
            names.append(candidate)
        }
        return names
    }

    private static func startsWithSymbolicPrefix(_ name: UnsafePointer<CChar>, in directory: Int32) -> Bool {
        let descriptor = openat(directory, name, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { return false }
        defer { Glibc.close(descriptor) }
        var prefix: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        let count = withUnsafeMutableBytes(of: &prefix) { Glibc.read(descriptor, $0.baseAddress, 4) }
        return count == 4 && prefix == (0x72, 0x65, 0x66, 0x3A) // "ref:"
    }

    /// The branch HEAD names (e.g. "refs/heads/main"), even when it has no commit yet.
    public func headTarget() throws(GitError) -> String? {
        try reference(named: "HEAD")?.symbolicTarget
    }

    private static func reference(_ ref: OpaquePointer) -> Reference {
        let name = String(cString: git_reference_name(ref))
        if git_reference_type(ref) == GIT_REFERENCE_SYMBOLIC {
            return Reference(name: name, target: nil, symbolicTarget: String(cString: git_reference_symbolic_target(ref)))
        }
        return Reference(name: name, target: git_reference_target(ref).map { ObjectID($0.pointee) }, symbolicTarget: nil)
    }
}
