import Foundation
import GitKit

extension GitScan {
    /// `order` cut into slices for `readers` readers: one slice for one reader (the single-reader path), else
    /// slices that shrink as the order runs out (each an eighth of what is left per two readers, 32 versions at
    /// least), so that the readers take the last, small ones in turn and end together rather than one finishing a
    /// large slice alone. A cut inside a file's versions costs its reader one delta chain rebuilt and the scan of
    /// one version whole instead of only its changed region; the findings stay the same (the fingerprint dedupe
    /// keeps the oldest).
    static func chunks(of order: [ObjectID], readers: Int) -> [ArraySlice<ObjectID>] {
        guard readers > 1, !order.isEmpty else { return [order[...]] }
        var slices: [ArraySlice<ObjectID>] = []
        var start = 0
        while start < order.count {
            let end = min(order.count, start + max(32, (order.count - start) / (readers * 4)))
            slices.append(order[start..<end])
            start = end
        }
        return slices
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
