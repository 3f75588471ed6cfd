import Foundation
import GRDB
import WardenAudit

/// An acknowledgement as stored: the finding it covers and why it was accepted.
public struct Acknowledgement: Sendable, Hashable, Codable {
    public var findingID: Int64
    public var reason: String
    public var by: String
    public var at: Date
    public var until: Date?

    /// Who, when, until when and why, in one line, as `findings` and the audit report show it.
    public var summary: String {
        let format = ISO8601DateFormatter()
        let expiry = until.map { " until \(format.string(from: $0))" } ?? " until it changes"
        return "by \(by) on \(format.string(from: at))\(expiry): \(reason)"
    }
}

extension FindingStore {
    /// What an acknowledgement is tied to: a finding that changes (severity, title or evidence) is not the one that
    /// was accepted, and neither is one that was resolved and came back (reopened).
    static func acknowledgementDigest(_ stored: StoredFinding) -> String {
        let finding = stored.finding
        let comeBack = stored.state == .reopened ? "reopened" : "open"
        return AuditReport.digest([finding.severity.rawValue, finding.title, finding.evidence, comeBack].joined(separator: "\u{0}"))
    }

    /// Acknowledges the stored finding `id`. Refuses an unknown id, a resolved finding, an empty reason and an
    /// expiry in the past.
    @discardableResult
    public func acknowledge(findingID id: Int64, reason: String, by user: String, until: Date?,
                            at date: Date = Date()) throws -> (Acknowledgement, StoredFinding) {
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw AcknowledgementError(message: "a reason is required (--reason \"...\")") }
        if let until, until <= date {
            throw AcknowledgementError(message: "--until \(ISO8601DateFormatter().string(from: until)) is not in the future")
        }
        return try writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM finding WHERE id = ?", arguments: [id]) else {
                throw AcknowledgementError(message: "no finding #\(id) in the findings store (git-warden findings lists them)")
            }
            let stored = try Self.storedFinding(from: row)
            guard stored.state != .resolved else {
                throw AcknowledgementError(message: "finding #\(id) is resolved: there is nothing to acknowledge")
            }
            try db.execute(
                sql: """
                    INSERT INTO finding_acknowledgement (finding_id, reason, acknowledged_by, acknowledged_at, until, finding_digest)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [id, trimmed, user, date, until, Self.acknowledgementDigest(stored)])
            return (Acknowledgement(findingID: id, reason: trimmed, by: user, at: date, until: until), stored)
        }
    }

    /// The acknowledgements in force now for the unresolved findings of `repository` (all repositories when nil),
    /// keyed by `AuditReport.identity`: the latest one of each finding, unexpired, and for the finding as it reads
    /// now (not changed, not resolved and reopened since).
    public func activeAcknowledgements(repository: String? = nil, at date: Date = Date()) throws -> [String: Acknowledgement] {
        try writer.read { db in
            var sql = """
                SELECT f.*, a.finding_id AS a_finding, a.reason AS a_reason, a.acknowledged_by AS a_by,
                       a.acknowledged_at AS a_at, a.until AS a_until, a.finding_digest AS a_digest
                FROM finding f JOIN finding_acknowledgement a ON a.finding_id = f.id
                WHERE a.id = (SELECT MAX(id) FROM finding_acknowledgement WHERE finding_id = f.id)
                  AND f.state != 'resolved'
                """
            var arguments = StatementArguments()
            if let repository {
                sql += " AND f.repository = ?"
                arguments += [repository]
            }
            var active: [String: Acknowledgement] = [:]
            for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
                let stored = try Self.storedFinding(from: row)
                let acknowledgement = Acknowledgement(findingID: row["a_finding"], reason: row["a_reason"], by: row["a_by"],
                                                      at: row["a_at"], until: row["a_until"])
                let digest: String = row["a_digest"]
                if let until = acknowledgement.until, until <= date { continue }
                guard digest == Self.acknowledgementDigest(stored) else { continue }
                active[AuditReport.identity(of: stored.finding)] = acknowledgement
            }
            return active
        }
    }
}

public struct AcknowledgementError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
