/// One reason git's fsck (or git-warden, where git is ambiguous) refuses a commit or tag object.
///
/// The raw values are git's own message ids (fsck.h `FOREACH_FSCK_MSG_ID`, camel-cased as `git fsck` prints them),
/// so a rejection can be looked up in git's documentation and configured away in git in the same words. Ids
/// starting with `warden` are git-warden's own: objects git's fsck accepts but git itself reads two ways.
public enum FsckProblemID: String, Sendable, Hashable, CaseIterable {
    // fatal in git
    case nulInHeader, unterminatedHeader
    // errors in git
    case badDate, badDateOverflow, badEmail, badName, badObjectSha1, badParentSha1, badTimezone, badTreeSha1,
         badType, missingAuthor, missingCommitter, missingEmail, missingNameBeforeEmail, missingObject,
         missingSpaceBeforeDate, missingSpaceBeforeEmail, missingTag, missingTagEntry, missingTree, missingType,
         missingTypeEntry, multipleAuthors, zeroPaddedDate
    // a warning in git
    case nulInCommit
    // infos in git (shown only when configured)
    case badTagName, missingTaggerEntry
    // ignored by git fsck, an error for `git mktag`
    case extraHeaderEntry
    // git-warden's own: git fsck accepts these, but git reads them in two ways
    case wardenMultipleCommitters, wardenLateAuthor, wardenDateNotDigits, wardenIdentityNotUTF8,
         wardenIdentityReencoded, wardenNulInTag

    public enum Severity: String, Sendable {
        case fatal, error, warning, info, ignored
        /// Not a git fsck message at all.
        case warden
    }

    /// How git 2.39's fsck treats it by default. git-warden rejects every one of them.
    public var gitSeverity: Severity {
        switch self {
        case .nulInHeader, .unterminatedHeader: .fatal
        case .nulInCommit: .warning
        case .badTagName, .missingTaggerEntry: .info
        case .extraHeaderEntry: .ignored
        case .wardenMultipleCommitters, .wardenLateAuthor, .wardenDateNotDigits, .wardenIdentityNotUTF8,
             .wardenIdentityReencoded, .wardenNulInTag: .warden
        default: .error
        }
    }

    /// Whether git's fsck reports it by default (errors and warnings); the others need `fsck.<id>` configuration.
    public var gitReportsByDefault: Bool {
        switch gitSeverity {
        case .fatal, .error, .warning: true
        case .info, .ignored, .warden: false
        }
    }
}

/// A problem found in one object, with git's wording where git has one.
public struct FsckProblem: Sendable, Hashable, CustomStringConvertible {
    public let id: FsckProblemID
    public let message: String

    public init(_ id: FsckProblemID, _ message: String) {
        self.id = id
        self.message = message
    }

    /// `badTimezone: invalid author/committer line - bad time zone` (git fsck's format after the object name).
    public var description: String { "\(id.rawValue): \(message)" }
}
