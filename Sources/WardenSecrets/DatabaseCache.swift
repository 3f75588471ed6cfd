import Foundation

/// The on-disk cache of compiled databases, one file per rule set and platform.
///
/// File layout: magic, rule count, one mode byte per rule (how each rule reached Vectorscan, which is itself the
/// result of costly checks), a checksum of the header and the database, then `hs_serialize_database` bytes.
/// Vectorscan's own CRC does not catch every damaged byte (measured: a flipped byte mid-file loaded), hence our
/// checksum. Anything unreadable, damaged or mismatched reads as a miss; any write failure is ignored.
struct DatabaseCache {
    static let magic = Array("GWHSDB2\n".utf8)

    let directory: String

    /// The format version is in the name as well as in the magic: a cache directory shared by binaries of both
    /// formats (an upgrade, a second installation) then holds one file each, instead of each binary replacing the
    /// other's file with a recompile on every run.
    func fileName(key: String) -> String { "\(directory)/rules-\(key)-2.hsdb" }

    /// Modes per rule and the database (nil when no rule goes through Vectorscan), or nil on any problem.
    func load(key: String, ruleCount: Int) -> (modes: [RuleMode], database: VectorscanDatabase?)? {
        MappedFile.withContents(of: fileName(key: key)) { Self.decode($0, ruleCount: ruleCount) }
    }

    /// The file's bytes as modes and database; Vectorscan copies the database out of `bytes`.
    static func decode(_ bytes: UnsafeRawBufferPointer, ruleCount: Int) -> (modes: [RuleMode], database: VectorscanDatabase?)? {
        let headerLength = magic.count + 4 + ruleCount
        guard bytes.count >= headerLength + 8, bytes.prefix(magic.count).elementsEqual(magic) else { return nil }
        let count = bytes[magic.count..<magic.count + 4].reversed().reduce(0) { $0 << 8 | Int($1) }
        guard count == ruleCount else { return nil }
        let checksum = bytes[headerLength..<headerLength + 8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let header = UnsafeRawBufferPointer(rebasing: bytes[0..<headerLength])
        let payload = UnsafeRawBufferPointer(rebasing: bytes[(headerLength + 8)...])
        guard checksum == Self.checksum(header, payload) else { return nil }
        var modes: [RuleMode] = []
        for raw in bytes[magic.count + 4..<headerLength] {
            guard let mode = RuleMode(rawValue: raw) else { return nil }
            modes.append(mode)
        }
        if payload.isEmpty { return modes.contains(where: \.usesVectorscan) ? nil : (modes, nil) }
        guard let database = VectorscanDatabase.deserialize(payload) else { return nil }
        return (modes, database)
    }

    /// Writes through a temporary file and `rename`, so a concurrent reader sees the old file or the new one.
    @discardableResult
    func store(key: String, modes: [RuleMode], database: VectorscanDatabase?) -> Bool {
        var bytes = Self.magic
        bytes += withUnsafeBytes(of: UInt32(modes.count).littleEndian, Array.init)
        bytes += modes.map(\.rawValue)
        var serialized: [UInt8] = []
        if let database {
            guard let bytes = database.serialize() else { return false }
            serialized = bytes
        }
        let checksum = bytes.withUnsafeBytes { header in serialized.withUnsafeBytes { Self.checksum(header, $0) } }
        bytes += withUnsafeBytes(of: checksum.littleEndian, Array.init)
        bytes += serialized
        let manager = FileManager.default
        guard (try? manager.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil else {
            return false
        }
        let temporary = "\(fileName(key: key)).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        guard manager.createFile(atPath: temporary, contents: Data(bytes)) else { return false }
        guard rename(temporary, fileName(key: key)) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }

    /// FNV-1a style in four independent lanes of eight bytes (so the multiplications overlap): not cryptographic
    /// (the cache is not a trust boundary; whoever can write it can write the binary's home too), but it sees every
    /// byte, and a change of any one word always changes the result (every step is a bijection of its lane's state).
    /// ~0.1 ms for the 1.4 MB database of the built-in rules, a quarter of the one-lane version it replaces (files
    /// of that version carry the older magic and read as a miss).
    static func checksum(_ parts: UnsafeRawBufferPointer...) -> UInt64 {
        let prime: UInt64 = 0x0000_0100_0000_01b3
        @inline(__always) func mix(_ lane: inout UInt64, _ word: UInt64) {
            lane = (lane ^ word) &* prime
            lane ^= lane >> 29
        }
        var lane0: UInt64 = 0xcbf2_9ce4_8422_2325, lane1: UInt64 = 0x9e37_79b9_7f4a_7c15
        var lane2: UInt64 = 0xc2b2_ae3d_27d4_eb4f, lane3: UInt64 = 0x1656_67b1_9e37_79f9
        for raw in parts {
            var offset = 0
            while offset + 32 <= raw.count {
                mix(&lane0, raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                mix(&lane1, raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
                mix(&lane2, raw.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
                mix(&lane3, raw.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
                offset += 32
            }
            while offset + 8 <= raw.count {
                mix(&lane0, raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                offset += 8
            }
            while offset < raw.count {
                lane0 = (lane0 ^ UInt64(raw[offset])) &* prime
                offset += 1
            }
            lane0 = (lane0 ^ UInt64(raw.count)) &* prime
        }
        for lane in [lane1, lane2, lane3] { mix(&lane0, lane) }
        return lane0
    }

    static func checksum(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { checksum($0) }
    }
}
