import Foundation
import Testing
import WardenAudit
@testable import WardenStore

@Suite struct FindingFilterTests {
    /// a.git: critical secret (open), low config (resolved); a_b%.git: medium hook (new); other/c.git: high config.
    func populated() throws -> FindingStore {
        let store = try FindingStore.inMemory()
        let first = try store.beginRun(roots: ["/srv"], at: day(0))
        try store.record(run: first, repository: "/srv/git/a.git",
                         findings: [finding("history.secret", "c1:k.pem:1", severity: .critical),
                                    finding("config.gc", "gc.auto", severity: .low)],
                         completeChecks: [], watermark: noWatermark, at: day(0))
        try store.finishRun(first, repositories: 1, at: day(0))
        let second = try store.beginRun(roots: ["/srv"], at: day(1))
        try store.record(run: second, repository: "/srv/git/a.git",
                         findings: [finding("history.secret", "c1:k.pem:1", severity: .critical)],
                         completeChecks: ["config.gc"], watermark: noWatermark, at: day(1))
        try store.record(run: second, repository: "/srv/git/a_b%.git",
                         findings: [finding("hooks.modified", "pre-receive", repository: "/srv/git/a_b%.git")],
                         completeChecks: [], watermark: noWatermark, at: day(1))
        try store.record(run: second, repository: "/srv/other/c.git",
                         findings: [finding("config.deny", "receive.denyNonFastForwards",
                                            repository: "/srv/other/c.git", severity: .high)],
                         completeChecks: [], watermark: noWatermark, at: day(1))
        try store.finishRun(second, repositories: 3, at: day(1))
        return store
    }

    func subjects(_ store: FindingStore, _ filter: FindingFilter) throws -> [String] {
        try store.findings(filter).map(\.finding.subject)
    }

    @Test func everythingMostSevereFirst() throws {
        let store = try populated()
        #expect(try subjects(store, FindingFilter())
                == ["c1:k.pem:1", "receive.denyNonFastForwards", "pre-receive", "gc.auto"])
    }

    @Test func repositoryExactAndPrefixTreatWildcardCharactersLiterally() throws {
        let store = try populated()
        #expect(try subjects(store, FindingFilter(repository: .exact("/srv/git/a.git"))) == ["c1:k.pem:1", "gc.auto"])
        #expect(try subjects(store, FindingFilter(repository: .prefix("/srv/git/")))
                == ["c1:k.pem:1", "pre-receive", "gc.auto"])
        #expect(try subjects(store, FindingFilter(repository: .prefix("/srv/git/a_b%"))) == ["pre-receive"])
        #expect(try subjects(store, FindingFilter(repository: .prefix("/srv/git/a%"))).isEmpty)
        #expect(try subjects(store, FindingFilter(repository: .exact("/srv/git"))).isEmpty)
    }

    @Test func minimumSeverityStatesAndCheckID() throws {
        let store = try populated()
        #expect(try subjects(store, FindingFilter(minimumSeverity: .high))
                == ["c1:k.pem:1", "receive.denyNonFastForwards"])
        #expect(try subjects(store, FindingFilter(states: [.resolved])) == ["gc.auto"])
        #expect(try subjects(store, .unresolved) == ["c1:k.pem:1", "receive.denyNonFastForwards", "pre-receive"])
        #expect(try subjects(store, FindingFilter(states: [])).isEmpty)
        #expect(try subjects(store, FindingFilter(checkID: .prefix("config."))) == ["receive.denyNonFastForwards", "gc.auto"])
        #expect(try subjects(store, FindingFilter(checkID: .exact("hooks.modified"))) == ["pre-receive"])
        #expect(try subjects(store, FindingFilter(repository: .prefix("/srv/"), checkID: .prefix("config."),
                                                  minimumSeverity: .medium, states: FindingState.unresolved))
                == ["receive.denyNonFastForwards"])
    }

    @Test func storedFindingKeepsEveryField() throws {
        let store = try FindingStore.inMemory()
        let run = try store.beginRun(roots: [], at: day(0))
        let original = AuditFinding(checkID: "config.fsck", severity: .high, repository: "/r.git",
                                    subject: "receive.fsckObjects", title: "fsck off", evidence: "value: false\nline 2",
                                    fix: "git config receive.fsckObjects true", fixable: true)
        try store.record(run: run, repository: "/r.git", findings: [original], completeChecks: [],
                         watermark: noWatermark, at: day(0))
        #expect(try store.findings().map(\.finding) == [original])
    }
}
