import Foundation
import GitKit
import WardenSecrets

/// `git-warden scan --history`: every version of every file reachable from any ref, each scanned once.
///
/// A text diff of every commit (what `git log -p` and gitleaks do) reads each changed file twice and runs a line
/// diff on it. Here one `git log --raw` names the blob each commit brings in for each path without reading any
/// content; each distinct (path, blob) is then read once, each file's versions together, by a `git cat-file` per
/// core, and scanned on the thread that read it while its git inflates the next. Whole-blob scanning finds a
/// secret in every later version of its file too, and the fingerprint dedupe keeps the oldest: the commit that
/// introduced it. The message of every commit, and of every annotated tag a ref leads through, is scanned too (see
/// `ObjectMessage`).
extension GitScan {
    /// A reader per core, four at most: each is a `git cat-file` and a thread that scans what it reads, and each
    /// `cat-file` may hold a 256 MiB delta-base cache.
    public func history(progress: ScanProgress? = nil) throws(GitError) -> SecretScanReport {
        try history(progress: progress, readers: min(ProcessInfo.processInfo.activeProcessorCount, 4))
    }

    /// `readers` git processes inflate the blobs (see `GitHistory.readBlobs(chunks:readers:gitDirectory:_:)`) and
    /// their threads scan them; with one, a single chunk: every version but the oldest of each file compared with
    /// the one before it.
    func history(progress: ScanProgress?, readers: Int) throws(GitError) -> SecretScanReport {
        let started = Date()
        let history = try GitHistory.ofAllRefs(gitDirectory: gitDirectory)
        let commits = history.commits, paths = history.paths
        // The messages are read through libgit2 and scanned while the versions are sorted out and read.
        let messages = MessageScan(commits: commits, scan: self)
        // The first commit (parents first) that has a (path, blob) introduced it: that version is scanned.
        var seen = Set<PathBlob>()
        seen.reserveCapacity(history.versions.count)
        var introduced: [GitHistory.FileVersion] = []
        for version in history.versions where seen.insert(PathBlob(path: version.path, blob: version.blob)).inserted {
            introduced.append(version)
        }
        // Each blob belongs to the file of its newest version, where it is compared with that file's older ones.
        // One dictionary for both: hashing 100,000 ids twice over showed in the profile of a 10,000-commit history.
        var blobs: [ObjectID: BlobVersions] = [:]
        blobs.reserveCapacity(introduced.count)
        var blobsOfPath = [[ObjectID]](repeating: [], count: paths.count)
        for version in introduced.reversed() {
            if let known = blobs.index(forKey: version.blob) {
                blobs.values[known].versions.append(version)
            } else {
                blobs[version.blob] = BlobVersions(file: version.path, versions: [version])
                blobsOfPath[version.path].append(version.blob)
            }
        }
        // Each file's versions together, newest first: the order git reads fastest (see `GitHistory.readBlobs`),
        // and each version arrives just before the one it is compared with.
        let readOrder = paths.indices.sorted { paths[$0] < paths[$1] }.flatMap { blobsOfPath[$0] }
        progress?.expect(introduced.count)
        let versionsOfBlob = blobs
        let collected = OutcomeCollector()
        // Each version is scanned on its reader's thread once the next one of its chunk has arrived: when that is
        // the older version of the same file, only the changed region is scanned; a chunk's last version, whole.
        let chunks = Self.chunks(of: readOrder, readers: readers)
        do throws(GitError) {
            try GitHistory.readBlobs(chunks: chunks, readers: readers, gitDirectory: gitDirectory) { newer, next in
                guard let blob = versionsOfBlob[newer.blob] else { return }
                let older = next.flatMap { versionsOfBlob[$0.blob]?.file == blob.file ? $0.content : nil }
                var outcomes: [CommitOutcome] = []
                for version in blob.versions {
                    let commit = commits[version.commit].hex
                    let result = scanVersion(newer.content, olderVersion: version.path == blob.file ? older : nil,
                                             path: paths[version.path], commit: commit)
                    outcomes.append(CommitOutcome(result: result, path: paths[version.path], commit: commit,
                                                  order: version.commit))
                }
                progress?.advance(items: outcomes.count, bytes: outcomes.reduce(0) { $0 + $1.result.scannedBytes })
                collected.append(outcomes)
            }
        } catch {
            _ = try? messages.outcomes()
            throw error
        }
        let messageResults = try messages.outcomes()
        progress?.finish()
        // In history order whatever thread scanned what: each note names the oldest commit it was met in.
        let outcomes = (collected.outcomes + messageResults).sorted { ($0.order, $0.path) < ($1.order, $1.path) }
        var report = Self.report(target: "history of all refs", unit: "file versions", outcomes: outcomes,
                                 commits: commits.count)
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// The messages of `commits` (each in its place in parents-first order, so a secret repeated in later
    /// messages is reported at the oldest) and of the annotated tags the refs lead through (after every commit).
    func messageOutcomes(commits: [ObjectID]) throws(GitError) -> [CommitOutcome] {
        let results = commits.indices.map { $0 }.parallelMap { index -> Result<CommitOutcome, GitError> in
            do throws(GitError) {
                return .success(try pool.with { (repository) throws(GitError) in
                    try messageOutcome(of: commits[index], order: index, repository: repository)
                })
            } catch {
                return .failure(error)
            }
        }
        var outcomes: [CommitOutcome] = []
        for result in results { outcomes.append(try result.get()) }
        try pool.with { (repository) throws(GitError) in
            var seenTags: Set<ObjectID> = []
            for reference in try repository.references() {
                guard var current = reference.target else { continue }
                while try repository.header(of: current).kind == .tag, seenTags.insert(current).inserted {
                    let message = ObjectMessage.ofTag(raw: try repository.rawObject(current).bytes)
                    outcomes.append(CommitOutcome(
                        result: ObjectMessage.scan(message, path: ObjectMessage.tagPath, object: current.hex,
                                                   with: scanner, options: options),
                        path: ObjectMessage.tagPath, commit: current.hex, order: commits.count + seenTags.count,
                        isMessage: true))
                    current = try repository.tag(current).target
                }
            }
        }
        return outcomes
    }

    /// Scans a version whole, or, given the version before it, only where it changed (see `ChangedRegion`).
    func scanVersion(_ content: [UInt8], olderVersion older: [UInt8]?, path: String, commit: String) -> ScanResult {
        guard let older else { return scanner.scan(content, path: path, commit: commit, options: options) }
        return content.withUnsafeBytes { new in
            older.withUnsafeBytes { old in
                // Binary or not is the whole file's property; the scanner then only applies path rules.
                if !options.scanBinary, SecretScanner.looksBinary(new) {
                    return scanner.scan(bytes: new, path: path, commit: commit, options: options)
                }
                var result = ScanResult()
                let cap = min(new.count, max(0, options.maxBytes))
                if let region = ChangedRegion.of(new, comparedWith: old), region.lowerBound < cap {
                    var regionOptions = options
                    regionOptions.scanBinary = true
                    let scanned = region.lowerBound..<min(region.upperBound, cap)
                    result = scanner.scan(bytes: UnsafeRawBufferPointer(rebasing: new[scanned]), path: path,
                                          commit: commit, options: regionOptions)
                    let offset = ChangedRegion.lines(before: scanned.lowerBound, in: new)
                    for index in result.findings.indices where result.findings[index].line > 0 {
                        result.findings[index].line += offset
                    }
                }
                if cap < new.count { result.notes.append(.truncated(scanned: cap, total: new.count)) }
                return result
            }
        }
    }

    /// The versions that bring a blob in, and the file (index into `GitHistory.paths`) it is read with.
    struct BlobVersions {
        var file: Int
        var versions: [GitHistory.FileVersion]
    }

    struct PathBlob: Hashable {
        /// Index into `GitHistory.paths`.
        var path: Int
        var blob: ObjectID
    }
}

/// Outcomes gathered from scanning threads.
final class OutcomeCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var gathered: [GitScan.CommitOutcome] = []

    func append(_ outcomes: [GitScan.CommitOutcome]) {
        lock.withLock { gathered += outcomes }
    }

    var outcomes: [GitScan.CommitOutcome] { lock.withLock { gathered } }
}
