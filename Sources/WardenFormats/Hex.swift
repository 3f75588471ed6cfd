/// Lower-case (or upper-case) hexadecimal text of bytes: object ids, digests, fingerprints, escaped bytes.
///
/// The project's one hex encoder, in its lowest module so that GitKit, the scanner, the signature verifier and the
/// reports all print bytes the same way.
public enum Hex {
    @usableFromInline static let lower = Array("0123456789abcdef".utf8)
    @usableFromInline static let upper = Array("0123456789ABCDEF".utf8)

    /// Two digits per byte, in order, with no separator.
    @inlinable
    public static func encode(_ bytes: some Sequence<UInt8>, uppercase: Bool = false) -> String {
        let digits = uppercase ? upper : lower
        var text: [UInt8] = []
        text.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The two digits of one byte (`0a`, `7F`).
    @inlinable
    public static func encode(_ byte: UInt8, uppercase: Bool = false) -> String {
        encode(CollectionOfOne(byte), uppercase: uppercase)
    }

    /// The value of one hexadecimal digit of either case, or nil for any other byte.
    @inlinable
    public static func value(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
