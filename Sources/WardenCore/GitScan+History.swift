import Foundation
import GitKit
import WardenSecrets

/// `git-warden scan --history`: every version of every file reachable from any ref, each scanned once.
///
/// A text diff of every commit (what `git log -p` and gitleaks do) reads each changed file twice and runs a line
/// diff on it. Here one `git log --raw` names the blob each commit brings in for each path without reading any
/// content; each distinct (path, blob) is then read once, in pack order, and scanned whole on the other cores
/// while git inflates the next. Whole-blob scanning finds a secret in every later version of its file too, and
/// the fingerprint dedupe keeps the oldest: the commit that introduced it.
extension GitScan {
    public func history(progress: ScanProgress? = nil) throws(GitError) -> SecretScanReport {
        let started = Date()
        let history = try GitHistory.ofAllRefs(gitDirectory: gitDirectory)
        // The first commit (parents first) that has a (path, blob) introduced it: that version is scanned.
        var seen = Set<PathBlob>()
        var introduced: [GitHistory.FileVersion] = []
        for version in history.versions where seen.insert(PathBlob(path: version.path, blob: version.blob)).inserted {
            introduced.append(version)
        }
        var versionsOfBlob: [ObjectID: [GitHistory.FileVersion]] = [:]
        var blobsOfPath: [String: [ObjectID]] = [:]
        for version in introduced.reversed() {
            if versionsOfBlob[version.blob] == nil { blobsOfPath[version.path, default: []].append(version.blob) }
            versionsOfBlob[version.blob, default: []].append(version)
        }
        // Each file's versions together, newest first: the order git reads fastest (see `GitHistory.readBlobs`).
        let readOrder = blobsOfPath.keys.sorted().flatMap { blobsOfPath[$0]! }
        progress?.expect(introduced.count)
        let versionsToScan = versionsOfBlob
        let commits = history.commits
        let collected = OutcomeCollector()
        let running = DispatchGroup()
        // git inflates on one core while the others scan: enough blobs in flight to keep every core busy, few
        // enough to bound memory.
        let slots = DispatchSemaphore(value: 2 * ProcessInfo.processInfo.activeProcessorCount)
        defer { running.wait() } // on an error too: scans in flight finish before we return
        try GitHistory.readBlobs(readOrder, gitDirectory: gitDirectory) { blob, content in
            let versions = versionsToScan[blob] ?? []
            slots.wait()
            DispatchQueue.global().async(group: running) {
                defer { slots.signal() }
                var outcomes: [CommitOutcome] = []
                for version in versions {
                    let commit = commits[version.commit].hex
                    let result = scanner.scan(content, path: version.path, commit: commit, options: options)
                    outcomes.append(CommitOutcome(result: result, path: version.path, commit: commit, order: version.commit))
                }
                progress?.advance(items: versions.count, bytes: outcomes.reduce(0) { $0 + $1.result.scannedBytes })
                collected.append(outcomes)
            }
        }
        running.wait()
        progress?.finish()
        var report = Self.report(target: "history of all refs", unit: "file versions", outcomes: collected.outcomes,
                                 commits: commits.count)
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    struct PathBlob: Hashable {
        var path: String
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
