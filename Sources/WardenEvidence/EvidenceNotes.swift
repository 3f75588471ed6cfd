import Foundation
import GitKit

/// Evidence as stored in git notes: one DSSE envelope (compact JSON) per line of the note on a revision, as
/// source-tool stores attestations. Reading verifies each envelope with the trusted key; lines that are not
/// envelopes, or not signed by it, are skipped and counted (a verifier reports them, never trusts them).
public struct EvidenceNotes: Sendable {
    public struct Verified<Predicate: Codable & Sendable>: Sendable {
        public var statement: Statement<Predicate>
        /// SHA-256 of the envelope line as stored (what a VSA's inputAttestations names).
        public var envelopeDigest: String
    }

    public var provenances: [Verified<SourceProvenance>] = []
    public var summaries: [Verified<SourceVSA>] = []
    /// Lines that are not envelopes or carry no valid signature by the key.
    public var rejectedLines = 0

    public init(noteText: String?, key: VerifyingKey) {
        guard let noteText else { return }
        let decoder = JSONDecoder()
        for line in noteText.split(separator: "\n") where !line.allSatisfy(\.isWhitespace) {
            let bytes = Data(line.utf8)
            guard let envelope = try? decoder.decode(DSSEEnvelope.self, from: bytes),
                  envelope.payloadType == DSSEEnvelope.inTotoPayloadType,
                  let payload = envelope.verifiedPayload(key: key) else {
                rejectedLines += 1
                continue
            }
            let digest = PushLog.sha256Hex(bytes)
            if let statement = try? decoder.decode(Statement<SourceProvenance>.self, from: payload),
               statement.type == Statement<SourceProvenance>.typeURI, statement.predicateType == SourceProvenance.predicateType {
                provenances.append(Verified(statement: statement, envelopeDigest: digest))
            } else if let statement = try? decoder.decode(Statement<SourceVSA>.self, from: payload),
                      statement.type == Statement<SourceVSA>.typeURI, statement.predicateType == SourceVSA.predicateType {
                summaries.append(Verified(statement: statement, envelopeDigest: digest))
            } else {
                rejectedLines += 1
            }
        }
    }

    /// The newest provenance of `revision` on `ref`: its subject and its predicate both name them. `digestKey`
    /// says what `revision` is: a commit (`gitCommit`) or an annotated tag object (`gitTag`).
    public func provenance(revision: String, ref: String,
                           digestKey: String = EvidenceSubject.commitDigest) -> Verified<SourceProvenance>? {
        provenances.last { verified in
            verified.statement.predicate.ref == ref && verified.statement.predicate.revision == revision
                && verified.statement.subject.contains { $0.digest[digestKey] == revision }
        }
    }

    /// The newest VSA for `revision` whose sourceRefs include `ref`.
    public func summary(revision: String, ref: String,
                        digestKey: String = EvidenceSubject.commitDigest) -> Verified<SourceVSA>? {
        summaries.last { verified in
            verified.statement.subject.contains {
                $0.digest[digestKey] == revision && ($0.annotations?.sourceRefs.contains(ref) ?? false)
            }
        }
    }
}
