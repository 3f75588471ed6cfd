import Foundation

/// Turns byte offsets of a scanned buffer into 1-based line and column numbers.
///
/// For a whole file, lines are counted from newline positions (found once, on the first question). For added
/// lines, each offset maps back through the caller's `LineSpan`s to the file's real line number.
struct LineLocator {
    let text: UnsafeBufferPointer<UInt8>
    let spans: [LineSpan]?
    private var newlines: [Int]?
    /// The last column computed, so that many findings on one long line (findings come in offset order) cost
    /// one pass over the line rather than one pass each.
    private var last: (lineStart: Int, offset: Int, column: Int)?

    init(text: UnsafeBufferPointer<UInt8>, spans: [LineSpan]?) {
        self.text = text
        self.spans = spans
    }

    mutating func position(of offset: Int) -> (line: Int, column: Int) {
        if let spans, !spans.isEmpty {
            let index = max(0, Self.lastIndex(in: spans.map(\.range.lowerBound), notAbove: offset))
            let span = spans[index]
            return (span.line, column(from: span.range.lowerBound, to: offset))
        }
        let newlines = self.newlines ?? findNewlines()
        self.newlines = newlines
        let before = Self.lastIndex(in: newlines, below: offset)
        let lineStart = before >= 0 ? newlines[before] + 1 : 0
        return (before + 2, column(from: lineStart, to: offset))
    }

    /// Unicode scalars, counted as bytes that do not continue a UTF-8 sequence: right for valid UTF-8, and still
    /// a sensible number for anything else.
    private mutating func column(from start: Int, to offset: Int) -> Int {
        guard start < offset else { return 1 }
        var from = start
        var column = 1
        if let last, last.lineStart == start, last.offset <= offset {
            from = last.offset
            column = last.column
        }
        column = text[from..<offset].reduce(column) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
        last = (start, offset, column)
        return column
    }

    private func findNewlines() -> [Int] {
        guard let base = text.baseAddress else { return [] }
        var found: [Int] = []
        var offset = 0
        while offset < text.count, let hit = memchr(base + offset, 0x0A, text.count - offset) {
            let position = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            found.append(position)
            offset = position + 1
        }
        return found
    }

    /// Index of the last value `< bound` in sorted `values`, or -1.
    private static func lastIndex(in values: [Int], below bound: Int) -> Int {
        var low = 0
        var high = values.count
        while low < high {
            let middle = (low + high) / 2
            if values[middle] < bound { low = middle + 1 } else { high = middle }
        }
        return low - 1
    }

    /// Index of the last value `<= bound` in sorted `values`, or -1.
    private static func lastIndex(in values: [Int], notAbove bound: Int) -> Int {
        lastIndex(in: values, below: bound + 1)
    }
}
