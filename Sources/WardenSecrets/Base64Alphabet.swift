/// Byte classes and decoding for the decoding layer (RFC 4648 base64 and RFC 3986 percent-encoding).
///
/// Written for the scan path: table lookups on bytes, no `String`, no Foundation `Data` round trips.
enum Base64Alphabet {
    /// 0-63 for a digit of either alphabet, 64 for a byte outside both. A pointer that lives as long as the
    /// process: the scan loop reads it without the retain and bounds check an array access would cost per byte.
    /// Written once, before any read (a `static let` initialiser), then only read: safe to share across threads.
    nonisolated(unsafe) static let values: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        table.initialize(repeating: 64, count: 256)
        for (index, byte) in Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8).enumerated() {
            table[Int(byte)] = UInt8(index)
        }
        table[Int(UInt8(ascii: "+"))] = 62
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "/"))] = 63
        table[Int(UInt8(ascii: "_"))] = 63
        return UnsafePointer(table)
    }()

    /// Whether `byte` can be part of a base64 run of either alphabet (padding excluded).
    @inline(__always)
    static func isRunByte(_ byte: UInt8) -> Bool { values[Int(byte)] < 64 }

    /// Whether the first `count` characters of `run` (a multiple of 4) decode to text (`Printable.isText`),
    /// decided without building the bytes: most candidates in source code are identifiers that fail here.
    static func decodesToText(_ run: UnsafeBufferPointer<UInt8>, from start: Int, count: Int) -> Bool {
        let table = values
        let bytes = count / 4 * 3
        // Stops at the first byte over the 10% allowance: an identifier fails in its first group or two.
        let allowed = bytes / 10
        var other = 0
        var index = start
        let end = start + count / 4 * 4
        while index < end {
            let group = UInt32(table[Int(run[index])]) << 18 | UInt32(table[Int(run[index + 1])]) << 12
                | UInt32(table[Int(run[index + 2])]) << 6 | UInt32(table[Int(run[index + 3])])
            if !Printable.isTextByte(UInt8(truncatingIfNeeded: group >> 16)) { other += 1 }
            if !Printable.isTextByte(UInt8(truncatingIfNeeded: group >> 8)) { other += 1 }
            if !Printable.isTextByte(UInt8(truncatingIfNeeded: group)) { other += 1 }
            if other > allowed { return false }
            index += 4
        }
        return bytes > 0
    }

    /// The alphabet a run is written in, or nil when it is not plausibly base64: both alphabets' special
    /// characters at once (a path such as `src/my-module/file_name`), or not both upper- and lower-case letters
    /// (hex digests, identifiers in one case). Base64 of text has both cases in any run of this length.
    static func encoding(of run: some Collection<UInt8>) -> TextEncoding? {
        var standard = false
        var urlSafe = false
        var upper = false
        var lower = false
        for byte in run {
            switch byte {
            case UInt8(ascii: "+"), UInt8(ascii: "/"): standard = true
            case UInt8(ascii: "-"), UInt8(ascii: "_"): urlSafe = true
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): upper = true
            case UInt8(ascii: "a")...UInt8(ascii: "z"): lower = true
            default: break
            }
        }
        guard upper && lower && !(standard && urlSafe) else { return nil }
        return urlSafe ? .base64url : .base64
    }

    /// Decodes `run` (no padding, no whitespace); a trailing group of 2 or 3 digits gives 1 or 2 bytes, a lone
    /// trailing digit is dropped. Nil when a byte is outside the alphabet.
    static func decode(_ run: some Collection<UInt8>, _ encoding: TextEncoding) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(run.count / 4 * 3 + 2)
        var accumulator: UInt32 = 0
        var digits = 0
        for byte in run {
            let value = values[Int(byte)]
            guard value < 64 else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            digits += 1
            if digits == 4 {
                output.append(UInt8(truncatingIfNeeded: accumulator >> 16))
                output.append(UInt8(truncatingIfNeeded: accumulator >> 8))
                output.append(UInt8(truncatingIfNeeded: accumulator))
                accumulator = 0
                digits = 0
            }
        }
        if digits == 3 {
            output.append(UInt8(truncatingIfNeeded: accumulator >> 10))
            output.append(UInt8(truncatingIfNeeded: accumulator >> 2))
        } else if digits == 2 {
            output.append(UInt8(truncatingIfNeeded: accumulator >> 4))
        }
        return output
    }
}

/// Whether decoded bytes are text worth scanning.
enum Printable {
    /// At least 90% printable ASCII, tab, CR or LF. Random bytes (an image, a digest) are about 38% printable, so
    /// even a 16-byte probe of them fails this almost surely, while text passes with room for a few UTF-8 letters.
    static func isText(_ bytes: [UInt8]) -> Bool {
        guard !bytes.isEmpty else { return false }
        var printable = 0
        for byte in bytes where isTextByte(byte) { printable += 1 }
        return printable * 10 >= bytes.count * 9
    }

    @inline(__always)
    static func isTextByte(_ byte: UInt8) -> Bool {
        (byte >= 0x20 && byte < 0x7F) || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// Bytes a percent-encoded run extends over: visible ASCII except quotes, angle brackets, backslash and
    /// brackets, which delimit values in code and markup.
    static func isURLByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x21...0x7E:
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`"), UInt8(ascii: "<"), UInt8(ascii: ">"),
                 UInt8(ascii: "\\"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"),
                 UInt8(ascii: "{"), UInt8(ascii: "}"):
                false
            default: true
            }
        default: false
        }
    }
}
