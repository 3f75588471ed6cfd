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
    /// Annotated tag objects this update points the ref at; filled only when a rule requires signed tags.
    public var tags: [TagFacts] = []
    /// Files those commits add or change, plus blobs named directly by the ref; filled only when a rule needs them.
    public var files: [FileFacts] = []
    /// Secrets in the content this update brings; filled only when `[secrets]` covers the ref. Content pushed to
    /// several refs at once is reported under the first of them.
    public var secrets: [SecretFacts] = []
    /// Content a secret rule could not finish judging; each rejects like a finding (see `SecretGap`).
    public var secretGaps: [SecretGap] = []
    /// New commits and tags that git's fsck (or git-warden's stricter reading) refuses: rejected whatever the rules
    /// say, and never judged by them, because git itself reads them in more than one way.
    public var malformedObjects: [MalformedObjectFacts] = []

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
    public var authorName: String
    public var authorEmail: String
    public var committerEmail: String
    /// The signature check; nil when no rule asked for it.
    public var signature: SignatureFacts?

    public init(id: String, parentCount: Int, message: String, authorName: String = "", authorEmail: String,
                committerEmail: String, signature: SignatureFacts? = nil) {
        self.id = id
        self.parentCount = parentCount
        self.message = message
        self.authorName = authorName
        self.authorEmail = authorEmail
        self.committerEmail = committerEmail
        self.signature = signature
    }
}

/// A commit or tag that fails git's fsck checks, with git's message id (`badTimezone`, `multipleAuthors`, …).
public struct MalformedObjectFacts: Sendable, Equatable {
    public var id: String
    /// "commit" or "tag".
    public var kind: String
    /// git's fsck message id, or git-warden's own (`warden…`).
    public var problem: String
    public var message: String

    public init(id: String, kind: String, problem: String, message: String) {
        self.id = id
        self.kind = kind
        self.problem = problem
        self.message = message
    }
}

public struct TagFacts: Sendable {
    public var id: String
    public var name: String
    public var signature: SignatureFacts

    public init(id: String, name: String, signature: SignatureFacts) {
        self.id = id
        self.name = name
        self.signature = signature
    }
}

/// A verified signature, reduced to what policy needs: whether it is good, and whose identities the key vouches for.
public struct SignatureFacts: Sendable {
    /// git's `%G?` letter (G, B, U, X, Y, R, E, N).
    public var letter: String
    public var isGood: Bool
    /// One line for people: "G good signature by SHA256:… (alice@example.com)", "N unsigned", …
    public var summary: String
    /// The key vouches for the committer (tagger) email.
    public var vouchesForCommitter: Bool
    /// The key vouches for one of the pusher's identities in `[signers] pushers`.
    public var vouchesForPusher: Bool
    /// What only an explicit policy exception let count (a SHA-1 OpenPGP binding); the decision log keeps it.
    public var policyNotes: [String]

    public init(letter: String, isGood: Bool, summary: String, vouchesForCommitter: Bool, vouchesForPusher: Bool,
                policyNotes: [String] = []) {
        self.letter = letter
        self.isGood = isGood
        self.summary = summary
        self.vouchesForCommitter = vouchesForCommitter
        self.vouchesForPusher = vouchesForPusher
        self.policyNotes = policyNotes
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

/// A secret found in pushed content, already redacted: policy and logs never hold the secret itself.
public struct SecretFacts: Sendable, Codable, Equatable {
    public var ruleID: String
    public var ruleDescription: String
    /// Path of the file, a description such as "blob 1234abcd" for content no tree names, or `commit-message` /
    /// `tag-message` for a message (then `line` is the line within the message and `commit` the commit or the
    /// tag object whose message it is).
    public var path: String
    /// 1-based; 0 when a rule flags the file as a whole.
    public var line: Int
    public var column: Int
    /// The commit that added it, when it came through a commit.
    public var commit: String?
    public var redacted: String
    /// What to put in the ignore file to accept this finding as a false positive.
    public var fingerprint: String

    public init(ruleID: String, ruleDescription: String, path: String, line: Int, column: Int, commit: String?,
                redacted: String, fingerprint: String) {
        self.ruleID = ruleID
        self.ruleDescription = ruleDescription
        self.path = path
        self.line = line
        self.column = column
        self.commit = commit
        self.redacted = redacted
        self.fingerprint = fingerprint
    }
}
