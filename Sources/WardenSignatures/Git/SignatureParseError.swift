/// Why a signature, key or trust file could not be understood; internal parsers throw it and the verifier turns
/// it into a verdict, so no caller ever has to catch it to get an answer.
public struct SignatureParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    /// True when the input is well formed but uses something we deliberately do not implement (a verdict of
    /// "cannot check", not "bad").
    public let isUnsupported: Bool

    init(_ message: String, unsupported: Bool = false) {
        self.message = message
        self.isUnsupported = unsupported
    }

    public var description: String { message }
}
