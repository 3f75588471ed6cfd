import Foundation
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
}

/// Appends decisions to `$GIT_DIR/git-warden/decisions.jsonl`, one JSON object per line.
public enum DecisionLog {
    public static func path(gitDirectory: String) -> String {
        (gitDirectory as NSString).appendingPathComponent("git-warden/decisions.jsonl")
    }

    /// One `write(2)` with O_APPEND per decision, so concurrent pushes never interleave inside a line.
    public static func append(_ decision: Decision, gitDirectory: String) throws {
        let file = path(gitDirectory: gitDirectory)
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var line = try encoder.encode(decision)
        line.append(UInt8(ascii: "\n"))
        let descriptor = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(descriptor) }
        let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == line.count else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
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
