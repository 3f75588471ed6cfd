/// A glob over '/'-separated names (refs and paths): `*` and `?` stay within one segment, `**` crosses segments,
/// `[a-z]` / `[!a-z]` are classes, and `\` escapes. This is the convention of GitHub rulesets and Gitea protected
/// branches, so `refs/tags/*` does not cover `refs/tags/v1/rc1`; write `refs/tags/**` for that.
///
/// Matching is memoised over (pattern position, text position), so a crafted ref name cannot make it slow.
public struct GlobPattern: Sendable, Hashable, CustomStringConvertible {
    enum Token: Sendable, Hashable {
        case literal(UInt8)
        case anyInSegment
        case anyAcrossSegments
        /// `**/`: zero or more whole segments.
        case anySegments
        case oneInSegment
        case set([ClosedRange<UInt8>], negated: Bool)
    }

    public let pattern: String
    let tokens: [Token]

    public var description: String { pattern }

    public init(_ pattern: String) throws(PatternError) {
        self.pattern = pattern
        self.tokens = try Self.tokenize(Array(pattern.utf8), pattern: pattern)
    }

    /// True when the pattern has no wildcard, so it names exactly one thing.
    public var isLiteral: Bool {
        tokens.allSatisfy { if case .literal = $0 { true } else { false } }
    }

    public func matches(_ text: String) -> Bool {
        var matcher = Matcher(tokens: tokens, text: Array(text.utf8))
        return matcher.match(0, 0)
    }

    private static func tokenize(_ bytes: [UInt8], pattern: String) throws(PatternError) -> [Token] {
        var tokens: [Token] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "*"):
                if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*") {
                    let atSegmentStart = index == 0 || bytes[index - 1] == UInt8(ascii: "/")
                    if atSegmentStart && index + 2 < bytes.count && bytes[index + 2] == UInt8(ascii: "/") {
                        tokens.append(.anySegments)
                        index += 3
                    } else {
                        tokens.append(.anyAcrossSegments)
                        index += 2
                    }
                } else {
                    tokens.append(.anyInSegment)
                    index += 1
                }
            case UInt8(ascii: "?"):
                tokens.append(.oneInSegment)
                index += 1
            case UInt8(ascii: "["):
                let (set, next) = try parseSet(bytes, from: index + 1, pattern: pattern)
                tokens.append(set)
                index = next
            case UInt8(ascii: "\\"):
                guard index + 1 < bytes.count else {
                    throw PatternError(pattern: pattern, message: "pattern ends with an escape character")
                }
                tokens.append(.literal(bytes[index + 1]))
                index += 2
            default:
                tokens.append(.literal(byte))
                index += 1
            }
        }
        return tokens
    }

    private static func parseSet(_ bytes: [UInt8], from start: Int, pattern: String) throws(PatternError) -> (Token, Int) {
        var index = start
        var negated = false
        if index < bytes.count && (bytes[index] == UInt8(ascii: "!") || bytes[index] == UInt8(ascii: "^")) {
            negated = true
            index += 1
        }
        var ranges: [ClosedRange<UInt8>] = []
        var first = true
        while index < bytes.count {
            var low = bytes[index]
            if low == UInt8(ascii: "]") && !first { return (.set(ranges, negated: negated), index + 1) }
            first = false
            if low == UInt8(ascii: "\\") && index + 1 < bytes.count { index += 1; low = bytes[index] }
            if index + 2 < bytes.count && bytes[index + 1] == UInt8(ascii: "-") && bytes[index + 2] != UInt8(ascii: "]") {
                let high = bytes[index + 2]
                guard low <= high else {
                    throw PatternError(pattern: pattern, message: "character range is reversed")
                }
                ranges.append(low...high)
                index += 3
            } else {
                ranges.append(low...low)
                index += 1
            }
        }
        throw PatternError(pattern: pattern, message: "'[' is not closed")
    }

    private struct Matcher {
        let tokens: [Token]
        let text: [UInt8]
        /// (token, text position) pairs known not to match: what keeps patterns with several stars linear. A flat
        /// table, made at the first failure (a hash set cost more than the matching itself on ordinary paths).
        var failed: [Bool] = []

        init(tokens: [Token], text: [UInt8]) {
            self.tokens = tokens
            self.text = text
        }

        mutating func match(_ tokenIndex: Int, _ textIndex: Int) -> Bool {
            if tokenIndex == tokens.count { return textIndex == text.count }
            let key = tokenIndex * (text.count + 1) + textIndex
            if !failed.isEmpty && failed[key] { return false }
            let result = step(tokenIndex, textIndex)
            if !result {
                if failed.isEmpty { failed = [Bool](repeating: false, count: tokens.count * (text.count + 1)) }
                failed[key] = true
            }
            return result
        }

        private mutating func step(_ tokenIndex: Int, _ textIndex: Int) -> Bool {
            let slash = UInt8(ascii: "/")
            switch tokens[tokenIndex] {
            case .literal(let byte):
                return textIndex < text.count && text[textIndex] == byte && match(tokenIndex + 1, textIndex + 1)
            case .oneInSegment:
                return textIndex < text.count && text[textIndex] != slash && match(tokenIndex + 1, textIndex + 1)
            case .set(let ranges, let negated):
                guard textIndex < text.count, text[textIndex] != slash else { return false }
                let inSet = ranges.contains { $0.contains(text[textIndex]) }
                return inSet != negated && match(tokenIndex + 1, textIndex + 1)
            case .anyInSegment:
                var end = textIndex
                while true {
                    if match(tokenIndex + 1, end) { return true }
                    guard end < text.count, text[end] != slash else { return false }
                    end += 1
                }
            case .anyAcrossSegments:
                for end in textIndex...text.count where match(tokenIndex + 1, end) { return true }
                return false
            case .anySegments:
                if match(tokenIndex + 1, textIndex) { return true }
                var end = textIndex
                while end < text.count {
                    if text[end] == slash && match(tokenIndex + 1, end + 1) { return true }
                    end += 1
                }
                return false
            }
        }
    }
}

/// A pattern that cannot be compiled, with the reason.
public struct PatternError: Error, Sendable, CustomStringConvertible {
    public var pattern: String
    public var message: String

    public var description: String { "invalid pattern '\(pattern)': \(message)" }
}
