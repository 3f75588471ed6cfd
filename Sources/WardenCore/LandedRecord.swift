import Foundation
import GitKit

/// What a push left behind, appended to the decision log by the post-receive hook.
///
/// pre-receive judges a push before git updates any ref; other checks may still refuse a ref after git-warden
/// accepted it (gitolite's per-branch rules live in its `update` hook, which git runs after pre-receive), and a ref
/// can fail to update (a lock held by another push). So "accepted" in the log is not "landed". git feeds
/// post-receive only the refs that were updated, and runs it only when at least one was: the recorder therefore
/// compares every update of the accepted decisions not yet accounted for with what each ref holds now.
public struct LandedRecord: Codable, Sendable {
    public struct RefState: Codable, Sendable, Equatable {
        public var ref: String
        /// What the push wanted the ref to become (all zeros: deleted).
        public var new: String
        /// What the ref holds after the push (nil: it does not exist).
        public var actual: String?
        public var landed: Bool
    }

    /// Always "landed": tells these lines from decisions in the same log.
    public var event = "landed"
    public var time: String
    public var repository: String
    public var pusher: String?
    /// The `time` of the decision (pre-receive) these updates came from.
    public var decisionTime: String
    public var refs: [RefState]
}

/// The post-receive side: finds the accepted decisions without a landed record and records each ref's final state.
public enum PostReceiveRecorder {
    /// How far back the log is read: decisions older than this many lines are left alone.
    static let tailLines = 400
    /// A decision this old without a landed record belongs to a push that is over (longer than any hook timeout).
    static let settleSeconds: TimeInterval = 15 * 60

    /// Appends one landed record per accepted decision that has none yet; returns them (for tests and the hook's
    /// own message). `input` is git's post-receive input: the refs that were updated.
    @discardableResult
    public static func record(input: String, environment: [String: String]) throws -> [LandedRecord] {
        let gitDirectory = HookContext.absolute(environment["GIT_DIR"] ?? ".")
        let updated = try RefUpdateLine.parse(input)
        let repository = try Repository.open(at: gitDirectory)
        // This push's own decision is recorded now; an older one that git never reported (every ref refused after
        // pre-receive, so git ran no post-receive for it) once it is old enough that its push must be over: a
        // concurrent push may sit between its pre-receive and its ref updates right now.
        let reported = Set(updated.map { "\($0.ref) \($0.new.hex)" })
        let settled = DecisionLog.timestamp(Date().addingTimeInterval(-settleSeconds))
        let pending = pendingDecisions(logText: tail(of: DecisionLog.path(gitDirectory: gitDirectory))).filter { decision in
            decision.updates.contains { reported.contains("\($0.ref) \($0.new)") } || decision.time < settled
        }
        var records: [LandedRecord] = []
        for decision in pending {
            var states: [LandedRecord.RefState] = []
            for update in decision.updates {
                let actual = try repository.resolve(update.ref)?.hex
                let wantedGone = update.new.allSatisfy { $0 == "0" }
                let landed = wantedGone ? actual == nil : actual == update.new
                states.append(LandedRecord.RefState(ref: update.ref, new: update.new, actual: actual, landed: landed))
            }
            records.append(LandedRecord(time: DecisionLog.timestamp(), repository: gitDirectory, pusher: decision.pusher,
                                        decisionTime: decision.time, refs: states))
        }
        // A push git reports but whose decision is not in the log (logging off, or the log unwritable): the refs
        // git says it updated did land, and are recorded as such against no decision.
        let covered = Set(pending.flatMap { $0.updates.map { "\($0.ref) \($0.new)" } })
        let orphans = updated.filter { !covered.contains("\($0.ref) \($0.new.hex)") }
        if !orphans.isEmpty {
            let pusher = PusherIdentity.resolve(environment)
            records.append(LandedRecord(time: DecisionLog.timestamp(), repository: gitDirectory, pusher: pusher?.name,
                                        decisionTime: "(no decision found)",
                                        refs: orphans.map { LandedRecord.RefState(ref: $0.ref, new: $0.new.hex,
                                                                                  actual: $0.new.isZero ? nil : $0.new.hex,
                                                                                  landed: true) }))
        }
        // The checkpoint is signed with the server key of the policy in force ([attest] key), if any.
        let key = records.isEmpty ? nil
            : (try? PolicyLocator.load(PolicyLocator.locate(gitDirectory: gitDirectory, environment: environment)))?.attest?.key
        for record in records { try DecisionLog.appendRecord(record, gitDirectory: gitDirectory, signingKey: key) }
        return records
    }

    /// Accepted decisions (or errors that failed open) after the last landed record that names them, oldest first.
    static func pendingDecisions(logText: String) -> [Decision] {
        let decoder = JSONDecoder()
        var accepted: [Decision] = []
        var accounted: Set<String> = []
        for line in logText.split(separator: "\n") {
            // Only a line that names "landed" can be a landed record, and only one that says "accepted" or
            // "failedOpen" a pending decision: the others (rejections, most of a busy log) are not decoded at all,
            // which was most of a post-receive's time (two JSON decodings of up to 400 lines).
            let mayBeLanded = line.contains("\"landed\"")
            guard mayBeLanded || line.contains("\"accepted\"") || line.contains("\"failedOpen\"") else { continue }
            let data = Data(line.utf8)
            if mayBeLanded, let landed = try? decoder.decode(LandedRecord.self, from: data), landed.event == "landed" {
                accounted.insert(landed.decisionTime)
            } else if let decision = try? decoder.decode(Decision.self, from: data),
                      decision.outcome == .accepted || decision.failedOpen == true {
                accepted.append(decision)
            }
        }
        return accepted.filter { !accounted.contains($0.time) && !$0.updates.isEmpty }
    }

    /// The last `tailLines` lines of a file (a log grows without bound; only recent pushes are pending).
    package static func tail(of path: String) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        let window: UInt64 = 256 * 1024
        let start = size > window ? size - window : 0
        try? handle.seek(toOffset: start)
        let data = handle.readDataToEndOfFile()
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        if start > 0 { lines = Array(lines.dropFirst()) }
        return lines.suffix(tailLines).joined(separator: "\n")
    }
}
