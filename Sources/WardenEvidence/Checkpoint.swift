import Foundation

/// The push log's checkpoint (`$GIT_DIR/git-warden/checkpoint.json`): the entry count and head hash after the last
/// append, as a DSSE envelope signed with the server key when one is configured (unsigned otherwise: it then only
/// catches accidents, since whoever can edit the log can edit it too). Written under the log's lock after each
/// append, by rename, so it never goes backwards and is never half-written. A log with fewer entries than the
/// checkpoint, or whose entry at the checkpoint's count hashes differently, was cut short or rewritten.
public struct Checkpoint: Codable, Sendable, Equatable {
    public static let payloadType = "application/vnd.git-warden.pushlog-checkpoint+json"

    public var entries: Int
    public var head: String
    public var time: String

    public init(entries: Int, head: String, time: String) {
        self.entries = entries
        self.head = head
        self.time = time
    }

    public static func path(forLog file: String) -> String {
        (file as NSString).deletingLastPathComponent + "/checkpoint.json"
    }

    public func write(forLog file: String, key: SigningKey?) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let payload = try encoder.encode(self)
        let envelope = try key.map { try DSSEEnvelope.sign(payload: payload, payloadType: Self.payloadType, key: $0) }
            ?? DSSEEnvelope(payloadType: Self.payloadType, payload: payload.base64EncodedString(), signatures: [])
        var line = try envelope.jsonLine()
        line.append(UInt8(ascii: "\n"))
        let target = Self.path(forLog: file)
        let temporary = target + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: line, attributes: [.posixPermissions: 0o640]),
              rename(temporary, target) == 0 else {
            throw PushLog.Failure.system("cannot write the push log checkpoint", errno == 0 ? EIO : errno)
        }
    }

    public enum Reading: Sendable {
        case absent
        case unsigned(Checkpoint)
        case signed(Checkpoint)
        case bad(String)
    }

    /// Reads the checkpoint beside `file`; with `key`, its signature must verify (an unsigned or wrongly signed one
    /// is `bad`).
    public static func read(forLog file: String, key: VerifyingKey?) -> Reading {
        let target = path(forLog: file)
        guard let data = FileManager.default.contents(atPath: target) else { return .absent }
        guard let envelope = try? JSONDecoder().decode(DSSEEnvelope.self, from: data),
              envelope.payloadType == payloadType, let body = Data(base64Encoded: envelope.payload) else {
            return .bad("the checkpoint is not a DSSE envelope of a push-log checkpoint")
        }
        guard let checkpoint = try? JSONDecoder().decode(Checkpoint.self, from: body) else {
            return .bad("the checkpoint's payload is not a checkpoint")
        }
        guard let key else { return .unsigned(checkpoint) }
        guard envelope.verifiedPayload(key: key) != nil else {
            return .bad("the checkpoint carries no valid signature by key \(key.keyID)")
        }
        return .signed(checkpoint)
    }

    /// Compares a verified chain with this checkpoint: nil when the log holds everything the checkpoint recorded.
    public func problem(with verification: PushLog.Verification, logBytes: Data) -> String? {
        if verification.entries < entries {
            let missing = entries - verification.entries
            return "the log has \(verification.entries) entries, the checkpoint of \(time) recorded \(entries): "
                + (missing == 1 ? "entry \(entries) was removed (truncated)" : "entries \(verification.entries + 1)-\(entries) were removed (truncated)")
        }
        var lineNumber = 0, start = 0
        let bytes = [UInt8](logBytes)
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            lineNumber += 1
            if lineNumber == entries {
                return PushLog.sha256Hex(bytes[start..<index]) == head ? nil
                    : "entry \(entries) differs from the one the checkpoint of \(time) recorded (rewritten)"
            }
            start = index + 1
        }
        return entries == 0 ? nil : "entry \(entries) is missing"
    }
}
