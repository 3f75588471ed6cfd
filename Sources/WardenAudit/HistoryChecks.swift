/// The checks of the incremental history audit. Their findings are made by the history replay (`HistoryAudit`
/// judges each ref's new commits with the hook's own collector and policy; `history.<violation kind>`), and by the
/// auditor when the replay fails; these values document them and let the store and the README know them.
enum HistoryChecks {
    static let all: [AuditCheck] = [
        replayed("history.secret", .critical, "a secret in a commit's content or message"),
        replayed("history.undecided", .high, "a check the replay could not finish (a regex over its limit): an error, never a silent pass"),
        replayed("history.unsigned-commit", .high, "an unsigned commit on a ref whose rules require signed commits"),
        replayed("history.unsigned-tag", .high, "an unsigned tag on a ref whose rules require signed tags"),
        replayed("history.signer-mismatch", .high, "a signature by a key that is not the committer's"),
        replayed("history.forbidden-path", .high, "a path the policy forbids"),
        replayed("history.malformed-object", .high, "an object git fsck would reject (rule git-fsck)"),
        replayed("history.file-too-large", .medium, "a file over the policy's max-file-size"),
        replayed("history.merge-commit", .low, "a merge commit on a ref that requires linear history"),
        replayed("history.commit-message", .low, "a commit message the policy's pattern rejects"),
        replayed("history.author-email", .low, "an author or committer email the policy's pattern rejects"),
        replayed("history.missing-signoff", .low, "a commit without the Signed-off-by the policy requires"),
        AuditCheck("history.ref-rewritten", .high, also: [.low], area: .history,
                   inspects: "a ref whose previous tip is no longer an ancestor (high on refs with block-force-push)",
                   scope: .history, evaluate: nil),
        AuditCheck("history.ref-deleted", .high, also: [.low], area: .history,
                   inspects: "a ref that vanished since the last audit (high on refs with block-deletion)",
                   scope: .history, evaluate: nil),
        error,
    ]

    static func replayed(_ id: String, _ severity: Severity, _ inspects: String) -> AuditCheck {
        AuditCheck(id, severity, area: .history, inspects: inspects, scope: .history, evaluate: nil)
    }

    /// The replay could not run: a state finding, resolved by the next audit that gets through.
    static let error = AuditCheck("history.error", .medium, area: .history,
                                  inspects: "the history could not be audited (the next audit retries from the same point)",
                                  evaluate: nil)
}
