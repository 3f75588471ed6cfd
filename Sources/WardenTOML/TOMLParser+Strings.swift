extension TOMLParser {
    mutating func parseBasicString() throws(TOMLError) -> String {
        let open = position
        offset += 1
        var utf8: [UInt8] = []
        var runStart = offset
        while true {
            guard let byte = current, byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r") else {
                throw error("string opened at \(open) is not closed on its line")
            }
            if byte == UInt8(ascii: "\"") {
                appendRun(runStart..<offset, to: &utf8)
                offset += 1
                return Self.text(utf8)
            }
            if byte == UInt8(ascii: "\\") {
                appendRun(runStart..<offset, to: &utf8)
                utf8 += UTF8.encode(try parseEscape())!
                runStart = offset
                continue
            }
            if Self.isForbiddenControl(byte) { throw error("control character 0x\(Self.hex(byte)) in a string") }
            offset += 1
        }
    }

    mutating func parseLiteralString() throws(TOMLError) -> String {
        let open = position
        offset += 1
        let start = offset
        while true {
            guard let byte = current, byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r") else {
                throw error("literal string opened at \(open) is not closed on its line")
            }
            if byte == UInt8(ascii: "'") {
                var utf8: [UInt8] = []
                appendRun(start..<offset, to: &utf8)
                offset += 1
                return Self.text(utf8)
            }
            if Self.isForbiddenControl(byte) { throw error("control character 0x\(Self.hex(byte)) in a string") }
            offset += 1
        }
    }

    mutating func parseMultilineBasicString() throws(TOMLError) -> String {
        try parseMultilineString(delimiter: UInt8(ascii: "\""), escapes: true)
    }

    mutating func parseMultilineLiteralString() throws(TOMLError) -> String {
        try parseMultilineString(delimiter: UInt8(ascii: "'"), escapes: false)
    }

    /// `"""..."""` (with escapes and line-ending backslashes) and `'''...'''` (raw) share everything else:
    /// CRLF read as LF, up to two delimiter characters allowed right before the closing delimiter.
    private mutating func parseMultilineString(delimiter: UInt8, escapes: Bool) throws(TOMLError) -> String {
        let open = position
        offset += 3
        skipNewlineAfterOpeningDelimiter()
        var utf8: [UInt8] = []
        var runStart = offset
        while true {
            guard let byte = current else { throw error("multi-line string opened at \(open) is not closed") }
            if byte == delimiter && peek(1) == delimiter && peek(2) == delimiter {
                var count = 3
                while count < 5 && peek(count) == delimiter { count += 1 }
                offset += count - 3
                appendRun(runStart..<offset, to: &utf8)
                offset += 3
                return Self.text(utf8)
            }
            switch byte {
            case UInt8(ascii: "\\") where escapes:
                appendRun(runStart..<offset, to: &utf8)
                if try !skipLineEndingBackslash() { utf8 += UTF8.encode(try parseEscape())! }
                runStart = offset
            case UInt8(ascii: "\n"):
                consumeNewline()
            case UInt8(ascii: "\r") where peek(1) == UInt8(ascii: "\n"):
                appendRun(runStart..<offset, to: &utf8)
                consumeNewline()
                utf8.append(UInt8(ascii: "\n"))
                runStart = offset
            default:
                if Self.isForbiddenControl(byte) { throw error("control character 0x\(Self.hex(byte)) in a string") }
                offset += 1
            }
        }
    }

    /// A new line right after `"""` or `'''` is not part of the string.
    mutating func skipNewlineAfterOpeningDelimiter() {
        if current == UInt8(ascii: "\n") || (current == UInt8(ascii: "\r") && peek(1) == UInt8(ascii: "\n")) {
            consumeNewline()
        }
    }

    /// A backslash that ends a line in a multi-line basic string swallows the new line and the blanks after it.
    mutating func skipLineEndingBackslash() throws(TOMLError) -> Bool {
        var probe = 1
        while let byte = peek(probe), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { probe += 1 }
        guard peek(probe) == UInt8(ascii: "\n") || (peek(probe) == UInt8(ascii: "\r") && peek(probe + 1) == UInt8(ascii: "\n"))
        else { return false }
        offset += probe
        while true {
            switch current {
            case UInt8(ascii: " "), UInt8(ascii: "\t"): offset += 1
            case UInt8(ascii: "\n"): consumeNewline()
            case UInt8(ascii: "\r") where peek(1) == UInt8(ascii: "\n"): consumeNewline()
            default: return true
            }
        }
    }

    mutating func parseEscape() throws(TOMLError) -> Unicode.Scalar {
        let escapePosition = position
        offset += 1
        guard let byte = current else { throw error("unfinished escape sequence") }
        offset += 1
        switch byte {
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            // Exactly 4 or 8 hex digits (no sign, no fewer), naming a Unicode scalar value (no surrogate).
            let count = byte == UInt8(ascii: "u") ? 4 : 8
            guard offset + count <= bytes.count,
                  bytes[offset..<offset + count].allSatisfy({ Self.isDigit($0, radix: 16) }),
                  let code = UInt32(Self.text(bytes[offset..<offset + count]), radix: 16),
                  let scalar = Unicode.Scalar(code)
            else {
                throw error("invalid Unicode escape: '\\\(Self.printable(byte))' needs exactly \(count) hex digits "
                            + "naming a Unicode scalar value", at: escapePosition)
            }
            offset += count
            return scalar
        default:
            throw error("invalid escape sequence '\\\(Self.printable(byte))' (use a literal string '...' for regexes)",
                        at: escapePosition)
        }
    }

    /// Appends raw source bytes; they came from a Swift `String` or were validated as UTF-8 before parsing.
    /// Strings are collected as UTF-8 and decoded once: the input is already validated UTF-8.
    func appendRun(_ range: Range<Int>, to utf8: inout [UInt8]) {
        guard !range.isEmpty else { return }
        utf8 += bytes[range]
    }
}
