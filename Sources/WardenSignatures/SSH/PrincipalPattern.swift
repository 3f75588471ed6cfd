/// OpenSSH's `match_pattern_list`: comma-separated globs (`*`, `?`) where a matching `!pattern` vetoes.
///
/// Used for `allowed_signers` principals and `namespaces=`; getting negation wrong would trust the wrong signer.
package struct PrincipalPattern: Sendable, Hashable {
    package let source: String
    private let patterns: [(negated: Bool, glob: [UInt8])]

    package init(_ source: String) {
        self.source = source
        self.patterns = source.split(separator: ",", omittingEmptySubsequences: false).map { part in
            part.hasPrefix("!") ? (true, Array(part.dropFirst().utf8)) : (false, Array(part.utf8))
        }
    }

    /// True when some positive pattern matches and no negated one does.
    package func matches(_ candidate: String, caseInsensitive: Bool = false) -> Bool {
        let text = Array((caseInsensitive ? candidate.lowercased() : candidate).utf8)
        var matched = false
        for pattern in patterns {
            let glob = caseInsensitive ? Array(String(decoding: pattern.glob, as: UTF8.self).lowercased().utf8) : pattern.glob
            if Self.glob(glob[...], text[...]) {
                if pattern.negated { return false }
                matched = true
            }
        }
        return matched
    }

    package static func == (lhs: Self, rhs: Self) -> Bool { lhs.source == rhs.source }
    package func hash(into hasher: inout Hasher) { hasher.combine(source) }

    /// Iterative glob with single-star backtracking: linear-ish, no recursion blow-up on hostile patterns.
    private static func glob(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
        var p = pattern.startIndex, t = text.startIndex
        var starP: Int?, starT = text.startIndex
        while t < text.endIndex {
            if p < pattern.endIndex && (pattern[p] == UInt8(ascii: "?") || pattern[p] == text[t]) {
                p += 1
                t += 1
            } else if p < pattern.endIndex && pattern[p] == UInt8(ascii: "*") {
                starP = p
                starT = t
                p += 1
            } else if let star = starP {
                p = star + 1
                starT += 1
                t = starT
            } else {
                return false
            }
        }
        while p < pattern.endIndex && pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.endIndex
    }
}
