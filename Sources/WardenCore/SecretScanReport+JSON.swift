import Foundation
import WardenSecrets

/// The JSON report, which is also the baseline format: a later scan given it with `--baseline` leaves out every
/// finding whose fingerprint it lists.
extension SecretScanReport {
    func jsonReport(style: ScanReportStyle) throws -> String {
        let findingObjects: [[String: Any]] = findings.map { finding in
            var object: [String: Any] = [
                "ruleID": finding.ruleID, "description": finding.ruleDescription, "path": finding.path,
                "line": finding.line, "column": finding.column, "redacted": finding.redacted,
                "entropy": (finding.entropy * 1000).rounded() / 1000, "fingerprint": finding.fingerprint,
                "tags": finding.tags,
            ]
            if let commit = finding.commit { object["commit"] = commit }
            if let decoded = finding.decoded { object["decoded"] = decoded.rawValue }
            if style.showSecrets { object["secret"] = finding.secret }
            return object
        }
        let noteObjects: [[String: Any]] = notes.map { note in
            var object: [String: Any] = ["path": note.path, "note": note.kind.description]
            if let commit = note.commit { object["commit"] = commit }
            return object
        }
        return try Self.serialize([
            "tool": style.toolName, "version": style.toolVersion, "target": target,
            "findings": findingObjects, "notes": noteObjects,
            "summary": [
                "findings": findings.count, "itemsScanned": itemsScanned, "bytesScanned": bytesScanned,
                "commitsScanned": commitsScanned, "suppressedByIgnoreFile": suppressedByIgnoreFile,
                "suppressedByBaseline": suppressedByBaseline, "seconds": (seconds * 1000).rounded() / 1000,
            ] as [String: Any],
        ] as [String: Any])
    }

    /// The fingerprints of a previous JSON report, for `--baseline`.
    public static func baselineFingerprints(path: String) throws(BaselineError) -> Set<String> {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BaselineError(path: path, message: "cannot read baseline (no such file or not readable)")
        }
        guard let root = try? JSONSerialization.jsonObject(with: data) else {
            throw BaselineError(path: path, message: "not JSON; a baseline is a report of `git-warden scan --format json`")
        }
        guard let object = root as? [String: Any], let findings = object["findings"] as? [Any] else {
            throw BaselineError(path: path, message: "no \"findings\" array; a baseline is a report of `git-warden scan --format json`")
        }
        var fingerprints = Set<String>()
        for (index, entry) in findings.enumerated() {
            guard let fingerprint = (entry as? [String: Any])?["fingerprint"] as? String else {
                throw BaselineError(path: path, message: "finding \(index + 1) has no \"fingerprint\" string")
            }
            fingerprints.insert(fingerprint)
        }
        return fingerprints
    }
}

public struct BaselineError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "baseline \(path): \(message)" }
}
