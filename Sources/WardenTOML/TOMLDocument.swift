/// The one way into the TOML reader. Every configuration file git-warden reads (policy, rule files of both
/// formats, the daemon configuration, `scan --config`) comes in here as raw bytes, so every one of them is
/// held to the same TOML 1.0 rules and the same limits.
public enum TOMLDocument {
    /// Parses raw file bytes. TOML must be UTF-8: an invalid byte is reported at its line instead of being
    /// silently replaced, so a rule or policy never means something other than what the file says.
    /// `source` names the file in error messages.
    public static func parse(bytes: [UInt8], source: String) throws(TOMLError) -> TOMLTable {
        if let bad = firstInvalidUTF8(bytes) {
            let before = bytes[..<bad]
            let line = before.count(where: { $0 == UInt8(ascii: "\n") }) + 1
            let column = bad - (before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
            throw TOMLError(source: source, position: TOMLPosition(line: line, column: column),
                            message: "invalid UTF-8 byte 0x\(TOMLParser.hex(bytes[bad]))")
        }
        var parser = TOMLParser(bytes: bytes, source: source)
        return try parser.parseDocument()
    }

    /// Parses text already held as a `String` (embedded defaults, tests): the same reader over its UTF-8.
    public static func parse(_ text: String, source: String) throws(TOMLError) -> TOMLTable {
        try parse(bytes: Array(text.utf8), source: source)
    }

    /// The offset of the first byte that does not belong to well-formed UTF-8 (overlong forms, surrogates and
    /// values past U+10FFFF included), or nil.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}
