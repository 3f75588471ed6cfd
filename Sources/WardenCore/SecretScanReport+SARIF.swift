import Foundation
import WardenSecrets

/// SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it.
///
/// Each rule that produced a finding is described once under `tool.driver.rules`; results point at it by id and
/// index. `partialFingerprints["gitWarden/v1"]` carries git-warden's own fingerprint, so code scanning tracks a
/// finding across runs the way `.git-warden-ignore` does. Notes (binary or cut files) become tool notifications.
extension SecretScanReport {
    static let sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"
    static let fingerprintKey = "gitWarden/v1"

    func sarifReport(style: ScanReportStyle) throws -> String {
        var ruleIndex: [String: Int] = [:]
        var rules: [[String: Any]] = []
        for finding in findings where ruleIndex[finding.ruleID] == nil {
            ruleIndex[finding.ruleID] = rules.count
            rules.append(Self.sarifRule(for: finding))
        }
        let results: [[String: Any]] = findings.map { finding in
            var properties: [String: Any] = ["entropy": (finding.entropy * 1000).rounded() / 1000]
            if let commit = finding.commit { properties["commit"] = commit }
            if let decoded = finding.decoded { properties["decoded"] = decoded.rawValue }
            let about = finding.ruleDescription.isEmpty ? finding.ruleID : finding.ruleDescription
            let mark = finding.decoded.map { " (decoded: \($0.rawValue))" } ?? ""
            return [
                "ruleId": finding.ruleID,
                "ruleIndex": ruleIndex[finding.ruleID]!,
                "level": "error",
                "message": ["text": "\(about): \(style.shown(finding))\(mark)"],
                "locations": [Self.sarifLocation(path: finding.path, line: finding.line, column: finding.column)],
                "partialFingerprints": [Self.fingerprintKey: finding.fingerprint],
                "properties": properties,
            ]
        }
        let notifications: [[String: Any]] = notes.map { note in
            let place = note.commit.map { "\(note.path) at \($0)" } ?? note.path
            return [
                "level": "note",
                "message": ["text": "\(place): \(note.kind.description)"],
                "locations": [Self.sarifLocation(path: note.path, line: 0, column: 0)],
            ]
        }
        let driver: [String: Any] = [
            "name": style.toolName, "version": style.toolVersion, "semanticVersion": style.toolVersion,
            "informationUri": style.informationURI, "rules": rules,
        ]
        let run: [String: Any] = [
            "tool": ["driver": driver],
            "results": results,
            "invocations": [["executionSuccessful": true, "toolExecutionNotifications": notifications]],
            "columnKind": "unicodeCodePoints",
        ]
        return try Self.serialize(["$schema": Self.sarifSchema, "version": "2.1.0", "runs": [run]] as [String: Any])
    }

    static func sarifRule(for finding: SecretFinding) -> [String: Any] {
        let about = finding.ruleDescription.isEmpty ? finding.ruleID : finding.ruleDescription
        let help = "\(about). Treat the secret as leaked: revoke or rotate it, then remove it from the code "
            + "(and from history if it was pushed). If it is not a secret, add its fingerprint to .git-warden-ignore."
        return [
            "id": finding.ruleID,
            "name": finding.ruleID,
            "shortDescription": ["text": about],
            "fullDescription": ["text": about],
            "help": ["text": help],
            "defaultConfiguration": ["level": "error"],
            "properties": ["tags": ["security", "secret"] + finding.tags.filter { $0 != "security" && $0 != "secret" }],
        ]
    }

    /// A relative path stays relative (forward slashes, percent-encoded); an absolute one becomes a file URI.
    /// A whole-file finding (line 0) has no region.
    static func sarifLocation(path: String, line: Int, column: Int) -> [String: Any] {
        let encoded = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
        let uri = path.hasPrefix("/") ? "file://" + encoded : encoded
        var physical: [String: Any] = ["artifactLocation": ["uri": uri]]
        if line > 0 { physical["region"] = ["startLine": line, "startColumn": max(1, column)] }
        return ["physicalLocation": physical]
    }
}
