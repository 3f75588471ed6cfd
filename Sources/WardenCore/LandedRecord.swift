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
    ///
    /// Each line is first read for the few fields that decide (a landed record's `decisionTime`; a decision's time,
    /// outcome and whether it has updates); only the decisions still pending are decoded whole. Decoding every
    /// decision whole, twice, was most of a post-receive's time.
    static func pendingDecisions(logText: String) -> [Decision] {
        let decoder = JSONDecoder()
        var candidates: [(time: String, line: Data)] = []
        var accounted: Set<String> = []
        for line in logText.split(separator: "\n") {
            // Only a line that names "landed" can be a landed record, and only one that says "accepted" or
            // "failedOpen" a pending decision: the others (rejections) are not decoded at all.
            guard line.contains("\"landed\"") || line.contains("\"accepted\"") || line.contains("\"failedOpen\"") else {
                continue
            }
            let data = Data(line.utf8)
            guard let probe = try? decoder.decode(LineProbe.self, from: data) else { continue }
            if probe.event == "landed" {
                if let time = probe.decisionTime { accounted.insert(time) }
            } else if let time = probe.time, probe.outcome == Decision.Outcome.accepted.rawValue || probe.failedOpen == true,
                      probe.updates?.isEmpty == false {
                candidates.append((time, data))
            }
        }
        return candidates.filter { !accounted.contains($0.time) }
            .compactMap { try? decoder.decode(Decision.self, from: $0.line) }
    }

    /// The fields of a log line that tell a landed record from a decision and a pending decision from a settled one.
    private struct LineProbe: Decodable {
        var event: String?
        var decisionTime: String?
        var time: String?
        var outcome: String?
        var failedOpen: Bool?
        var updates: [Present]?

        /// An array element whose content does not matter here.
        struct Present: Decodable {
            init(from decoder: Decoder) throws {}
        }
    }

    /// The last `tailLines` lines of a file (a log grows without bound; only recent pushes are pending): found
    /// backwards in the last 256 KiB as bytes, so only those lines become text.
    package static func tail(of path: String) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        let window: UInt64 = 256 * 1024
        let start = size > window ? size - window : 0
        try? handle.seek(toOffset: start)
        let data = handle.readDataToEndOfFile()
        return data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> String in
            var end = bytes.count
            while end > 0 && bytes[end - 1] == UInt8(ascii: "\n") { end -= 1 }
            var from = end
            var lines = 0
            // Back to the newline before the first wanted line; a window that starts mid-file starts mid-line, and
            // that partial first line is never taken.
            while from > 0 {
                if bytes[from - 1] == UInt8(ascii: "\n") {
                    lines += 1
                    if lines == tailLines { break }
                }
                from -= 1
            }
            if from == 0 && start > 0 {
                guard let newline = bytes[..<end].firstIndex(of: UInt8(ascii: "\n")) else { return "" }
                from = newline + 1
            }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[from..<end]), as: UTF8.self)
        }
    }
}
