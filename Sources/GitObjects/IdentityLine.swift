/// One `author` / `committer` / `tagger` value split exactly as git's `split_ident_line` (ident.c) splits it.
///
/// git is lenient here, and the leniency is what crafted objects exploit: any whitespace separates the parts, the
/// email ends at the first `>` but the date starts after the last one, and a date without a timezone (or one that
/// does not start with a digit) is no date at all ("person only"). Every reader of identities in git-warden goes
/// through this type, so no two of them can disagree with each other or with git.
public struct IdentityLine: Sendable, Hashable {
    /// The name: from the start of the value to the last non-space byte before `<` (leading spaces kept, as git).
    public let name: [UInt8]
    /// Between the first `<` and the first `>` after it.
    public let email: [UInt8]
    /// The digits of the date, when git sees a date and a timezone; nil for "person only".
    public let dateDigits: [UInt8]?
    /// The timezone with its sign (`+0100`), when git sees a date.
    public let timezone: [UInt8]?

    /// nil where `split_ident_line` fails (no `<`, or no `>` after it): git then shows nothing for the person.
    public init?(_ value: some Collection<UInt8>) {
        let line = Array(value)
        let space: (UInt8) -> Bool = { Self.isSpace($0) }
        // The email opens at the first '<' (a NUL ends the search, as in C).
        var open: Int?
        for index in line.indices {
            if line[index] == 0 { break }
            if line[index] == UInt8(ascii: "<") { open = index; break }
        }
        guard let open else { return nil }
        var nameEnd = 0
        var cursor = open - 1
        while cursor >= 0 {
            if !space(line[cursor]) { nameEnd = cursor + 1; break }
            cursor -= 1
        }
        guard let close = line[(open + 1)...].firstIndex(of: UInt8(ascii: ">")) else { return nil }
        name = Array(line[..<nameEnd])
        email = Array(line[(open + 1)..<close])
        // The date starts after the LAST '>' of the line.
        let lastClose = line.lastIndex(of: UInt8(ascii: ">")) ?? close
        var index = lastClose + 1
        while index < line.count, space(line[index]) { index += 1 }
        let dateStart = index
        while index < line.count, Self.isDigit(line[index]) { index += 1 }
        let dateEnd = index
        while index < line.count, space(line[index]) { index += 1 }
        let tzStart = index
        if dateEnd > dateStart, tzStart < line.count,
           line[tzStart] == UInt8(ascii: "+") || line[tzStart] == UInt8(ascii: "-")
        {
            var tzEnd = tzStart + 1
            while tzEnd < line.count, Self.isDigit(line[tzEnd]) { tzEnd += 1 }
            if tzEnd > tzStart + 1 {
                dateDigits = Array(line[dateStart..<dateEnd])
                timezone = Array(line[tzStart..<tzEnd])
                return
            }
        }
        dateDigits = nil
        timezone = nil
    }

    /// The date as git's `parse_timestamp` (strtoumax) reads the digits: `UInt64.max` when they overflow.
    public var timestamp: UInt64? {
        dateDigits.map(Self.parseTimestamp)
    }

    /// The time git's signature check passes to `ssh-keygen -Overify-time`: none for "person only" and for `0`
    /// (gpg-interface.c tests `if (sigc->payload_timestamp)`), in which case ssh-keygen judges at the current time.
    public var signatureTime: UInt64? {
        guard let timestamp, timestamp != 0 else { return nil }
        return timestamp
    }

    public var nameText: String { String(decoding: name, as: UTF8.self) }
    public var emailText: String { String(decoding: email, as: UTF8.self) }

    static func parseTimestamp(_ digits: [UInt8]) -> UInt64 {
        var value: UInt64 = 0
        for digit in digits {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(digit - UInt8(ascii: "0")))
            if overflow1 || overflow2 { return UInt64.max }
            value = sum
        }
        return value
    }

    /// `isspace` of git's own ctype table (ctype.c `sane_ctype`): space, TAB, LF and CR only, in every locale.
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
