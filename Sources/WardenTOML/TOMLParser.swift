import WardenFormats

/// A TOML 1.0 parser over UTF-8 bytes that remembers where every key and value came from.
///
/// Written for this project rather than wrapping a C++ library: the policy and rule files must report errors by
/// file, line and key, which needs positions on every node, and a hook must not pay for a heavy dependency.
///
/// Untrusted input cannot exhaust it: nesting is bounded (`maximumDepth`), so the recursion over arrays and
/// inline tables stays shallow, and every step is linear in the input (no path is looked up again from the
/// root per element, no array of tables is copied per `[[header]]`).
struct TOMLParser {
    /// The deepest nesting a document may have: tables (headers, dotted keys, inline tables) and arrays together,
    /// counted from the root. toml-test suggests 128 or 256 as more than any real document needs; past it the
    /// parser reports an error at the line instead of exhausting the stack (10,000 nested `[` used to crash).
    static let maximumDepth = 128

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

    /// Rejects a table or array that would sit deeper than `maximumDepth`.
    func checkDepth(_ depth: Int, at position: TOMLPosition) throws(TOMLError) {
        guard depth > Self.maximumDepth else { return }
        throw error("tables and arrays are nested more than \(Self.maximumDepth) levels deep", at: position)
    }

    // MARK: Document

    mutating func parseDocument() throws(TOMLError) -> TOMLTable {
        let root = TableBuilder(position: TOMLPosition(line: 1, column: 1), origin: .header, depth: 0)
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
        let dotted = Self.dotted(keys)
        var table = root
        for part in keys.dropLast() {
            table = try descendForHeader(table, part.name, at: headerPosition, dotted: dotted)
        }
        let last = keys[keys.count - 1].name
        try checkDepth(table.depth + 1, at: headerPosition)
        if isArray {
            let element = TableBuilder(position: headerPosition, origin: .header, depth: table.depth + 1)
            switch table[last] {
            case nil:
                table.set(last, .arrayOfTables(TableBuilder.TableArray(element)), at: headerPosition)
            case .arrayOfTables(let elements):
                elements.append(element)
            default:
                throw error("cannot define [[\(dotted)]]: '\(last)' is already defined as another type",
                            at: headerPosition, key: dotted)
            }
            return element
        }
        switch table[last] {
        case nil:
            let child = TableBuilder(position: headerPosition, origin: .header, depth: table.depth + 1)
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
            try checkDepth(table.depth + 1, at: position)
            let child = TableBuilder(position: position, origin: .implicit, depth: table.depth + 1)
            table.set(key, .table(child), at: position)
            return child
        case .table(let child) where child.origin != .inline:
            return child
        case .arrayOfTables(let elements):
            return elements.last
        default:
            throw error("cannot define [\(dotted)]: '\(key)' is not a table", at: position, key: dotted)
        }
    }

    mutating func parseKeyValue(into table: TableBuilder) throws(TOMLError) {
        let keyPosition = position
        let keys = try parseKeyAndEquals(in: table)
        let node = try parseValue(depth: table.depth + keys.count)
        try assign(node, to: keys, at: keyPosition, in: table)
    }

    /// A key, `=` and the blanks after it. The tables a dotted key creates are checked for depth before the
    /// value is read, so the value's own nesting starts from a depth already known to be allowed.
    mutating func parseKeyAndEquals(in table: TableBuilder) throws(TOMLError) -> [KeyPart] {
        let keyPosition = position
        let keys = try parseKey()
        skipWhitespace()
        guard current == UInt8(ascii: "=") else {
            throw error("expected '=' after key '\(Self.dotted(keys))'", key: Self.dotted(keys))
        }
        offset += 1
        skipWhitespace()
        try checkDepth(table.depth + keys.count - 1, at: keyPosition)
        return keys
    }

    /// Stores a value under a (dotted) key, creating the tables on the way and refusing redefinitions.
    func assign(_ node: TOMLNode, to keys: [KeyPart], at keyPosition: TOMLPosition,
                in table: TableBuilder) throws(TOMLError) {
        var target = table
        for part in keys.dropLast() {
            switch target[part.name] {
            case nil:
                let child = TableBuilder(position: part.position, origin: .dottedKey, depth: target.depth + 1)
                target.set(part.name, .table(child), at: part.position)
                target = child
            case .table(let child) where child.origin == .dottedKey || child.origin == .implicit:
                target = child
            default:
                let dotted = Self.dotted(keys)
                throw error("cannot set '\(dotted)': '\(part.name)' is already defined", at: keyPosition, key: dotted)
            }
        }
        let last = keys[keys.count - 1].name
        guard target[last] == nil else {
            let dotted = Self.dotted(keys)
            throw error("key '\(dotted)' is defined more than once", at: keyPosition, key: dotted)
        }
        target.set(last, .value(node), at: keyPosition)
    }

    static func dotted(_ keys: [KeyPart]) -> String {
        keys.map(\.name).joined(separator: ".")
    }

    // MARK: Keys

    struct KeyPart {
        var name: String
        var position: TOMLPosition
    }

    /// A bare, quoted or dotted key. More parts than `maximumDepth` could only nest too deep, so the key is
    /// rejected as soon as it grows past that, before any table is made for it.
    mutating func parseKey() throws(TOMLError) -> [KeyPart] {
        let keyPosition = position
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
                name = Self.text(bytes[start..<offset])
            }
            parts.append(KeyPart(name: name, position: partPosition))
            guard parts.count <= Self.maximumDepth else {
                throw error("a dotted key has more than \(Self.maximumDepth) parts", at: keyPosition)
            }
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

    static func hex(_ byte: UInt8) -> String { Hex.encode(byte, uppercase: true) }

    static func printable(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : "0x\(hex(byte))"
    }

    /// Text of source bytes. The document was checked to be valid UTF-8 before parsing began (`TOMLDocument`),
    /// and every slice taken here starts and ends on ASCII delimiters, so nothing is ever replaced.
    static func text(_ slice: some Collection<UInt8>) -> String {
        String(decoding: slice, as: UTF8.self)
    }
}
