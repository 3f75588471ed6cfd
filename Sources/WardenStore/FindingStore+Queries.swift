import Foundation
import GRDB
import WardenAudit

extension FindingStore {
    /// The findings matching `filter`, most severe first, then by repository, check and subject.
    public func findings(_ filter: FindingFilter = FindingFilter()) throws -> [StoredFinding] {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let repository = filter.repository {
            Self.add(repository, column: "repository", to: &conditions, &arguments)
        }
        if let checkID = filter.checkID {
            Self.add(checkID, column: "check_id", to: &conditions, &arguments)
        }
        if let minimum = filter.minimumSeverity {
            let severities = Severity.allCases.filter { $0 >= minimum }.map(\.rawValue)
            conditions.append("severity IN (\(Self.placeholders(severities.count)))")
            arguments += StatementArguments(severities)
        }
        if let states = filter.states {
            let names = states.map(\.rawValue).sorted()
            conditions.append(names.isEmpty ? "0" : "state IN (\(Self.placeholders(names.count)))")
            arguments += StatementArguments(names)
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let severityRank = Severity.allCases.enumerated()
            .map { "WHEN '\($0.element.rawValue)' THEN \($0.offset)" }.joined(separator: " ")
        let sql = """
            SELECT * FROM finding \(whereClause)
            ORDER BY CASE severity \(severityRank) END DESC, repository, check_id, subject
            """
        return try writer.read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.storedFinding(from:))
        }
    }

    /// The watermark the last `record` of `repository` saved, or nil if it was never audited.
    public func watermark(repository: String) throws -> RepositoryWatermark? {
        let row = try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT refs, state_fingerprint FROM repository_watermark WHERE repository = ?",
                             arguments: [repository])
        }
        guard let row else { return nil }
        let refsJSON: String = row["refs"]
        return RepositoryWatermark(refs: try JSONDecoder().decode([String: String].self, from: Data(refsJSON.utf8)),
                                   stateFingerprint: row["state_fingerprint"])
    }

    private static func add(_ match: TextMatch, column: String, to conditions: inout [String],
                            _ arguments: inout StatementArguments) {
        switch match {
        case .exact(let text):
            conditions.append("\(column) = ?")
            arguments += [text]
        case .prefix(let text):
            // instr, not LIKE: paths contain '_' and '%', which LIKE would treat as wildcards.
            conditions.append("instr(\(column), ?) = 1")
            arguments += [text]
        }
    }

    private static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    static func state(_ text: String) throws -> FindingState {
        guard let state = FindingState(rawValue: text) else {
            throw FindingStoreError.corruptValue(column: "finding.state", value: text)
        }
        return state
    }

    static func storedFinding(from row: Row) throws -> StoredFinding {
        let severityText: String = row["severity"]
        guard let severity = Severity(rawValue: severityText) else {
            throw FindingStoreError.corruptValue(column: "finding.severity", value: severityText)
        }
        let finding = AuditFinding(
            checkID: row["check_id"], severity: severity, repository: row["repository"], subject: row["subject"],
            title: row["title"], evidence: row["evidence"], fix: row["fix"], fixable: row["fixable"])
        return StoredFinding(
            id: row["id"], finding: finding, state: try state(row["state"]), firstSeen: row["first_seen"],
            lastSeen: row["last_seen"], resolvedAt: row["resolved_at"], firstRun: row["first_run"],
            lastRun: row["last_run"], resolvedRun: row["resolved_run"])
    }
}
