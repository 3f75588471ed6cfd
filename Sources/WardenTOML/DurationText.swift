/// Durations as configuration files write them: "30s", "10 m", "1h", "1500ms", or a bare number of seconds.
public enum DurationText {
    public static func seconds(_ text: String) -> Double? {
        let compact = String(text.filter { $0 != " " && $0 != "\t" })
        for (suffix, scale) in [("ms", 0.001), ("s", 1.0), ("m", 60.0), ("h", 3600.0)] where compact.hasSuffix(suffix) {
            return Double(compact.dropLast(suffix.count)).map { $0 * scale }
        }
        return Double(compact)
    }
}
