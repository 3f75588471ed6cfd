import Foundation
import GRDB
import WardenAudit

extension FindingStore {
    /// Records one repository's audit result in ONE transaction: upserts `findings`, applies the life cycle and
    /// saves the watermark, so a kill leaves either all of it or none.
    ///
    /// Life cycle: an unknown finding is new; a known unresolved one is open; a resolved one is reopened. An
    /// unresolved finding of this repository that is not in `findings` becomes resolved only when its check id is
    /// in `completeChecks` (checks that looked at everything this run); findings of incremental checks, such as
    /// history scans that only read new commits, stay as they are.
    @discardableResult
    public func record(run: Int64, repository: String, findings: [AuditFinding], completeChecks: Set<String>,
                       watermark: RepositoryWatermark?, at date: Date) throws -> LifeCycleCounts {
        let refsJSON = try watermark.map { try String(decoding: JSONEncoder().encode($0.refs), as: UTF8.self) }
        return try writer.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM audit_run WHERE id = ?", arguments: [run]) != nil else {
                throw FindingStoreError.unknownRun(run)
            }
            var counts = LifeCycleCounts()
            var seen = Set<FindingIdentity>()
            for finding in findings {
                guard finding.repository == repository else {
                    throw FindingStoreError.foreignFinding(repository: finding.repository, recording: repository)
                }
                guard seen.insert(FindingIdentity(finding)).inserted else { continue }
                try Self.upsert(finding, run: run, at: date, counts: &counts, in: db)
            }
            counts.resolved = try Self.resolveMissing(repository: repository, seen: seen, completeChecks: completeChecks,
                                                      run: run, at: date, in: db)
            if let watermark, let refsJSON {
                try db.execute(
                    sql: """
                        INSERT INTO repository_watermark (repository, refs, state_fingerprint, run_id, updated_at)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (repository) DO UPDATE SET refs = excluded.refs,
                            state_fingerprint = excluded.state_fingerprint, run_id = excluded.run_id,
                            updated_at = excluded.updated_at
                        """,
                    arguments: [repository, refsJSON, watermark.stateFingerprint, run, date])
            }
            try db.execute(sql: "UPDATE audit_run SET repository_count = repository_count + 1 WHERE id = ?",
                           arguments: [run])
            return counts
        }
    }

    private static func upsert(_ finding: AuditFinding, run: Int64, at date: Date, counts: inout LifeCycleCounts,
                               in db: Database) throws {
        let identity: StatementArguments = [finding.checkID, finding.repository, finding.subject]
        // Cached statements: a history audit can record thousands of findings in one call.
        let existing = try Row.fetchOne(
            db.cachedStatement(
                sql: "SELECT id, state, last_run FROM finding WHERE check_id = ? AND repository = ? AND subject = ?"),
            arguments: identity)
        let content: StatementArguments = [finding.severity.rawValue, finding.title, finding.evidence, finding.fix,
                                           finding.fixable]
        guard let existing else {
            try db.cachedStatement(
                sql: """
                    INSERT INTO finding (check_id, repository, subject, severity, title, evidence, fix, fixable,
                        state, first_seen, last_seen, first_run, last_run)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'new', ?, ?, ?, ?)
                    """
            ).execute(arguments: identity + content + [date, date, run, run])
            counts.new += 1
            return
        }
        let state = try FindingStore.state(existing["state"])
        let lastRun: Int64 = existing["last_run"]
        let next: FindingState
        if state == .resolved {
            next = .reopened
            counts.reopened += 1
        } else {
            // Recorded again within the same run, a new or reopened finding stays what it was.
            next = lastRun == run ? state : .open
            counts.stillOpen += 1
        }
        try db.cachedStatement(
            sql: """
                UPDATE finding SET severity = ?, title = ?, evidence = ?, fix = ?, fixable = ?, state = ?,
                    last_seen = ?, last_run = ?, resolved_at = NULL, resolved_run = NULL
                WHERE id = ?
                """
        ).execute(arguments: content + [next.rawValue, date, run, existing["id"]])
    }

    /// Resolves this repository's unresolved findings of complete checks that were not seen; returns how many.
    private static func resolveMissing(repository: String, seen: Set<FindingIdentity>, completeChecks: Set<String>,
                                       run: Int64, at date: Date, in db: Database) throws -> Int {
        guard !completeChecks.isEmpty else { return 0 }
        let candidates = try Row.fetchAll(
            db, sql: "SELECT id, check_id, subject FROM finding WHERE repository = ? AND state != 'resolved'",
            arguments: [repository])
        var resolved = 0
        for row in candidates {
            let checkID: String = row["check_id"]
            guard completeChecks.contains(checkID),
                  !seen.contains(FindingIdentity(checkID: checkID, repository: repository, subject: row["subject"]))
            else { continue }
            try db.cachedStatement(
                sql: "UPDATE finding SET state = 'resolved', resolved_at = ?, resolved_run = ? WHERE id = ?"
            ).execute(arguments: [date, run, row["id"]])
            resolved += 1
        }
        return resolved
    }
}

/// The stable identity of a finding across runs.
struct FindingIdentity: Hashable {
    var checkID: String
    var repository: String
    var subject: String

    init(checkID: String, repository: String, subject: String) {
        self.checkID = checkID
        self.repository = repository
        self.subject = subject
    }

    init(_ finding: AuditFinding) {
        self.init(checkID: finding.checkID, repository: finding.repository, subject: finding.subject)
    }
}
