import Crypto
import Foundation
import WardenFormats

/// What `git-warden audit` prints: the findings of this run (with their life-cycle state when a store keeps them),
/// what `--fix` changed, and a summary, as text, JSON or SARIF 2.1.0.
public struct AuditReport: Sendable {
    public struct Entry: Sendable, Codable {
        public var finding: AuditFinding
        /// "new", "open" or "reopened" when a store tracks findings; nil without one.
        public var state: String?
        /// When an administrator acknowledged the finding (`git-warden findings ack`): who, when, until when and
        /// why, in one line. An acknowledged finding is still reported, but does not fail `--fail-on`.
        public var acknowledged: String?

        public init(finding: AuditFinding, state: String?, acknowledged: String? = nil) {
            self.finding = finding
            self.state = state
            self.acknowledged = acknowledged
        }
    }

    public var entries: [Entry]
    public var repositories: Int
    /// Findings resolved by this run (gone since the previous one), when a store tracks them.
    public var resolved: Int?
    public var fixes: [String]

    public init(entries: [Entry], repositories: Int, resolved: Int?, fixes: [String]) {
        self.entries = entries.sorted { ($0.finding.severity, $1.finding.repository, $1.finding.checkID) > ($1.finding.severity, $0.finding.repository, $0.finding.checkID) }
        self.repositories = repositories
        self.resolved = resolved
        self.fixes = fixes
    }

    /// A stable identity across runs and tools: check, repository and subject hashed.
    public static func identity(of finding: AuditFinding) -> String {
        digest(finding.checkID + "\u{0}" + finding.repository + "\u{0}" + finding.subject)
    }

    /// The first 16 bytes of the text's SHA-256, in hex.
    public static func digest(_ text: String) -> String {
        Hex.encode(SHA256.hash(data: Data(text.utf8)).prefix(16))
    }

    public func text() -> String {
        var lines: [String] = []
        for entry in entries {
            let finding = entry.finding
            let state = entry.state.map { " [\($0)\(entry.acknowledged == nil ? "" : ", acknowledged")]" } ?? ""
            lines.append("\(finding.severity.rawValue.uppercased()) \(finding.checkID)\(state): \(finding.title)")
            lines.append("  repository: \(finding.repository)")
            if let acknowledged = entry.acknowledged { lines.append("  acknowledged: \(acknowledged)") }
            lines.append("  evidence:   \(finding.evidence)")
            lines.append("  fix:        \(finding.fix)\(finding.fixable ? " (git-warden audit --fix applies it)" : "")")
            lines.append("")
        }
        lines += fixes.map { "fixed: \($0)" }
        var counts: [String] = []
        for severity in Severity.allCases.reversed() {
            let count = entries.count { $0.finding.severity == severity }
            if count > 0 { counts.append("\(count) \(severity.rawValue)") }
        }
        var summary = "\(repositories) repositor\(repositories == 1 ? "y" : "ies") audited, "
            + (entries.isEmpty ? "no findings" : "\(entries.count) finding\(entries.count == 1 ? "" : "s") (\(counts.joined(separator: ", ")))")
        if let resolved, resolved > 0 { summary += ", \(resolved) resolved since the last audit" }
        lines.append(summary)
        return lines.joined(separator: "\n") + "\n"
    }

    public func json() throws -> String {
        struct Document: Encodable {
            var repositories: Int
            var resolved: Int?
            var fixes: [String]
            var findings: [Item]
        }
        struct Item: Encodable {
            var id: String
            var state: String?
            var acknowledged: String?
            var checkID, severity, repository, subject, title, evidence, fix: String
            var fixable: Bool
        }
        let items = entries.map { entry in
            let finding = entry.finding
            return Item(id: Self.identity(of: finding), state: entry.state, acknowledged: entry.acknowledged, checkID: finding.checkID,
                        severity: finding.severity.rawValue, repository: finding.repository, subject: finding.subject,
                        title: finding.title, evidence: finding.evidence, fix: finding.fix, fixable: finding.fixable)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(Document(repositories: repositories, resolved: resolved, fixes: fixes, findings: items))
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// SARIF 2.1.0 (the shared model of `WardenFormats`): one rule per check, one result per finding located at the
    /// repository (or the file it names).
    public func sarif(toolVersion: String, informationURI: String) throws -> String {
        var rules = SARIFRuleTable()
        let results = entries.map { entry in
            let finding = entry.finding
            var properties: [String: SARIFValue] = ["severity": .text(finding.severity.rawValue),
                                                    "repository": .text(finding.repository),
                                                    "subject": .text(finding.subject)]
            if let state = entry.state { properties["state"] = .text(state) }
            let index = rules.index(of: finding.checkID) {
                SARIFRule(id: finding.checkID, shortDescription: finding.title, help: finding.fix,
                          level: Self.level(finding.severity), tags: ["security", "audit"])
            }
            return SARIFResult(
                ruleId: finding.checkID, ruleIndex: index, level: Self.level(finding.severity),
                message: "\(finding.title). \(finding.evidence). Fix: \(finding.fix)",
                locations: [SARIFLocation(path: finding.subject.hasPrefix("/") ? finding.subject : finding.repository)],
                partialFingerprints: ["gitWardenAudit/v1": Self.identity(of: finding)], properties: properties,
                suppressions: entry.acknowledged.map { [SARIFSuppression(acceptedExternally: $0)] })
        }
        let driver = SARIFDriver(name: "git-warden", version: toolVersion, informationUri: informationURI,
                                 rules: rules.rules)
        return try SARIFLog(runs: [SARIFRun(tool: SARIFTool(driver: driver), results: results)]).json()
    }

    static func level(_ severity: Severity) -> SARIFLevel {
        switch severity {
        case .critical, .high: .error
        case .medium: .warning
        case .low, .info: .note
        }
    }
}
