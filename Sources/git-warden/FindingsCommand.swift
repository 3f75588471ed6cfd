import ArgumentParser
import Foundation
import WardenAudit
import WardenStore

extension FindingState: ExpressibleByArgument {}

struct FindingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "findings",
        abstract: "List the findings kept in the findings store, with their life cycle; acknowledge one.",
        subcommands: [List.self, Ack.self],
        defaultSubcommand: List.self
    )

    static func date(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    static func absolute(_ path: String) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        return url.path
    }

    static func openStore(_ store: String?) throws -> FindingStore {
        let path = store ?? StoreLocation.defaultPath()
        guard FileManager.default.fileExists(atPath: path) else {
            FileHandle.standardError.write(Data("git-warden findings: no findings store at \(path) (run git-warden audit first, or give --store)\n".utf8))
            throw ExitCode(2)
        }
        return try FindingStore(path: path)
    }
}

extension FindingsCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List stored findings (the default).")

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
            let findingStore = try FindingsCommand.openStore(store)
            let filter = FindingFilter(
                repository: repo.map { $0.hasSuffix("/") ? .prefix($0) : .exact(Self.absolute($0)) },
                checkID: check.map { $0.hasSuffix(".") ? .prefix($0) : .exact($0) },
                minimumSeverity: severity,
                states: state.isEmpty ? FindingState.unresolved : Set(state))
            let found = try findingStore.findings(filter)
            let acknowledgements = try findingStore.activeAcknowledgements()
            switch format {
            case .text:
                for item in found {
                    let finding = item.finding
                    print("#\(item.id) \(finding.severity.rawValue.uppercased()) \(finding.checkID) [\(item.state.rawValue)] \(finding.title)")
                    print("  repository: \(finding.repository)")
                    print("  evidence:   \(finding.evidence)")
                    print("  first seen: \(Self.date(item.firstSeen)), last seen: \(Self.date(item.lastSeen))"
                          + (item.resolvedAt.map { ", resolved: \(Self.date($0))" } ?? ""))
                    if let acknowledgement = acknowledgements[AuditReport.identity(of: finding)] {
                        print("  acknowledged \(Self.describe(acknowledgement))")
                    }
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
                    if let acknowledgement = acknowledgements[AuditReport.identity(of: item.finding)] {
                        entry["acknowledged"] = Self.describe(acknowledgement)
                    }
                    return entry
                }
                let data = try JSONSerialization.data(withJSONObject: items, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
                print(String(decoding: data, as: UTF8.self))
            }
        }

        static func date(_ date: Date) -> String { FindingsCommand.date(date) }
        static func absolute(_ path: String) -> String { FindingsCommand.absolute(path) }
        static func describe(_ acknowledgement: Acknowledgement) -> String { acknowledgement.summary }
    }

    /// Accepting a finding for now, with the reason on record: who (the login running the command, or
    /// SUDO_USER behind sudo) and when are stored, and the finding stops failing `audit --fail-on` until the date
    /// given, or until it changes, is resolved and comes back.
    struct Ack: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Acknowledge a finding: reported as acknowledged, and no longer failing --fail-on.")

        @Argument(help: "The finding's number, as git-warden findings prints it (#12 or 12).")
        var id: String

        @Option(help: "Why it is accepted (stored, shown with the finding).")
        var reason: String

        @Option(help: "Until this date (YYYY-MM-DD, UTC midnight) or time (RFC 3339); default: until the finding changes.")
        var until: String?

        @Option(help: "The findings database (default as for audit).")
        var store: String?

        func run() throws {
            guard let number = Int64(id.hasPrefix("#") ? String(id.dropFirst()) : id) else {
                throw ValidationError("'\(id)' is not a finding number (git-warden findings lists them as #N)")
            }
            let expiry = try until.map(Self.parseDate)
            let findingStore = try FindingsCommand.openStore(store)
            let user = Self.currentUser()
            do {
                let (acknowledgement, stored) = try findingStore.acknowledge(findingID: number, reason: reason, by: user, until: expiry)
                print("acknowledged #\(number) \(stored.finding.checkID) of \(stored.finding.repository) "
                      + acknowledgement.summary)
            } catch let error as AcknowledgementError {
                FileHandle.standardError.write(Data("git-warden findings ack: \(error)\n".utf8))
                throw ExitCode(2)
            }
        }

        static func parseDate(_ text: String) throws -> Date {
            let full = ISO8601DateFormatter()
            if let date = full.date(from: text) { return date }
            let day = ISO8601DateFormatter()
            day.formatOptions = [.withFullDate]
            if let date = day.date(from: text) { return date }
            throw ValidationError("--until '\(text)' is not a date (YYYY-MM-DD) or an RFC 3339 time")
        }

        /// The person behind the command: sudo keeps the invoking login in SUDO_USER; else the account's name.
        static func currentUser() -> String {
            let environment = ProcessInfo.processInfo.environment
            if let sudo = environment["SUDO_USER"], !sudo.isEmpty { return sudo }
            if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
            return "uid \(getuid())"
        }
    }
}
