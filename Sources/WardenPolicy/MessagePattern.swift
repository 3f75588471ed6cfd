/// A regular expression from the policy, checked against commit messages or emails.
///
/// It is a search, not a whole-string match, as in GitLab push rules: anchor with `^` and `$` when needed.
/// `^` and `$` mean the start and end of the whole text, so `^feat: ` constrains the first line.
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
        ((try? regex.firstMatch(in: text)) ?? nil) != nil
    }
}
