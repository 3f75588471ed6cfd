/// A regular expression from the policy, checked against commit messages or emails.
///
/// It is a search, not a whole-string match, as in GitLab push rules: anchor with `^` and `$` when needed.
/// `^` and `$` mean the start and end of the whole text, so `^feat: ` constrains the first line. The newline(s) git
/// stores at the end of every message are not part of the text, so `^fix: .+$` accepts a one-line message.
public struct MessagePattern: @unchecked Sendable, CustomStringConvertible {
    // Regex<AnyRegexOutput> is immutable once compiled; it is only read after construction.
    private let regex: Regex<AnyRegexOutput>
    public let pattern: String

    public var description: String { pattern }

    public init(_ pattern: String) throws(PatternError) {
        do {
            regex = try Regex(pattern)
        } catch {
            throw PatternError(pattern: pattern, message: "\(error)")
        }
        self.pattern = pattern
    }

    public func matches(_ text: String) -> Bool {
        var end = text.endIndex
        while end > text.startIndex, text[text.index(before: end)] == "\n" { end = text.index(before: end) }
        return ((try? regex.firstMatch(in: text[..<end])) ?? nil) != nil
    }
}
