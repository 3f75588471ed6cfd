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
        let prefix = commonPrefix(new, old, limit: limit)
        let suffix = commonSuffix(new, old, limit: limit - prefix)
        guard prefix < new.count - suffix else { return nil }
        var start = max(0, prefix - margin)
        while start > 0 && new[start - 1] != UInt8(ascii: "\n") { start -= 1 }
        var end = min(new.count, new.count - suffix + margin)
        while end < new.count && new[end] != UInt8(ascii: "\n") { end += 1 }
        return start..<end
    }

    /// How many leading bytes `a` and `b` share, at most `limit`: eight bytes compared at a time (most versions
    /// share almost all their bytes with the one before, so this loop runs over nearly every byte of a history).
    static func commonPrefix(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer, limit: Int) -> Int {
        var index = 0
        while index + 8 <= limit {
            let difference = a.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                ^ b.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            // Little-endian: the first differing byte holds the lowest set bit.
            if difference != 0 { return index + UInt64(littleEndian: difference).trailingZeroBitCount / 8 }
            index += 8
        }
        while index < limit && a[index] == b[index] { index += 1 }
        return index
    }

    /// How many trailing bytes `a` and `b` share, at most `limit`, eight at a time.
    static func commonSuffix(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer, limit: Int) -> Int {
        var suffix = 0
        while suffix + 8 <= limit {
            let difference = a.loadUnaligned(fromByteOffset: a.count - suffix - 8, as: UInt64.self)
                ^ b.loadUnaligned(fromByteOffset: b.count - suffix - 8, as: UInt64.self)
            // The last differing byte holds the highest set bit.
            if difference != 0 { return suffix + UInt64(littleEndian: difference).leadingZeroBitCount / 8 }
            suffix += 8
        }
        while suffix < limit && a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        return suffix
    }

    /// How many lines precede `offset`: what a finding's line in the region is off by.
    static func lines(before offset: Int, in bytes: UnsafeRawBufferPointer) -> Int {
        var count = 0
        for byte in bytes[..<offset] where byte == UInt8(ascii: "\n") { count += 1 }
        return count
    }
}
