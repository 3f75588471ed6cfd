import WardenPolicy

/// The checks of the incremental history audit. Their findings are made by the history replay (`HistoryAudit`
/// judges each ref's new commits with the hook's own collector and policy: `history.<violation kind>`), and by the
/// auditor when the replay fails; these values document them and let the store and the README know them. The
/// replayed ones are derived from the policy's check descriptors that run at the audit door, with their severity.
enum HistoryChecks {
    static let all: [AuditCheck] = replayed + [
        AuditCheck("history.ref-rewritten", .high, also: [.low], area: .history,
                   inspects: "a ref whose previous tip is no longer an ancestor (high on refs with block-force-push)",
                   scope: .history, evaluate: nil),
        AuditCheck("history.ref-deleted", .high, also: [.low], area: .history,
                   inspects: "a ref that vanished since the last audit (high on refs with block-deletion)",
                   scope: .history, evaluate: nil),
        error,
    ]

    /// One check per violation kind of each policy check the audit door runs, and one for checks the replay could
    /// not finish (a regex over its limit: an error finding, never a silent pass).
    static let replayed: [AuditCheck] = CheckDescriptor.all.filter { $0.doors.contains(.audit) }.flatMap { descriptor in
        Violation.Kind.allCases.filter(descriptor.kinds.contains).map { kind in
            check(kind, descriptor.severity,
                  inspects: "the policy's \(descriptor.id) check (\(kind.rawValue)) on each new commit, as pre-receive judges a push")
        }
    } + [check(.undecided, CheckDescriptor.undecidedSeverity,
               inspects: "a policy check the replay could not finish (a regex over its limit): an error, never a silent pass")]

    static func check(_ kind: Violation.Kind, _ severity: CheckDescriptor.Severity, inspects: String) -> AuditCheck {
        AuditCheck("history.\(kind.rawValue)", Severity(severity), area: .history, inspects: inspects, scope: .history,
                   evaluate: nil)
    }

    /// The replay could not run: a state finding, resolved by the next audit that gets through.
    static let error = AuditCheck("history.error", .medium, area: .history,
                                  inspects: "the history could not be audited (the next audit retries from the same point)",
                                  evaluate: nil)
}

extension Severity {
    /// The audit severity of a policy check's descriptor.
    init(_ severity: CheckDescriptor.Severity) {
        switch severity {
        case .low: self = .low
        case .medium: self = .medium
        case .high: self = .high
        case .critical: self = .critical
        }
    }
}
