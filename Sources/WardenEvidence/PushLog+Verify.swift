import Foundation

extension PushLog {
    /// What `verify` found: the chain's length and head, or the first entry that breaks it.
    public struct Verification: Sendable {
        /// Complete lines in the log.
        public var entries: Int
        /// Lines before the first chained one (written before the chain was introduced).
        public var unchainedPrefix: Int
        /// SHA-256 of the last complete line (what the next entry's `prev` will be).
        public var head: String
        /// Bytes after the last newline: a line whose write never finished (the next append removes it).
        public var tornBytes: Int
        /// The first bad entry (1-based line number) and why; nil when the chain holds.
        public var firstBad: (line: Int, reason: String)?

        public var isValid: Bool { firstBad == nil }
    }

    /// Checks the chain of the log at `file`: each line's `seq` is its line number and its `prev` the SHA-256 of the
    /// line before it. Names the first entry that is edited, missing, out of order or not an entry at all. A log
    /// cut short at a line boundary is only visible against a checkpoint (`Checkpoint.check`).
    public static func verify(file: String) throws -> Verification {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw Failure.system("cannot read \(file)", errno == 0 ? ENOENT : errno)
        }
        return verify(bytes: data)
    }

    public static func verify(bytes data: Data) -> Verification {
        let bytes = [UInt8](data)
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            lines.append(bytes[start..<index])
            start = index + 1
        }
        let torn = bytes.count - start
        var result = Verification(entries: lines.count, unchainedPrefix: 0, head: genesis, tornBytes: torn, firstBad: nil)
        var previousHash = genesis
        var chainStarted = false
        for (offset, line) in lines.enumerated() {
            let number = offset + 1
            let hash = sha256Hex(line)
            defer { previousHash = hash }
            guard isJSONObject(line) else {
                result.firstBad = (number, "entry \(number) is not a JSON object (edited, or two entries run together)")
                return result
            }
            guard let prefix = ChainPrefix.parse(line) else {
                if chainStarted {
                    result.firstBad = (number, "entry \(number) carries no seq/prev (edited, or inserted into the chain)")
                    return result
                }
                result.unchainedPrefix = number
                continue
            }
            chainStarted = true
            if prefix.seq != number {
                let reason = prefix.seq > number
                    ? "entry \(number) is missing: line \(number) holds entry \(prefix.seq) (entries removed or reordered)"
                    : "line \(number) holds entry \(prefix.seq) again (entries reordered or duplicated)"
                result.firstBad = (number, reason)
                return result
            }
            if prefix.prev != previousHash {
                result.firstBad = number == 1
                    ? (1, "entry 1 does not start the chain (its prev is not zeros: earlier entries were removed)")
                    : (number - 1, "entry \(number - 1) was altered: entry \(number) records a different SHA-256 for it")
                return result
            }
        }
        result.head = previousHash
        return result
    }

    private static func isJSONObject(_ line: ArraySlice<UInt8>) -> Bool {
        guard line.first == UInt8(ascii: "{"),
              let object = try? JSONSerialization.jsonObject(with: Data(line)) else { return false }
        return object is [String: Any]
    }
}
