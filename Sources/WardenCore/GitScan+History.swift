import Foundation
import GitKit
import WardenSecrets

/// `git-warden scan --history`: every version of every file reachable from any ref, each scanned once.
///
/// A text diff of every commit (what `git log -p` and gitleaks do) reads each changed file twice and runs a line
/// diff on it. Tree diffs instead name the blobs each commit brings in without reading them; each distinct
/// (path, blob) is then read and scanned whole, exactly once, on every core. Whole-blob scanning finds a secret in
/// every later version of its file too, and the fingerprint dedupe keeps the oldest: the commit that introduced it.
extension GitScan {
    /// One file version to scan, and the first commit (in parents-first order) that has it.
    struct BlobVersion: Sendable {
        var path: String
        var blob: ObjectID
        var order: Int
    }

    public func history(progress: ScanProgress? = nil) throws(GitError) -> SecretScanReport {
        let started = Date()
        let (commits, trees) = try pool.with { (repository) throws(GitError) in try Self.allCommits(repository) }
        let changed = commits.indices.map { $0 }.parallelMap { index -> Result<[(String, ObjectID)], GitError> in
            do throws(GitError) {
                return .success(try pool.with { (repository) throws(GitError) in
                    try repository.changes(from: trees[index].parent, to: trees[index].tree).compactMap { change in
                        guard let new = change.newID, !change.isSubmodule else { return nil }
                        return (change.path, new)
                    }
                })
            } catch {
                return .failure(error)
            }
        }
        var versions: [BlobVersion] = []
        var seen = Set<PathBlob>()
        for (order, result) in changed.enumerated() {
            for (path, blob) in try result.get() where seen.insert(PathBlob(path: path, blob: blob)).inserted {
                versions.append(BlobVersion(path: path, blob: blob, order: order))
            }
        }
        // Versions of one file side by side: consecutive reads then share libgit2's delta-base cache.
        versions.sort { ($0.path, $0.order) < ($1.path, $1.order) }
        progress?.expect(versions.count)
        let outcomes = versions.parallelMap { version -> Result<CommitOutcome, GitError> in
            let commit = commits[version.order].hex
            do throws(GitError) {
                let result = try pool.with { (repository) throws(GitError) in
                    try repository.withBlob(version.blob) {
                        scanner.scan(bytes: $0, path: version.path, commit: commit, options: options)
                    }
                }
                progress?.advance(bytes: result.scannedBytes)
                return .success(CommitOutcome(result: result, path: version.path, commit: commit, order: version.order))
            } catch {
                return .failure(error)
            }
        }
        progress?.finish()
        var all: [CommitOutcome] = []
        all.reserveCapacity(outcomes.count)
        for outcome in outcomes { all.append(try outcome.get()) }
        var report = Self.report(target: "history of all refs", unit: "file versions", outcomes: all, commits: commits.count)
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    struct PathBlob: Hashable {
        var path: String
        var blob: ObjectID
    }

    /// Every commit reachable from any ref (and a detached HEAD), parents before children, with its tree and its
    /// first parent's tree (nil for a root commit).
    static func allCommits(_ repository: Repository) throws(GitError)
        -> ([ObjectID], [(tree: ObjectID, parent: ObjectID?)]) {
        var tips = try repository.references().compactMap(\.target)
        if let head = try repository.resolve("HEAD") { tips.append(head) }
        let commits = Array(try repository.commits(reachableFrom: tips, hiding: []).reversed())
        var treeOf: [ObjectID: ObjectID] = [:]
        var trees: [(tree: ObjectID, parent: ObjectID?)] = []
        trees.reserveCapacity(commits.count)
        for id in commits {
            let commit = try repository.commit(id)
            treeOf[id] = commit.tree
            var parentTree: ObjectID?
            if let parent = commit.parents.first {
                if let known = treeOf[parent] { parentTree = known } else { parentTree = try repository.commit(parent).tree }
            }
            trees.append((commit.tree, parentTree))
        }
        return (commits, trees)
    }
}
