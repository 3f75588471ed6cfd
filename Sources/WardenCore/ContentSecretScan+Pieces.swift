import Dispatch
import Foundation
import GitKit
import WardenSecrets

/// Reading and scanning new content on every core. What a push or a commit brings is decided in order first (which
/// commit introduces each blob: `CommitContent.selection`); the pieces, each one file's new content, are then read,
/// diffed and scanned independently, each thread with its own repository handle; and their results are recorded in
/// the original order, so findings, notes and gaps read exactly as a one-thread run's. Diffing and inflating the
/// blobs is most of a hook's own work (measured: half of a pre-receive of 10 commits and 50 files).
extension ContentSecretScan {
    /// One file's new content, and the commit it is attributed to (nil: the index).
    struct Piece: Sendable {
        var file: CommitChanges.File
        var changes: CommitChanges
        var commit: ObjectID?
    }

    /// Below this many pieces per thread a second thread costs more (a repository handle, a hand-off) than it saves.
    static let piecesPerThread = 4

    /// The pieces' content and scan results, in the pieces' order; the first error in that order is thrown.
    func readAndScan(_ pieces: [Piece]) throws(GitError) -> [(content: NewContent, scan: ScanResult)] {
        let scanner = self.scanner, options = self.options
        @Sendable func one(_ piece: Piece, _ repository: Repository) throws(GitError) -> (NewContent, ScanResult) {
            let content = try CommitContent.content(of: piece.file, in: piece.changes, repository: repository,
                                                    wholeBlobAbove: options.maxBytes)
            return (content, try content.scan(with: scanner, commit: piece.commit?.hex, options: options, in: repository))
        }
        let threads = min(ProcessInfo.processInfo.activeProcessorCount, pieces.count / Self.piecesPerThread)
        guard threads > 1 else {
            var results: [(content: NewContent, scan: ScanResult)] = []
            for piece in pieces { results.append(try one(piece, repository)) }
            return results
        }
        var handles = [repository]
        for _ in 1..<threads { handles.append(try repository.reopened()) }
        let slots = UnsafeMutableBufferPointer<Result<(NewContent, ScanResult), GitError>?>.allocate(capacity: pieces.count)
        slots.initialize(repeating: nil)
        defer {
            _ = slots.deinitialize()
            slots.deallocate()
        }
        let shared = Shared(repositories: handles, slots: slots)
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            let repository = shared.repositories[thread]
            var index = thread
            while index < pieces.count {
                // Each slot is written by exactly one thread, and read only after all have finished.
                shared.slots[index] = Result { () throws(GitError) in try one(pieces[index], repository) }
                index += threads
            }
        }
        var results: [(content: NewContent, scan: ScanResult)] = []
        for slot in slots { results.append(try slot!.get()) }
        return results
    }
}

/// What the threads of a `readAndScan` share: a repository handle each (used by that thread only) and the result
/// slots (each written by one thread).
private struct Shared: @unchecked Sendable {
    let repositories: [Repository]
    let slots: UnsafeMutableBufferPointer<Result<(NewContent, ScanResult), GitError>?>
}
