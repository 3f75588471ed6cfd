import Foundation
import Synchronization
import WardenAudit

/// What the daemon reports on /metrics (Prometheus text exposition format) and /healthz.
public final class DaemonMetrics: Sendable {
    struct State {
        var auditsStarted = 0
        var auditsFinished = 0
        var auditsFailed = 0
        var running = false
        var lastDurationSeconds: Double?
        var lastFinished: Date?
        var lastError: String?
        var repositories = 0
        var findingsBySeverity: [Severity: Int] = [:]
        var resolvedTotal = 0
    }

    private let state = Mutex(State())

    public init() {}

    func auditStarted() {
        state.withLock {
            $0.auditsStarted += 1
            $0.running = true
        }
    }

    func auditFinished(report: AuditReport, seconds: Double) {
        state.withLock {
            $0.auditsFinished += 1
            $0.running = false
            $0.lastDurationSeconds = seconds
            $0.lastFinished = Date()
            $0.lastError = nil
            $0.repositories = report.repositories
            $0.resolvedTotal += report.resolved ?? 0
            $0.findingsBySeverity = Dictionary(grouping: report.entries, by: \.finding.severity).mapValues(\.count)
        }
    }

    func auditFailed(_ error: String) {
        state.withLock {
            $0.auditsFailed += 1
            $0.running = false
            $0.lastError = error
        }
    }

    /// Healthy unless the last audit failed outright (the store or a root unreadable).
    public var health: (healthy: Bool, text: String) {
        state.withLock { state in
            if let error = state.lastError { return (false, "unhealthy: the last audit failed: \(error)\n") }
            let last = state.lastFinished.map { ISO8601DateFormatter().string(from: $0) } ?? "none yet"
            return (true, "ok: \(state.auditsFinished) audits finished, last \(last)\(state.running ? ", one running" : "")\n")
        }
    }

    public var prometheusText: String {
        state.withLock { state in
            var lines = [
                "# HELP git_warden_audits_started_total Audit runs started.",
                "# TYPE git_warden_audits_started_total counter",
                "git_warden_audits_started_total \(state.auditsStarted)",
                "# HELP git_warden_audits_finished_total Audit runs finished.",
                "# TYPE git_warden_audits_finished_total counter",
                "git_warden_audits_finished_total \(state.auditsFinished)",
                "# HELP git_warden_audits_failed_total Audit runs that failed outright.",
                "# TYPE git_warden_audits_failed_total counter",
                "git_warden_audits_failed_total \(state.auditsFailed)",
                "# HELP git_warden_audit_running Whether an audit is running now.",
                "# TYPE git_warden_audit_running gauge",
                "git_warden_audit_running \(state.running ? 1 : 0)",
                "# HELP git_warden_repositories_audited Repositories audited by the last audit.",
                "# TYPE git_warden_repositories_audited gauge",
                "git_warden_repositories_audited \(state.repositories)",
                "# HELP git_warden_findings Findings reported by the last audit, by severity.",
                "# TYPE git_warden_findings gauge",
            ]
            for severity in Severity.allCases {
                lines.append("git_warden_findings{severity=\"\(severity.rawValue)\"} \(state.findingsBySeverity[severity] ?? 0)")
            }
            lines += [
                "# HELP git_warden_findings_resolved_total Findings resolved by audits since the daemon started.",
                "# TYPE git_warden_findings_resolved_total counter",
                "git_warden_findings_resolved_total \(state.resolvedTotal)",
            ]
            if let seconds = state.lastDurationSeconds {
                lines += [
                    "# HELP git_warden_last_audit_duration_seconds Wall time of the last finished audit.",
                    "# TYPE git_warden_last_audit_duration_seconds gauge",
                    "git_warden_last_audit_duration_seconds \(seconds)",
                ]
            }
            if let finished = state.lastFinished {
                lines += [
                    "# HELP git_warden_last_audit_finished_timestamp_seconds When the last audit finished (Unix time).",
                    "# TYPE git_warden_last_audit_finished_timestamp_seconds gauge",
                    "git_warden_last_audit_finished_timestamp_seconds \(Int(finished.timeIntervalSince1970))",
                ]
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }
}
