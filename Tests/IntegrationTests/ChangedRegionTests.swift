import Foundation
import Testing
@testable import WardenCore

/// The common prefix and suffix of two versions, compared eight bytes at a time, are the ones a byte-by-byte
/// comparison finds, wherever the difference falls relative to the eight-byte words.
@Suite struct ChangedRegionTests {
    static func bytewise(_ a: [UInt8], _ b: [UInt8]) -> (prefix: Int, suffix: Int) {
        let limit = min(a.count, b.count)
        var prefix = 0
        while prefix < limit && a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < limit - prefix && a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        return (prefix, suffix)
    }

    static func wordwise(_ a: [UInt8], _ b: [UInt8]) -> (prefix: Int, suffix: Int) {
        a.withUnsafeBytes { a in
            b.withUnsafeBytes { b in
                let limit = min(a.count, b.count)
                let prefix = ChangedRegion.commonPrefix(a, b, limit: limit)
                return (prefix, ChangedRegion.commonSuffix(a, b, limit: limit - prefix))
            }
        }
    }

    @Test func prefixAndSuffixMatchTheByteComparison() {
        let base = (0..<100).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        for position in 0..<100 {
            var changed = base
            changed[position] &+= 1
            #expect(Self.wordwise(base, changed) == Self.bytewise(base, changed), "changed at \(position)")
            var inserted = base
            inserted.insert(0xAA, at: position)
            #expect(Self.wordwise(base, inserted) == Self.bytewise(base, inserted), "inserted at \(position)")
            #expect(Self.wordwise(inserted, base) == Self.bytewise(inserted, base), "removed at \(position)")
            let cut = Array(base[..<position])
            #expect(Self.wordwise(base, cut) == Self.bytewise(base, cut), "cut at \(position)")
        }
        #expect(Self.wordwise(base, base) == (100, 0))
        #expect(Self.wordwise([], base) == (0, 0))
    }

    @Test func theRegionIsTheChangedLinesWithTheirMargin() {
        let old = Array((0..<2000).map { "line \($0)\n" }.joined().utf8)
        var new = old
        let middle = old.count / 2
        new.replaceSubrange(middle..<middle + 3, with: Array("XYZW".utf8))
        let region = new.withUnsafeBytes { n in old.withUnsafeBytes { o in ChangedRegion.of(n, comparedWith: o) } }
        let found = try? #require(region)
        #expect(found.map { $0.lowerBound <= middle - ChangedRegion.margin && $0.upperBound >= middle + 4 + ChangedRegion.margin } == true)
        #expect(found.map { $0.lowerBound == 0 || new[$0.lowerBound - 1] == UInt8(ascii: "\n") } == true)
        let shorter = Array(old.dropLast(10))
        #expect(shorter.withUnsafeBytes { n in old.withUnsafeBytes { o in ChangedRegion.of(n, comparedWith: o) } } == nil)
    }
}
