/// Bounds-checked big-endian reader for OpenPGP packet bodies (numbers, MPIs, length-prefixed fields).
struct PGPReader {
    private let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var remaining: Int { bytes.count - offset }

    mutating func take(_ count: Int, _ what: String) throws(SignatureParseError) -> [UInt8] {
        guard count >= 0, remaining >= count else { throw SignatureParseError("truncated \(what)") }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    mutating func number(_ size: Int, _ what: String) throws(SignatureParseError) -> Int {
        try take(size, what).reduce(0) { $0 << 8 | Int($1) }
    }

    /// An MPI: two-byte bit count, then the magnitude (RFC 4880 section 3.2).
    mutating func mpi(_ what: String) throws(SignatureParseError) -> [UInt8] {
        let bits = try number(2, what)
        return Array(try take((bits + 7) / 8, what).drop(while: { $0 == 0 }))
    }
}
