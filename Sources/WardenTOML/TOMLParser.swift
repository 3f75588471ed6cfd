/// A TOML 1.0 parser over UTF-8 bytes that remembers where every key and value came from.
///
/// Written for this project rather than wrapping a C++ library: the policy and rule files must report errors by
/// file, line and key, which needs positions on every node, and a hook must not pay for a heavy dependency.
struct TOMLParser {
    let bytes: [UInt8]
    let source: String
    var offset = 0
    var line = 1
    var lineStart = 0

    init(bytes: [UInt8], source: String) {
        self.bytes = bytes
        self.source = source
    }

    var position: TOMLPosition { TOMLPosition(line: line, column: offset - lineStart + 1) }
    var atEnd: Bool { offset >= bytes.count }
    var current: UInt8? { offset < bytes.count ? bytes[offset] : nil }

    func peek(_ distance: Int) -> UInt8? {
        offset + distance < bytes.count ? bytes[offset + distance] : nil
    }

    func error(_ message: String, at position: TOMLPosition? = nil, key: String? = nil) -> TOMLError {
        TOMLError(source: source, position: position ?? self.position, key: key, message: message)
    }

    // MARK: Document

    mutating func parseDocument() throws(TOMLError) -> TOMLTable {
        let root = TableBuilder(position: TOMLPosition(line: 1, column: 1), origin: .header)
        var currentTable = root
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3; lineStart = 3 }
        while true {
            skipWhitespace()
            guard let byte = current else { break }
            switch byte {
            case UInt8(ascii: "#"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                break
            case UInt8(ascii: "["):
                currentTable = try parseTableHeader(root: root)
            default:
                try parseKeyValue(into: currentTable)
            }
            try finishLine()
        }
        return root.build(source: source)
    }

    /// After a statement only a comment may follow on the same line.
    mutating func finishLine() throws(TOMLError) {
        skipWhitespace()
        if current == UInt8(ascii: "#") { try skipComment() }
        guard let byte = current else { return }
        if byte == UInt8(ascii: "\n") || (byte == UInt8(ascii: "\r") && peek(1) == UInt8(ascii: "\n")) {
            consumeNewline()
        } else {
            throw error("unexpected '\(Self.printable(byte))' after a statement; expected a new line or a comment")
        }
    }

    mutating func parseTableHeader(root: TableBuilder) throws(TOMLError) -> TableBuilder {
        let headerPosition = position
        offset += 1
        let isArray = current == UInt8(ascii: "[")
        if isArray { offset += 1 }
        skipWhitespace()
        let keys = try parseKey()
        skipWhitespace()
        guard current == UInt8(ascii: "]") else { throw error("expected ']' to close the table header") }
        offset += 1
        if isArray {
            guard current == UInt8(ascii: "]") else { throw error("expected ']]' to close the array-of-tables header") }
            offset += 1
        }
        let dotted = keys.map(\.name).joined(separator: ".")
        var table = root
        for part in keys.dropLast() {
            table = try descendForHeader(table, part.name, at: headerPosition, dotted: dotted)
        }
        let last = keys[keys.count - 1].name
        if isArray {
            let element = TableBuilder(position: headerPosition, origin: .header)
            switch table[last] {
            case nil:
                table.set(last, .arrayOfTables([element]), at: headerPosition)
            case .arrayOfTables(var elements):
                elements.append(element)
                table.set(last, .arrayOfTables(elements), at: headerPosition)
            default:
                throw error("cannot define [[\(dotted)]]: '\(last)' is already defined as another type",
                            at: headerPosition, key: dotted)
            }
            return element
        }
        switch table[last] {
        case nil:
            let child = TableBuilder(position: headerPosition, origin: .header)
            table.set(last, .table(child), at: headerPosition)
            return child
        case .table(let child) where child.origin == .implicit:
            child.origin = .header
            return child
        default:
            throw error("table [\(dotted)] is defined more than once", at: headerPosition, key: dotted)
        }
    }

    func descendForHeader(_ table: TableBuilder, _ key: String, at position: TOMLPosition,
                          dotted: String) throws(TOMLError) -> TableBuilder {
        switch table[key] {
        case nil:
            let child = TableBuilder(position: position, origin: .implicit)
            table.set(key, .table(child), at: position)
            return child
        case .table(let child) where child.origin != .inline:
            return child
        case .arrayOfTables(let elements):
            return elements[elements.count - 1]
        default:
            throw error("cannot define [\(dotted)]: '\(key)' is not a table", at: position, key: dotted)
        }
    }

    mutating func parseKeyValue(into table: TableBuilder) throws(TOMLError) {
        let keyPosition = position
        let keys = try parseKey()
        let dotted = keys.map(\.name).joined(separator: ".")
        skipWhitespace()
        guard current == UInt8(ascii: "=") else { throw error("expected '=' after key '\(dotted)'", key: dotted) }
        offset += 1
        skipWhitespace()
        let node = try parseValue()
        var target = table
        for part in keys.dropLast() {
            switch target[part.name] {
            case nil:
                let child = TableBuilder(position: part.position, origin: .dottedKey)
                target.set(part.name, .table(child), at: part.position)
                target = child
            case .table(let child) where child.origin == .dottedKey || child.origin == .implicit:
                target = child
            default:
                throw error("cannot set '\(dotted)': '\(part.name)' is already defined", at: keyPosition, key: dotted)
            }
        }
        let last = keys[keys.count - 1].name
        guard target[last] == nil else {
            throw error("key '\(dotted)' is defined more than once", at: keyPosition, key: dotted)
        }
        target.set(last, .value(node), at: keyPosition)
    }

    // MARK: Keys

    struct KeyPart {
        var name: String
        var position: TOMLPosition
    }

    mutating func parseKey() throws(TOMLError) -> [KeyPart] {
        var parts: [KeyPart] = []
        while true {
            let partPosition = position
            let name: String
            switch current {
            case UInt8(ascii: "\""):
                guard peek(1) != UInt8(ascii: "\"") || peek(2) != UInt8(ascii: "\"") else {
                    throw error("a key cannot be a multi-line string")
                }
                name = try parseBasicString()
            case UInt8(ascii: "'"):
                guard peek(1) != UInt8(ascii: "'") || peek(2) != UInt8(ascii: "'") else {
                    throw error("a key cannot be a multi-line string")
                }
                name = try parseLiteralString()
            default:
                let start = offset
                while let byte = current, Self.isBareKeyByte(byte) { offset += 1 }
                guard offset > start else {
                    let found = current.map { "'\(Self.printable($0))'" } ?? "the end of the file"
                    throw error("expected a key, found \(found)")
                }
                name = String(decoding: bytes[start..<offset], as: UTF8.self)
            }
            parts.append(KeyPart(name: name, position: partPosition))
            skipWhitespace()
            guard current == UInt8(ascii: ".") else { return parts }
            offset += 1
            skipWhitespace()
        }
    }

    static func isBareKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }

    // MARK: Whitespace, comments, new lines

    mutating func skipWhitespace() {
        while let byte = current, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { offset += 1 }
    }

    mutating func skipComment() throws(TOMLError) {
        while let byte = current, byte != UInt8(ascii: "\n") {
            if byte == UInt8(ascii: "\r") && peek(1) == UInt8(ascii: "\n") { return }
            if Self.isForbiddenControl(byte) { throw error("control character 0x\(Self.hex(byte)) in a comment") }
            offset += 1
        }
    }

    mutating func consumeNewline() {
        if current == UInt8(ascii: "\r") { offset += 1 }
        offset += 1
        line += 1
        lineStart = offset
    }

    /// Skips blanks, new lines and comments between array elements.
    mutating func skipWhitespaceCommentsAndNewlines() throws(TOMLError) {
        while let byte = current {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"): offset += 1
            case UInt8(ascii: "\n"): consumeNewline()
            case UInt8(ascii: "\r") where peek(1) == UInt8(ascii: "\n"): consumeNewline()
            case UInt8(ascii: "#"): try skipComment()
            default: return
            }
        }
    }

    static func isForbiddenControl(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != UInt8(ascii: "\t")) || byte == 0x7F
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }

    static func printable(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : "0x\(hex(byte))"
    }
}

public enum TOMLDocument {
    /// Parses a whole document. `source` names the file in error messages.
    public static func parse(_ text: String, source: String) throws(TOMLError) -> TOMLTable {
        var parser = TOMLParser(bytes: Array(text.utf8), source: source)
        return try parser.parseDocument()
    }

    /// Parses raw file bytes. TOML must be UTF-8: an invalid byte is reported at its line instead of being
    /// silently replaced, so a rule or policy never means something other than what the file says.
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
