/// Where git-warden judges: the server's pre-receive hook, the developer-side hooks, and the history audit.
/// Each check names the doors that run it (`CheckDescriptor.doors`), so a door never keeps its own list.
public enum Door: String, Sendable, CaseIterable {
    case preReceive = "pre-receive"
    case prePush = "pre-push"
    case preCommit = "pre-commit"
    case commitMessage = "commit-msg"
    case audit

    /// A developer-side hook: it predicts the server's verdict, so it drops what only the server can know (who
    /// pushes, who may create refs; see `CheckDescriptor.clientKnowledge`).
    public var isClientSide: Bool {
        switch self {
        case .prePush, .preCommit, .commitMessage: true
        case .preReceive, .audit: false
        }
    }
}

/// The facts a check needs gathered before it can judge an update. Collectors ask `Policy.needs(ref:door:)` and
/// read only these, so a ref no check covers costs no history walk.
public struct FactNeeds: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// The commits an update brings: ids, parents, messages (`UpdateFacts.commits`).
    public static let commits = FactNeeds(rawValue: 1 << 0)
    /// Who wrote those commits (author name and email): a commit-msg hook must ask git's configuration for it.
    public static let authors = FactNeeds(rawValue: 1 << 1)
    /// The files those commits add or change (`UpdateFacts.files`).
    public static let files = FactNeeds(rawValue: 1 << 2)
    /// The verified signatures of those commits (`CommitFacts.signature`); needs trusted keys loaded.
    public static let commitSignatures = FactNeeds(rawValue: 1 << 3)
    /// The annotated tags the new value leads through, with their verified signatures (`UpdateFacts.tags`).
    public static let tags = FactNeeds(rawValue: 1 << 4)
    /// The secret scan of the new content and what it could not finish (`UpdateFacts.secrets`, `secretGaps`).
    public static let secrets = FactNeeds(rawValue: 1 << 5)
    /// git's fsck reading of the new commits and tags (`UpdateFacts.malformedObjects`): collectors gather it for
    /// every update whatever the policy says, since nothing may be judged from an object git reads two ways.
    public static let objects = FactNeeds(rawValue: 1 << 6)

    /// Anything that needs trusted keys loaded.
    public static let signatures: FactNeeds = [.commitSignatures, .tags]
}
