import Foundation
import GitKit
import WardenPolicy
import WardenSecrets

/// Scans new content for secrets, for the pre-receive hook (what a push brings: the added lines of every new commit,
/// not only the tips, so a secret added and removed again within the push is still found; each new blob once across
/// all refs; the blobs of refs that name a tree or a blob directly; the message of every new commit and of every
/// annotated tag a ref is pointed at), the pre-commit hook (the staged changes) and the history audit (commits
/// since the last audit).
public final class ContentSecretScan {
    let repository: Repository
    let scanner: SecretScanner
    let options: ScanOptions
    /// The commits, walks and diffs of this run, shared with the rule facts (`UpdateFactsCollector`).
    let history: PushHistory
    /// Blobs already scanned (in this push, commit or audit).
    private var seenBlobs: Set<ObjectID> = []
    /// Commits and tags whose messages were already scanned (a commit can reach two refs of one push).
    private var seenMessages: Set<ObjectID> = []
    let scanBinary: Bool
    /// What was not scanned, or not fully, for the pusher and the decision log: every skip is said.
    private(set) var notes: [String] = []
    /// Content a rule could not finish judging since the last `takeGaps()`: "could not decide", never clean.
    private var gaps: [SecretGap] = []

    /// `scanner` when the caller already built one for these settings (an audit of many repositories).
    /// `history` when the caller walks and diffs the same commits for other checks (the hooks' collector).
    init(repository: Repository, settings: SecretSettings, ignoredFingerprints: Set<String>,
         scanner: SecretScanner? = nil, history: PushHistory? = nil) throws(SecretsError) {
        self.repository = repository
        self.history = history ?? PushHistory(repository: repository)
        if let scanner {
            self.scanner = scanner
        } else {
            self.scanner = try Self.scanner(for: settings)
        }
        scanBinary = settings.scanBinary
        options = ScanOptions(maxBytes: settings.maxScanSize, scanBinary: settings.scanBinary,
                              ignoredFingerprints: ignoredFingerprints, honorInlineMarkers: settings.inlineAllow)
    }

    /// The default rules, plus the policy's extra rules when it names some.
    public static func scanner(for settings: SecretSettings) throws(SecretsError) -> SecretScanner {
        if let config = settings.config { return try SecretScanner(rules: RuleSet.defaults(extendedBy: config)) }
        return try keptDefaultScanner.get { () throws(SecretsError) in try SecretScanner(rules: RuleSet.defaultRules()) }
    }

    /// Makes this process keep the scanner of the built-in rules once built, for every later hook: a resident
    /// process (the hook service) then loads the compiled rules once instead of per hook (~15% of a served hook,
    /// measured). The built-in rules are part of the binary, so the kept scanner is exactly the one a new load would
    /// build; a policy's extra rules (`[secrets] config`, files that may change) are still read per hook. Processes
    /// that run one hook do not call this.
    public static func keepDefaultScanner() { keptDefaultScanner.enable() }

    private static let keptDefaultScanner = KeptScanner()
}

/// The kept scanner of `ContentSecretScan.keepDefaultScanner()`: off until enabled; built by the first caller.
private final class KeptScanner: @unchecked Sendable {
    private let lock = NSLock()
    private var enabled = false
    private var scanner: SecretScanner?

    func enable() { lock.withLock { enabled = true } }

    func get(_ build: () throws(SecretsError) -> SecretScanner) throws(SecretsError) -> SecretScanner {
        lock.lock()
        defer { lock.unlock() }
        guard enabled else { return try build() }
        if let scanner { return scanner }
        let built = try build()
        scanner = built
        return built
    }
}

extension ContentSecretScan {

    /// Secrets in what `tip` brings beyond the `hidden` tips (refs whose content was scanned when it was pushed).
    func secrets(bringing tip: ObjectID, hiding hidden: [ObjectID]) throws(GitError) -> [SecretFacts] {
        let tagMessages = try secrets(inTagMessagesFrom: tip)
        let peeled = try repository.peel(tip)
        switch peeled.kind {
        case .commit:
            // Oldest first, so content reached again later is attributed to the commit that introduced it: decided
            // in order, read and scanned on every core (`readAndScan`), recorded in order.
            let commits = Array(try history.commits(reachableFrom: tip, hiding: hidden).reversed())
            var messages: [ScanResult?] = []
            var pieces: [Piece] = []
            for id in commits {
                messages.append(try messageScan(of: id))
                let changes = try history.changes(introducedBy: id)
                for file in CommitContent.selection(of: changes, skip: &seenBlobs) {
                    pieces.append(Piece(file: file, changes: changes, commit: id))
                }
            }
            let results = try readAndScan(pieces)
            var found = tagMessages
            var next = 0
            for (id, message) in zip(commits, messages) {
                if let message { found += record(message, path: ObjectMessage.commitPath, commit: id.hex) }
                while next < pieces.count, pieces[next].commit == id {
                    found += record(results[next].scan, path: results[next].content.path, commit: id.hex)
                    next += 1
                }
            }
            return found
        case .tree:
            var found = tagMessages
            for file in try repository.files(inTree: peeled.id) where !file.isSubmodule && seenBlobs.insert(file.id).inserted {
                found += try secrets(inWholeBlob: file.id, path: file.path, commit: nil)
            }
            return found
        case .blob:
            guard seenBlobs.insert(peeled.id).inserted else { return tagMessages }
            return tagMessages + (try secrets(inWholeBlob: peeled.id, path: "blob \(peeled.id.short)", commit: nil))
        case .tag:
            return tagMessages
        }
    }

    /// The messages of the annotated tags `tip` leads through (a tag of a tag: each of them).
    func secrets(inTagMessagesFrom tip: ObjectID) throws(GitError) -> [SecretFacts] {
        var found: [SecretFacts] = []
        var current = tip
        var depth = 0
        while try repository.header(of: current).kind == .tag, depth < 64 {
            if seenMessages.insert(current).inserted {
                let raw = try repository.rawObject(current).bytes
                found += record(ObjectMessage.scan(ObjectMessage.ofTag(raw: raw), path: ObjectMessage.tagPath,
                                                   object: current.hex, with: scanner, options: options),
                                path: ObjectMessage.tagPath, commit: current.hex)
            }
            current = try repository.tag(current).target
            depth += 1
        }
        return found
    }

    /// The secrets in a commit's message.
    func secrets(inMessageOf commit: ObjectID) throws(GitError) -> [SecretFacts] {
        guard let result = try messageScan(of: commit) else { return [] }
        return record(result, path: ObjectMessage.commitPath, commit: commit.hex)
    }

    /// A commit message's scan, not yet recorded; nil when that message was scanned before.
    private func messageScan(of commit: ObjectID) throws(GitError) -> ScanResult? {
        guard seenMessages.insert(commit).inserted else { return nil }
        let message = ObjectMessage.ofCommit(raw: try repository.rawObject(commit).bytes)
        return ObjectMessage.scan(message, path: ObjectMessage.commitPath, object: commit.hex, with: scanner,
                                  options: options)
    }

    func secrets(introducedBy commit: ObjectID) throws(GitError) -> [SecretFacts] {
        try secrets(inMessageOf: commit)
            + secrets(in: try CommitContent.newContent(of: try history.changes(introducedBy: commit), in: repository,
                                                       wholeBlobAbove: options.maxBytes, scanBinary: scanBinary,
                                                       skip: &seenBlobs),
                      commit: commit.hex)
    }

    /// Secrets in the staged changes (`GIT_INDEX_FILE` when git names one): what `git commit` is about to record.
    func secretsInIndex(at indexPath: String?) throws(GitError) -> [SecretFacts] {
        let staged = try CommitChanges(changes: try repository.stagedChanges(indexPath: indexPath), otherParentTrees: [],
                                       in: repository)
        let pieces = CommitContent.selection(of: staged, skip: &seenBlobs).map { Piece(file: $0, changes: staged, commit: nil) }
        var found: [SecretFacts] = []
        for (content, scan) in try readAndScan(pieces) { found += record(scan, path: content.path, commit: nil) }
        return found
    }

    func secrets(in contents: [NewContent], commit: String?) throws(GitError) -> [SecretFacts] {
        var found: [SecretFacts] = []
        for content in contents {
            found += record(try content.scan(with: scanner, commit: commit, options: options, in: repository),
                            path: content.path, commit: commit)
        }
        return found
    }

    /// A blob named by a ref or a tree: read whole, up to the scan cap (binary or not decided on the blob).
    func secrets(inWholeBlob blob: ObjectID, path: String, commit: String?) throws(GitError) -> [SecretFacts] {
        let isBinary = try repository.blob(blob, limit: SecretScanner.binaryProbeLength)
            .withUnsafeBytes { SecretScanner.looksBinary($0) }
        return try secrets(in: [NewContent(path: path, blob: blob, lines: nil, isBinary: isBinary)], commit: commit)
    }

    func record(_ result: ScanResult, path: String, commit: String?) -> [SecretFacts] {
        for note in result.notes {
            let hint = note == .binarySkipped && !scanBinary ? " ([secrets] scan-binary = true scans binaries)" : ""
            notes.append("\(describe(path, commit)): \(note)\(hint)")
            if let ruleID = note.leavesRuleUndecided {
                gaps.append(SecretGap(ruleID: ruleID, path: path, commit: commit, reason: note.description))
            }
        }
        return result.findings.map(Self.facts)
    }

    /// A finding as policy sees it: redacted, never the secret itself.
    static func facts(_ finding: SecretFinding) -> SecretFacts {
        SecretFacts(ruleID: finding.ruleID, ruleDescription: finding.ruleDescription, path: finding.path,
                    line: finding.line, column: finding.column, commit: finding.commit, redacted: finding.redacted,
                    fingerprint: finding.fingerprint, tags: finding.tags, decoded: finding.decoded?.rawValue)
    }

    /// The gaps found since the last call, for the update being judged.
    func takeGaps() -> [SecretGap] {
        defer { gaps = [] }
        return gaps
    }

    private func describe(_ path: String, _ commit: String?) -> String {
        commit.map { "\(path) in commit \($0.prefix(12))" } ?? path
    }
}
