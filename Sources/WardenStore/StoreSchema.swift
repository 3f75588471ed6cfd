import GRDB

/// The store's schema as an append-only list of named migrations. GRDB records each applied identifier in
/// `grdb_migrations`, so a database file written by an older git-warden is brought forward and none runs twice.
/// Never edit or reorder a registered migration: append a new one.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-runs-findings", migrate: createRunsAndFindings)
        migrator.registerMigration("v2-repository-watermarks", migrate: createRepositoryWatermarks)
        migrator.registerMigration("v3-finding-acknowledgements", migrate: createFindingAcknowledgements)
        return migrator
    }

    private static func createRunsAndFindings(_ db: Database) throws {
        try db.create(table: "audit_run") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("started_at", .datetime).notNull()
            table.column("finished_at", .datetime)
            /// JSON array of the root paths the run walked.
            table.column("roots", .text).notNull()
            table.column("repository_count", .integer).notNull().defaults(to: 0)
            table.column("status", .text).notNull()
                .check(sql: "status IN ('running', 'finished', 'interrupted')")
            /// The process running it, so the next open can tell a live run from one whose process was killed.
            table.column("owner_pid", .integer).notNull()
        }
        try db.create(table: "finding") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("check_id", .text).notNull()
            table.column("repository", .text).notNull()
            table.column("subject", .text).notNull()
            table.column("severity", .text).notNull()
            table.column("title", .text).notNull()
            table.column("evidence", .text).notNull()
            table.column("fix", .text).notNull()
            table.column("fixable", .boolean).notNull()
            table.column("state", .text).notNull()
                .check(sql: "state IN ('new', 'open', 'resolved', 'reopened')")
            table.column("first_seen", .datetime).notNull()
            table.column("last_seen", .datetime).notNull()
            table.column("resolved_at", .datetime)
            table.column("first_run", .integer).notNull().references("audit_run")
            table.column("last_run", .integer).notNull().references("audit_run")
            table.column("resolved_run", .integer).references("audit_run")
            table.uniqueKey(["check_id", "repository", "subject"])
        }
        try db.create(index: "finding_by_repository_state", on: "finding", columns: ["repository", "state"])
        try db.create(index: "finding_by_state", on: "finding", columns: ["state"])
    }

    private static func createRepositoryWatermarks(_ db: Database) throws {
        try db.create(table: "repository_watermark") { table in
            table.primaryKey("repository", .text)
            /// JSON object: full ref name -> object id of the last audited tip.
            table.column("refs", .text).notNull()
            table.column("state_fingerprint", .text).notNull()
            table.column("run_id", .integer).notNull().references("audit_run")
            table.column("updated_at", .datetime).notNull()
        }
    }

    /// An administrator's "known, accepted for now" on a finding: who, when, why, until when, and a digest of the
    /// finding as it was acknowledged. Rows are only ever added (the latest one of a finding counts), so the store
    /// keeps the whole history of who accepted what.
    private static func createFindingAcknowledgements(_ db: Database) throws {
        try db.create(table: "finding_acknowledgement") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("finding_id", .integer).notNull().references("finding")
            table.column("reason", .text).notNull()
            table.column("acknowledged_by", .text).notNull()
            table.column("acknowledged_at", .datetime).notNull()
            /// nil: until the finding changes or is resolved.
            table.column("until", .datetime)
            /// Digest of the finding's severity, title and evidence when acknowledged: a changed finding is new news.
            table.column("finding_digest", .text).notNull()
        }
        try db.create(index: "acknowledgement_by_finding", on: "finding_acknowledgement", columns: ["finding_id"])
    }
}
