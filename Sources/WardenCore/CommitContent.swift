import GitKit
import WardenSecrets

/// Content a commit brings that none of its parents had: per changed file, the added lines (the merge rule is
/// `CommitChanges`'s).
struct NewContent: Sendable {
    var path: String
    var blob: ObjectID
    /// The new lines with their line numbers in the new file; nil when the whole blob is to be read (too large to
    /// diff within the scan cap, or a binary blob scanned because `scan-binary` asks for it).
    var lines: [AddedLine]?
    /// Whether the blob itself is binary by git's rule (a NUL among its first 8000 bytes). Decided on the blob, not
    /// on its added lines: a text file that gains a line with a NUL byte is still text, and its new lines are
    /// scanned; a binary blob is skipped (with a note) however its diff looks.
    var isBinary = false
}

enum CommitContent {
    /// The content to scan of what a commit (or the index) brings. Blobs in `skip` are left out, and each blob
    /// returned is added to it, so a blob reached again by a later commit is read once.
    /// A binary blob has no lines to diff: with `scanBinary` it is read whole (up to the cap), else only its path is
    /// judged.
    static func newContent(of commit: CommitChanges, in repository: Repository, wholeBlobAbove sizeLimit: Int,
                           scanBinary: Bool, skip: inout Set<ObjectID>) throws(GitError) -> [NewContent] {
        var result: [NewContent] = []
        for file in selection(of: commit, skip: &skip) {
            result.append(try content(of: file, in: commit, repository: repository, wholeBlobAbove: sizeLimit))
        }
        return result
    }

    /// The files of `commit` whose content is new here: not in `skip` (added to it), not a pure rename or copy
    /// within the commit. Cheap, and in order: what decides which commit a blob is attributed to.
    static func selection(of commit: CommitChanges, skip: inout Set<ObjectID>) -> [CommitChanges.File] {
        // A pure rename or copy within the commit brings no new content.
        let removed = Set(commit.changes.compactMap { $0.status == .deleted ? $0.oldID : nil })
        var result: [CommitChanges.File] = []
        for file in commit.files where !removed.contains(file.blob) && !skip.contains(file.blob) {
            skip.insert(file.blob)
            result.append(file)
        }
        return result
    }

    /// What one selected file brings: binary or not, and its added lines (or the whole blob when a version is
    /// over `sizeLimit`). Reads only `file`'s blobs, so files can be read on several threads, each with its own
    /// `repository` handle.
    static func content(of file: CommitChanges.File, in commit: CommitChanges, repository: Repository,
                        wholeBlobAbove sizeLimit: Int) throws(GitError) -> NewContent {
        let blob = file.blob
        let isBinary = try repository.blob(blob, limit: SecretScanner.binaryProbeLength)
            .withUnsafeBytes { SecretScanner.looksBinary($0) }
        if isBinary { return NewContent(path: file.change.path, blob: blob, lines: nil, isBinary: true) }
        let size = try repository.header(of: blob).size
        // A diff reads both versions whole: when the old one (or another parent's) is over the cap, the new blob
        // is scanned whole up to the cap instead, so no read exceeds what is scanned.
        var largest = size
        for version in [file.change.oldID] + file.otherVersions {
            if let version { largest = max(largest, try repository.header(of: version).size) }
        }
        guard largest <= sizeLimit else { return NewContent(path: file.change.path, blob: blob, lines: nil) }
        return NewContent(path: file.change.path, blob: blob, lines: try commit.newLines(of: file, in: repository))
    }
}

extension NewContent {
    /// Scans the new lines, or the blob itself up to the scan cap when it was too large to diff (saying so with a
    /// `truncated` note): the one way the hooks, the audit and `scan --staged/--range` read new content.
    func scan(with scanner: SecretScanner, commit: String?, options: ScanOptions,
              in repository: Repository) throws(GitError) -> ScanResult {
        // Binary or not was decided on the blob; the scanner must not decide again on a buffer of added lines.
        var decided = options
        decided.scanBinary = true
        if isBinary && !options.scanBinary {
            // Path-only rules still apply to a binary file; its content is not scanned, and the caller is told.
            var result = scanner.scan([], path: path, commit: commit, options: decided)
            result.notes.append(.binarySkipped)
            return result
        }
        guard let lines else {
            let size = try repository.header(of: blob).size
            let bytes = try repository.blob(blob, limit: options.maxBytes)
            var result = scanner.scan(bytes, path: path, commit: commit, options: decided)
            if size > bytes.count { result.notes.append(.truncated(scanned: bytes.count, total: size)) }
            return result
        }
        var added = AddedLines()
        for line in lines { added.append(line: line.bytes, number: line.number) }
        return scanner.scan(added, path: path, commit: commit, options: decided)
    }
}
