/// A TOML problem: a syntax error, or a well-formed document whose content does not fit what the reader expects.
/// It always names the source (a file path) and the line, and the key when there is one.
public struct TOMLError: Error, Sendable, Equatable, CustomStringConvertible {
    public var source: String
    public var position: TOMLPosition
    public var key: String?
    public var message: String

    public init(source: String, position: TOMLPosition, key: String? = nil, message: String) {
        self.source = source
        self.position = position
        self.key = key
        self.message = message
    }

    public var description: String {
        let keyPart = key.map { " key '\($0)':" } ?? ""
        return "\(source):\(position.line):\(position.column):\(keyPart) \(message)"
    }
}
