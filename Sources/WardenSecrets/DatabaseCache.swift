import Foundation

/// The on-disk cache of compiled databases, one file per rule set and platform.
///
/// File layout: magic, rule count, one mode byte per rule (how each rule reached Vectorscan, which is itself the
/// result of costly checks), a checksum of the header and the database, then `hs_serialize_database` bytes.
/// Vectorscan's own CRC does not catch every damaged byte (measured: a flipped byte mid-file loaded), hence our
/// checksum. Anything unreadable, damaged or mismatched reads as a miss; any write failure is ignored.
struct DatabaseCache {
    static let magic = Array("GWHSDB1\n".utf8)

    let directory: String

    func fileName(key: String) -> String { "\(directory)/rules-\(key).hsdb" }

    /// Modes per rule and the database (nil when no rule goes through Vectorscan), or nil on any problem.
    func load(key: String, ruleCount: Int) -> (modes: [RuleMode], database: VectorscanDatabase?)? {
        guard let data = FileManager.default.contents(atPath: fileName(key: key)) else { return nil }
        let bytes = [UInt8](data)
        let headerLength = Self.magic.count + 4 + ruleCount
        guard bytes.count >= headerLength + 8, Array(bytes[0..<Self.magic.count]) == Self.magic else { return nil }
        let count = bytes[Self.magic.count..<Self.magic.count + 4].reversed().reduce(0) { $0 << 8 | Int($1) }
        guard count == ruleCount else { return nil }
        let checksum = bytes[headerLength..<headerLength + 8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let payload = bytes[(headerLength + 8)...]
        guard checksum == Self.checksum(bytes[0..<headerLength], payload) else { return nil }
        var modes: [RuleMode] = []
        for raw in bytes[Self.magic.count + 4..<headerLength] {
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
        bytes += withUnsafeBytes(of: Self.checksum(bytes[...], serialized[...]).littleEndian, Array.init)
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

    /// FNV-1a style, eight bytes at a time: not cryptographic (the cache is not a trust boundary; whoever can
    /// write it can write the binary's home too), but it sees every byte and costs well under a millisecond per MB.
    static func checksum(_ header: ArraySlice<UInt8>, _ payload: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in [header, payload] {
            part.withUnsafeBytes { raw in
                var offset = 0
                while offset + 8 <= raw.count {
                    hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0x0000_0100_0000_01b3
                    hash ^= hash >> 29
                    offset += 8
                }
                while offset < raw.count {
                    hash = (hash ^ UInt64(raw[offset])) &* 0x0000_0100_0000_01b3
                    offset += 1
                }
            }
            hash = (hash ^ UInt64(part.count)) &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
