/// The header lines of a commit or tag object, up to the first empty line, as git's header readers see them:
/// a line starting with a space continues the previous header (gpgsig, mergetag), every other line is
/// `key SP value`. A NUL byte ends the headers, as it ends git's C-string scans.
public struct ObjectHeaders: Sendable {
    public struct Field: Sendable {
        public let key: String
        /// The first line's value, without the key and the separating space.
        public let value: ArraySlice<UInt8>
        /// Continuation lines, without their leading space.
        public var continuation: [ArraySlice<UInt8>]
        /// False for a line without a space: git's `skip_prefix(line, "key ")` never matches it.
        public let hasSeparator: Bool
    }

    public private(set) var fields: [Field] = []
    /// Offset of the message (after the empty line), or the end of the object.
    public private(set) var bodyOffset: Int

    public init(_ raw: [UInt8]) {
        var offset = 0
        let newline = UInt8(ascii: "\n")
        bodyOffset = raw.count
        while offset < raw.count {
            let stop = raw[offset...].firstIndex { $0 == newline || $0 == 0 } ?? raw.count
            if stop < raw.count, raw[stop] == 0 {
                bodyOffset = raw.count
                return
            }
            if stop == offset {
                bodyOffset = offset + 1
                return
            }
            let line = raw[offset..<stop]
            if line.first == UInt8(ascii: " "), !fields.isEmpty {
                fields[fields.count - 1].continuation.append(line.dropFirst())
            } else {
                let space = line.firstIndex(of: UInt8(ascii: " ")) ?? stop
                let value = space < stop ? raw[(space + 1)..<stop] : raw[stop..<stop]
                fields.append(Field(key: String(decoding: raw[offset..<space], as: UTF8.self), value: value,
                                    continuation: [], hasSeparator: space < stop))
            }
            offset = stop + 1
        }
    }

    /// The value of the first header named `key`, as commit.c `find_commit_header` finds it.
    public func first(_ key: String) -> ArraySlice<UInt8>? {
        named(key).first?.value
    }

    /// Every header line git would match as `key SP value`, in order.
    public func named(_ key: String) -> [Field] {
        fields.filter { $0.key == key && $0.hasSeparator }
    }

    /// The value of the last header named `key`: what `git log` shows for `author` and `committer` (pretty.c).
    public func last(_ key: String) -> ArraySlice<UInt8>? {
        named(key).last?.value
    }
}
