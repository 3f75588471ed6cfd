import Foundation
import GRDB
import Testing
import WardenAudit
@testable import WardenStore

@Suite struct ConcurrencyTests {
    @Test func readersDoNotWaitForAnOpenWriteTransaction() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/findings.sqlite"
        let store = try FindingStore(path: path)
        let otherProcessView = try FindingStore(path: path)
        let inserted = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let writerDone = DispatchSemaphore(value: 0)
        Thread {
            try? store.writer.write { db in
                try db.execute(sql: """
                    INSERT INTO audit_run (started_at, roots, status, owner_pid) VALUES (?, '[]', 'running', 1)
                    """, arguments: [day(0)])
                inserted.signal()
                release.wait()
            }
            writerDone.signal()
        }.start()
        inserted.wait()
        let started = Date()
        #expect(try store.runs(limit: 10).isEmpty, "uncommitted rows are invisible")
        #expect(try otherProcessView.runs(limit: 10).isEmpty)
        #expect(try otherProcessView.findings().isEmpty)
        #expect(Date().timeIntervalSince(started) < 2, "reads returned while the write transaction was open")
        release.signal()
        writerDone.wait()
        #expect(try otherProcessView.runs(limit: 10).count == 1)
    }

    @Test func concurrentReadersSeeWholeRecordsOnly() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/findings.sqlite"
        let store = try FindingStore(path: path)
        let reader = try FindingStore(path: path)
        let records = 60, perRecord = 5
        let writing = Task.detached {
            let run = try store.beginRun(roots: ["/srv/git"], at: day(0))
            for index in 1...records {
                let findings = (0..<perRecord).map { finding("history.secret", "r\(index)-\($0)") }
                try store.record(run: run, repository: "/srv/git/a.git", findings: findings, completeChecks: [],
                                 watermark: RepositoryWatermark(refs: [:], stateFingerprint: String(index)), at: day(0))
            }
            try store.finishRun(run, repositories: records, at: day(0))
        }
        var observations = 0, last = 0
        let deadline = Date().addingTimeInterval(60)
        while last < records * perRecord, Date() < deadline {
            // One snapshot: the findings and the watermark of the same committed record.
            let (count, fingerprint) = try await reader.writer.read { db in
                (try Int.fetchOne(db, sql: "SELECT count(*) FROM finding") ?? -1,
                 try String.fetchOne(db, sql: "SELECT state_fingerprint FROM repository_watermark"))
            }
            #expect(count % perRecord == 0, "a reader saw part of a record")
            #expect(count >= last, "a reader went back in time")
            #expect(count == (Int(fingerprint ?? "0") ?? -1) * perRecord, "findings and watermark disagree")
            last = count
            observations += 1
        }
        try await writing.value
        #expect(try reader.findings().count == records * perRecord)
        #expect(observations > 1)
    }
}
