import Foundation
internal import Metrics
internal import class Prometheus.PrometheusCollectorRegistry
import Synchronization
import WardenAudit

/// What the daemon reports on /metrics and /healthz. The metrics are recorded through swift-metrics into a Prometheus
/// registry of their own (injected, not the process-wide `MetricsSystem`, so each daemon and each test owns its
/// figures); /healthz is judged from the last run's outcome kept beside them.
public final class DaemonMetrics: Sendable {
    /// Every metric the daemon exports, with the help text /metrics prints for it (README lists the same names).
    static let help: [String: String] = [
        "git_warden_audits_started_total": "Audit runs started.",
        "git_warden_audits_finished_total": "Audit runs finished.",
        "git_warden_audits_failed_total": "Audit runs that failed outright.",
        "git_warden_audit_running": "Whether an audit is running now.",
        "git_warden_repositories_audited": "Repositories audited by the last audit.",
        "git_warden_findings": "Findings reported by the last audit, by severity.",
        "git_warden_findings_resolved_total": "Findings resolved by audits since the daemon started.",
        "git_warden_repositories_failed": "Repositories the last audit could not audit.",
        "git_warden_repository_audit_failures_total": "Audits of a repository that failed, per repository.",
        "git_warden_unreadable_directories": "Directories under the roots the last audit could not read.",
        "git_warden_unreadable_directories_total": "Unreadable directories met by audits since the daemon started.",
        "git_warden_last_audit_duration_seconds": "Wall time of the last finished audit.",
        "git_warden_last_audit_finished_timestamp_seconds": "When the last audit finished (Unix time).",
    ]

    /// The last run's outcome, for /healthz, and the metrics that exist only once something happened: a repository's
    /// failure counter from its first failure, the last audit's duration and time from the first finished audit.
    struct State {
        var auditsFinished = 0
        var running = false
        var lastFinished: Date?
        var lastError: String?
        var repositories = 0
        /// What made the last finished run unhealthy (failures, unreadable directories, nothing audited).
        var lastProblems: [String] = []
        var repositoryFailures: [String: Counter] = [:]
        var lastDuration: Gauge?
        var lastFinishedTimestamp: Gauge?
    }

    let registry: PrometheusCollectorRegistry
    let factory: PrometheusHelpFactory
    private let state = Mutex(State())
    private let auditsStarted: Counter
    private let auditsFinished: Counter
    private let auditsFailed: Counter
    private let running: Gauge
    private let repositoriesAudited: Gauge
    private let findings: [Severity: Gauge]
    private let findingsResolved: Counter
    private let repositoriesFailed: Gauge
    private let unreadable: Gauge
    private let unreadableTotal: Counter

    public init() {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        let factory = PrometheusHelpFactory(registry: registry, help: Self.help)
        self.factory = factory
        auditsStarted = Counter(label: "git_warden_audits_started_total", factory: factory)
        auditsFinished = Counter(label: "git_warden_audits_finished_total", factory: factory)
        auditsFailed = Counter(label: "git_warden_audits_failed_total", factory: factory)
        running = Gauge(label: "git_warden_audit_running", factory: factory)
        repositoriesAudited = Gauge(label: "git_warden_repositories_audited", factory: factory)
        findings = Dictionary(uniqueKeysWithValues: Severity.allCases.map { severity in
            (severity, Gauge(label: "git_warden_findings", dimensions: [("severity", severity.rawValue)], factory: factory))
        })
        findingsResolved = Counter(label: "git_warden_findings_resolved_total", factory: factory)
        repositoriesFailed = Gauge(label: "git_warden_repositories_failed", factory: factory)
        unreadable = Gauge(label: "git_warden_unreadable_directories", factory: factory)
        unreadableTotal = Counter(label: "git_warden_unreadable_directories_total", factory: factory)
        // Gauges start unset in swift-metrics; these mean "nothing yet", which is 0.
        for gauge in [running, repositoriesAudited, repositoriesFailed, unreadable] + findings.values { gauge.record(0) }
    }

    func auditStarted() {
        state.withLock { $0.running = true }
        auditsStarted.increment()
        running.record(1)
    }

    func auditFinished(outcome: AuditSession.Outcome, seconds: Double) {
        let report = outcome.report
        let finished = Date()
        let bySeverity = Dictionary(grouping: report.entries, by: \.finding.severity).mapValues(\.count)
        state.withLock { state in
            state.auditsFinished += 1
            state.running = false
            state.lastFinished = finished
            state.lastError = nil
            state.repositories = report.repositories
            state.lastProblems = outcome.problems
            for (path, _) in outcome.failures {
                let counter = state.repositoryFailures[path] ?? Counter(
                    label: "git_warden_repository_audit_failures_total", dimensions: [("repository", path)], factory: factory)
                state.repositoryFailures[path] = counter
                counter.increment()
            }
            if state.lastDuration == nil {
                state.lastDuration = Gauge(label: "git_warden_last_audit_duration_seconds", factory: factory)
                state.lastFinishedTimestamp = Gauge(label: "git_warden_last_audit_finished_timestamp_seconds", factory: factory)
            }
            state.lastDuration?.record(seconds)
            state.lastFinishedTimestamp?.record(Int(finished.timeIntervalSince1970))
        }
        auditsFinished.increment()
        running.record(0)
        repositoriesAudited.record(report.repositories)
        for (severity, gauge) in findings { gauge.record(bySeverity[severity] ?? 0) }
        findingsResolved.increment(by: report.resolved ?? 0)
        repositoriesFailed.record(outcome.failures.count)
        unreadable.record(outcome.unreadable.count)
        unreadableTotal.increment(by: outcome.unreadable.count)
    }

    func auditFailed(_ error: String) {
        state.withLock {
            $0.running = false
            $0.lastError = error
        }
        auditsFailed.increment()
        running.record(0)
    }

    /// Healthy only when the last audit ran and saw everything: unhealthy when it failed outright (the store or a
    /// root unreadable), when any repository could not be audited, when a directory under a root could not be
    /// read, or when it audited no repository at all.
    public var health: (healthy: Bool, text: String) {
        state.withLock { state in
            if let error = state.lastError { return (false, "unhealthy: the last audit failed: \(error)\n") }
            if !state.lastProblems.isEmpty {
                return (false, "unhealthy: the last audit did not see everything:\n"
                        + state.lastProblems.map { "  \($0)\n" }.joined())
            }
            let last = state.lastFinished.map { ISO8601DateFormatter().string(from: $0) } ?? "none yet"
            return (true, "ok: \(state.auditsFinished) audits finished, last \(last), \(state.repositories) repositories\(state.running ? ", one running" : "")\n")
        }
    }

    /// The registry in the Prometheus text exposition format (version 0.0.4).
    public var prometheusText: [UInt8] { registry.emitToBuffer() }
}
