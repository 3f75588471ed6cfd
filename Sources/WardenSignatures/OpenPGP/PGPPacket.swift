/// One OpenPGP packet (RFC 4880 section 4): its tag and body, with both header formats and every length
/// encoding decoded. Partial body lengths are accepted only for the data packets RFC 4880 allows them on.
struct PGPPacket: Sendable {
    let tag: UInt8
    let body: [UInt8]

    /// Splits `bytes` into packets; any truncation or illegal length is an error, never a guess.
    static func parseAll(_ bytes: [UInt8]) throws(SignatureParseError) -> [PGPPacket] {
        var packets: [PGPPacket] = []
        var offset = 0
        while offset < bytes.count {
            let header = bytes[offset]
            offset += 1
            guard header & 0x80 != 0 else { throw SignatureParseError("invalid OpenPGP packet header") }
            if header & 0x40 == 0 {
                let tag = (header >> 2) & 0x0F
                let lengthType = header & 0x03
                let length: Int
                if lengthType == 3 {
                    length = bytes.count - offset
                } else {
                    let size = [1, 2, 4][Int(lengthType)]
                    length = try readNumber(bytes, &offset, size)
                }
                packets.append(PGPPacket(tag: tag, body: try take(bytes, &offset, length)))
            } else {
                let tag = header & 0x3F
                var body: [UInt8] = []
                while true {
                    let (length, partial) = try newLength(bytes, &offset)
                    body += try take(bytes, &offset, length)
                    if !partial { break }
                    guard [8, 9, 11, 18, 20].contains(tag) else {
                        throw SignatureParseError("partial length on OpenPGP packet tag \(tag)")
                    }
                }
                packets.append(PGPPacket(tag: tag, body: body))
            }
        }
        return packets
    }

    private static func newLength(_ bytes: [UInt8], _ offset: inout Int) throws(SignatureParseError)
        -> (Int, partial: Bool)
    {
        let first = Int(try readNumber(bytes, &offset, 1))
        switch first {
        case 0..<192: return (first, false)
        case 192..<224: return ((first - 192) << 8 + (try readNumber(bytes, &offset, 1)) + 192, false)
        case 255: return (try readNumber(bytes, &offset, 4), false)
        default: return (1 << (first & 0x1F), true)
        }
    }

    private static func readNumber(_ bytes: [UInt8], _ offset: inout Int, _ size: Int) throws(SignatureParseError)
        -> Int
    {
        try take(bytes, &offset, size).reduce(0) { $0 << 8 | Int($1) }
    }

    private static func take(_ bytes: [UInt8], _ offset: inout Int, _ count: Int) throws(SignatureParseError)
        -> [UInt8]
    {
        guard count >= 0, bytes.count - offset >= count else { throw SignatureParseError("truncated OpenPGP packet") }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }
}
