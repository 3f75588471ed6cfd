import Foundation
import GitKit
import WardenCore
import WardenEvidence
import WardenPolicy

/// What the evidence checks of one repository read, gathered once per check: the policy's `[attest]` section and
/// the server key's public half, with the notes of revisions read through that key (only envelopes it signed count).
struct EvidenceFacts {
    let context: AuditContext
    let attest: AttestSettings
    let key: VerifyingKey

    /// The server key's public half: derived from the private key when the auditor can read it (what the hook signs
    /// with), else from `KEY.pub`, which `attest keygen` writes beside it. Nil with why when neither loads.
    static func key(for attest: AttestSettings) -> Result<VerifyingKey, KeyProblem> {
        do {
            return .success(try SigningKey.load(file: attest.key).publicKey)
        } catch {
            let publicFile = attest.key + ".pub"
            do {
                return .success(try VerifyingKey.load(file: publicFile))
            } catch let publicError {
                return .failure(KeyProblem(message: "\(error); and \(publicFile): \(publicError)"))
            }
        }
    }

    struct KeyProblem: Error {
        var message: String
    }

    /// The facts of a repository whose policy has `[attest]` and whose key loads (nil otherwise: `evidence.key-unusable`
    /// reports a key that does not load; without `[attest]` there is no evidence to check).
    init?(_ context: AuditContext) {
        guard case .success(let policy) = context.policy, let attest = policy.attest,
              case .success(let key) = Self.key(for: attest) else { return nil }
        self.context = context
        self.attest = attest
        self.key = key
    }

    /// Whether `ref` gets evidence: covered by `[attest] refs`, and not the notes ref the evidence itself lives on.
    func attested(_ ref: String) -> Bool { ref != attest.notesRef && attest.covers(ref) }

    /// The commit an update of a ref to `id` is attested for (the writer peels tags), or nil when it is no commit.
    func revision(_ id: ObjectID) -> ObjectID? {
        guard let peeled = try? context.repository.peel(id), peeled.kind == .commit else { return nil }
        return peeled.id
    }

    /// The verified evidence on `revision`; a note that cannot be read is an error, not an absence.
    func notes(on revision: ObjectID) throws(GitError) -> EvidenceNotes {
        EvidenceNotes(noteText: try context.repository.note(on: revision, notesRef: attest.notesRef), key: key)
    }
}
