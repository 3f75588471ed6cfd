/// Durations as configuration files write them: "30s", "10 m", "1h", "1500ms", "1.5h", or a bare number of
/// seconds. The one duration reader for every configuration file (the policy's hook timeout, the daemon's
/// interval).
///
/// The grammar is decimal digits with an optional fraction, then a unit: no sign, exponent, hex float, "inf" or
/// "nan", which `Double(String)` would all accept. Values must lie in `range`; anything outside it (a timeout of
/// 1e21 seconds, an interval of 0x1p70) would overflow a clock or a `Duration` at run time, so it is refused
/// when the file is read.
public enum DurationText {
    /// 1 millisecond to 365 days.
    public static let range: ClosedRange<Double> = 0.001...(365 * 86_400)

    static let units: [(suffix: String, scale: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400)]

    /// The number of seconds `text` names, or nil if it is not a duration or lies outside `range`.
    public static func seconds(_ text: String) -> Double? {
        let compact = text.filter { $0 != " " && $0 != "\t" }
        var number = Substring(compact)
        var scale = 1.0
        if let unit = units.first(where: { compact.hasSuffix($0.suffix) }) {
            number = number.dropLast(unit.suffix.count)
            scale = unit.scale
        }
        guard isPlainDecimal(number), let value = Double(number) else { return nil }
        return checked(value * scale)
    }

    /// A number of seconds written as a TOML integer or float, held to the same range.
    public static func checked(_ seconds: Double) -> Double? {
        seconds.isFinite && range.contains(seconds) ? seconds : nil
    }

    /// `12` or `1.5`: digits, at most one point with digits on both sides.
    static func isPlainDecimal(_ text: Substring) -> Bool {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        return parts.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }
    }
}
