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
        /// Per repository: how many runs failed to audit it (a counter, since the daemon started).
        var repositoryFailures: [String: Int] = [:]
        var failedRepositoriesLastRun = 0
        var unreadableLastRun = 0
        var unreadableTotal = 0
        /// What made the last finished run unhealthy (failures, unreadable directories, nothing audited).
        var lastProblems: [String] = []
    }

    private let state = Mutex(State())

    public init() {}

    func auditStarted() {
        state.withLock {
            $0.auditsStarted += 1
            $0.running = true
        }
    }

    func auditFinished(outcome: AuditSession.Outcome, seconds: Double) {
        let report = outcome.report
        state.withLock {
            $0.auditsFinished += 1
            $0.running = false
            $0.lastDurationSeconds = seconds
            $0.lastFinished = Date()
            $0.lastError = nil
            $0.repositories = report.repositories
            $0.resolvedTotal += report.resolved ?? 0
            $0.findingsBySeverity = Dictionary(grouping: report.entries, by: \.finding.severity).mapValues(\.count)
            for (path, _) in outcome.failures { $0.repositoryFailures[path, default: 0] += 1 }
            $0.failedRepositoriesLastRun = outcome.failures.count
            $0.unreadableLastRun = outcome.unreadable.count
            $0.unreadableTotal += outcome.unreadable.count
            $0.lastProblems = outcome.problems
        }
    }

    func auditFailed(_ error: String) {
        state.withLock {
            $0.auditsFailed += 1
            $0.running = false
            $0.lastError = error
        }
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
            lines += [
                "# HELP git_warden_repositories_failed Repositories the last audit could not audit.",
                "# TYPE git_warden_repositories_failed gauge",
                "git_warden_repositories_failed \(state.failedRepositoriesLastRun)",
                "# HELP git_warden_repository_audit_failures_total Audits of a repository that failed, per repository.",
                "# TYPE git_warden_repository_audit_failures_total counter",
            ]
            for (path, count) in state.repositoryFailures.sorted(by: { $0.key < $1.key }) {
                lines.append("git_warden_repository_audit_failures_total{repository=\"\(Self.labelValue(path))\"} \(count)")
            }
            lines += [
                "# HELP git_warden_unreadable_directories Directories under the roots the last audit could not read.",
                "# TYPE git_warden_unreadable_directories gauge",
                "git_warden_unreadable_directories \(state.unreadableLastRun)",
                "# HELP git_warden_unreadable_directories_total Unreadable directories met by audits since the daemon started.",
                "# TYPE git_warden_unreadable_directories_total counter",
                "git_warden_unreadable_directories_total \(state.unreadableTotal)",
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

    /// Prometheus label values escape backslash, double quote and newline.
    static func labelValue(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
