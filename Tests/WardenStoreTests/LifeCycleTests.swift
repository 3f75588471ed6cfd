import Foundation
import Testing
import WardenAudit
@testable import WardenStore

@Suite struct LifeCycleTests {
    let repository = "/srv/git/a.git"

    /// Runs one audit of `repository` that found `findings`.
    func audit(_ store: FindingStore, day offset: Int, _ findings: [AuditFinding],
               complete: Set<String> = ["config.x", "hooks.y"]) throws -> (run: Int64, counts: LifeCycleCounts) {
        let run = try store.beginRun(roots: ["/srv/git"], at: day(offset))
        let counts = try store.record(run: run, repository: repository, findings: findings, completeChecks: complete,
                                      watermark: noWatermark, at: day(offset))
        try store.finishRun(run, repositories: 1, at: day(offset))
        return (run, counts)
    }

    @Test func newThenOpenThenResolvedThenReopened() throws {
        let store = try FindingStore.inMemory()
        let first = try audit(store, day: 0, [finding("config.x", "core.bare")])
        #expect(first.counts == LifeCycleCounts(new: 1))
        var stored = try #require(try store.stored("config.x", "core.bare"))
        #expect(stored.state == .new)
        #expect(stored.firstSeen == day(0) && stored.lastSeen == day(0))
        #expect(stored.firstRun == first.run && stored.lastRun == first.run)

        let second = try audit(store, day: 1, [finding("config.x", "core.bare")])
        #expect(second.counts == LifeCycleCounts(stillOpen: 1))
        stored = try #require(try store.stored("config.x", "core.bare"))
        #expect(stored.state == .open)
        #expect(stored.firstSeen == day(0) && stored.lastSeen == day(1))
        #expect(stored.firstRun == first.run && stored.lastRun == second.run)

        let third = try audit(store, day: 2, [])
        #expect(third.counts == LifeCycleCounts(resolved: 1))
        stored = try #require(try store.stored("config.x", "core.bare"))
        #expect(stored.state == .resolved)
        #expect(stored.resolvedAt == day(2) && stored.resolvedRun == third.run)
        #expect(stored.lastSeen == day(1) && stored.lastRun == second.run)

        let fourth = try audit(store, day: 3, [finding("config.x", "core.bare", severity: .critical)])
        #expect(fourth.counts == LifeCycleCounts(reopened: 1))
        stored = try #require(try store.stored("config.x", "core.bare"))
        #expect(stored.state == .reopened)
        #expect(stored.resolvedAt == nil && stored.resolvedRun == nil)
        #expect(stored.finding.severity == .critical, "the latest version of the finding is kept")
        #expect(stored.firstSeen == day(0) && stored.lastSeen == day(3))

        let fifth = try audit(store, day: 4, [finding("config.x", "core.bare")])
        #expect(fifth.counts == LifeCycleCounts(stillOpen: 1))
        #expect(try store.stored("config.x", "core.bare")?.state == .open)
    }

    @Test func incrementalChecksAreNotResolvedWhenAbsent() throws {
        let store = try FindingStore.inMemory()
        _ = try audit(store, day: 0, [finding("history.secret", "abc123:key.pem:1"), finding("config.x", "k")])
        // The history check only read new commits this time and the config check ran completely.
        let later = try audit(store, day: 1, [])
        #expect(later.counts == LifeCycleCounts(resolved: 1))
        #expect(try store.stored("history.secret", "abc123:key.pem:1")?.state == .new)
        #expect(try store.stored("config.x", "k")?.state == .resolved)
    }

    @Test func onlyTheRecordedRepositoryIsResolved() throws {
        let store = try FindingStore.inMemory()
        let run = try store.beginRun(roots: ["/srv/git"], at: day(0))
        try store.record(run: run, repository: "/srv/git/a.git", findings: [finding("config.x", "k")],
                         completeChecks: ["config.x"], watermark: noWatermark, at: day(0))
        try store.record(run: run, repository: "/srv/git/b.git",
                         findings: [finding("config.x", "k", repository: "/srv/git/b.git")],
                         completeChecks: ["config.x"], watermark: noWatermark, at: day(0))
        let next = try store.beginRun(roots: ["/srv/git"], at: day(1))
        let counts = try store.record(run: next, repository: "/srv/git/b.git", findings: [],
                                      completeChecks: ["config.x"], watermark: noWatermark, at: day(1))
        #expect(counts == LifeCycleCounts(resolved: 1))
        #expect(try store.stored("config.x", "k", repository: "/srv/git/a.git")?.state == .new)
        #expect(try store.stored("config.x", "k", repository: "/srv/git/b.git")?.state == .resolved)
    }

    @Test func countsCoverEveryTransitionInOneRecord() throws {
        let store = try FindingStore.inMemory()
        _ = try audit(store, day: 0, [finding("config.x", "stays"), finding("config.x", "goes"),
                                      finding("hooks.y", "comes-back")])
        _ = try audit(store, day: 1, [finding("config.x", "stays"), finding("config.x", "goes")])
        let third = try audit(store, day: 2, [finding("config.x", "stays"), finding("hooks.y", "comes-back"),
                                              finding("config.x", "fresh"), finding("config.x", "fresh")])
        #expect(third.counts == LifeCycleCounts(new: 1, reopened: 1, stillOpen: 1, resolved: 1))
        #expect(try store.findings().count == 4, "a finding repeated within one record is stored once")
    }

    @Test func recordingTwiceInOneRunKeepsTheFindingNew() throws {
        let store = try FindingStore.inMemory()
        let run = try store.beginRun(roots: ["/srv/git"], at: day(0))
        for _ in 0..<2 {
            try store.record(run: run, repository: repository, findings: [finding("config.x", "k")],
                             completeChecks: ["config.x"], watermark: noWatermark, at: day(0))
        }
        #expect(try store.stored("config.x", "k")?.state == .new)
        #expect(try store.runs(limit: 1).first?.repositoryCount == 2)
    }

    @Test func wrongRunOrRepositoryIsRejected() throws {
        let store = try FindingStore.inMemory()
        #expect(throws: FindingStoreError.unknownRun(42)) {
            try store.record(run: 42, repository: repository, findings: [], completeChecks: [],
                             watermark: noWatermark, at: day(0))
        }
        #expect(throws: FindingStoreError.unknownRun(42)) { try store.finishRun(42, repositories: 0, at: day(0)) }
        let run = try store.beginRun(roots: [], at: day(0))
        #expect(throws: FindingStoreError.foreignFinding(repository: "/elsewhere.git", recording: repository)) {
            try store.record(run: run, repository: repository,
                             findings: [finding("config.x", "k", repository: "/elsewhere.git")],
                             completeChecks: [], watermark: noWatermark, at: day(0))
        }
    }
}
