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
}
