/// Where one real line of a file sits in a scanned buffer.
public struct LineSpan: Sendable, Hashable {
    /// The line's number in the file (1-based).
    public var line: Int
    /// Its bytes in the buffer, without the line terminator.
    public var range: Range<Int>

    public init(line: Int, range: Range<Int>) {
        self.line = line
        self.range = range
    }
}

/// Only some lines of a file, joined into one buffer, with the way back to their real line numbers.
///
/// A pre-receive or pre-commit scan should look at what a change adds, not at the whole file again. The git layer
/// appends each added line of a diff with its new-file line number; findings then carry the real line numbers.
/// Lines are joined by `\n`, so a rule spanning lines (a PEM private key) still matches across consecutive
/// added lines.
public struct AddedLines: Sendable {
    public private(set) var bytes: [UInt8]
    public private(set) var spans: [LineSpan]

    public init() {
        bytes = []
        spans = []
    }

    /// A buffer built by the caller; `spans` must be sorted by range and not overlap.
    public init(bytes: [UInt8], spans: [LineSpan]) {
        self.bytes = bytes
        self.spans = spans
    }

    /// Appends one line (without its terminator; a trailing `\n` or `\r\n` is dropped) as line `number`.
    public mutating func append(line: some Collection<UInt8>, number: Int) {
        var content = Array(line)
        if content.last == UInt8(ascii: "\n") { content.removeLast() }
        if content.last == UInt8(ascii: "\r") { content.removeLast() }
        if !bytes.isEmpty { bytes.append(UInt8(ascii: "\n")) }
        let start = bytes.count
        bytes += content
        spans.append(LineSpan(line: number, range: start..<bytes.count))
    }

    public mutating func append(line: String, number: Int) { append(line: Array(line.utf8), number: number) }
}
