/// Something a caller should know about a scan besides its findings: what was not scanned, or not fully.
///
/// A clean result and a skipped blob must not look alike, so every shortcut the scanner takes leaves a note.
public enum ScanNote: Sendable, Hashable, CustomStringConvertible {
    /// A NUL byte in the first 8000 bytes (git's rule): treated as binary and not scanned (path-only rules still
    /// applied).
    case binarySkipped
    /// Only the first `scanned` of `total` bytes were scanned (`ScanOptions.maxBytes`).
    case truncated(scanned: Int, total: Int)
    /// The global allowlist exempts this path.
    case pathAllowlisted
    /// A rule's regex hit PCRE2's match limit on the candidate starting at `offset`: that candidate was not
    /// decided (the rest of the content was still checked).
    case matchLimitExceeded(ruleID: String, offset: Int)
    /// A rule hit the match limit on so many candidates that it gave up on the content from `offset` on.
    case ruleAbandoned(ruleID: String, offset: Int)
    /// A rule could not run (its regex failed to compile in this process).
    case ruleFailed(ruleID: String, message: String)

    /// The rule could not decide part of the content: a hook must treat that as "could not decide", not as clean.
    public var leavesRuleUndecided: String? {
        switch self {
        case .matchLimitExceeded(let id, _), .ruleAbandoned(let id, _), .ruleFailed(let id, _): id
        case .binarySkipped, .truncated, .pathAllowlisted: nil
        }
    }

    public var description: String {
        switch self {
        case .binarySkipped: "binary content (a NUL byte in the first 8000 bytes), not scanned"
        case .truncated(let scanned, let total): "only the first \(scanned) of \(total) bytes scanned (size cap)"
        case .pathAllowlisted: "path allowlisted, not scanned"
        case .matchLimitExceeded(let id, let offset):
            "rule '\(id)' could not decide the candidate at byte \(offset) (regex match limit)"
        case .ruleAbandoned(let id, let offset):
            "rule '\(id)' hit the regex match limit \(SecretScanner.maxLimitHits) times and was not checked from byte \(offset) on"
        case .ruleFailed(let id, let message): "rule '\(id)' could not run: \(message)"
        }
    }
}
