import GitObjects

/// Name, email and time of an author, committer or tagger, as git shows them (`%an`, `%ae`, `%at`).
public struct Identity: Sendable, Hashable {
    public var name: String
    public var email: String
    /// Seconds since the Unix epoch; 0 where git sees no date (then `%at` is empty).
    public var time: Int64
    /// Offset from UTC in minutes, as recorded.
    public var offsetMinutes: Int32

    public init(name: String, email: String, time: Int64, offsetMinutes: Int32) {
        self.name = name
        self.email = email
        self.time = time
        self.offsetMinutes = offsetMinutes
    }

    /// From a line split by git's rules (GitObjects); an unsplittable or missing line gives empty fields, as
    /// `git log` shows nothing for it.
    public init(_ line: IdentityLine?) {
        let time = line?.timestamp.map { Int64(clamping: $0) } ?? 0
        var offset: Int32 = 0
        if let zone = line?.timezone, zone.count == 5, let value = Int32(String(decoding: zone.dropFirst(), as: UTF8.self)) {
            offset = (value / 100 * 60 + value % 100) * (zone.first == UInt8(ascii: "-") ? -1 : 1)
        }
        self.init(name: line?.nameText ?? "", email: line?.emailText ?? "", time: time, offsetMinutes: offset)
    }
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
