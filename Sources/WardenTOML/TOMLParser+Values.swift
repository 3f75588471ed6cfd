extension TOMLParser {
    /// A value that would sit at `depth` (its key's table depth plus one). Only arrays and inline tables recurse,
    /// and each checks its depth first, so the recursion never passes `maximumDepth` frames.
    mutating func parseValue(depth: Int) throws(TOMLError) -> TOMLNode {
        let start = position
        guard let byte = current else { throw error("expected a value, found the end of the file") }
        let value: TOMLValue
        switch byte {
        case UInt8(ascii: "\""):
            if peek(1) == UInt8(ascii: "\"") && peek(2) == UInt8(ascii: "\"") {
                value = .string(try parseMultilineBasicString())
            } else {
                value = .string(try parseBasicString())
            }
        case UInt8(ascii: "'"):
            if peek(1) == UInt8(ascii: "'") && peek(2) == UInt8(ascii: "'") {
                value = .string(try parseMultilineLiteralString())
            } else {
                value = .string(try parseLiteralString())
            }
        case UInt8(ascii: "["):
            try checkDepth(depth, at: start)
            value = .array(try parseArray(depth: depth))
        case UInt8(ascii: "{"):
            try checkDepth(depth, at: start)
            value = .table(try parseInlineTable(depth: depth))
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "#"):
            throw error("expected a value")
        default:
            value = try parseScalar()
        }
        return TOMLNode(value: value, position: start)
    }

    mutating func parseArray(depth: Int) throws(TOMLError) -> [TOMLNode] {
        let open = position
        offset += 1
        var elements: [TOMLNode] = []
        while true {
            try skipWhitespaceCommentsAndNewlines()
            guard let byte = current else { throw error("array opened at \(open) is not closed") }
            if byte == UInt8(ascii: "]") { offset += 1; return elements }
            elements.append(try parseValue(depth: depth + 1))
            try skipWhitespaceCommentsAndNewlines()
            switch current {
            case UInt8(ascii: ","): offset += 1
            case UInt8(ascii: "]"): offset += 1; return elements
            case nil: throw error("array opened at \(open) is not closed")
            case let other?: throw error("expected ',' or ']' in array, found '\(Self.printable(other))'")
            }
        }
    }

    /// An inline table is finished as a value as soon as its `}` is read. Being a value, not a table slot, it
    /// cannot be extended afterwards by a header or a dotted key, as TOML requires.
    mutating func parseInlineTable(depth: Int) throws(TOMLError) -> TOMLTable {
        let builder = TableBuilder(position: position, origin: .inline, depth: depth)
        offset += 1
        skipWhitespace()
        if current == UInt8(ascii: "}") { offset += 1; return builder.build(source: source) }
        while true {
            skipWhitespace()
            try parseKeyValue(into: builder)
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): offset += 1
            case UInt8(ascii: "}"): offset += 1; return builder.build(source: source)
            default: throw error("expected ',' or '}' in an inline table (inline tables must stay on one line)")
            }
        }
    }

    // MARK: Scalars

    mutating func parseScalar() throws(TOMLError) -> TOMLValue {
        let start = position
        let first = offset
        while let byte = current, Self.isScalarByte(byte) {
            offset += 1
            // A date and a time may be separated by one space: "1979-05-27 07:32:00".
            if current == UInt8(ascii: " "), let next = peek(1), Self.isDigit(next),
               offset - first == 10, bytes[first + 4] == UInt8(ascii: "-") {
                offset += 1
            }
        }
        let token = bytes[first..<offset]
        guard !token.isEmpty else {
            throw error("expected a value, found '\(Self.printable(bytes[offset]))'", at: start)
        }
        let text = Self.text(token)
        switch text {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        if let value = Self.integer(token) { return .integer(value) }
        if let value = Self.float(token) { return .float(value) }
        if TOMLDateTime.kind(of: token) != nil { return .dateTime(text) }
        if Self.looksNumeric(token) {
            throw error("'\(text)' is not a valid number, date or time (out of range, or not TOML 1.0 syntax)",
                        at: start)
        }
        throw error("'\(text)' is not a valid value (strings need quotes)", at: start)
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    static func isScalarByte(_ byte: UInt8) -> Bool {
        isBareKeyByte(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
    }

    static func looksNumeric(_ token: ArraySlice<UInt8>) -> Bool {
        guard let first = token.first else { return false }
        return isDigit(first) || first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
    }
}
