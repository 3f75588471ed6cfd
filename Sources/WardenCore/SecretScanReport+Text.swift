import Foundation
import WardenSecrets

/// The text report: one block per finding, then what was skipped and a summary line.
extension SecretScanReport {
    func textReport(style: ScanReportStyle) -> String {
        var text = ""
        for finding in findings {
            let place = finding.line > 0 ? "\(finding.path):\(finding.line):\(finding.column)" : finding.path
            let about = finding.ruleDescription.isEmpty ? "" : " (\(finding.ruleDescription))"
            text += "\(place): \(finding.ruleID)\(about)\n"
            text += "    secret:      \(style.shown(finding))\n"
            if let decoded = finding.decoded { text += "    decoded:     \(decoded.rawValue) (found in the decoded text)\n" }
            if let commit = finding.commit { text += "    commit:      \(commit)\n" }
            text += "    fingerprint: \(finding.fingerprint)\n\n"
        }
        for line in noteLines() { text += "note: \(line)\n" }
        return text + summaryLine() + "\n"
    }

    /// Notes grouped by kind: a history scan can skip thousands of binary blobs, which a list would bury.
    public func noteLines(listing limit: Int = 5) -> [String] {
        var groups: [(label: String, entries: [String])] = []
        func add(_ label: String, _ entry: String) {
            if let index = groups.firstIndex(where: { $0.label == label }) {
                groups[index].entries.append(entry)
            } else {
                groups.append((label, [entry]))
            }
        }
        for note in notes {
            let place = note.commit.map { "\(note.path) at \($0.prefix(10))" } ?? note.path
            switch note.kind {
            case .scan(.binarySkipped): add("binary, not scanned (--scan-binary scans them)", place)
            case .scan(.truncated(let scanned, let total)):
                add("cut at the size cap (--max-bytes)", "\(place) (first \(ByteCount.text(scanned)) of \(ByteCount.text(total)))")
            case .scan(.pathAllowlisted): add("path allowlisted by the rules, not scanned", place)
            case .scan(let other): add(other.description, place)
            case .unreadable(let reason): add("not readable", "\(place): \(reason)")
            }
        }
        return groups.map { group in
            let shown = group.entries.prefix(limit).joined(separator: ", ")
            let more = group.entries.count > limit ? ", and \(group.entries.count - limit) more" : ""
            return "\(group.entries.count) \(group.label): \(shown)\(more)"
        }
    }

    public func summaryLine() -> String {
        let count = findings.count
        var line = "\(count) finding\(count == 1 ? "" : "s") in \(target): "
        line += "\(itemsScanned) \(itemsScanned == 1 ? String(itemUnit.dropLast()) : itemUnit)"
        if commitsScanned > 0 { line += " of \(commitsScanned) commit\(commitsScanned == 1 ? "" : "s")" }
        line += ", \(ByteCount.text(bytesScanned)) scanned in " + String(format: "%.2f", seconds) + " s"
        if suppressedByIgnoreFile > 0 { line += "; \(suppressedByIgnoreFile) suppressed by ignore file" }
        if suppressedByBaseline > 0 { line += "; \(suppressedByBaseline) suppressed by baseline" }
        return line
    }
}
