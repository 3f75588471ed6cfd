import Foundation
import WardenEvidence
import WardenPolicy
import WardenSecrets

/// One line of the push audit trail: who pushed what, which policy judged it, and the outcome.
public struct Decision: Codable, Sendable {
    public struct Update: Codable, Sendable {
        public var ref: String
        public var old: String
        public var new: String
        /// When `ref` is a symbolic ref on the server: the ref the update is really written to (receive-pack
        /// writes through symbolic refs), judged under its own rules too.
        public var target: String?
        /// The symbolic refs between `ref` and `target`, for a chain of them.
        public var via: [String]?
        /// Symbolic refs the push does not name that lead to the ref it writes: they move with it, and the update
        /// is judged under their names too.
        public var aliases: [String]?
    }

    public enum Outcome: String, Codable, Sendable {
        case accepted
        case rejected
        /// The guard could not decide; `onError` in the policy said what happened to the push.
        case error
    }

    public var time: String
    public var repository: String
    public var pusher: String?
    public var pusherSource: String?
    public var policy: String
    public var outcome: Outcome
    /// For `error`: whether the push was let through anyway (fail-open policy).
    public var failedOpen: Bool?
    public var error: String?
    public var updates: [Update]
    public var violations: [Violation]
    public var warnings: [Violation]
    /// What the secret scan skipped or read only in part (binary, too large, allowlisted path), and exceptions the
    /// policy granted explicitly (a SHA-1 OpenPGP binding accepted by `[signers] openpgp-allow-sha1-bindings`), one
    /// line each; absent when there is none.
    public var notes: [String]? = nil
    public var durationMilliseconds: Double
    /// How the secret rules were obtained (loaded from a cache, or compiled and where they were stored): a hook
    /// whose cache is never written recompiles on every push, and this is where that shows.
    public var rulesCache: RulesCacheReport? = nil
    /// A granted break-glass bypass: who, why, the violations it let through (`violations` is then empty).
    public var bypass: BypassRecord? = nil
}

/// Appends decisions to `$GIT_DIR/git-warden/decisions.jsonl`, one JSON object per line.
public enum DecisionLog {
    public static func path(gitDirectory: String) -> String {
        (gitDirectory as NSString).appendingPathComponent("git-warden/decisions.jsonl")
    }

    /// Appends one decision to the hash-chained push log (see `PushLog`); `signingKey` is `[attest] key`.
    public static func append(_ decision: Decision, gitDirectory: String, signingKey: String? = nil) throws {
        try appendRecord(decision, gitDirectory: gitDirectory, signingKey: signingKey)
    }

    /// Appends any record (one JSON object) as the next entry of the chain, one writer at a time, and moves the
    /// checkpoint to it, signed with the server key when one is configured. A key that cannot be read leaves the
    /// checkpoint unsigned (`log verify --key` then fails) and is reported.
    static func appendRecord<Record: Encodable>(_ record: Record, gitDirectory: String, signingKey: String?) throws {
        let file = path(gitDirectory: gitDirectory)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let object = try encoder.encode(record)
        try PushLog.append(object: object, to: file) { appended in
            let checkpoint = Checkpoint(entries: appended.seq, head: appended.hash, time: timestamp())
            do {
                try checkpoint.write(forLog: file, key: try signingKey.map { try SigningKey.cached(file: $0) })
            } catch let failure as SigningKey.Failure {
                try checkpoint.write(forLog: file, key: nil)
                throw failure
            }
        }
    }

    /// RFC 3339 UTC time with milliseconds, formatted by hand: Foundation's formatters load ICU, which costs a
    /// hook several milliseconds per push.
    static func timestamp(_ date: Date = Date()) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        let milliseconds = Int((date.timeIntervalSince1970 - Double(seconds)) * 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(milliseconds), 3))Z"
    }
}
