import Foundation
import GRDB
import WardenAudit

/// The embedded findings store: audit runs, the life cycle of every finding, and per-repository scan watermarks,
/// in one SQLite file in WAL mode (readers never wait for the writer; several processes may share the file).
///
/// Crash safety: every public write is one transaction, so a process killed at any moment leaves the last
/// committed state. A run still marked running whose process is gone is marked interrupted by the next open.
public final class FindingStore: Sendable {
    let writer: any DatabaseWriter

    /// Opens (creating it and its parent directories if needed) the database at `path`, migrates it and marks runs
    /// left running by dead processes as interrupted.
    public convenience init(path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try self.init(writer: DatabasePool(path: url.path, configuration: Self.configuration))
    }

    /// A private in-memory store (no WAL, no sharing), for tests and dry runs.
    public static func inMemory() throws -> FindingStore {
        try FindingStore(writer: DatabaseQueue(configuration: configuration))
    }

    init(writer: any DatabaseWriter) throws {
        self.writer = writer
        try StoreSchema.migrator.migrate(writer)
        try markAbandonedRunsInterrupted()
    }

    private static var configuration: Configuration {
        var configuration = Configuration()
        // The daemon and a CLI listing may open the same file; a writer waits for the other one this long.
        configuration.busyMode = .timeout(10)
        configuration.label = "git-warden findings"
        return configuration
    }

    // MARK: Runs

    /// Records the start of a run owned by this process and returns its id.
    public func beginRun(roots: [String], at date: Date) throws -> Int64 {
        let rootsJSON = try String(decoding: JSONEncoder().encode(roots), as: UTF8.self)
        return try writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO audit_run (started_at, roots, repository_count, status, owner_pid)
                    VALUES (?, ?, 0, 'running', ?)
                    """,
                arguments: [date, rootsJSON, Int64(ProcessInfo.processInfo.processIdentifier)])
            return db.lastInsertedRowID
        }
    }

    /// Closes a run: `.finished` when every root was walked, `.interrupted` when the caller stops early
    /// (e.g. on SIGTERM). `repositories` is the number of repositories the run audited.
    public func finishRun(_ run: Int64, repositories: Int, at date: Date, status: RunStatus = .finished) throws {
        try writer.write { db in
            try db.execute(
                sql: "UPDATE audit_run SET finished_at = ?, repository_count = ?, status = ? WHERE id = ?",
                arguments: [date, repositories, status.rawValue, run])
            guard db.changesCount == 1 else { throw FindingStoreError.unknownRun(run) }
        }
    }

    /// The latest runs, newest first.
    public func runs(limit: Int) throws -> [AuditRun] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_run ORDER BY id DESC LIMIT ?", arguments: [limit])
                .map(Self.run(from:))
        }
    }

    /// Runs still marked running whose owning process no longer exists were cut short by a kill or a crash.
    /// A run of a live process (the daemon, while a CLI opens the same file) is left alone.
    private func markAbandonedRunsInterrupted() throws {
        try writer.write { db in
            let running = try Row.fetchAll(db, sql: "SELECT id, owner_pid FROM audit_run WHERE status = 'running'")
            for row in running where !ProcessLiveness.isAlive(pid: row["owner_pid"]) {
                try db.execute(sql: "UPDATE audit_run SET status = 'interrupted' WHERE id = ?", arguments: [row["id"]])
            }
        }
    }

    static func run(from row: Row) throws -> AuditRun {
        let rootsJSON: String = row["roots"]
        let statusText: String = row["status"]
        guard let status = RunStatus(rawValue: statusText) else {
            throw FindingStoreError.corruptValue(column: "audit_run.status", value: statusText)
        }
        return AuditRun(
            id: row["id"], startedAt: row["started_at"], finishedAt: row["finished_at"],
            roots: try JSONDecoder().decode([String].self, from: Data(rootsJSON.utf8)),
            repositoryCount: row["repository_count"], status: status)
    }
}

public enum FindingStoreError: Error, CustomStringConvertible, Equatable {
    case unknownRun(Int64)
    case corruptValue(column: String, value: String)
    case foreignFinding(repository: String, recording: String)

    public var description: String {
        switch self {
        case .unknownRun(let run): "no audit run with id \(run) in the findings store"
        case .corruptValue(let column, let value): "findings store: unexpected value '\(value)' in \(column)"
        case .foreignFinding(let repository, let recording):
            "a finding of \(repository) was passed while recording \(recording)"
        }
    }
}
