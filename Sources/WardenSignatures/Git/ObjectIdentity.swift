import Foundation

/// The committer (commit) or tagger (tag) of a raw object as `git log` shows it (`%cn`/`%ce`/`%ct`): the email
/// policy compares with the signer. Read by `ParsedObject` (GitObjects), the one identity reader of git-warden.
///
/// The time at which an SSH key's validity is judged is NOT this date: git reads that from the signed payload
/// (`ParsedObject.signerLine`), see `SignatureVerifier`. For objects git-warden accepts (fsck-clean, one
/// committer line, a date that starts with a digit) the two are the same line.
public struct ObjectIdentity: Sendable, Hashable {
    public let name: String
    public let email: String
    /// nil when git sees no date (no timezone, or a date that does not start with a digit).
    public let date: Date?

    public init?(rawObject: [UInt8], kind: GitObjectKind) {
        guard let line = ParsedObject(raw: rawObject, kind: kind).committer else { return nil }
        self.init(line)
    }

    public init(_ line: IdentityLine) {
        name = line.nameText
        email = line.emailText
        date = line.timestamp.map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }
}
