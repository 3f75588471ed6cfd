import Foundation
import GitKit
import WardenSecrets

/// Secret scans of git content: what is staged, the commits of a range, or the whole history.
///
/// Every git scan reports each fingerprint (path, rule, secret) once, at the oldest commit that has it, so a
/// secret that lived through fifty commits is one finding that names the commit to look at.
public struct GitScan: Sendable {
    public let scanner: SecretScanner
    public let options: ScanOptions
    let gitDirectory: String
    /// Opens a fresh handle on the same repository for each worker thread.
    let pool: RepositoryPool

    public init(scanner: SecretScanner, options: ScanOptions, gitDirectory: String) {
        self.scanner = scanner
        self.options = options
        self.gitDirectory = gitDirectory
        pool = RepositoryPool { () throws(GitError) in try Repository.open(at: gitDirectory) }
    }

    /// The lines the next commit would add: the index against HEAD (or the empty tree on the first commit).
    public func staged(indexPath: String?) throws(GitError) -> SecretScanReport {
        let started = Date()
        var report = SecretScanReport(target: "staged changes", itemUnit: "changed files")
        try pool.with { (repository) throws(GitError) in
            var seen: Set<ObjectID> = []
            let staged = try CommitChanges(changes: try repository.stagedChanges(indexPath: indexPath),
                                           otherParentTrees: [], in: repository)
            for content in try CommitContent.newContent(of: staged, in: repository, wholeBlobAbove: options.maxBytes,
                                                        scanBinary: options.scanBinary, skip: &seen) {
                report.add(try content.scan(with: scanner, commit: nil, options: options, in: repository),
                           path: content.path, commit: nil)
            }
        }
        report.seconds = Date().timeIntervalSince(started)
        report.sortFindings()
        return report
    }

    /// The lines each commit of `spec` (`A..B`, or a revision and its ancestors) adds to its parent; for a merge,
    /// only lines that are new relative to every parent (what the merge itself introduced). Each commit's message
    /// is scanned too (path `commit-message`, see `ObjectMessage`).
    public func range(_ spec: String, progress: ScanProgress? = nil) throws(GitError) -> SecretScanReport {
        let started = Date()
        let commits = try pool.with { (repository) throws(GitError) in try repository.commits(inRange: spec) }
            .reversed().map { $0 }
        progress?.expect(commits.count)
        let outcomes = commits.indices.map { $0 }.parallelMap { index -> Result<[CommitOutcome], GitError> in
            do throws(GitError) {
                let outcome = try pool.with { (repository) throws(GitError) in
                    try scanAddedLines(of: commits[index], order: index, repository: repository)
                }
                progress?.advance(bytes: outcome.reduce(0) { $0 + $1.result.scannedBytes })
                return .success(outcome)
            } catch {
                return .failure(error)
            }
        }
        progress?.finish()
        var all: [CommitOutcome] = []
        for outcome in outcomes { all += try outcome.get() }
        var report = Self.report(target: "range \(spec)", unit: "changed files", outcomes: all, commits: commits.count)
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// What one scanned file of one commit gave, with the commit's place in parents-first order.
    struct CommitOutcome: Sendable {
        var result: ScanResult
        var path: String
        var commit: String
        var order: Int
        /// A commit's or tag's message, not a file: not counted among the items scanned.
        var isMessage = false
    }

    func scanAddedLines(of id: ObjectID, order: Int, repository: Repository) throws(GitError) -> [CommitOutcome] {
        var seen: Set<ObjectID> = []
        let changes = try CommitChanges.of(try repository.commit(id), in: repository)
        let files = try CommitContent.newContent(of: changes, in: repository, wholeBlobAbove: options.maxBytes,
                                                 scanBinary: options.scanBinary, skip: &seen).map { (content) throws(GitError) in
            CommitOutcome(result: try content.scan(with: scanner, commit: id.hex, options: options, in: repository),
                          path: content.path, commit: id.hex, order: order)
        }
        return [try messageOutcome(of: id, order: order, repository: repository)] + files
    }

    /// The scan of a commit's message.
    func messageOutcome(of id: ObjectID, order: Int, repository: Repository) throws(GitError) -> CommitOutcome {
        let message = ObjectMessage.ofCommit(raw: try repository.rawObject(id).bytes)
        return CommitOutcome(result: ObjectMessage.scan(message, path: ObjectMessage.commitPath, object: id.hex,
                                                        with: scanner, options: options),
                             path: ObjectMessage.commitPath, commit: id.hex, order: order, isMessage: true)
    }
}

extension GitScan {
    /// Gathers outcomes into one report: each fingerprint once, at its oldest commit (then its first line), and
    /// each note once per path, since a binary file skipped in every version is one thing to say.
    static func report(target: String, unit: String, outcomes: [CommitOutcome], commits: Int) -> SecretScanReport {
        var report = SecretScanReport(target: target, itemUnit: unit, commitsScanned: commits)
        var oldest: [String: (order: Int, finding: SecretFinding)] = [:]
        var noted = Set<String>()
        for outcome in outcomes {
            if !outcome.isMessage { report.itemsScanned += 1 }
            report.bytesScanned += outcome.result.scannedBytes
            for finding in outcome.result.findings {
                if let kept = oldest[finding.fingerprint], (kept.order, kept.finding.line) <= (outcome.order, finding.line) {
                    continue
                }
                oldest[finding.fingerprint] = (outcome.order, finding)
            }
            for note in outcome.result.notes where noted.insert("\(outcome.path)\u{0}\(note)").inserted {
                report.notes.append(.init(path: outcome.path, commit: outcome.commit, kind: .scan(note)))
            }
        }
        report.findings = oldest.values.map(\.finding)
        report.sortFindings()
        return report
    }
}

extension SecretScanReport {
    mutating func add(_ result: ScanResult, path: String, commit: String?) {
        itemsScanned += 1
        bytesScanned += result.scannedBytes
        findings += result.findings
        notes += result.notes.map { Note(path: path, commit: commit, kind: .scan($0)) }
    }
}
