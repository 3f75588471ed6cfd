/// A confirmed regex match, before keywords, entropy and allowlists decide whether it becomes a finding.
struct Candidate {
    var ruleIndex: Int
    /// The whole match.
    var match: Range<Int>
    /// The secret group within it.
    var secret: Range<Int>
}
