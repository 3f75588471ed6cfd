import Foundation

/// The consumer's check of one revision's evidence, as a value: the VSA signed by the trusted key for the revision
/// and ref, with the expected repository, a PASSED result at the required level with the required properties, and
/// the provenance it names present, signed and consistent with it.
public struct EvidenceCheck: Sendable {
    public var revision: String
    public var ref: String
    public var minLevel: Int
    public var properties: [String]
    /// The `resourceUri` the consumer expects; nil accepts the one the provenance names.
    public var repositoryURI: String?
    /// What `revision` is: a commit (`gitCommit`) or an annotated tag object (`gitTag`).
    public var digestKey = EvidenceSubject.commitDigest

    public init(revision: String, ref: String, minLevel: Int, properties: [String], repositoryURI: String?) {
        self.revision = revision
        self.ref = ref
        self.minLevel = minLevel
        self.properties = properties
        self.repositoryURI = repositoryURI
    }

    public struct Outcome: Sendable, Codable {
        public var passed: Bool
        public var reason: String
        public var revision: String
        public var ref: String
        public var level: Int?
        public var verifiedLevels: [String]
        public var resourceUri: String?
        public var timeVerified: String?
    }

    public func judge(_ notes: EvidenceNotes, keyID: String) -> Outcome {
        var outcome = Outcome(passed: false, reason: "", revision: revision, ref: ref, level: nil, verifiedLevels: [],
                              resourceUri: nil, timeVerified: nil)
        func fail(_ reason: String) -> Outcome {
            outcome.reason = reason
            return outcome
        }
        let skipped = notes.rejectedLines > 0 ? " (\(notes.rejectedLines) note lines not signed by key \(keyID.prefix(16)) ignored)" : ""
        guard let summary = notes.summary(revision: revision, ref: ref, digestKey: digestKey) else {
            return fail("no Source VSA signed by key \(keyID.prefix(16)) for \(revision) on \(ref)\(skipped)")
        }
        let vsa = summary.statement.predicate
        outcome.verifiedLevels = vsa.verifiedLevels
        outcome.resourceUri = vsa.resourceUri
        outcome.timeVerified = vsa.timeVerified
        let levels = vsa.verifiedLevels.compactMap { name -> Int? in
            name.hasPrefix("SLSA_SOURCE_LEVEL_") ? Int(name.dropFirst("SLSA_SOURCE_LEVEL_".count)) : nil
        }
        outcome.level = levels.max()
        guard vsa.verificationResult == "PASSED" else { return fail("the VSA's result is \(vsa.verificationResult)") }
        guard let provenance = notes.provenance(revision: revision, ref: ref, digestKey: digestKey),
              vsa.inputAttestations.contains(where: { $0.digest["sha256"] == provenance.envelopeDigest }) else {
            return fail("the provenance the VSA was computed from is missing or altered\(skipped)")
        }
        let facts = provenance.statement.predicate
        if let expected = repositoryURI, vsa.resourceUri != expected {
            return fail("the VSA is for \(vsa.resourceUri), not \(expected)")
        }
        guard vsa.resourceUri == facts.repositoryUri else {
            return fail("the VSA names \(vsa.resourceUri) but its provenance \(facts.repositoryUri)")
        }
        guard let level = outcome.level, levels.count == 1, level == facts.level else {
            return fail("the VSA's levels \(vsa.verifiedLevels) do not match its provenance (level \(facts.level))")
        }
        guard level >= minLevel else {
            let why = facts.levelLimits.isEmpty ? "" : ": " + facts.levelLimits.joined(separator: "; ")
            return fail("\(revision.prefix(12)) on \(ref) is SLSA source level \(level), below \(minLevel)\(why)")
        }
        let missing = properties.filter { !vsa.verifiedLevels.contains($0) }
        guard missing.isEmpty else {
            return fail("the VSA does not claim " + missing.joined(separator: ", "))
        }
        outcome.passed = true
        outcome.reason = "\(revision.prefix(12)) on \(ref) is SLSA source level \(level)"
            + (vsa.verifiedLevels.count > 1 ? " with " + vsa.verifiedLevels.dropFirst().joined(separator: ", ") : "")
            + ", verified by \(vsa.verifier.id) at \(vsa.timeVerified)"
        return outcome
    }
}
