import Foundation
import GitKit
import WardenCore
import WardenEvidence
import WardenPolicy

/// Checks of the source evidence (`[attest]`) and of the push log: what a build consuming a revision relies on.
/// Every attested ref's tip must carry evidence that verifies under the server key, as `attest verify` checks it;
/// the provenance of every landed update must name, as the previous revision, the tip the push log recorded before
/// it; and the push log's hash chain and checkpoint must hold. The daemon runs the audit, so it checks them on
/// every run.
enum EvidenceChecks {
    static let all: [AuditCheck] = [keyUnusable, missing, chainBroken, PushLogCheck.broken]

    static let keyUnusable = AuditCheck(
        "evidence.key-unusable", .high, area: .evidence,
        inspects: "the [attest] key (or its .pub beside it) cannot be read: the evidence cannot be checked, and the hook cannot sign it") { check, context in
        guard case .success(let policy) = context.policy, let attest = policy.attest,
              case .failure(let problem) = EvidenceFacts.key(for: attest) else { return [] }
        return [check.finding(in: context, subject: attest.key, title: "the server's evidence key cannot be read",
                              evidence: "\(policy.source) [attest] key: \(problem.message)",
                              fix: "restore the key (git-warden attest keygen makes one; its .pub must stay beside it)")]
    }

    static let missing = AuditCheck(
        "evidence.missing", .high, area: .evidence,
        inspects: "an attested ref ([attest] refs) whose tip has no provenance and Source VSA that verify under the server key") { check, context in
        guard let facts = EvidenceFacts(context) else { return [] }
        let references: [Reference]
        do {
            references = try context.repository.references()
        } catch {
            return [check.finding(in: context, subject: "refs", title: "the refs could not be read to check their evidence",
                                  evidence: "\(error)", fix: "check the repository (git fsck)")]
        }
        var findings: [AuditFinding] = []
        for reference in references.sorted(by: { $0.name < $1.name }) where facts.attested(reference.name) {
            // A symbolic ref is checked under the ref it names; a tip that is no commit gets no evidence.
            guard let tip = reference.target, let revision = facts.revision(tip) else { continue }
            let reason: String
            do {
                let outcome = EvidenceCheck(revision: revision.hex, ref: reference.name, minLevel: 0, properties: [],
                                            repositoryURI: facts.attest.repositoryURI)
                    .judge(try facts.notes(on: revision), keyID: facts.key.keyID)
                guard !outcome.passed else { continue }
                reason = outcome.reason
            } catch {
                reason = "its note cannot be read: \(error)"
            }
            findings.append(check.finding(
                in: context, subject: reference.name, title: "\(reference.name) has no valid source evidence for its tip",
                evidence: "\(revision.hex) under \(facts.attest.notesRef): \(reason)",
                fix: "find out how the ref moved without evidence (git-warden log show --ref \(reference.name)); a consumer's attest verify fails on this revision until a push moves the ref on"))
        }
        return findings
    }

    static let chainBroken = AuditCheck(
        "evidence.chain-broken", .high, area: .evidence,
        inspects: "a landed update of an attested ref whose provenance is missing or names another previous revision than the tip the push log recorded before it") { check, context in
        guard let facts = EvidenceFacts(context) else { return [] }
        let log = DecisionLog.path(gitDirectory: context.gitDirectory)
        guard let bytes = FileManager.default.contents(atPath: log) else { return [] }
        return ProvenanceChain(facts: facts).breaks(inLog: bytes).map { broken in
            check.finding(in: context, subject: "\(broken.ref) \(broken.revision)",
                          title: "the provenance chain of \(broken.ref) breaks at \(broken.revision.prefix(12))",
                          evidence: broken.reason + " (push log \(log), landed \(broken.time))",
                          fix: "find out how \(broken.ref) moved outside a push or who removed the note (git-warden log show --ref \(broken.ref)); the chain, and level 3, restart at the next push")
        }
    }
}
