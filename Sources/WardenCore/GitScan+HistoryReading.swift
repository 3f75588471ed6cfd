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
