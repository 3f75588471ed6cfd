import Foundation
import WardenCore
import WardenEvidence

/// The push log's hash chain and checkpoint, judged as `git-warden log verify` judges them: the first edited,
/// removed, reordered or inserted entry, a log cut short below its checkpoint, or (with `[attest]`) a checkpoint
/// not signed by the server key. A torn last line (a writer killed mid-write) is no failure: no entry was complete.
enum PushLogCheck {
    static let broken = AuditCheck(
        "pushlog.broken", .critical, area: .evidence,
        inspects: "the push log's hash chain and checkpoint (signed by the [attest] key when there is one): an edited, removed, reordered or truncated entry") { check, context in
        let log = DecisionLog.path(gitDirectory: context.gitDirectory)
        guard let problem = problem(log: log, key: serverKey(context)) else { return [] }
        return [check.finding(in: context, subject: log, title: "the push log's hash chain is broken",
                              evidence: problem,
                              fix: "find out who edited \(log) (git-warden log verify names the first bad entry); keep a copy as evidence, compare with backups")]
    }

    /// The key the checkpoint must be signed with: the `[attest]` key's public half; nil without `[attest]` (or with a
    /// key that does not load, which `evidence.key-unusable` reports).
    static func serverKey(_ context: AuditContext) -> VerifyingKey? {
        guard case .success(let policy) = context.policy, let attest = policy.attest else { return nil }
        return try? EvidenceFacts.key(for: attest).get()
    }

    /// Why the log at `log` fails, or nil when it holds (or there is neither log nor checkpoint).
    static func problem(log: String, key: VerifyingKey?) -> String? {
        let checkpoint = Checkpoint.read(forLog: log, key: key)
        guard let bytes = FileManager.default.contents(atPath: log) else {
            if case .absent = checkpoint { return nil }
            return "\(log) is missing but a checkpoint was recorded beside it"
        }
        let verification = PushLog.verify(bytes: bytes)
        if let bad = verification.firstBad { return "entry \(bad.line): \(bad.reason)" }
        switch checkpoint {
        case .absent:
            return key == nil || verification.entries == 0 ? nil
                : "no checkpoint beside \(log) (one signed by the [attest] key was expected)"
        case .bad(let why):
            return why
        case .unsigned(let point), .signed(let point):
            return point.problem(with: verification, logBytes: bytes)
        }
    }
}
