internal import CLibGit2
import GitObjects
import Foundation

extension Repository {
    public func commit(_ id: ObjectID) throws(GitError) -> Commit {
        var commit: OpaquePointer?
        var oid = id.gitOID
        try check(git_commit_lookup(&commit, pointer, &oid), "read commit", id.hex)
        defer { git_commit_free(commit) }
        let parentCount = git_commit_parentcount(commit)
        let parents = (0..<parentCount).compactMap { git_commit_parent_id(commit, $0).map { ObjectID($0.pointee) } }
        let message = git_commit_message_raw(commit).map { Self.text($0) } ?? ""
        // Identities come from the raw header read as git reads it (the last author/committer line, git's own
        // splitting), never from git_commit_author/committer, which read the first line and split differently.
        var header: [UInt8] = []
        if let raw = git_commit_raw_header(commit) {
            header = Array(UnsafeBufferPointer(start: UnsafeRawPointer(raw).assumingMemoryBound(to: UInt8.self),
                                               count: strlen(raw)))
            header.append(0x0A)
        }
        let headers = ObjectHeaders(header)
        return Commit(
            id: id,
            tree: ObjectID(git_commit_tree_id(commit).pointee),
            parents: parents,
            author: Identity(headers.last("author").flatMap { IdentityLine($0) }),
            committer: Identity(headers.last("committer").flatMap { IdentityLine($0) }),
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
            tagger: Self.tagger(try rawObject(id).bytes),
            message: git_tag_message(tag).map { Self.text($0) } ?? ""
        )
    }

    /// The tagger line of a raw tag, split as git splits it; nil when the tag has none.
    static func tagger(_ raw: [UInt8]) -> Identity? {
        ObjectHeaders(raw).first("tagger").flatMap { IdentityLine($0) }.map { Identity($0) }
    }

    /// Decodes C text from git objects, which need not be UTF-8, with replacement characters: never fails.
    static func text(_ pointer: UnsafePointer<CChar>) -> String {
        String(cString: pointer)
    }
}
