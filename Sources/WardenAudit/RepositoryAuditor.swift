import Synchronization
import Foundation
import GitKit
import WardenCore
import WardenPolicy
import WardenSecrets

/// One repository's audit result: the findings, which checks ran completely (their open findings that are gone
/// now count as resolved), and the refs to start the next incremental history audit from.
public struct RepositoryAudit: Sendable {
    public var gitDirectory: String
    public var findings: [AuditFinding]
    public var completeChecks: Set<String>
    /// nil when the history could not be audited (the previous watermark stays).
    public var refs: [String: String]?
}

/// Audits repositories: configuration, hooks, permissions, policy and source evidence every time (the checks of
/// `AuditChecks.all`), history incrementally.
/// Shareable across threads; the compiled secret rules are built once per rule set and reused.
public final class RepositoryAuditor: Sendable {
    /// The ids of the checks that look at the whole current state each time, so the store can resolve what they
    /// no longer report (derived from the checks' descriptions).
    public static var stateCheckIDs: Set<String> { AuditChecks.stateCheckIDs }

    private let scanners = Mutex<[String: SecretScanner]>([:])

    public init() {}

    /// `previousRefs`: the refs the last audit of this repository ended with (nil: audit the whole history).
    public func audit(gitDirectory path: String, previousRefs: [String: String]?) throws -> RepositoryAudit {
        let repository = try Repository.open(at: path)
        let context = try AuditContext(repository: repository)
        var findings = AuditChecks.all.flatMap { $0.run(context) }
        var refs: [String: String]?
        if case .success(let policy) = context.policy {
            do {
                let scanner = policy.secrets.scan == .off ? nil : try scanner(for: policy.secrets)
                let history = HistoryAudit(context: context, policy: policy, previousRefs: previousRefs, secretScanner: scanner)
                let current = try history.currentRefs()
                if current != previousRefs { findings += try history.run(current: current) }
                refs = current
            } catch {
                findings.append(HistoryChecks.error.finding(in: context, subject: "history",
                                                            title: "the history could not be audited", evidence: "\(error)",
                                                            fix: "check the repository (git fsck); the next audit retries from the same point"))
            }
        }
        return RepositoryAudit(gitDirectory: context.gitDirectory, findings: Self.unique(findings),
                               completeChecks: Self.stateCheckIDs, refs: refs)
    }

    func scanner(for settings: SecretSettings) throws -> SecretScanner {
        let key = settings.config ?? ""
        if let cached = scanners.withLock({ $0[key] }) { return cached }
        let built = try ContentSecretScan.scanner(for: settings)
        scanners.withLock { $0[key] = built }
        return built
    }

    /// A commit shared by several refs is judged once per ref; it is one finding.
    static func unique(_ findings: [AuditFinding]) -> [AuditFinding] {
        var seen: Set<String> = []
        return findings.filter { seen.insert($0.checkID + "\u{0}" + $0.subject).inserted }
    }
}
