import Foundation
import GRDB
import TestSupport
import Testing
import WardenAudit
@testable import WardenStore

@Suite struct RunAndWatermarkTests {
    @Test func runsAreListedNewestFirstWithTheirProgress() throws {
        let store = try FindingStore.inMemory()
        let first = try store.beginRun(roots: ["/srv/git", "/home/git"], at: day(0))
        try store.finishRun(first, repositories: 7, at: day(1))
        let second = try store.beginRun(roots: ["/srv/git"], at: day(2))
        try store.record(run: second, repository: "/srv/git/a.git", findings: [], completeChecks: [],
                         watermark: noWatermark, at: day(2))
        let runs = try store.runs(limit: 10)
        #expect(runs == [
            AuditRun(id: second, startedAt: day(2), finishedAt: nil, roots: ["/srv/git"], repositoryCount: 1,
                     status: .running),
            AuditRun(id: first, startedAt: day(0), finishedAt: day(1), roots: ["/srv/git", "/home/git"],
                     repositoryCount: 7, status: .finished),
        ])
        #expect(try store.runs(limit: 1).map(\.id) == [second])
    }

    @Test func watermarkRoundTripsAndIsReplaced() throws {
        let store = try FindingStore.inMemory()
        #expect(try store.watermark(repository: "/srv/git/a.git") == nil)
        let run = try store.beginRun(roots: [], at: day(0))
        let first = RepositoryWatermark(refs: ["refs/heads/main": String(repeating: "a", count: 40),
                                               "refs/tags/v1 ü": String(repeating: "b", count: 40)],
                                        stateFingerprint: "sha256:1")
        try store.record(run: run, repository: "/srv/git/a.git", findings: [], completeChecks: [], watermark: first,
                         at: day(0))
        #expect(try store.watermark(repository: "/srv/git/a.git") == first)
        let second = RepositoryWatermark(refs: [:], stateFingerprint: "sha256:2")
        try store.record(run: run, repository: "/srv/git/a.git", findings: [], completeChecks: [], watermark: second,
                         at: day(0))
        #expect(try store.watermark(repository: "/srv/git/a.git") == second)
        // No watermark given: the last one stays.
        try store.record(run: run, repository: "/srv/git/a.git", findings: [], completeChecks: [], watermark: nil,
                         at: day(0))
        #expect(try store.watermark(repository: "/srv/git/a.git") == second)
        #expect(try store.watermark(repository: "/srv/git/b.git") == nil)
    }

    @Test func aFailedRecordLeavesNeitherFindingsNorWatermark() throws {
        let store = try FindingStore.inMemory()
        let run = try store.beginRun(roots: [], at: day(0))
        // The second finding belongs elsewhere, so the record fails after the first was written.
        #expect(throws: FindingStoreError.self) {
            try store.record(run: run, repository: "/srv/git/a.git",
                             findings: [finding("config.x", "k"), finding("config.x", "k", repository: "/b.git")],
                             completeChecks: [], watermark: RepositoryWatermark(refs: [:], stateFingerprint: "f"),
                             at: day(0))
        }
        #expect(try store.findings().isEmpty)
        #expect(try store.watermark(repository: "/srv/git/a.git") == nil)
        #expect(try store.runs(limit: 1).first?.repositoryCount == 0)
    }

    @Test func runsOfDeadProcessesAreMarkedInterruptedOnOpenLiveOnesAreNot() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/findings.sqlite"
        let store = try FindingStore(path: path)
        let abandoned = try store.beginRun(roots: ["/srv/git"], at: day(0))
        let live = try store.beginRun(roots: ["/srv/git"], at: day(1))
        let deadPID = try pidOfExitedProcess()
        try store.writer.write { db in
            try db.execute(sql: "UPDATE audit_run SET owner_pid = ? WHERE id = ?", arguments: [deadPID, abandoned])
        }
        let reopened = try FindingStore(path: path)
        let statuses = Dictionary(uniqueKeysWithValues: try reopened.runs(limit: 10).map { ($0.id, $0.status) })
        #expect(statuses == [abandoned: .interrupted, live: .running])
        // The live run can still be finished, or given up on by its owner.
        try reopened.finishRun(live, repositories: 0, at: day(2), status: .interrupted)
        #expect(try reopened.runs(limit: 1).first?.status == .interrupted)
    }

    /// The pid of a process that has exited and been reaped.
    func pidOfExitedProcess() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exit 0"]
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }
}
