#if canImport(Glibc)
import Glibc
#endif

/// What a hook relay hands the hook service: which hook git ran, its arguments, its whole environment, and where
/// and how it ran (working directory, umask). Its standard input, output and error and its working directory travel
/// beside it as descriptors (`HookSocket`), so the service reads git's input and writes git's `remote:` lines itself.
///
/// Wire form (all integers big-endian), one message per connection:
///
///     "GWHOOK1\n" | body length: UInt32 | body
///     body = hook | working directory | umask: UInt32 | argument count: UInt32 | arguments | entry count: UInt32 | entries
///     each string = length: UInt32 | bytes (an environment entry is "NAME=value" exactly as the process had it)
///
/// The encoding is plain bytes, never re-encoded text: the service decodes the environment the way the hook's own
/// process would, so a hook served and a hook run alone see the same values.
public struct HookRequest: Equatable, Sendable {
    public var hook: String
    public var arguments: [String]
    /// "NAME=value" entries in the order of the relay's `environ`.
    public var environment: [[UInt8]]
    /// The relay's working directory as it named it (for the service's log; the directory itself is a descriptor).
    public var workingDirectory: String
    public var umask: UInt32

    public init(hook: String, arguments: [String], environment: [[UInt8]], workingDirectory: String, umask: UInt32) {
        self.hook = hook
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.umask = umask
    }

    public static let magic: [UInt8] = Array("GWHOOK1\n".utf8)
    /// Bounds that no real hook comes near (git's environment is a few kilobytes), so a garbled or hostile stream
    /// is refused before it costs memory.
    public static let largestBody = 4 << 20
    public static let mostEntries = 16_384

    /// Why a request could not be read, naming the part that was wrong.
    public struct Malformed: Error, Equatable, CustomStringConvertible, Sendable {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    /// The environment as a dictionary, decoded as the process of a hook run alone decodes its own: split at the
    /// first "=", entries without one skipped, the first of two equal names kept (as getenv finds it).
    public var environmentDictionary: [String: String] {
        var result: [String: String] = [:]
        for entry in environment {
            guard let equals = entry.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let name = String(decoding: entry[..<equals], as: UTF8.self)
            if result[name] == nil { result[name] = String(decoding: entry[(equals + 1)...], as: UTF8.self) }
        }
        return result
    }

    public func encoded() -> [UInt8] {
        var body: [UInt8] = []
        func append(_ value: UInt32) { withUnsafeBytes(of: value.bigEndian) { body += $0 } }
        func append(_ bytes: [UInt8]) { append(UInt32(bytes.count)); body += bytes }
        append(Array(hook.utf8))
        append(Array(workingDirectory.utf8))
        append(umask)
        append(UInt32(arguments.count))
        for argument in arguments { append(Array(argument.utf8)) }
        append(UInt32(environment.count))
        for entry in environment { append(entry) }
        var message = Self.magic
        withUnsafeBytes(of: UInt32(body.count).bigEndian) { message += $0 }
        return message + body
    }

    /// The body's length from the 12-byte header, or why the header is not one.
    public static func bodyLength(header: [UInt8]) throws(Malformed) -> Int {
        guard header.count == magic.count + 4, Array(header.prefix(magic.count)) == magic else {
            throw Malformed("not a git-warden hook request (bad magic)")
        }
        let length = header.suffix(4).reduce(0) { $0 << 8 | Int($1) }
        guard length <= largestBody else { throw Malformed("request body of \(length) bytes exceeds \(largestBody)") }
        return length
    }

    public static func decode(body: [UInt8]) throws(Malformed) -> HookRequest {
        var reader = BodyReader(bytes: body)
        let hook = try reader.string("hook name")
        let directory = try reader.string("working directory")
        let mask = try reader.integer("umask")
        let argumentCount = try reader.count("argument count")
        var arguments: [String] = []
        for index in 0..<argumentCount { arguments.append(try reader.string("argument \(index + 1)")) }
        let entryCount = try reader.count("environment entry count")
        var entries: [[UInt8]] = []
        for index in 0..<entryCount { entries.append(try reader.bytes("environment entry \(index + 1)")) }
        guard reader.offset == body.count else {
            throw Malformed("\(body.count - reader.offset) bytes after the last environment entry")
        }
        return HookRequest(hook: hook, arguments: arguments, environment: entries, workingDirectory: directory,
                           umask: mask)
    }

    private struct BodyReader {
        let bytes: [UInt8]
        var offset = 0

        mutating func integer(_ what: String) throws(Malformed) -> UInt32 {
            guard bytes.count - offset >= 4 else { throw Malformed("request ends inside the \(what)") }
            defer { offset += 4 }
            return bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
        }

        mutating func count(_ what: String) throws(Malformed) -> Int {
            let value = Int(try integer(what))
            guard value <= HookRequest.mostEntries else { throw Malformed("\(what) \(value) exceeds \(HookRequest.mostEntries)") }
            return value
        }

        mutating func bytes(_ what: String) throws(Malformed) -> [UInt8] {
            let length = Int(try integer("length of the \(what)"))
            guard bytes.count - offset >= length else { throw Malformed("request ends inside the \(what)") }
            defer { offset += length }
            return Array(bytes[offset..<offset + length])
        }

        mutating func string(_ what: String) throws(Malformed) -> String {
            let raw = try bytes(what)
            guard let text = String(validating: raw, as: UTF8.self), !text.utf8.contains(0) else {
                throw Malformed("the \(what) is not UTF-8 text without NUL")
            }
            return text
        }
    }
}
