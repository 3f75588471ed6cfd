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
    ///
    /// Decoded into only what is needed (one fingerprint string per finding; every other key is skipped, not
    /// materialised): a baseline of a million findings must not cost gigabytes, as a tree of `JSONSerialization`
    /// dictionaries did (BENCHMARKS.md, memory).
    public static func baselineFingerprints(path: String) throws(BaselineError) -> Set<String> {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BaselineError(path: path, message: "cannot read baseline (no such file or not readable)")
        }
        let baseline: Baseline
        do {
            baseline = try JSONDecoder().decode(Baseline.self, from: data)
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            throw BaselineError(path: path, message: "not JSON; a baseline is a report of `git-warden scan --format json`",
                                underlying: DecodingError.dataCorrupted(context))
        } catch {
            throw BaselineError(path: path, message: "no \"findings\" array; a baseline is a report of `git-warden scan --format json`",
                                underlying: error)
        }
        var fingerprints = Set<String>(minimumCapacity: baseline.findings.count)
        for (index, entry) in baseline.findings.enumerated() {
            guard let fingerprint = entry.fingerprint else {
                throw BaselineError(path: path, message: "finding \(index + 1) has no \"fingerprint\" string")
            }
            fingerprints.insert(fingerprint)
        }
        return fingerprints
    }

    /// The part of a JSON report a baseline needs. A finding that is not an object, or whose fingerprint is
    /// missing or not a string, decodes with a nil fingerprint, so the error can name the finding.
    private struct Baseline: Decodable {
        struct Entry: Decodable {
            var fingerprint: String?

            init(from decoder: any Decoder) throws {
                let container = try? decoder.container(keyedBy: Key.self)
                fingerprint = try? container?.decodeIfPresent(String.self, forKey: .fingerprint)
            }

            enum Key: CodingKey { case fingerprint }
        }

        var findings: [Entry]
    }
}

public struct BaselineError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String
    /// The JSON decoder's error, when the file does not decode.
    public var underlying: (any Error)?
    public var description: String { "baseline \(path): \(message)" }

    public init(path: String, message: String, underlying: (any Error)? = nil) {
        self.path = path
        self.message = message
        self.underlying = underlying
    }
}
