extension TOMLParser {
    /// An array or inline table still open while the values inside it are read.
    private enum OpenContainer {
        case array(elements: [TOMLNode], start: TOMLPosition, depth: Int)
        /// `keys` and `keyPosition` belong to the value being read for this table.
        case inlineTable(builder: TableBuilder, keys: [KeyPart], keyPosition: TOMLPosition, start: TOMLPosition)
    }

    /// A value that would sit at `depth` (its key's table depth plus the key's parts).
    ///
    /// Arrays and inline tables nest, but this reads them with an explicit stack of open containers rather than
    /// by recursion: however deep a document tries to go, the machine stack stays flat, and the depth bound
    /// (`maximumDepth`) only limits memory and the shape callers walk.
    mutating func parseValue(depth: Int) throws(TOMLError) -> TOMLNode {
        var open: [OpenContainer] = []
        var valueDepth = depth
        while true {
            // Read the start of a value: a scalar finishes at once, a container is pushed and its first
            // element (or its immediate end) is looked for.
            let start = position
            var finished: TOMLNode?
            switch current {
            case UInt8(ascii: "[")?:
                try checkDepth(valueDepth, at: start)
                offset += 1
                try skipWhitespaceCommentsAndNewlines()
                if current == UInt8(ascii: "]") {
                    offset += 1
                    finished = TOMLNode(value: .array([]), position: start)
                } else {
                    open.append(.array(elements: [], start: start, depth: valueDepth))
                    valueDepth += 1
                    continue
                }
            case UInt8(ascii: "{")?:
                try checkDepth(valueDepth, at: start)
                offset += 1
                let builder = TableBuilder(position: start, origin: .inline, depth: valueDepth)
                skipWhitespace()
                if current == UInt8(ascii: "}") {
                    offset += 1
                    finished = TOMLNode(value: .table(builder.build(source: source)), position: start)
                } else {
                    let keyPosition = position
                    let keys = try parseKeyAndEquals(in: builder)
                    open.append(.inlineTable(builder: builder, keys: keys, keyPosition: keyPosition, start: start))
                    valueDepth = builder.depth + keys.count
                    continue
                }
            default:
                finished = try parseSimpleValue()
            }
            // Hand the finished value to the innermost open container, closing containers as their ends are
            // read, until one needs another value (or none is left).
            guard var node = finished else { continue }
            while true {
                guard let container = open.popLast() else { return node }
                switch container {
                case .array(var elements, let arrayStart, let arrayDepth):
                    elements.append(node)
                    try skipWhitespaceCommentsAndNewlines()
                    switch current {
                    case UInt8(ascii: ",")?:
                        offset += 1
                        try skipWhitespaceCommentsAndNewlines()
                        if current == UInt8(ascii: "]") {
                            offset += 1
                            node = TOMLNode(value: .array(elements), position: arrayStart)
                            continue
                        }
                        open.append(.array(elements: elements, start: arrayStart, depth: arrayDepth))
                        valueDepth = arrayDepth + 1
                    case UInt8(ascii: "]")?:
                        offset += 1
                        node = TOMLNode(value: .array(elements), position: arrayStart)
                        continue
                    case nil:
                        throw error("array opened at \(arrayStart) is not closed")
                    case let other?:
                        throw error("expected ',' or ']' in array, found '\(Self.printable(other))'")
                    }
                case .inlineTable(let builder, let keys, let keyPosition, let tableStart):
                    try assign(node, to: keys, at: keyPosition, in: builder)
                    skipWhitespace()
                    switch current {
                    case UInt8(ascii: ",")?:
                        offset += 1
                        skipWhitespace()
                        let nextKeyPosition = position
                        let nextKeys = try parseKeyAndEquals(in: builder)
                        open.append(.inlineTable(builder: builder, keys: nextKeys, keyPosition: nextKeyPosition,
                                                 start: tableStart))
                        valueDepth = builder.depth + nextKeys.count
                    case UInt8(ascii: "}")?:
                        offset += 1
                        // Finished as a value: it cannot be extended afterwards by a header or a dotted key.
                        node = TOMLNode(value: .table(builder.build(source: source)), position: tableStart)
                        continue
                    default:
                        throw error("expected ',' or '}' in an inline table (inline tables must stay on one line)")
                    }
                }
                break
            }
        }
    }

    /// A string or a scalar (number, boolean, date-time): a value that contains no other value.
    mutating func parseSimpleValue() throws(TOMLError) -> TOMLNode {
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
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "#"):
            throw error("expected a value")
        default:
            value = try parseScalar()
        }
        return TOMLNode(value: value, position: start)
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
