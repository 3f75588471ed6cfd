import Foundation
import GitKit
import WardenCore
import WardenEvidence

/// The provenance chain of each attested ref, checked against the push log: the landed records (post-receive) give
/// the tips each ref held, in order; the provenance of each landed revision must be there and name the tip recorded
/// before it as its previous revision (none after a deletion or for a ref's creation). A ref moved outside a push
/// (`git update-ref` on the server) or a deleted note shows as a break. The chain of a ref starts at its first
/// landed revision with a provenance: updates from before `[attest]` was configured have none and break nothing.
struct ProvenanceChain {
    let facts: EvidenceFacts

    struct Break: Equatable {
        var ref: String
        /// The landed revision (the commit the evidence is for).
        var revision: String
        /// The landed record's time.
        var time: String
        var reason: String
    }

    /// What the log says a ref held before the update being checked.
    enum Tip: Equatable {
        /// No landed record of the ref yet: its previous tip is not known from the log.
        case unknown
        case absent
        case at(String)
    }

    func breaks(inLog bytes: Data) -> [Break] {
        let decoder = JSONDecoder()
        var tips: [String: Tip] = [:]
        var started: Set<String> = []
        var found: [Break] = []
        var notesCache: [ObjectID: Result<EvidenceNotes, GitError>] = [:]
        // Landed records are written with sorted keys and no spaces; decisions, most of the log, are not decoded.
        let marker = Data(#""event":"landed""#.utf8)
        for line in bytes.split(separator: UInt8(ascii: "\n")) where line.range(of: marker) != nil {
            guard let record = try? decoder.decode(LandedRecord.self, from: Data(line)), record.event == "landed" else { continue }
            for state in record.refs where facts.attested(state.ref) {
                let before = tips[state.ref] ?? .unknown
                tips[state.ref] = state.actual.map(Tip.at) ?? .absent
                guard state.landed, let actual = state.actual, let id = try? ObjectID(hex: actual),
                      let revision = facts.revision(id) else { continue }
                let notes: EvidenceNotes
                let cached = notesCache[revision] ?? Result { () throws(GitError) in try facts.notes(on: revision) }
                notesCache[revision] = cached
                switch cached {
                case .success(let read): notes = read
                case .failure(let error):
                    found.append(Break(ref: state.ref, revision: revision.hex, time: record.time,
                                       reason: "its note cannot be read: \(error)"))
                    continue
                }
                let provenances = notes.provenances.map(\.statement).filter { statement in
                    statement.predicate.ref == state.ref && statement.predicate.revision == revision.hex
                        && statement.subject.contains { $0.digest["gitCommit"] == revision.hex }
                }.map(\.predicate)
                guard !provenances.isEmpty else {
                    if started.contains(state.ref) {
                        found.append(Break(ref: state.ref, revision: revision.hex, time: record.time,
                                           reason: "no provenance signed by key \(facts.key.keyID.prefix(16)) for this landed revision (a gap: the note was removed or never written)"))
                    }
                    continue
                }
                started.insert(state.ref)
                let expected: String?
                switch before {
                case .unknown: continue
                case .absent: expected = nil
                case .at(let previous): expected = (try? ObjectID(hex: previous)).flatMap(facts.revision)?.hex ?? previous
                }
                // The same revision may have landed on the ref more than once: any of its provenances may match.
                guard !provenances.contains(where: { $0.previousRevision == expected }) else { continue }
                let named = provenances.last?.previousRevision.map { "names \($0) as the previous revision" }
                    ?? "says the update created the ref"
                found.append(Break(ref: state.ref, revision: revision.hex, time: record.time,
                                   reason: "its provenance \(named), but the push log recorded "
                                       + (expected.map { "\($0) as the tip before" } ?? "no tip before (the ref had been deleted)")))
            }
        }
        return found
    }
}
