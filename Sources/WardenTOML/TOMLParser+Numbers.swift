/// TOML 1.0 integers and floats, checked byte by byte: Swift's own `Int64(_:radix:)` and `Double(_:)` accept
/// forms TOML does not (a sign after `0x`, hex floats, "1e" exponents without digits), so they only ever see
/// digits this code has already validated.
extension TOMLParser {
    /// Decimal with an optional sign and no leading zeros, or unsigned `0x`/`0o`/`0b` with any leading zeros;
    /// an underscore only between two digits; the value must fit in 64 bits.
    static func integer(_ token: ArraySlice<UInt8>) -> Int64? {
        let start = token.startIndex
        if token.count > 2, token[start] == UInt8(ascii: "0") {
            let radix: Int? = switch token[start + 1] {
            case UInt8(ascii: "x"): 16
            case UInt8(ascii: "o"): 8
            case UInt8(ascii: "b"): 2
            default: nil
            }
            if let radix {
                guard let digits = digits(token.dropFirst(2), radix: radix) else { return nil }
                return Int64(digits, radix: radix)
            }
        }
        var body = token
        var negative = false
        if let first = body.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            body = body.dropFirst()
        }
        guard let digits = digits(body, radix: 10), !hasLeadingZero(digits) else { return nil }
        return Int64((negative ? "-" : "") + digits)
    }

    /// Decimal integer part, then a fraction, an exponent, or both. The result must be finite: a literal past
    /// the range of a 64-bit float is an error rather than a silent infinity.
    static func float(_ token: ArraySlice<UInt8>) -> Double? {
        var body = token
        var sign = ""
        if let first = body.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            sign = first == UInt8(ascii: "-") ? "-" : ""
            body = body.dropFirst()
        }
        let exponentIndex = body.firstIndex { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        let mantissa = body[..<(exponentIndex ?? body.endIndex)]
        let pointIndex = mantissa.firstIndex(of: UInt8(ascii: "."))
        guard let whole = digits(mantissa[..<(pointIndex ?? mantissa.endIndex)], radix: 10),
              !hasLeadingZero(whole)
        else { return nil }
        var text = sign + whole
        if let pointIndex {
            guard let fraction = digits(mantissa[(pointIndex + 1)...], radix: 10) else { return nil }
            text += "." + fraction
        }
        if let exponentIndex {
            var exponent = body[(exponentIndex + 1)...]
            var exponentSign = ""
            if let first = exponent.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
                exponentSign = first == UInt8(ascii: "-") ? "-" : ""
                exponent = exponent.dropFirst()
            }
            guard let digits = digits(exponent, radix: 10) else { return nil }
            text += "e" + exponentSign + digits
        } else if pointIndex == nil {
            return nil
        }
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// The digits of `slice` without underscores, if it is one or more digits of `radix` with each underscore
    /// between two digits.
    static func digits(_ slice: ArraySlice<UInt8>, radix: Int) -> String? {
        guard let first = slice.first, let last = slice.last,
              isDigit(first, radix: radix), isDigit(last, radix: radix)
        else { return nil }
        var result: [UInt8] = []
        result.reserveCapacity(slice.count)
        var previousWasDigit = false
        for byte in slice {
            if byte == UInt8(ascii: "_") {
                guard previousWasDigit else { return nil }
                previousWasDigit = false
            } else {
                guard isDigit(byte, radix: radix) else { return nil }
                result.append(byte)
                previousWasDigit = true
            }
        }
        return text(result)
    }

    static func isDigit(_ byte: UInt8, radix: Int) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0")) < radix
        case UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"): radix == 16
        default: false
        }
    }

    static func hasLeadingZero(_ digits: String) -> Bool {
        digits.utf8.count > 1 && digits.utf8.first == UInt8(ascii: "0")
    }
}
