/// RFC 3339 dates and times as TOML 1.0 writes them, checked for meaning as well as shape: `1979-99-99` is not a
/// date, February has 29 days only in leap years, hours run to 23, minutes to 59, seconds to 60 (a leap second),
/// offsets to ±23:59. Values are kept as their source text (see `TOMLValue.dateTime`); this says which of the
/// four kinds a text is, or that it is none.
public enum TOMLDateTime {
    public enum Kind: Sendable, Equatable {
        /// `1979-05-27T07:32:00Z`, `1979-05-27 07:32:00-07:00`
        case offsetDateTime
        /// `1979-05-27T07:32:00`
        case localDateTime
        /// `1979-05-27`
        case localDate
        /// `07:32:00.999`
        case localTime
    }

    public static func kind(of text: String) -> Kind? {
        kind(of: ArraySlice(text.utf8))
    }

    static func kind(of token: ArraySlice<UInt8>) -> Kind? {
        var reader = Reader(bytes: token)
        if token.count > 2, token[token.startIndex + 2] == UInt8(ascii: ":") {
            guard reader.time(), reader.atEnd else { return nil }
            return .localTime
        }
        guard reader.date() else { return nil }
        if reader.atEnd { return .localDate }
        guard let separator = reader.next(),
              separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == UInt8(ascii: " "),
              reader.time()
        else { return nil }
        if reader.atEnd { return .localDateTime }
        guard reader.offset(), reader.atEnd else { return nil }
        return .offsetDateTime
    }

    static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Reads fixed-width fields from the front of a token.
    struct Reader {
        var bytes: ArraySlice<UInt8>

        var atEnd: Bool { bytes.isEmpty }

        mutating func next() -> UInt8? { bytes.popFirst() }

        mutating func expect(_ byte: UInt8) -> Bool {
            guard bytes.first == byte else { return false }
            bytes.removeFirst()
            return true
        }

        /// Exactly `width` decimal digits.
        mutating func number(_ width: Int) -> Int? {
            guard bytes.count >= width else { return nil }
            var value = 0
            for byte in bytes.prefix(width) {
                guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            bytes.removeFirst(width)
            return value
        }

        /// `YYYY-MM-DD`, a real calendar day.
        mutating func date() -> Bool {
            guard let year = number(4), expect(UInt8(ascii: "-")), let month = number(2),
                  expect(UInt8(ascii: "-")), let day = number(2),
                  (1...12).contains(month), day >= 1, day <= TOMLDateTime.daysIn(month: month, year: year)
            else { return false }
            return true
        }

        /// `HH:MM:SS` with an optional fraction of at least one digit.
        mutating func time() -> Bool {
            guard let hour = number(2), expect(UInt8(ascii: ":")), let minute = number(2),
                  expect(UInt8(ascii: ":")), let second = number(2),
                  hour <= 23, minute <= 59, second <= 60
            else { return false }
            if expect(UInt8(ascii: ".")) {
                var count = 0
                while let byte = bytes.first, byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                    bytes.removeFirst()
                    count += 1
                }
                guard count > 0 else { return false }
            }
            return true
        }

        /// `Z` (either case) or `±HH:MM`.
        mutating func offset() -> Bool {
            if expect(UInt8(ascii: "Z")) || expect(UInt8(ascii: "z")) { return true }
            guard expect(UInt8(ascii: "+")) || expect(UInt8(ascii: "-")),
                  let hour = number(2), expect(UInt8(ascii: ":")), let minute = number(2),
                  hour <= 23, minute <= 59
            else { return false }
            return true
        }
    }
}
