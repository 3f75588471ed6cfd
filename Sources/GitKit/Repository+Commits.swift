internal import CLibGit2

extension Repository {
    public func commit(_ id: ObjectID) throws(GitError) -> Commit {
        var commit: OpaquePointer?
        var oid = id.gitOID
        try check(git_commit_lookup(&commit, pointer, &oid), "read commit", id.hex)
        defer { git_commit_free(commit) }
        let parentCount = git_commit_parentcount(commit)
        let parents = (0..<parentCount).compactMap { git_commit_parent_id(commit, $0).map { ObjectID($0.pointee) } }
        let message = git_commit_message_raw(commit).map { Self.text($0) } ?? ""
        return Commit(
            id: id,
            tree: ObjectID(git_commit_tree_id(commit).pointee),
            parents: parents,
            author: Self.identity(git_commit_author(commit)),
            committer: Self.identity(git_commit_committer(commit)),
            message: message
        )
    }

    public func tag(_ id: ObjectID) throws(GitError) -> Tag {
        var tag: OpaquePointer?
        var oid = id.gitOID
        try check(git_tag_lookup(&tag, pointer, &oid), "read tag", id.hex)
        defer { git_tag_free(tag) }
        guard let kind = ObjectKind(git_tag_target_type(tag)) else {
            throw GitError(operation: "read tag", subject: id.hex, message: "tag names an object of unknown type")
        }
        return Tag(
            id: id,
            name: git_tag_name(tag).map { Self.text($0) } ?? "",
            target: ObjectID(git_tag_target_id(tag).pointee),
            targetKind: kind,
            tagger: git_tag_tagger(tag).map { Self.identity($0) },
            message: git_tag_message(tag).map { Self.text($0) } ?? ""
        )
    }

    static func identity(_ signature: UnsafePointer<git_signature>?) -> Identity {
        guard let signature = signature?.pointee else { return Identity(name: "", email: "", time: 0, offsetMinutes: 0) }
        return Identity(
            name: signature.name.map { text($0) } ?? "",
            email: signature.email.map { text($0) } ?? "",
            time: signature.when.time,
            offsetMinutes: Int32(signature.when.offset)
        )
    }

    /// Decodes C text from git objects, which need not be UTF-8, with replacement characters: never fails.
    static func text(_ pointer: UnsafePointer<CChar>) -> String {
        String(cString: pointer)
    }
}
