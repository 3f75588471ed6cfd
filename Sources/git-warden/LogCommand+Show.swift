import ArgumentParser
import Foundation
import WardenCore
import WardenEvidence

extension LogCommand {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show push log entries: decisions (accepted, rejected, error) and what landed, oldest first."
        )

        enum Format: String, ExpressibleByArgument { case text, json }
        enum Outcome: String, ExpressibleByArgument { case accepted, rejected, error, landed }

        @Argument(help: "The repository (default: the one containing the current directory).")
        var repository: String?

        @Option(help: "Only entries that update this full ref name (e.g. refs/heads/main).")
        var ref: String?

        @Option(help: "Only entries by this pusher.")
        var pusher: String?

        @Option(help: "Only decisions with this outcome (accepted, rejected, error) or landed records.")
        var outcome: Outcome?

        @Option(help: "Only entries at or after this UTC time (RFC 3339, e.g. 2026-12-01 or 2026-12-01T14:00:00Z).")
        var since: String?

        @Option(help: "Output format: text or json (one JSON object per line, as stored).")
        var format: Format = .text

        func run() throws {
            do {
                let log = DecisionLog.path(gitDirectory: try LogCommand.gitDirectory(repository))
                guard let data = FileManager.default.contents(atPath: log) else {
                    FileHandle.standardError.write(Data("git-warden: no push log yet (no push was recorded)\n".utf8))
                    return
                }
                let sinceKey = try since.map(Self.normalizedTime)
                for line in data.split(separator: UInt8(ascii: "\n")) {
                    guard let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any],
                          let entry = PushLogEntryView(object) else { continue }
                    if let ref, !entry.refs.contains(ref) { continue }
                    if let pusher, entry.pusher != pusher { continue }
                    if let outcome, entry.outcome != outcome.rawValue { continue }
                    if let sinceKey, entry.time < sinceKey { continue }
                    print(format == .json ? String(decoding: line, as: UTF8.self) : entry.text)
                }
            } catch {
                FileHandle.standardError.write(Data("git-warden: \(error)\n".utf8))
                throw ExitCode(2)
            }
        }

        /// Entry times are `YYYY-MM-DDTHH:MM:SS.mmmZ`; a date or a time to the second compares as their prefix.
        static func normalizedTime(_ text: String) throws -> String {
            let pattern = #"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z?)?$"#
            guard text.range(of: pattern, options: .regularExpression) != nil else {
                throw ValidationError("--since \(text): expected a UTC time such as 2026-12-01 or 2026-12-01T14:00:00Z")
            }
            return text.hasSuffix("Z") ? String(text.dropLast()) : text
        }
    }
}

/// One entry as `log show` prints it: a decision or a landed record, read from its JSON.
struct PushLogEntryView {
    var seq: Int?
    var time: String
    var pusher: String?
    var outcome: String
    var refs: [String]
    var text: String

    init?(_ object: [String: Any]) {
        guard let time = object["time"] as? String else { return nil }
        self.time = time
        seq = object["seq"] as? Int
        pusher = object["pusher"] as? String
        let who = pusher ?? "(unknown pusher)"
        let number = seq.map { "#\($0) " } ?? ""
        if object["event"] as? String == "landed" {
            outcome = "landed"
            let states = object["refs"] as? [[String: Any]] ?? []
            refs = states.compactMap { $0["ref"] as? String }
            let parts = states.map { state -> String in
                let ref = state["ref"] as? String ?? "?"
                let actual = (state["actual"] as? String).map { String($0.prefix(12)) } ?? "(deleted)"
                return (state["landed"] as? Bool == true ? "" : "NOT LANDED ") + "\(ref) = \(actual)"
            }
            text = "\(number)\(time) \(who) landed: " + parts.joined(separator: ", ")
        } else {
            outcome = object["outcome"] as? String ?? "?"
            let updates = object["updates"] as? [[String: Any]] ?? []
            refs = updates.compactMap { $0["ref"] as? String }
            let moves = updates.map { update -> String in
                let old = String((update["old"] as? String ?? "").prefix(12))
                let new = String((update["new"] as? String ?? "").prefix(12))
                return "\(update["ref"] as? String ?? "?") \(old)..\(new)"
            }
            let bypass = object["bypass"] as? [String: Any]
            var line = "\(number)\(time) \(who) \(outcome.uppercased())\(bypass == nil ? "" : " (BYPASS)") "
                + moves.joined(separator: ", ")
            func describe(_ list: Any?) -> [String] {
                (list as? [[String: Any]] ?? []).compactMap { violation -> String? in
                    guard let rule = violation["rule"] as? String else { return nil }
                    let subject = (violation["path"] as? String) ?? (violation["object"] as? String).map { String($0.prefix(12)) }
                    return "\(rule)" + (subject.map { " \($0)" } ?? "") + ": \(violation["detail"] as? String ?? "")"
                }
            }
            let violations = describe(object["violations"])
            if !violations.isEmpty { line += "\n    " + violations.joined(separator: "\n    ") }
            if let bypass {
                line += "\n    bypass by \(bypass["pusher"] as? String ?? "?"), reason: \(bypass["reason"] as? String ?? "")"
                line += describe(bypass["bypassed"]).map { "\n    bypassed \($0)" }.joined()
                if let notified = bypass["notified"] as? String { line += "\n    notify: \(notified)" }
            }
            if let error = object["error"] as? String { line += "\n    error: \(error)" }
            text = line
        }
    }
}
