import Foundation
import WardenSecrets

/// The output formats of `git-warden scan`, and what every one of them needs to know.
public enum ScanReportFormat: String, Sendable, CaseIterable {
    case text, json, sarif
}

/// Who wrote a report and how much it may show.
public struct ScanReportStyle: Sendable {
    public var toolName: String
    public var toolVersion: String
    /// Where people learn about the tool (SARIF `informationUri`).
    public var informationURI: String
    /// Print secrets in full (`--no-redact`); otherwise only their redacted form appears anywhere.
    public var showSecrets: Bool

    public init(toolName: String = "git-warden", toolVersion: String, informationURI: String, showSecrets: Bool) {
        self.toolName = toolName
        self.toolVersion = toolVersion
        self.informationURI = informationURI
        self.showSecrets = showSecrets
    }

    func shown(_ finding: SecretFinding) -> String {
        showSecrets && !finding.secret.isEmpty ? finding.secret : finding.redacted
    }
}

extension SecretScanReport {
    /// The report in `format`, ready to print or write to a file (ends with a newline).
    public func rendered(as format: ScanReportFormat, style: ScanReportStyle) throws -> String {
        switch format {
        case .text: textReport(style: style)
        case .json: try jsonReport(style: style)
        case .sarif: try sarifReport(style: style)
        }
    }

    /// Serialises a JSON value with stable key order, so reports diff cleanly between runs.
    static func serialize(_ value: Any) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: value,
                                              options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
