/// Where a new version of a file differs from the version before it: the bytes between their common prefix and
/// common suffix, widened by `margin` bytes and then to whole lines.
///
/// A history scan that scans each version only there still finds every secret once: whatever lies outside the
/// region is byte for byte in the older version, which is scanned in turn (the oldest version whole), and the
/// fingerprint dedupe keeps the oldest commit. The margin keeps a changed secret's keyword and line context
/// (rules look up to 512 bytes around a match) inside what is scanned.
struct ChangedRegion {
    static let margin = 4096

    /// The region in `new`, or nil when `new` only lost bytes (nothing in it is new).
    static func of(_ new: UnsafeRawBufferPointer, comparedWith old: UnsafeRawBufferPointer) -> Range<Int>? {
        let limit = min(new.count, old.count)
        var prefix = 0
        while prefix < limit && new[prefix] == old[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < limit - prefix && new[new.count - 1 - suffix] == old[old.count - 1 - suffix] { suffix += 1 }
        guard prefix < new.count - suffix else { return nil }
        var start = max(0, prefix - margin)
        while start > 0 && new[start - 1] != UInt8(ascii: "\n") { start -= 1 }
        var end = min(new.count, new.count - suffix + margin)
        while end < new.count && new[end] != UInt8(ascii: "\n") { end += 1 }
        return start..<end
    }

    /// How many lines precede `offset`: what a finding's line in the region is off by.
    static func lines(before offset: Int, in bytes: UnsafeRawBufferPointer) -> Int {
        var count = 0
        for byte in bytes[..<offset] where byte == UInt8(ascii: "\n") { count += 1 }
        return count
    }
}
