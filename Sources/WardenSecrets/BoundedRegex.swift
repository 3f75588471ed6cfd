/// A regular expression written by a user (a policy's `commit-message-pattern`, `author-email-pattern`), run on
/// PCRE2 under the same match and depth limits as the secret rules, so a pattern such as `^(a+)+$` cannot stall a
/// hook or the audit daemon: a search that hits a limit says so (`.undecided`) instead of running for hours.
///
/// It lives here because WardenSecrets is the one module that sees PCRE2 (DESIGN: one module per C library); it is
/// `package`, not `public`, so only the policy module uses it. Patterns run in UTF mode with Unicode classes
/// (`\w`, `\d`, `\b` match Unicode, `.` one code point), close to the Swift Regex semantics policies had before.
package struct BoundedRegex: Sendable {
    package enum Outcome: Sendable, Equatable {
        case match
        case noMatch
        /// The search could not finish: a match or depth limit was hit, or PCRE2 failed (the reason says which).
        case undecided(String)
    }

    /// Why PCRE2 refused the pattern, and where (a byte offset into the pattern).
    package struct CompileError: Error, Sendable, CustomStringConvertible {
        package var message: String
        package var offset: Int
        package var description: String { "\(message) (at byte \(offset))" }
    }

    private let regex: PCRE2Regex

    package init(_ pattern: String) throws(CompileError) {
        do {
            regex = try PCRE2Regex(pattern, jit: false, unicode: true)
        } catch {
            throw CompileError(message: error.message, offset: error.offset)
        }
    }

    /// Searches the UTF-8 bytes of a text (anywhere, not a whole-string match).
    package func search(_ utf8: some Collection<UInt8>) -> Outcome {
        switch regex.search(utf8) {
        case .match: .match
        case .noMatch: .noMatch
        case .limitExceeded:
            .undecided("the regex hit its match limit (\(PCRE2MatchData.matchLimit) steps or depth \(PCRE2MatchData.depthLimit)); "
                       + "nested quantifiers such as (a+)+ backtrack without end")
        case .failed(let code): .undecided("PCRE2 error: \(PCRE2Regex.message(for: code))")
        }
    }
}
