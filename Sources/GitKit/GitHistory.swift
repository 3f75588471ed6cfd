import Foundation

/// A whole history read through the `git` executable, for scans of every version of every file.
public struct GitHistory: Sendable {
    /// One file version a commit brings in (compared with its first parent).
    public struct FileVersion: Sendable, Hashable {
        public var path: String
        public var blob: ObjectID
        /// Index into `commits`.
        public var commit: Int
    }

    /// Commits reachable from any ref, parents before children.
    public var commits: [ObjectID]
    /// Blob versions each commit adds or changes, in commit order; deletions and submodules left out.
    public var versions: [FileVersion]

    /// Reads the commits of all refs and the files each changes relative to its first parent (a root commit:
    /// all its files). One `git log --raw`, no content read.
    public static func ofAllRefs(gitDirectory: String) throws(GitError) -> GitHistory {
        let output = try GitProcess(gitDirectory: gitDirectory).output([
            "log", "--all", "--topo-order", "--reverse", "--no-renames", "--raw", "--no-abbrev",
            "--diff-merges=first-parent", "-z", "--format=commit %H",
        ])
        var history = GitHistory(commits: [], versions: [])
        var pendingEntry: [UInt8]?
        for field in output.split(separator: 0, omittingEmptySubsequences: true) {
            var token = field[...]
            while token.first == UInt8(ascii: "\n") { token = token.dropFirst() }
            if let entry = pendingEntry {
                pendingEntry = nil
                try history.add(entry: entry, path: String(decoding: token, as: UTF8.self))
            } else if token.starts(with: Array("commit ".utf8)) {
                history.commits.append(try ObjectID(hex: String(decoding: token.dropFirst(7), as: UTF8.self)))
            } else if token.first == UInt8(ascii: ":") {
                pendingEntry = Array(token)
            }
        }
        return history
    }

    /// `:old-mode new-mode old-id new-id status` for the file at `path`.
    private mutating func add(entry: [UInt8], path: String) throws(GitError) {
        let parts = entry.dropFirst().split(separator: UInt8(ascii: " "))
        guard parts.count == 5, let commit = commits.indices.last else {
            throw GitError(operation: "read git log", subject: path, message: "unexpected raw diff line")
        }
        let mode = String(decoding: parts[1], as: UTF8.self)
        let status = parts[4].first
        guard status != UInt8(ascii: "D"), mode != "160000", mode != "000000" else { return }
        let blob = try ObjectID(hex: String(decoding: parts[3], as: UTF8.self))
        versions.append(FileVersion(path: path, blob: blob, commit: commit))
    }

    /// Hands each wanted blob's content to `body`, in pack order (the order git reads fastest), on this thread.
    /// Objects that are not blobs are ignored; a wanted blob that is missing is an error.
    public static func readBlobs(_ wanted: Set<ObjectID>, gitDirectory: String,
                                 _ body: (ObjectID, [UInt8]) -> Void) throws(GitError) {
        let git = GitProcess(gitDirectory: gitDirectory)
        let listing = try git.output(["cat-file", "--batch-all-objects", "--unordered",
                                      "--batch-check=%(objectname) %(objecttype)"])
        var ordered: [ObjectID] = []
        var listed = Set<ObjectID>()
        for line in listing.split(separator: UInt8(ascii: "\n")) where line.count > 41 {
            guard line[(line.startIndex + 41)...].elementsEqual("blob".utf8),
                  let id = try? ObjectID(hex: String(decoding: line.prefix(40), as: UTF8.self)),
                  wanted.contains(id), listed.insert(id).inserted else { continue }
            ordered.append(id)
        }
        // Blobs only an alternate object store holds are not always listed; ask for them by name at the end.
        ordered += wanted.subtracting(listed)
        let request = Data(ordered.map { $0.hex + "\n" }.joined().utf8)
        let running = try git.start(["cat-file", "--batch"], input: request)
        var reader = running.reader()
        for expected in ordered {
            guard let header = try reader.line() else {
                throw GitError(operation: "git cat-file", subject: expected.hex, message: "output ended early")
            }
            let fields = header.split(separator: UInt8(ascii: " "))
            guard fields.count == 3, let size = Int(String(decoding: fields[2], as: UTF8.self)) else {
                throw GitError(operation: "read blob", subject: expected.hex,
                               message: String(decoding: header, as: UTF8.self))
            }
            let content = try reader.bytes(size)
            _ = try reader.bytes(1) // the newline after each object
            body(expected, content)
        }
        try running.finish()
    }
}
