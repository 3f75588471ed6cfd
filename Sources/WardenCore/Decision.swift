import Foundation
import WardenPolicy

/// One line of the push audit trail: who pushed what, which policy judged it, and the outcome.
public struct Decision: Codable, Sendable {
    public struct Update: Codable, Sendable {
        public var ref: String
        public var old: String
        public var new: String
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
    public var durationMilliseconds: Double
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

    static func timestamp(_ date: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
