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
        let key = try SigningKey.cached(file: attest.key)
        guard let policyBytes = FileManager.default.contents(atPath: policy.source) else {
            throw PushLog.Failure.system("cannot read the policy \(policy.source)", errno == 0 ? ENOENT : errno)
        }
        let pusher = PusherIdentity.resolve(environment)
        let writer = EvidenceWriter(repository: try Repository.open(at: gitDirectory), policy: policy, attest: attest,
                                    key: key, policyDigest: PushLog.sha256Hex(policyBytes), actor: pusher?.name,
                                    actorSource: pusher?.source)
        let bypasses = grantedBypasses(logTail: PostReceiveRecorder.tail(of: DecisionLog.path(gitDirectory: gitDirectory)),
                                       updates: Set(updates.map { "\($0.ref) \($0.new.hex)" }))
        var written: [(ref: String, level: SourceLevel)] = []
        for update in updates {
            let time = DecisionLog.timestamp()
            let bypass = bypasses["\(update.ref) \(update.new.hex)"]
            if let level = try writer.write(.init(ref: update.ref, old: update.old, new: update.new), time: time,
                                            bypass: bypass) {
                written.append((update.ref, level))
            }
        }
        return written
    }

    /// The bypass behind each of `updates` ("ref new-id"), from the latest accepted pre-receive decision in the
    /// log's tail that names it (a later push of the same update without a bypass is not one). Only the server
    /// writes the log: a push option alone never reaches the evidence. Read backwards, decoding only the lines
    /// that name a wanted commit, so a long log costs a push nothing more.
    static func grantedBypasses(logTail: String, updates: Set<String>) -> [String: BypassRecord] {
        let decoder = JSONDecoder()
        var pending = updates
        var result: [String: BypassRecord] = [:]
        let commits = Set(updates.compactMap { $0.split(separator: " ").last.map(String.init) })
        for line in logTail.split(separator: "\n").reversed() where !pending.isEmpty {
            guard commits.contains(where: { line.contains($0) }),
                  let decision = try? decoder.decode(Decision.self, from: Data(line.utf8)),
                  decision.outcome == .accepted else { continue }
            for update in decision.updates {
                let key = "\(update.ref) \(update.new)"
                guard pending.remove(key) != nil else { continue }
                result[key] = decision.bypass
            }
        }
        return result
    }
}
