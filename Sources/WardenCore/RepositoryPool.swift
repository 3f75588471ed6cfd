import Foundation
import GitKit

/// Repository handles lent to worker threads: a libgit2 handle must not be used by two threads at once, and
/// opening one per item would cost more than many items' work.
final class RepositoryPool: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [Repository] = []
    private let open: @Sendable () throws(GitError) -> Repository

    init(open: @escaping @Sendable () throws(GitError) -> Repository) {
        self.open = open
    }

    func with<T>(_ body: (Repository) throws(GitError) -> T) throws(GitError) -> T {
        let borrowed: Repository
        if let taken = lock.withLock({ idle.popLast() }) { borrowed = taken } else { borrowed = try open() }
        defer { lock.withLock { idle.append(borrowed) } }
        return try body(borrowed)
    }
}
