/// A bounds-checked reader for the SSH wire encoding (RFC 4251 section 5) used by keys and SSHSIG blobs.
///
/// Every read checks the remaining length first, so hostile input ends in a parse error, never in a trap.
struct SSHWireReader {
    private let bytes: [UInt8]
    private(set) var offset: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = 0
    }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func bytes(count: Int, _ what: String) throws(SignatureParseError) -> [UInt8] {
        guard count >= 0, bytes.count - offset >= count else { throw SignatureParseError("truncated \(what)") }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    mutating func byte(_ what: String) throws(SignatureParseError) -> UInt8 {
        try bytes(count: 1, what)[0]
    }

    mutating func uint32(_ what: String) throws(SignatureParseError) -> UInt32 {
        let raw = try bytes(count: 4, what)
        return raw.reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func uint64(_ what: String) throws(SignatureParseError) -> UInt64 {
        let raw = try bytes(count: 8, what)
        return raw.reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func string(_ what: String) throws(SignatureParseError) -> [UInt8] {
        let length = try uint32(what)
        return try bytes(count: Int(length), what)
    }

    mutating func text(_ what: String) throws(SignatureParseError) -> String {
        String(decoding: try string(what), as: UTF8.self)
    }

    /// An mpint as unsigned magnitude without leading zero bytes; negative values are refused.
    mutating func positiveMPInt(_ what: String) throws(SignatureParseError) -> [UInt8] {
        let raw = try string(what)
        if let first = raw.first, first & 0x80 != 0 { throw SignatureParseError("negative \(what)") }
        return Array(raw.drop(while: { $0 == 0 }))
    }

    /// The wire form of `value` as an SSH string (length prefix, then bytes).
    static func encode(string value: [UInt8]) -> [UInt8] {
        let count = UInt32(value.count)
        return [UInt8(count >> 24), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)] + value
    }

    func expectEnd(_ what: String) throws(SignatureParseError) {
        guard isAtEnd else { throw SignatureParseError("trailing bytes after \(what)") }
    }
}
