internal import CLibGit2

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
