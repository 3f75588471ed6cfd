internal import WardenSecrets

/// A regular expression from the policy, checked against commit messages or emails.
///
/// It is a search, not a whole-string match, as in GitLab push rules: anchor with `^` and `$` when needed.
/// `^` and `$` mean the start and end of the whole text, so `^feat: ` constrains the first line. The newline(s) git
/// stores at the end of every message are not part of the text, so `^fix: .+$` accepts a one-line message.
///
/// The pattern is PCRE2 syntax, run under match and depth limits (a user's regex must never hang a hook or the
/// audit daemon): a search that hits a limit is `.undecided`, which the checks turn into a rejection naming the
/// rule. WardenSecrets owns PCRE2 and lends it here as `BoundedRegex`, so one module still sees the C library.
public struct MessagePattern: Sendable, CustomStringConvertible {
    public enum Outcome: Sendable, Equatable {
        case match
        case noMatch
        /// The regex could not finish on this text; the reason says why.
        case undecided(String)
    }

    private let regex: BoundedRegex
    public let pattern: String

    public var description: String { pattern }

    public init(_ pattern: String) throws(PatternError) {
        do {
            regex = try BoundedRegex(pattern)
        } catch {
            throw PatternError(pattern: pattern, message: error.description)
        }
        self.pattern = pattern
    }

    /// Searches `text` without its trailing newlines.
    public func search(_ text: String) -> Outcome {
        var end = text.utf8.endIndex
        while end > text.utf8.startIndex, text.utf8[text.utf8.index(before: end)] == UInt8(ascii: "\n") {
            end = text.utf8.index(before: end)
        }
        switch regex.search(text.utf8[..<end]) {
        case .match: return .match
        case .noMatch: return .noMatch
        case .undecided(let reason): return .undecided(reason)
        }
    }

    /// True only for a match: an undecided search is not one (callers that must say why use `search`).
    public func matches(_ text: String) -> Bool {
        search(text) == .match
    }
}
