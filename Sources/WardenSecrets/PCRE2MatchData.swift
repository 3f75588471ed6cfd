internal import CPCRE2

/// The mutable side of PCRE2 matching: capture offsets and the limits every match runs under.
///
/// Not shareable between threads; a scan makes its own. The match and depth limits bound the work of one match
/// attempt, so a rule with nested quantifiers cannot hang a hook on crafted input: the attempt fails and the scan
/// records a note instead.
final class PCRE2MatchData {
    /// Enough for any sane rule on a window of a few KiB; PCRE2's own default is 10 million.
    static let matchLimit: UInt32 = 1_000_000
    static let depthLimit: UInt32 = 10_000

    let pointer: OpaquePointer
    let context: OpaquePointer

    init(pairs: Int) {
        pointer = pcre2_match_data_create_8(UInt32(max(1, pairs)), nil)
        context = pcre2_match_context_create_8(nil)
        pcre2_set_match_limit_8(context, Self.matchLimit)
        pcre2_set_depth_limit_8(context, Self.depthLimit)
    }

    deinit {
        pcre2_match_data_free_8(pointer)
        pcre2_match_context_free_8(context)
    }

    /// Byte range of capture `group` of the last match, or nil when the group did not take part.
    func range(of group: Int) -> Range<Int>? {
        guard group < Int(pcre2_get_ovector_count_8(pointer)) else { return nil }
        let ovector = pcre2_get_ovector_pointer_8(pointer)!
        let start = ovector[2 * group]
        let end = ovector[2 * group + 1]
        // PCRE2_UNSET is SIZE_MAX, which Swift's `Int` view of size_t shows as -1.
        guard start >= 0, end >= 0, start <= end else { return nil }
        return start..<end
    }
}
