import Foundation

/// The committer (commit) or tagger (tag) of a raw object: the email policy compares with the signer, and the
/// time at which SSH key validity is judged (git passes it to `ssh-keygen -Overify-time`).
public struct ObjectIdentity: Sendable, Hashable {
    public let name: String
    public let email: String
    public let date: Date?

    /// Reads the first `committer` / `tagger` header line (headers end at the first empty line).
    public init?(rawObject: [UInt8], kind: GitObjectKind) {
        let key = Array((kind == .commit ? "committer " : "tagger ").utf8)
        var offset = 0
        while offset < rawObject.count, rawObject[offset] != UInt8(ascii: "\n") {
            let end = rawObject[offset...].firstIndex(of: UInt8(ascii: "\n")) ?? rawObject.count
            let line = rawObject[offset..<end]
            if line.starts(with: key) {
                guard let parsed = Self.parse(String(decoding: line.dropFirst(key.count), as: UTF8.self)) else {
                    return nil
                }
                self = parsed
                return
            }
            offset = end + 1
        }
        return nil
    }

    private init(name: String, email: String, date: Date?) {
        self.name = name
        self.email = email
        self.date = date
    }

    /// `Name <email> 1700000000 +0100`
    private static func parse(_ value: String) -> ObjectIdentity? {
        guard let open = value.firstIndex(of: "<"), let close = value[open...].firstIndex(of: ">") else { return nil }
        let name = value[..<open].trimmingCharacters(in: .whitespaces)
        let email = String(value[value.index(after: open)..<close])
        let rest = value[value.index(after: close)...].split(separator: " ")
        let date = rest.first.flatMap { Int64($0) }.map { Date(timeIntervalSince1970: TimeInterval($0)) }
        return ObjectIdentity(name: name, email: email, date: date)
    }
}
