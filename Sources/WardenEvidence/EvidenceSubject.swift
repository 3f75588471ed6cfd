import GitKit

/// What one piece of evidence is about, and where its note hangs: a commit (`gitCommit`), or an annotated (or
/// signed) tag object (`gitTag`, in-toto's digest for git tag objects), which is the thing a tag ref names and
/// what a consumer of a release fetches. A lightweight tag names a commit and gets a commit's evidence.
public struct EvidenceSubject: Sendable, Equatable {
    public static let commitDigest = "gitCommit"
    public static let tagDigest = "gitTag"

    /// `gitCommit` or `gitTag`.
    public var digestKey: String
    /// The object the evidence names, and the note is written on.
    public var id: ObjectID
    /// For a tag: the object it tags, peeled through nested tags.
    public var tagged: (id: ObjectID, kind: ObjectKind)?

    public static func == (lhs: EvidenceSubject, rhs: EvidenceSubject) -> Bool {
        lhs.digestKey == rhs.digestKey && lhs.id == rhs.id
    }

    /// The subject for the object a ref points at; nil for a tree or blob (nothing to attest as source).
    public static func of(_ id: ObjectID, in repository: Repository) throws -> EvidenceSubject? {
        switch try repository.header(of: id).kind {
        case .commit:
            return EvidenceSubject(digestKey: commitDigest, id: id, tagged: nil)
        case .tag:
            return EvidenceSubject(digestKey: tagDigest, id: id, tagged: try repository.peel(id))
        default:
            return nil
        }
    }
}
