import Foundation
import WardenFormats
import WardenSecrets

/// SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it (the shared model of `WardenFormats`).
///
/// Each rule that produced a finding is described once under `tool.driver.rules`; results point at it by id and
/// index. `partialFingerprints["gitWarden/v1"]` carries git-warden's own fingerprint, so code scanning tracks a
/// finding across runs the way `.git-warden-ignore` does. Notes (binary or cut files) become tool notifications.
extension SecretScanReport {
    static let fingerprintKey = "gitWarden/v1"

    func sarifReport(style: ScanReportStyle) throws -> String {
        var rules = SARIFRuleTable()
        let results = findings.map { finding in
            var properties: [String: SARIFValue] = ["entropy": .number((finding.entropy * 1000).rounded() / 1000)]
            if let commit = finding.commit { properties["commit"] = .text(commit) }
            if let decoded = finding.decoded { properties["decoded"] = .text(decoded.rawValue) }
            let about = finding.ruleDescription.isEmpty ? finding.ruleID : finding.ruleDescription
            let mark = finding.decoded.map { " (decoded: \($0.rawValue))" } ?? ""
            return SARIFResult(
                ruleId: finding.ruleID, ruleIndex: rules.index(of: finding.ruleID) { Self.sarifRule(for: finding) },
                level: .error, message: "\(about): \(style.shown(finding))\(mark)",
                locations: [SARIFLocation(path: finding.path, line: finding.line, column: finding.column)],
                partialFingerprints: [Self.fingerprintKey: finding.fingerprint], properties: properties)
        }
        let notifications = notes.map { note in
            let place = note.commit.map { "\(note.path) at \($0)" } ?? note.path
            return SARIFInvocation.Notification(level: .note, message: "\(place): \(note.kind.description)",
                                                locations: [SARIFLocation(path: note.path)])
        }
        let driver = SARIFDriver(name: style.toolName, version: style.toolVersion,
                                 informationUri: style.informationURI, rules: rules.rules)
        let run = SARIFRun(tool: SARIFTool(driver: driver), results: results,
                           invocations: [SARIFInvocation(executionSuccessful: true,
                                                         toolExecutionNotifications: notifications)],
                           columnKind: "unicodeCodePoints")
        return try SARIFLog(runs: [run]).json()
    }

    static func sarifRule(for finding: SecretFinding) -> SARIFRule {
        let about = finding.ruleDescription.isEmpty ? finding.ruleID : finding.ruleDescription
        let help = "\(about). Treat the secret as leaked: revoke or rotate it, then remove it from the code "
            + "(and from history if it was pushed). If it is not a secret, add its fingerprint to .git-warden-ignore."
        return SARIFRule(id: finding.ruleID, shortDescription: about, fullDescription: about, help: help,
                         level: .error,
                         tags: ["security", "secret"] + finding.tags.filter { $0 != "security" && $0 != "secret" })
    }
}
