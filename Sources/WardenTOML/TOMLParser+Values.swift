extension TOMLParser {
    mutating func parseValue() throws(TOMLError) -> TOMLNode {
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
            value = .array(try parseArray())
        case UInt8(ascii: "{"):
            value = .table(try parseInlineTable())
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "#"):
            throw error("expected a value")
        default:
            value = try parseScalar()
        }
        return TOMLNode(value: value, position: start)
    }

    mutating func parseArray() throws(TOMLError) -> [TOMLNode] {
        let open = position
        offset += 1
        var elements: [TOMLNode] = []
        while true {
            try skipWhitespaceCommentsAndNewlines()
            guard let byte = current else { throw error("array opened at \(open) is not closed") }
            if byte == UInt8(ascii: "]") { offset += 1; return elements }
            elements.append(try parseValue())
            try skipWhitespaceCommentsAndNewlines()
            switch current {
            case UInt8(ascii: ","): offset += 1
            case UInt8(ascii: "]"): offset += 1; return elements
            case nil: throw error("array opened at \(open) is not closed")
            case let other?: throw error("expected ',' or ']' in array, found '\(Self.printable(other))'")
            }
        }
    }

    mutating func parseInlineTable() throws(TOMLError) -> TOMLTable {
        let builder = TableBuilder(position: position, origin: .inline)
        offset += 1
        skipWhitespace()
        if current == UInt8(ascii: "}") { offset += 1; return builder.build(source: source) }
        while true {
            skipWhitespace()
            try parseKeyValue(into: builder)
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): offset += 1
            case UInt8(ascii: "}"): offset += 1; return freeze(builder).build(source: source)
            default: throw error("expected ',' or '}' in an inline table (inline tables must stay on one line)")
            }
        }
    }

    /// Inline tables, and the tables their dotted keys create, cannot be extended afterwards.
    private func freeze(_ builder: TableBuilder) -> TableBuilder {
        builder.origin = .inline
        for key in builder.order {
            if case .table(let child)? = builder[key] { _ = freeze(child) }
        }
        return builder
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
        let token = String(decoding: bytes[first..<offset], as: UTF8.self)
        guard !token.isEmpty else {
            throw error("expected a value, found '\(Self.printable(bytes[offset]))'", at: start)
        }
        switch token {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        if let value = Self.integer(token) { return .integer(value) }
        if let value = Self.float(token) { return .float(value) }
        if Self.isDateTime(token) { return .dateTime(token) }
        throw error("'\(token)' is not a valid value (strings need quotes)", at: start)
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    static func isScalarByte(_ byte: UInt8) -> Bool {
        isBareKeyByte(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
    }

    /// Underscores are allowed only between digits.
    static func stripUnderscores(_ digits: Substring) -> String? {
        guard !digits.isEmpty, digits.first != "_", digits.last != "_", !digits.contains("__") else { return nil }
        return String(digits.filter { $0 != "_" })
    }

    static func integer(_ token: String) -> Int64? {
        var body = Substring(token)
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where body.hasPrefix(prefix) {
            guard let digits = stripUnderscores(body.dropFirst(2)) else { return nil }
            return Int64(digits, radix: radix)
        }
        var sign = ""
        if let first = body.first, first == "+" || first == "-" {
            sign = first == "-" ? "-" : ""
            body = body.dropFirst()
        }
        guard let digits = stripUnderscores(body), digits.allSatisfy(\.isASCIIDigit) else { return nil }
        if digits.count > 1 && digits.hasPrefix("0") { return nil }
        return Int64(sign + digits)
    }

    static func float(_ token: String) -> Double? {
        var body = Substring(token)
        var sign = ""
        if let first = body.first, first == "+" || first == "-" {
            sign = String(first)
            body = body.dropFirst()
        }
        let exponentSplit = body.split(separator: "e", maxSplits: 1, omittingEmptySubsequences: false)
            .flatMap { $0.split(separator: "E", maxSplits: 1, omittingEmptySubsequences: false) }
        guard exponentSplit.count <= 2, let mantissa = exponentSplit.first else { return nil }
        let parts = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = stripUnderscores(parts[0]), whole.allSatisfy(\.isASCIIDigit) else { return nil }
        if whole.count > 1 && whole.hasPrefix("0") { return nil }
        var text = sign + whole
        if parts.count == 2 {
            guard let fraction = stripUnderscores(parts[1]), fraction.allSatisfy(\.isASCIIDigit) else { return nil }
            text += "." + fraction
        } else if exponentSplit.count == 1 {
            return nil
        }
        if exponentSplit.count == 2 {
            var exponent = exponentSplit[1]
            var exponentSign = ""
            if let first = exponent.first, first == "+" || first == "-" {
                exponentSign = String(first)
                exponent = exponent.dropFirst()
            }
            guard let digits = stripUnderscores(exponent), digits.allSatisfy(\.isASCIIDigit) else { return nil }
            text += "e" + exponentSign + digits
        }
        return Double(text)
    }

    /// Checks the shape of RFC 3339 dates, times and date-times as TOML allows them.
    static func isDateTime(_ token: String) -> Bool {
        let shape = token.map { $0.isASCIIDigit ? "9" : $0 }
        let text = String(shape)
        let date = "9999-99-99"
        let time = "99:99:99"
        func isTime(_ rest: Substring, allowOffset: Bool) -> Bool {
            guard rest.hasPrefix(time) else { return false }
            var tail = rest.dropFirst(time.count)
            if tail.hasPrefix(".") {
                tail = tail.dropFirst()
                let digits = tail.prefix { $0 == "9" }
                guard !digits.isEmpty else { return false }
                tail = tail.dropFirst(digits.count)
            }
            if tail.isEmpty { return true }
            return allowOffset && (tail == "Z" || tail == "z" || tail == "+99:99" || tail == "-99:99")
        }
        if text == date { return true }
        if text.hasPrefix(date) {
            let separator = text.dropFirst(date.count).prefix(1)
            guard ["T", "t", " "].contains(separator) else { return false }
            return isTime(text.dropFirst(date.count + 1), allowOffset: true)
        }
        return isTime(Substring(text), allowOffset: false)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
