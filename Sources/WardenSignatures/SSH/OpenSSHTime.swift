import Foundation

/// The `YYYYMMDD[HHMM[SS]][Z]` times of `valid-after` / `valid-before`: local time unless suffixed `Z`, as
/// OpenSSH's `parse_absolute_time` reads them.
enum OpenSSHTime {
    static func parse(_ text: String?) throws(SignatureParseError) -> Date {
        guard var text else { throw SignatureParseError("time option needs a value") }
        var timeZone = TimeZone.current
        if text.hasSuffix("Z") || text.hasSuffix("z") {
            timeZone = TimeZone(identifier: "UTC")!
            text.removeLast()
        }
        let digits = text.compactMap(\.wholeNumberValue)
        guard digits.count == text.count, [8, 12, 14].contains(digits.count) else {
            throw SignatureParseError("invalid time \(text) (want YYYYMMDD[HHMM[SS]][Z])")
        }
        func number(_ range: Range<Int>) -> Int { digits[range].reduce(0) { $0 * 10 + $1 } }
        var components = DateComponents()
        components.year = number(0..<4)
        components.month = number(4..<6)
        components.day = number(6..<8)
        components.hour = digits.count >= 12 ? number(8..<10) : 0
        components.minute = digits.count >= 12 ? number(10..<12) : 0
        components.second = digits.count == 14 ? number(12..<14) : 0
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        guard components.isValidDate(in: calendar), let date = calendar.date(from: components) else {
            throw SignatureParseError("invalid time \(text)")
        }
        return date
    }
}
