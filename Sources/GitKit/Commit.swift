/// Name, email and time of an author, committer or tagger.
public struct Identity: Sendable, Hashable {
    public var name: String
    public var email: String
    /// Seconds since the Unix epoch.
    public var time: Int64
    /// Offset from UTC in minutes, as recorded.
    public var offsetMinutes: Int32
}

/// A commit's parsed header and message. Text that is not valid UTF-8 is decoded with replacement characters;
/// the exact bytes are available through `Repository.rawObject`.
public struct Commit: Sendable, Hashable {
    public var id: ObjectID
    public var tree: ObjectID
    public var parents: [ObjectID]
    public var author: Identity
    public var committer: Identity
    public var message: String

    public var isMerge: Bool { parents.count > 1 }

    /// The first line of the message, for messages to people.
    public var subject: String {
        String(message.prefix { $0 != "\n" })
    }
}

/// An annotated tag object.
public struct Tag: Sendable, Hashable {
    public var id: ObjectID
    public var name: String
    public var target: ObjectID
    public var targetKind: ObjectKind
    public var tagger: Identity?
    public var message: String
}
