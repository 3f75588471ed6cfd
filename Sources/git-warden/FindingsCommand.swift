import ArgumentParser
import Foundation
import WardenAudit
import WardenService
import WardenStore

extension FindingState: ExpressibleByArgument {}

struct FindingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "findings",
        abstract: "List the findings kept in the findings store, with their life cycle."
    )

    @Option(help: "Only this repository (its git directory), or every repository under this path when it ends with '/'.")
    var repo: String?

    @Option(help: "Only findings of this severity or higher.")
    var severity: Severity?

    @Option(parsing: .upToNextOption, help: "Only these states (new, open, resolved, reopened); default: all but resolved.")
    var state: [FindingState] = []

    @Option(help: "Only this check id, or check ids starting with it when it ends with '.' (e.g. history.).")
    var check: String?

    @Option(help: "text or json.")
    var format: Format = .text

    @Option(help: "The findings database (default as for audit).")
    var store: String?

    enum Format: String, ExpressibleByArgument { case text, json }

    func run() throws {
        let path = store ?? StoreLocation.defaultPath()
        guard FileManager.default.fileExists(atPath: path) else {
            FileHandle.standardError.write(Data("git-warden findings: no findings store at \(path) (run git-warden audit first, or give --store)\n".utf8))
            throw ExitCode(2)
        }
        let filter = FindingFilter(
            repository: repo.map { $0.hasSuffix("/") ? .prefix($0) : .exact(Self.absolute($0)) },
            checkID: check.map { $0.hasSuffix(".") ? .prefix($0) : .exact($0) },
            minimumSeverity: severity,
            states: state.isEmpty ? FindingState.unresolved : Set(state))
        let found = try FindingStore(path: path).findings(filter)
        switch format {
        case .text:
            for item in found {
                let finding = item.finding
                print("#\(item.id) \(finding.severity.rawValue.uppercased()) \(finding.checkID) [\(item.state.rawValue)] \(finding.title)")
                print("  repository: \(finding.repository)")
                print("  evidence:   \(finding.evidence)")
                print("  first seen: \(Self.date(item.firstSeen)), last seen: \(Self.date(item.lastSeen))"
                      + (item.resolvedAt.map { ", resolved: \(Self.date($0))" } ?? ""))
            }
            print("\(found.count) finding\(found.count == 1 ? "" : "s")")
        case .json:
            let items: [[String: Any]] = found.map { item in
                var entry: [String: Any] = [
                    "id": item.id, "state": item.state.rawValue, "checkID": item.finding.checkID,
                    "severity": item.finding.severity.rawValue, "repository": item.finding.repository,
                    "subject": item.finding.subject, "title": item.finding.title, "evidence": item.finding.evidence,
                    "fix": item.finding.fix, "firstSeen": Self.date(item.firstSeen), "lastSeen": Self.date(item.lastSeen),
                ]
                if let resolved = item.resolvedAt { entry["resolvedAt"] = Self.date(resolved) }
                return entry
            }
            let data = try JSONSerialization.data(withJSONObject: items, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        }
    }

    static func date(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    static func absolute(_ path: String) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        return url.path
    }
}
