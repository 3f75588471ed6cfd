import Foundation

/// A one-line progress display on standard error for long scans, only when standard error is a terminal: a
/// redirected log or a CI job must not fill up with carriage returns.
public final class ScanProgress: @unchecked Sendable {
    /// Shown only once a scan has run this long, so quick scans print nothing at all.
    static let quietSeconds = 0.5
    static let redrawSeconds = 0.1

    private let lock = NSLock()
    private let unit: String
    private let started = Date()
    private var lastDraw: Date?
    private var items = 0
    private var bytes = 0
    private var total: Int?

    init(unit: String) {
        self.unit = unit
    }

    /// A display for `unit` ("files", "blobs", "commits"), or nil when standard error is not a terminal.
    public static func onTerminal(unit: String) -> ScanProgress? {
        isatty(STDERR_FILENO) != 0 ? ScanProgress(unit: unit) : nil
    }

    func expect(_ count: Int) {
        lock.withLock { total = count }
    }

    /// Counts work done; safe from any thread. Draws at most every `redrawSeconds`.
    func advance(items newItems: Int = 1, bytes newBytes: Int) {
        lock.withLock {
            items += newItems
            bytes += newBytes
            let now = Date()
            let elapsed = now.timeIntervalSince(started)
            guard elapsed >= Self.quietSeconds else { return }
            if let lastDraw, now.timeIntervalSince(lastDraw) < Self.redrawSeconds { return }
            lastDraw = now
            let count = total.map { "\(items)/\($0)" } ?? "\(items)"
            let rate = Double(bytes) / elapsed
            let line = "scanning: \(count) \(unit), \(ByteCount.text(bytes)), \(ByteCount.text(Int(rate)))/s"
            FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
        }
    }

    /// Erases the line, if one was drawn, before the report is printed.
    func finish() {
        lock.withLock {
            guard lastDraw != nil else { return }
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
            lastDraw = nil
        }
    }
}

/// Sizes for people: "812 B", "3.4 KiB", "1.2 GiB".
enum ByteCount {
    static func text(_ count: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(count)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(count) B" : String(format: "%.1f", value) + " " + units[unit]
    }
}
