/// Every audit check, in the order the README lists them. Everything that needs to know the checks reads this list:
/// the auditor runs the state checks, the store resolves by their ids, the fixer applies their fixes, and tests hold
/// the README's table to it.
public enum AuditChecks {
    public static let all: [AuditCheck] = ConfigChecks.all + HookChecks.all + DecisionLogChecks.all
        + PermissionChecks.all + PolicyChecks.all + HistoryChecks.all + EvidenceChecks.all

    /// The checks by id.
    public static let byID: [String: AuditCheck] = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })

    /// Ids of the checks that look at the whole current state on every audit: their open findings that are not
    /// reported again are resolved.
    public static let stateCheckIDs: Set<String> = Set(all.filter { $0.scope == .state }.map(\.id))

    /// Whether a finding of `checkID` comes from the incremental history replay (kept across a `--fix` re-audit,
    /// never resolved by absence). An unknown id counts as history: nothing is resolved that no check vouches for.
    public static func isIncremental(_ checkID: String) -> Bool { byID[checkID]?.scope != .state }
}
