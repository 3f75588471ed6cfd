import Foundation
import GRDB
import TestSupport
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

    /// The writer and the reader run on threads of their own, not on Swift's cooperative pool: with 2 cores that pool
    /// has 2 threads, and the integration suites running beside this one block them in process waits, which starved a
    /// writer task so the reader saw one state in 60 s.
    @Test func concurrentReadersSeeWholeRecordsOnly() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/findings.sqlite"
        let store = try FindingStore(path: path)
        let reader = try FindingStore(path: path)
        let perRecord = 5
        let stop = StopFlag()
        let outcome = WriterOutcome()
        let writerDone = DispatchSemaphore(value: 0)
        Thread {
            defer { writerDone.signal() }
            do {
                let run = try store.beginRun(roots: ["/srv/git"], at: day(0))
                var records = 0
                // Writes until the reader has seen enough (a slow reader under load must still find it writing).
                while !stop.isSet, records < 200_000 {
                    records += 1
                    let findings = (0..<perRecord).map { finding("history.secret", "r\(records)-\($0)") }
                    try store.record(run: run, repository: "/srv/git/a.git", findings: findings, completeChecks: [],
                                     watermark: RepositoryWatermark(refs: [:], stateFingerprint: String(records)),
                                     at: day(0))
                }
                try store.finishRun(run, repositories: records, at: day(0))
                outcome.set(.success(records))
            } catch {
                outcome.set(.failure(error))
            }
        }.start()
        var distinctStates = Set<Int>(), last = 0
        let deadline = Date().addingTimeInterval(120)
        while distinctStates.count < 20, Date() < deadline, !outcome.isSet {
            // One snapshot: the findings and the watermark of the same committed record.
            let (count, fingerprint) = try reader.writer.read { db in
                (try Int.fetchOne(db, sql: "SELECT count(*) FROM finding") ?? -1,
                 try String.fetchOne(db, sql: "SELECT state_fingerprint FROM repository_watermark"))
            }
            #expect(count % perRecord == 0, "a reader saw part of a record")
            #expect(count >= last, "a reader went back in time")
            #expect(count == (Int(fingerprint ?? "0") ?? -1) * perRecord, "findings and watermark disagree")
            last = count
            distinctStates.insert(count)
        }
        stop.set()
        writerDone.wait()
        let records = try #require(outcome.result).get()
        #expect(distinctStates.count >= 20, "the reader saw the writer's progress while it wrote")
        #expect(try reader.findings().count == records * perRecord)
    }
}

/// What the writer thread ended with: the number of records it wrote, or its error.
private final class WriterOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Result<Int, any Error>?

    var isSet: Bool { lock.withLock { value != nil } }
    var result: Result<Int, any Error>? { lock.withLock { value } }
    func set(_ result: Result<Int, any Error>) { lock.withLock { value = result } }
}

/// Tells the writing task to stop once the reader has seen enough.
private final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
