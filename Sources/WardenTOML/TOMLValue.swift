/// Where something stands in a TOML source, 1-based, so errors can point a user at it.
public struct TOMLPosition: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "line \(line), column \(column)" }
}

/// A parsed TOML value. Date-times are kept as their source text, checked to be real dates and times
/// (`TOMLDateTime` says which kind): no caller here needs calendar arithmetic on them, and keeping the text loses
/// nothing.
public enum TOMLValue: Sendable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case boolean(Bool)
    case dateTime(String)
    case array([TOMLNode])
    case table(TOMLTable)

    /// The TOML type name, as used in error messages ("expected a string, found an integer").
    public var typeName: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a float"
        case .boolean: "a boolean"
        case .dateTime: "a date-time"
        case .array: "an array"
        case .table: "a table"
        }
    }
}

/// A value together with the position of its first character.
public struct TOMLNode: Sendable {
    public var value: TOMLValue
    public var position: TOMLPosition

    public init(value: TOMLValue, position: TOMLPosition) {
        self.value = value
        self.position = position
    }
}

/// A table keeps its keys in source order (messages and round trips read better that way) and the position of
/// each key, so that a wrong value can be reported at the line of its key.
public struct TOMLTable: Sendable {
    public struct Entry: Sendable {
        public var key: String
        public var keyPosition: TOMLPosition
        public var node: TOMLNode
    }

    /// The file this table was read from, for error messages.
    public var source: String
    /// Position of the header (`[name]`), of the opening brace of an inline table, or 1:1 for the root.
    public var position: TOMLPosition
    public private(set) var entries: [Entry] = []
    private var index: [String: Int] = [:]

    public init(source: String, position: TOMLPosition) {
        self.source = source
        self.position = position
    }

    public var keys: [String] { entries.map(\.key) }

    public subscript(key: String) -> TOMLNode? {
        index[key].map { entries[$0].node }
    }

    public func entry(_ key: String) -> Entry? {
        index[key].map { entries[$0] }
    }

    mutating func append(_ entry: Entry) {
        index[entry.key] = entries.count
        entries.append(entry)
    }
}
