import Foundation
import GRDB
import TestSupport
import Testing
@testable import WardenStore

@Suite struct StoreMigrationTests {
    @Test func freshFileGetsEveryTableInWALModeWithNamedMigrations() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/nested/dirs/findings.sqlite"
        let store = try FindingStore(path: path)
        #expect(FileManager.default.fileExists(atPath: path))
        let (tables, journalMode, applied) = try store.writer.read { db in
            (try ["audit_run", "finding", "repository_watermark", "grdb_migrations"].filter { try db.tableExists($0) },
             try String.fetchOne(db, sql: "PRAGMA journal_mode"),
             try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid"))
        }
        #expect(tables == ["audit_run", "finding", "repository_watermark", "grdb_migrations"])
        #expect(journalMode == "wal")
        #expect(applied == ["v1-runs-findings", "v2-repository-watermarks", "v3-finding-acknowledgements"])
    }

    @Test func reopeningKeepsDataAndRunsNoMigrationTwice() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/findings.sqlite"
        do {
            let store = try FindingStore(path: path)
            let run = try store.beginRun(roots: ["/srv/git"], at: day(0))
            try store.record(run: run, repository: "/srv/git/a.git", findings: [finding("config.x", "core.bare")],
                             completeChecks: [], watermark: noWatermark, at: day(0))
            try store.finishRun(run, repositories: 1, at: day(0))
        }
        for _ in 0..<2 {
            let reopened = try FindingStore(path: path)
            #expect(try reopened.findings().map(\.finding.subject) == ["core.bare"])
            #expect(try reopened.runs(limit: 10).map(\.status) == [.finished])
            let applied = try reopened.writer.read { db in
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            }
            #expect(applied.count == 3)
            #expect(Set(applied) == Set(StoreSchema.migrator.migrations))
        }
    }

    @Test func migrationsAreAppendedInOrderWithStableNames() {
        // Editing or reordering these breaks every database already written: append only.
        #expect(StoreSchema.migrator.migrations == ["v1-runs-findings", "v2-repository-watermarks", "v3-finding-acknowledgements"])
    }
}
