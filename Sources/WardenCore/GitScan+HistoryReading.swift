import Foundation
import GitKit

extension GitScan {
    /// `order` cut into slices for `readers` readers: one slice for one reader (the single-reader path), else
    /// about 16 slices a reader, so that a reader that drew a slice of large files is not left to finish alone.
    /// A cut inside a file's versions costs its reader one delta chain rebuilt and the scan of one version whole
    /// instead of only its changed region; the findings stay the same (the fingerprint dedupe keeps the oldest).
    static func chunks(of order: [ObjectID], readers: Int) -> [ArraySlice<ObjectID>] {
        guard readers > 1, !order.isEmpty else { return [order[...]] }
        let size = max(32, order.count / (readers * 16))
        return stride(from: 0, to: order.count, by: size).map { order[$0..<min($0 + size, order.count)] }
    }
}

/// The newest version of each chunk that waits for the next (older) one to arrive, shared by the reader threads.
final class PendingVersions: @unchecked Sendable {
    private let lock = NSLock()
    private var waiting: [Int: (blob: ObjectID, content: [UInt8])] = [:]

    /// Keeps `blob` as the chunk's waiting version and returns the one it replaces.
    func swap(chunk: Int, blob: ObjectID, content: [UInt8]) -> (blob: ObjectID, content: [UInt8])? {
        lock.withLock { waiting.updateValue((blob, content), forKey: chunk) }
    }

    /// What still waits once every chunk is read: each chunk's last version.
    func remaining() -> [(blob: ObjectID, content: [UInt8])] {
        lock.withLock {
            defer { waiting = [:] }
            return waiting.keys.sorted().map { waiting[$0]! }
        }
    }
}

/// The messages of a history's commits and tags (`GitScan.messageOutcomes`), scanned on a thread of their own
/// from the moment it is made.
final class MessageScan: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<[GitScan.CommitOutcome], GitError> = .success([])

    init(commits: [ObjectID], scan: GitScan) {
        let thread = Thread { [self] in
            do throws(GitError) {
                result = .success(try scan.messageOutcomes(commits: commits))
            } catch {
                result = .failure(error)
            }
            done.signal()
        }
        thread.start()
    }

    /// Waits for the scan to end (once).
    func outcomes() throws(GitError) -> [GitScan.CommitOutcome] {
        done.wait()
        return try result.get()
    }
}
