import Foundation
import Synchronization
import WardenAudit
import WardenStore

/// One audit run over some roots: discover the repositories, audit each (in parallel, each under its own lock so
/// no two audits of one repository overlap, even from two processes), apply safe fixes when asked, and record
/// each repository's result in the store in its own transaction, so a kill loses at most the repository in flight.
public final class AuditSession: Sendable {
    public struct Outcome: Sendable {
        public var run: Int64?
        public var report: AuditReport
        /// Repositories skipped because another audit of them was running.
        public var busy: [String]
        /// Repositories whose audit failed outright (unreadable), with why.
        public var failures: [(String, String)]
        /// Directories under the roots that could not be listed (repositories there were not seen), with why.
        public var unreadable: [(path: String, reason: String)]
        public var stopped: Bool

        /// Something went wrong that the findings do not show: a repository or directory that could not be read,
        /// or nothing to audit at all. Monitoring must not call such a run healthy.
        public var problems: [String] {
            var problems = failures.map { "\($0.0): could not be audited: \($0.1)" }
            problems += unreadable.map { "\($0.path): cannot be read: \($0.reason)" }
            if report.repositories == 0 && busy.isEmpty && !stopped { problems.append("no repositories found under the roots") }
            return problems
        }
    }

    let store: FindingStore?
    let auditor = RepositoryAuditor()
    let locks: RepositoryLocks
    let parallelism: Int

    /// `store` nil audits without remembering (every history is audited whole, no life cycle).
    public init(store: FindingStore?, lockDirectory: String, parallelism: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.store = store
        self.locks = RepositoryLocks(directory: lockDirectory)
        self.parallelism = max(1, parallelism)
    }

    /// `shouldStop` is polled between repositories (graceful shutdown).
    public func run(roots: [String], fix: Bool, shouldStop: @Sendable () -> Bool = { false }) throws -> Outcome {
        let discovery = try RepositoryDiscovery.discover(under: roots)
        let repositories = discovery.repositories
        let run = try store?.beginRun(roots: roots, at: Date())
        let results = Mutex(Collected())
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: min(parallelism, max(1, repositories.count))) { _ in
            while !shouldStop() {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < repositories.count else { return }
                let path = repositories[index]
                let result = Result { try self.auditOne(path, run: run, fix: fix) }
                results.withLock { $0.add(path, result) }
            }
        }
        let collected = results.withLock { $0 }
        let stopped = collected.visited < repositories.count
        if let run {
            try store?.finishRun(run, repositories: collected.audited, at: Date(), status: stopped ? .interrupted : .finished)
        }
        let report = AuditReport(entries: collected.entries, repositories: collected.audited,
                                 resolved: store == nil ? nil : collected.resolved, fixes: collected.fixes)
        return Outcome(run: run, report: report, busy: collected.busy.sorted(), failures: collected.failures,
                       unreadable: discovery.unreadable, stopped: stopped)
    }

    struct OneResult {
        var entries: [AuditReport.Entry]
        var counts: LifeCycleCounts?
        var fixes: [String]
    }

    /// nil when another audit holds the repository's lock.
    func auditOne(_ path: String, run: Int64?, fix: Bool) throws -> OneResult? {
        guard let lock = try locks.acquire(path) else { return nil }
        defer { lock.release() }
        let previous = try store?.watermark(repository: path)
        var audit = try auditor.audit(gitDirectory: path, previousRefs: previous?.refs)
        var fixes: [String] = []
        if fix {
            let (changes, failures) = AuditFixer.fix(audit.findings)
            fixes = changes.map { "\($0.repository): \($0.description)" }
                + failures.map { "\($0.0.repository): could not fix \($0.0.checkID): \($0.1)" }
            if !changes.isEmpty {
                // Record the state after the fixes; the history part has just run and is not repeated.
                let after = try auditor.audit(gitDirectory: path, previousRefs: audit.refs)
                audit.findings = audit.findings.filter { AuditChecks.isIncremental($0.checkID) }
                    + after.findings.filter { !AuditChecks.isIncremental($0.checkID) }
            }
        }
        var states: [String: String] = [:]
        var acknowledgements: [String: Acknowledgement] = [:]
        var counts: LifeCycleCounts?
        if let store, let run {
            let watermark = audit.refs.map { RepositoryWatermark(refs: $0, stateFingerprint: Self.stateDigest(audit)) } ?? previous
            counts = try store.record(run: run, repository: audit.gitDirectory, findings: audit.findings,
                                      completeChecks: audit.completeChecks, watermark: watermark, at: Date())
            for stored in try store.findings(FindingFilter(repository: .exact(audit.gitDirectory), states: FindingState.unresolved)) {
                states[AuditReport.identity(of: stored.finding)] = stored.state.rawValue
            }
            acknowledgements = try store.activeAcknowledgements(repository: audit.gitDirectory)
        }
        let entries = audit.findings.map { finding in
            let identity = AuditReport.identity(of: finding)
            return AuditReport.Entry(finding: finding, state: states[identity],
                                     acknowledged: acknowledgements[identity].map(Self.describe))
        }
        return OneResult(entries: entries, counts: counts, fixes: fixes)
    }

    public static func describe(_ acknowledgement: Acknowledgement) -> String {
        let format = ISO8601DateFormatter()
        let until = acknowledgement.until.map { " until \(format.string(from: $0))" } ?? " until it changes"
        return "by \(acknowledgement.by) on \(format.string(from: acknowledgement.at))\(until): \(acknowledgement.reason)"
    }

    /// The state-check findings of a repository hashed: equal digests mean nothing changed in its configuration,
    /// hooks, permissions or policy between two audits.
    static func stateDigest(_ audit: RepositoryAudit) -> String {
        let identities = audit.findings.filter { !AuditChecks.isIncremental($0.checkID) }.map(AuditReport.identity(of:)).sorted()
        return AuditReport.digest(identities.joined(separator: ","))
    }

    struct Collected {
        var entries: [AuditReport.Entry] = []
        var audited = 0
        var resolved = 0
        var fixes: [String] = []
        var busy: [String] = []
        var failures: [(String, String)] = []
        var visited: Int { audited + busy.count + failures.count }

        mutating func add(_ path: String, _ result: Result<OneResult?, any Error>) {
            switch result {
            case .success(let one?):
                audited += 1
                entries += one.entries
                resolved += one.counts?.resolved ?? 0
                fixes += one.fixes
            case .success(nil):
                busy.append(path)
            case .failure(let error):
                failures.append((path, "\(error)"))
            }
        }
    }
}
