/// One audit check, described once: its id, the severity it reports (and the others it may lower or raise a finding
/// to), what it inspects, how it is evaluated and, when `audit --fix` may apply one, its fix. The list of checks
/// (`AuditChecks.all`) is the one place the audit, the fixer, the findings store and the README table are read from:
/// adding a check is one value (in the file of its area) and its tests.
public struct AuditCheck: Sendable {
    /// Where the findings come from, which decides how the store resolves them.
    public enum Scope: Sendable, Equatable {
        /// Looks at the whole current state on every audit: a finding it no longer reports is resolved.
        case state
        /// Reported by the incremental history replay (`HistoryAudit`), which reads only new commits: its findings
        /// are never resolved by absence.
        case history
    }

    /// The table of the README the check is listed under.
    public enum Area: String, Sendable, CaseIterable {
        case configuration, hooks, permissions, policy, history, evidence
    }

    /// The safe fixes `audit --fix` applies: configuration values and file modes, never history, never a key that
    /// names a program.
    public enum Fix: Sendable, Equatable {
        /// `git config` in the repository's own config: `key` (nil: the finding's subject is the key) = `value`.
        case setConfig(key: String?, value: String)
        /// The execute bits on the file the finding's subject names.
        case makeExecutable
        /// Others' write bit off the file or directory the finding's subject names.
        case removeOthersWrite

        /// What it does, in the words of the README's table.
        public var summary: String {
            switch self {
            case .setConfig(nil, let value): "sets it to \(value)"
            case .setConfig(let key?, let value): "sets \(key) = \(value)"
            case .makeExecutable: "chmod +x"
            case .removeOthersWrite: "chmod o-w"
            }
        }
    }

    /// A state check's evaluation: a repository's gathered facts in, findings out (made with `finding(...)`).
    typealias Evaluate = @Sendable (AuditCheck, AuditContext) -> [AuditFinding]

    /// Stable id, `area.name`: the store's identity of a finding, the SARIF rule id, `findings --check`.
    public let id: String
    /// The severity the check reports.
    public let severity: Severity
    /// Other severities it reports in documented cases (e.g. info when the policy contradicts a setting).
    public let otherSeverities: [Severity]
    public let area: Area
    /// What it inspects, in one line.
    public let inspects: String
    public let fix: Fix?
    public let scope: Scope
    /// nil for checks whose findings the history replay or the auditor itself makes.
    let evaluate: Evaluate?

    init(_ id: String, _ severity: Severity, also otherSeverities: [Severity] = [], area: Area, inspects: String,
         fix: Fix? = nil, scope: Scope = .state, evaluate: Evaluate?) {
        self.id = id
        self.severity = severity
        self.otherSeverities = otherSeverities
        self.area = area
        self.inspects = inspects
        self.fix = fix
        self.scope = scope
        self.evaluate = evaluate
    }

    /// Every severity the check may report, its usual one first.
    public var severities: [Severity] { [severity] + otherSeverities }

    /// Runs a state check on one repository (nothing for checks evaluated elsewhere).
    func run(_ context: AuditContext) -> [AuditFinding] { evaluate?(self, context) ?? [] }

    /// A finding of this check. `severity` defaults to the check's; `offersFix: false` when this finding's fix would
    /// be wrong (a setting the policy contradicts). Fixable only when the check has a fix.
    func finding(in context: AuditContext, subject: String, title: String, evidence: String, fix: String,
                 severity: Severity? = nil, offersFix: Bool = true) -> AuditFinding {
        let reported = severity ?? self.severity
        assert(severities.contains(reported), "\(id) reports \(reported), not one of its documented \(severities)")
        return context.finding(id, reported, subject: subject, title: title, evidence: evidence, fix: fix,
                               fixable: self.fix != nil && offersFix)
    }
}
