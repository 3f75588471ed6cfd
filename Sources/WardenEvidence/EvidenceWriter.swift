import Foundation
import GitKit
import WardenPolicy

/// Writes the evidence for one update of an attested ref, after the ref moved: a source provenance statement and
/// a Source VSA, each in a DSSE envelope signed with the server key, appended as two lines to the note on the new
/// revision under `[attest] notes-ref`. One writer at a time per repository (`flock` on git-warden/attest.lock):
/// notes are a ref of their own, and two pushes' post-receive hooks may run at once.
public struct EvidenceWriter {
    public struct Update: Sendable {
        public var ref: String
        public var old: ObjectID
        public var new: ObjectID

        public init(ref: String, old: ObjectID, new: ObjectID) {
            self.ref = ref
            self.old = old
            self.new = new
        }
    }

    public var repository: Repository
    public var policy: Policy
    public var attest: AttestSettings
    public var key: SigningKey
    /// SHA-256 of the policy file's bytes.
    public var policyDigest: String
    public var actor: String?
    public var actorSource: String?

    public init(repository: Repository, policy: Policy, attest: AttestSettings, key: SigningKey, policyDigest: String,
                actor: String?, actorSource: String?) {
        self.repository = repository
        self.policy = policy
        self.attest = attest
        self.key = key
        self.policyDigest = policyDigest
        self.actor = actor
        self.actorSource = actorSource
    }

    /// The pusher sources that authenticate: everything but the Unix account fallback, which on a shared `git`
    /// account names the account, not the person.
    public static func authenticates(_ source: String?) -> Bool {
        guard let source else { return false }
        return source != "unix-user"
    }

    /// What the provenance says of a bypass on `ref` (nil when it bypassed nothing there).
    static func evidence(of bypass: BypassRecord, on ref: String, policy: Policy) -> SourceProvenance.Bypass? {
        guard bypass.touches(ref) else { return nil }
        return SourceProvenance.Bypass(
            pusher: bypass.pusher, reason: bypass.reason,
            violations: bypass.bypassed.filter { $0.ref == ref }.map { "\($0.kind.rawValue) (rule \($0.rule)): \($0.detail)" },
            controls: Control.allCases.filter(bypass.controls(on: ref, policy: policy).contains).map(\.rawValue))
    }

    /// Writes the evidence; returns the level, or nil when the update needs none (a deletion, a ref outside
    /// `[attest] refs`, a ref that no longer holds `new`, or a tree or blob). An annotated tag's evidence names the
    /// tag object (`gitTag`) and hangs on it; everything else's names the commit.
    @discardableResult
    public func write(_ update: Update, time: String, bypass: BypassRecord? = nil) throws -> SourceLevel? {
        guard attest.covers(update.ref), !update.new.isZero, try repository.resolve(update.ref) == update.new,
              let subjectObject = try EvidenceSubject.of(update.new, in: repository) else { return nil }
        let revision = subjectObject.id
        let lock = try EvidenceLock(gitDirectory: repository.gitDirectory)
        defer { lock.release() }

        var previous: SourceProvenance?
        let created = update.old.isZero
        let old = created ? nil : try? EvidenceSubject.of(update.old, in: repository)
        if let old {
            let notes = EvidenceNotes(noteText: try repository.note(on: old.id, notesRef: attest.notesRef),
                                      key: key.publicKey)
            previous = notes.provenance(revision: old.id.hex, ref: update.ref, digestKey: old.digestKey)?.statement.predicate
        }
        let level = SourceLevel.compute(ref: update.ref, revision: revision.hex, time: time, created: created,
                                        controls: policy.controls(for: update.ref),
                                        authenticated: Self.authenticates(actorSource), previous: previous,
                                        properties: attest.properties,
                                        bypassed: bypass.flatMap { $0.touches(update.ref) ? $0.controls(on: update.ref, policy: policy) : nil })
        let tagName = subjectObject.tagged == nil ? nil : String(update.ref.dropFirst(update.ref.hasPrefix("refs/tags/") ? 10 : 0))
        let subject = [ResourceDescriptor(name: tagName, digest: [subjectObject.digestKey: revision.hex],
                                          annotations: .init(sourceRefs: [update.ref]))]
        let policyDescriptor = ResourceDescriptor(uri: (policy.source as NSString).lastPathComponent,
                                                  digest: ["sha256": policyDigest])
        let provenance = SourceProvenance(
            repositoryUri: attest.repositoryURI, ref: update.ref, revision: revision.hex,
            previousRevision: created ? nil : old?.id.hex ?? update.old.hex,
            actor: actor, actorSource: actorSource, actorAuthenticated: Self.authenticates(actorSource), time: time,
            policy: policyDescriptor, controls: level.controls, level: level.level, levelLimits: level.limits,
            bypass: bypass.flatMap { Self.evidence(of: $0, on: update.ref, policy: policy) },
            tag: subjectObject.tagged.map { SourceProvenance.Tag(name: tagName ?? update.ref, object: revision.hex, target: $0.id.hex,
                                                  targetKind: $0.kind.rawValue) })
        let provenanceLine = try DSSEEnvelope.sign(
            payload: try Statement(subject: subject, predicateType: SourceProvenance.predicateType, predicate: provenance).payload(),
            payloadType: DSSEEnvelope.inTotoPayloadType, key: key).jsonLine()
        let summary = SourceVSA(
            verifier: .init(id: attest.verifierID), timeVerified: time, resourceUri: attest.repositoryURI,
            policy: policyDescriptor,
            inputAttestations: [ResourceDescriptor(uri: "\(attest.notesRef)#\(revision.hex)",
                                                   digest: ["sha256": PushLog.sha256Hex(provenanceLine)])],
            verificationResult: "PASSED",
            verifiedLevels: ["SLSA_SOURCE_LEVEL_\(level.level)"] + level.properties, slsaVersion: "1.2")
        let summaryLine = try DSSEEnvelope.sign(
            payload: try Statement(subject: subject, predicateType: SourceVSA.predicateType, predicate: summary).payload(),
            payloadType: DSSEEnvelope.inTotoPayloadType, key: key).jsonLine()

        var text = try repository.note(on: revision, notesRef: attest.notesRef) ?? ""
        if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        text += String(decoding: provenanceLine, as: UTF8.self) + "\n" + String(decoding: summaryLine, as: UTF8.self) + "\n"
        try repository.setNote(on: revision, notesRef: attest.notesRef, text: text, name: "git-warden",
                               email: "git-warden@localhost")
        return level
    }
}

/// The repository's evidence lock, held while a note is read, extended and written.
struct EvidenceLock {
    let descriptor: Int32

    init(gitDirectory: String) throws {
        let directory = (gitDirectory as NSString).appendingPathComponent("git-warden")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        descriptor = open(directory + "/attest.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw PushLog.Failure.system("cannot open the evidence lock", errno) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let code = errno
                close(descriptor)
                throw PushLog.Failure.system("cannot lock the evidence", code)
            }
        }
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
