import Foundation
import GitKit
import WardenEvidence
import WardenPolicy

/// The post-receive side of `[attest]`: source provenance and a Source VSA for every updated attested ref.
public enum EvidenceRecorder {
    /// Writes the evidence for the refs in git's post-receive `input`; returns each attested ref with its level
    /// (empty when the policy has no `[attest]`).
    @discardableResult
    public static func record(input: String, environment: [String: String]) throws -> [(ref: String, level: SourceLevel)] {
        let gitDirectory = HookContext.absolute(environment["GIT_DIR"] ?? ".")
        let policy = try PolicyLocator.load(PolicyLocator.locate(gitDirectory: gitDirectory, environment: environment))
        guard let attest = policy.attest else { return [] }
        let updates = try RefUpdateLine.parse(input).filter { attest.covers($0.ref) && !$0.new.isZero }
        guard !updates.isEmpty else { return [] }
        let key = try SigningKey.load(file: attest.key)
        guard let policyBytes = FileManager.default.contents(atPath: policy.source) else {
            throw PushLog.Failure.system("cannot read the policy \(policy.source)", errno == 0 ? ENOENT : errno)
        }
        let pusher = PusherIdentity.resolve(environment)
        let writer = EvidenceWriter(repository: try Repository.open(at: gitDirectory), policy: policy, attest: attest,
                                    key: key, policyDigest: PushLog.sha256Hex(policyBytes), actor: pusher?.name,
                                    actorSource: pusher?.source)
        var written: [(ref: String, level: SourceLevel)] = []
        for update in updates {
            let time = DecisionLog.timestamp()
            if let level = try writer.write(.init(ref: update.ref, old: update.old, new: update.new), time: time) {
                written.append((update.ref, level))
            }
        }
        return written
    }
}
