/// A commit or tag read as git reads it: the identities `git log` / `git cat-file` show, the fsck verdict, and the
/// headers. Every judgement git-warden makes about an author, committer or tagger starts from this value over the
/// raw object bytes (libgit2's `git_commit_author` reads the first of duplicated lines: never used for judgement).
public struct ParsedObject: Sendable {
    public let kind: GitObjectKind
    public let headers: ObjectHeaders
    /// The last `author` line, which `git log --format=%an/%ae` shows (pretty.c `parse_commit_header`); nil for tags,
    /// when there is none, or when git cannot split it.
    public let author: IdentityLine?
    /// The last `committer` line (commit) or the `tagger` line (tag).
    public let committer: IdentityLine?
    /// Whatever git's fsck or git-warden's own checks find wrong; the hook rejects the object when not empty.
    public let problems: [FsckProblem]

    public init(raw: [UInt8], kind: GitObjectKind, hexLength: Int = 40) {
        self.kind = kind
        headers = ObjectHeaders(raw)
        switch kind {
        case .commit:
            author = headers.last("author").flatMap { IdentityLine($0) }
            committer = headers.last("committer").flatMap { IdentityLine($0) }
        case .tag:
            author = nil
            committer = headers.first("tagger").flatMap { IdentityLine($0) }
        }
        problems = ObjectChecker(hexLength: hexLength).problems(in: raw, kind: kind)
    }

    /// The identity git's signature check reads from a signed payload (gpg-interface.c `parse_payload_metadata`):
    /// the FIRST `committer` (commit) or `tagger` (tag) header of the payload, as `find_commit_header` finds it.
    /// `.unreadable` when there is none, it is empty or `split_ident_line` fails: git then reports the object as
    /// unsigned (`N`) without verifying anything.
    public enum SignerLine: Sendable, Hashable {
        case unreadable
        case identity(IdentityLine)
    }

    public static func signerLine(payload: [UInt8], kind: GitObjectKind) -> SignerLine {
        // find_commit_header runs over a C string: a NUL ends the payload.
        let text = payload.firstIndex(of: 0).map { Array(payload[..<$0]) } ?? payload
        let key = kind == .commit ? "committer" : "tagger"
        guard let value = ObjectHeaders(text).first(key), !value.isEmpty, let identity = IdentityLine(value) else {
            return .unreadable
        }
        return .identity(identity)
    }
}
