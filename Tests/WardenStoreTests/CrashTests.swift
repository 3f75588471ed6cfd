import Foundation
import GRDB
import TestSupport
import Testing
import WardenAudit
@testable import WardenStore

/// A writer killed with SIGKILL at a random moment leaves a sound database with every commit it reported.
@Suite struct CrashTests {
    static var helper: String {
        if let explicit = ProcessInfo.processInfo.environment["STORE_CRASH_HELPER"] { return explicit }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("store-crash-helper").path
    }

    @Test func killedWriterLeavesCommittedStateAndTheNextRunCompletes() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.helper), "built beside the tests: \(Self.helper)")
        let directory = try TemporaryDirectory()
        let path = directory.path + "/findings.sqlite"
        var logged: [String] = []
        for round in 0..<3 {
            logged += try runAndKill(database: path, log: directory.path + "/helper-\(round).log")
            try verify(database: path, logged: logged, kills: round + 1)
        }
    }

    /// Starts the helper, lets it commit a few records, kills it at a random moment, and returns its log lines.
    func runAndKill(database: String, log: String) throws -> [String] {
        #expect(FileManager.default.createFile(atPath: log, contents: nil))
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        defer { try? output.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.helper)
        process.arguments = [database]
        process.standardOutput = output
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while try lines(log).count < 3, process.isRunning, Date() < deadline { usleep(2_000) }
        usleep(UInt32.random(in: 0..<300_000))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)
        return try lines(log)
    }

    /// Complete lines only: a line is written after its transaction committed.
    func lines(_ log: String) throws -> [String] {
        let text = try String(contentsOfFile: log, encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: true).dropLast(text.hasSuffix("\n") ? 0 : 1)
            .map(String.init)
    }

    /// `kills`: how many helpers were killed on this database so far; each may have committed one record it could
    /// not log.
    func verify(database: String, logged: [String], kills: Int) throws {
        let store = try FindingStore(path: database)
        let (integrity, foreignKeyViolations) = try store.writer.read { db in
            (try String.fetchAll(db, sql: "PRAGMA integrity_check"), try Row.fetchAll(db, sql: "PRAGMA foreign_key_check"))
        }
        #expect(integrity == ["ok"])
        #expect(foreignKeyViolations.isEmpty)
        let recorded = logged.filter { $0.hasPrefix("recorded ") }.map { $0.split(separator: " ") }
        #expect(recorded.count >= 3)
        for fields in recorded {
            let run = try #require(Int64(fields[1]))
            let repository = String(fields[2])
            let stored = try store.stored("crash.per-run", "run-\(run)", repository: repository)
            #expect(stored?.firstRun == run, "logged commit of run \(run) for \(repository) is missing")
        }
        var lastRunPerRepository: [String: Int64] = [:]
        for fields in recorded { lastRunPerRepository[String(fields[2])] = Int64(fields[1]) }
        for (repository, run) in lastRunPerRepository {
            let fingerprint = try #require(try store.watermark(repository: repository)?.stateFingerprint)
            #expect((Int64(fingerprint.dropFirst("run-".count)) ?? -1) >= run)
        }
        // At most one commit per killed helper (made but not yet logged when the kill came) goes beyond the log.
        let committed = try store.findings(FindingFilter(checkID: .exact("crash.per-run"))).count
        #expect(committed >= recorded.count && committed <= recorded.count + kills)

        let runs = try store.runs(limit: 10_000)
        #expect(!runs.contains { $0.status == .running }, "the killed helper's run is still marked running")
        let finished = Set(logged.filter { $0.hasPrefix("finished ") }.compactMap { Int64($0.dropFirst(9)) })
        for run in runs where finished.contains(run.id) { #expect(run.status == .finished) }

        let next = try store.beginRun(roots: ["/srv/git"], at: Date())
        try store.record(run: next, repository: "/srv/git/repo-0.git", findings: [], completeChecks: ["crash.rotating"],
                         watermark: RepositoryWatermark(refs: [:], stateFingerprint: "after"), at: Date())
        try store.finishRun(next, repositories: 1, at: Date())
        #expect(try store.runs(limit: 1).first?.status == .finished)
        #expect(try store.watermark(repository: "/srv/git/repo-0.git")?.stateFingerprint == "after")
    }
}
