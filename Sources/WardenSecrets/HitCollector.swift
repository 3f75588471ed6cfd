/// Collects Vectorscan's match ends per rule during one `hs_scan`.
///
/// A class so the C callback can reach it through an opaque context pointer. Vectorscan reports every end of every
/// match (no SINGLEMATCH), which is what lets PCRE2 check that a match it finds is one Vectorscan saw.
final class HitCollector {
    /// Hits kept per rule. A broad rule can hit at nearly every byte of a large blob; past this many, the rule
    /// is marked `overflowed` and the caller lets PCRE2 scan for it directly instead of keeping megabytes of ends.
    static let maxEndsPerRule = 65_536

    private(set) var ends: [[Int]]
    /// Rules with at least one hit, in the order of their first hit.
    private(set) var rulesHit: [Int] = []
    private(set) var overflowed: Set<Int> = []

    init(ruleCount: Int) {
        ends = Array(repeating: [], count: ruleCount)
    }

    func record(rule: Int, end: Int) {
        guard rule < ends.count else { return }
        if ends[rule].isEmpty { rulesHit.append(rule) }
        guard ends[rule].count < Self.maxEndsPerRule else {
            overflowed.insert(rule)
            return
        }
        ends[rule].append(end)
    }
}
