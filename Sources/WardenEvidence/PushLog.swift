import Crypto
import Foundation
import WardenFormats

/// The repository's push log (`$GIT_DIR/git-warden/decisions.jsonl`) as a hash chain: the decision log itself is
/// the one source of truth, each line a JSON object whose first two members are the chain's:
///
///     {"prev":"<SHA-256 hex of the previous line's bytes, without its newline>","seq":<1-based line number>,...}
///
/// `prev` of the first line is 64 zeros. Lines written before the chain was introduced (no such prefix) may open the
/// log; the first chained line then names the hash of the last of them and its own line number, and every later line
/// must be chained. Other readers decode the lines as before: JSON decoders ignore the two extra members.
///
/// One writer at a time: an append takes `flock` on `decisions.lock` beside the log, reads the last line, and
/// writes the whole new line with one `write(2)`. A writer killed before its write leaves nothing; a short write
/// (a full disk, a crash inside the kernel) leaves a last line without its newline, which the next append removes
/// (`ftruncate` to the end of the last complete line) and records as `"repairedBytes":N` in its own prefix, so the
/// repair is part of the chain. `PushLog.verify` reports such a torn tail without failing, since no entry was
/// complete there. The log is not fsync'ed: a killed hook leaves a valid chain, a power loss may lose the tail
/// (the signed checkpoint then names what is missing).
public enum PushLog {
    public static let genesis = String(repeating: "0", count: 64)

    public enum Failure: Error, CustomStringConvertible {
        case notAnObject(String)
        case system(String, Int32)

        public var description: String {
            switch self {
            case .notAnObject(let file): return "\(file): an entry must be one JSON object"
            case .system(let what, let code): return "\(what): \(String(cString: strerror(code)))"
            }
        }
    }

    /// What an append wrote: the new entry's number and the hash of its exact bytes (the new head of the chain).
    public struct Appended: Sendable, Equatable {
        public var seq: Int
        public var hash: String
        public var repairedBytes: Int
    }

    /// The lock file beside a log.
    public static func lockPath(forLog file: String) -> String {
        (file as NSString).deletingLastPathComponent + "/decisions.lock"
    }

    /// Appends `object` (one encoded JSON object, `{...}`, no newline) to the chain in `file`; `afterAppend` runs
    /// while the lock is still held (the checkpoint is written there, so checkpoints never go backwards).
    @discardableResult
    public static func append(object: Data, to file: String,
                              afterAppend: ((Appended) throws -> Void)? = nil) throws -> Appended {
        guard object.first == UInt8(ascii: "{"), object.last == UInt8(ascii: "}"),
              !object.contains(UInt8(ascii: "\n")) else { throw Failure.notAnObject(file) }
        let directory = (file as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let lock = open(lockPath(forLog: file), O_RDWR | O_CREAT | O_CLOEXEC, 0o640)
        guard lock >= 0 else { throw Failure.system("cannot open the push log's lock", errno) }
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 {
            guard errno == EINTR else { throw Failure.system("cannot lock the push log", errno) }
        }
        defer { flock(lock, LOCK_UN) }

        let descriptor = open(file, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw Failure.system("cannot open the push log", errno) }
        defer { close(descriptor) }
        let tail = try LogTail.read(descriptor: descriptor)
        var repaired = 0
        if tail.tornBytes > 0 {
            guard ftruncate(descriptor, off_t(tail.completeLength)) == 0 else {
                throw Failure.system("cannot remove the torn last line of the push log", errno)
            }
            repaired = tail.tornBytes
        }
        let seq: Int
        let prev: String
        if let last = tail.lastLine {
            prev = sha256Hex(last)
            if let chained = ChainPrefix.parse(last) {
                seq = chained.seq + 1
            } else {
                seq = try countLines(descriptor: descriptor) + 1
            }
        } else {
            prev = genesis
            seq = 1
        }
        var line = Data(ChainPrefix.render(prev: prev, seq: seq, repairedBytes: repaired).utf8)
        if object.count > 2 {
            line.append(object.dropFirst())
        } else {
            line.removeLast()
            line.append(contentsOf: Array("}".utf8))
        }
        let hash = sha256Hex(line)
        line.append(UInt8(ascii: "\n"))
        let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == line.count else {
            let code = errno
            // A short write leaves a torn line; take it back now rather than leave it to the next writer.
            if written > 0 { _ = ftruncate(descriptor, off_t(tail.completeLength)) }
            throw Failure.system("cannot append to the push log", written < 0 ? code : EIO)
        }
        let appended = Appended(seq: seq, hash: hash, repairedBytes: repaired)
        try afterAppend?(appended)
        return appended
    }

    public static func sha256Hex(_ bytes: some DataProtocol) -> String {
        Hex.encode(SHA256.hash(data: Data(bytes)))
    }

    /// Lines in the file (used once, when the first chained entry follows lines written before the chain).
    private static func countLines(descriptor: Int32) throws -> Int {
        var count = 0
        var offset: off_t = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let read = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, offset) }
            guard read >= 0 else { throw Failure.system("cannot read the push log", errno) }
            if read == 0 { return count }
            count += buffer[0..<read].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            offset += off_t(read)
        }
    }
}

/// The chain's members at the start of a line, written and read byte for byte (never by a JSON parser, so a
/// duplicate `seq` later in the object cannot change what the chain says).
public struct ChainPrefix: Sendable, Equatable {
    public var prev: String
    public var seq: Int
    public var repairedBytes: Int

    static func render(prev: String, seq: Int, repairedBytes: Int) -> String {
        "{\"prev\":\"\(prev)\",\"seq\":\(seq)," + (repairedBytes > 0 ? "\"repairedBytes\":\(repairedBytes)," : "")
    }

    /// The prefix of a line, or nil when the line does not start with one.
    public static func parse(_ line: some Collection<UInt8>) -> ChainPrefix? {
        let bytes = Array(line.prefix(140))
        let head = Array("{\"prev\":\"".utf8)
        guard bytes.starts(with: head), bytes.count >= head.count + 64 + 8 else { return nil }
        let hashBytes = bytes[head.count..<(head.count + 64)]
        guard hashBytes.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                                     || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }) else { return nil }
        var index = head.count + 64
        func expect(_ text: String) -> Bool {
            let wanted = Array(text.utf8)
            guard bytes.count >= index + wanted.count, Array(bytes[index..<(index + wanted.count)]) == wanted else { return false }
            index += wanted.count
            return true
        }
        func number() -> Int? {
            let start = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]), index - start < 18 { index += 1 }
            guard index > start, bytes[start] != UInt8(ascii: "0") else { return nil }
            return Int(String(decoding: bytes[start..<index], as: UTF8.self))
        }
        guard expect("\",\"seq\":"), let seq = number(), expect(",") else { return nil }
        var repaired = 0
        if expect("\"repairedBytes\":") {
            guard let count = number(), expect(",") else { return nil }
            repaired = count
        }
        return ChainPrefix(prev: String(decoding: hashBytes, as: UTF8.self), seq: seq, repairedBytes: repaired)
    }
}
