/// What the git layer found out about one ref update, in plain values, so policy evaluation never touches git.
public struct UpdateFacts: Sendable {
    public enum Change: Sendable, Equatable {
        case creation
        case deletion
        /// `fastForward` is false when the old value is not an ancestor of the new one (a force push), and always
        /// false for an existing tag or any ref whose old or new value is not a commit.
        case update(fastForward: Bool)
    }

    public var ref: String
    /// Hex object ids; nil for the zero id (creation / deletion).
    public var old: String?
    public var new: String?
    public var change: Change
    /// Commits this update brings to the ref that have not been judged for it before; filled only when a rule needs them.
    public var commits: [CommitFacts] = []
    /// Files those commits add or change, plus blobs named directly by the ref; filled only when a rule needs them.
    public var files: [FileFacts] = []

    public init(ref: String, old: String?, new: String?, change: Change) {
        self.ref = ref
        self.old = old
        self.new = new
        self.change = change
    }
}

public struct CommitFacts: Sendable {
    public var id: String
    public var parentCount: Int
    public var message: String
    public var authorEmail: String
    public var committerEmail: String

    public init(id: String, parentCount: Int, message: String, authorEmail: String, committerEmail: String) {
        self.id = id
        self.parentCount = parentCount
        self.message = message
        self.authorEmail = authorEmail
        self.committerEmail = committerEmail
    }
}

/// A blob new to the ref, with the path and commit that introduced it when it came through a commit.
public struct FileFacts: Sendable {
    public var path: String?
    public var blob: String
    public var size: Int
    public var commit: String?

    public init(path: String?, blob: String, size: Int, commit: String?) {
        self.path = path
        self.blob = blob
        self.size = size
        self.commit = commit
    }
}
