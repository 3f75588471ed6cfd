internal import CLibGit2
import WardenFormats

/// A SHA-1 object id as a plain value: three machine words, cheap to hash and compare in large sets.
public struct ObjectID: Hashable, Sendable, Comparable, CustomStringConvertible {
    let high: UInt64
    let middle: UInt64
    let low: UInt32

    public static let zero = ObjectID(high: 0, middle: 0, low: 0)

    init(high: UInt64, middle: UInt64, low: UInt32) {
        self.high = high
        self.middle = middle
        self.low = low
    }

    /// Parses 40 hexadecimal digits. A 64-digit (SHA-256) id is refused with a clear reason: libgit2 1.5
    /// cannot read such repositories, and guessing would be worse than saying so.
    public init(hex: some StringProtocol) throws(GitError) {
        let digits = Array(hex.utf8)
        if digits.count == 64, digits.allSatisfy(Self.isHexDigit) {
            throw GitError(operation: "parse object id", subject: String(hex),
                           message: "SHA-256 object ids are not supported (libgit2 1.5 reads SHA-1 repositories only)")
        }
        guard digits.count == 40 else {
            throw GitError(operation: "parse object id", subject: String(hex), message: "expected 40 hexadecimal digits")
        }
        var raw = [UInt8](repeating: 0, count: 20)
        for index in 0..<20 {
            guard let high = Hex.value(digits[2 * index]), let low = Hex.value(digits[2 * index + 1]) else {
                throw GitError(operation: "parse object id", subject: String(hex), message: "not a hexadecimal object id")
            }
            raw[index] = high << 4 | low
        }
        self.init(raw: raw)
    }

    init(raw: some Collection<UInt8>) {
        var words: (UInt64, UInt64, UInt32) = (0, 0, 0)
        for (index, byte) in raw.prefix(20).enumerated() {
            switch index {
            case 0..<8: words.0 = words.0 << 8 | UInt64(byte)
            case 8..<16: words.1 = words.1 << 8 | UInt64(byte)
            default: words.2 = words.2 << 8 | UInt32(byte)
            }
        }
        self.init(high: words.0, middle: words.1, low: words.2)
    }

    init(_ oid: git_oid) {
        self = withUnsafeBytes(of: oid.id) { ObjectID(raw: $0) }
    }

    var gitOID: git_oid {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { buffer in
            for index in 0..<8 { buffer[index] = UInt8(truncatingIfNeeded: high >> (56 - 8 * index)) }
            for index in 0..<8 { buffer[8 + index] = UInt8(truncatingIfNeeded: middle >> (56 - 8 * index)) }
            for index in 0..<4 { buffer[16 + index] = UInt8(truncatingIfNeeded: low >> (24 - 8 * index)) }
        }
        return oid
    }

    public var isZero: Bool { self == .zero }

    public var hex: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        for (word, width) in [(high, 64), (middle, 64), (UInt64(low), 32)] {
            for shift in stride(from: width - 8, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return Hex.encode(bytes)
    }

    /// The first 10 hex digits, enough to be unambiguous in a message.
    public var short: String { String(hex.prefix(10)) }

    public var description: String { hex }

    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool {
        (lhs.high, lhs.middle, lhs.low) < (rhs.high, rhs.middle, rhs.low)
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool { Hex.value(byte) != nil }
}
