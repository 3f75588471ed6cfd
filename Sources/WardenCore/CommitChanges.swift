import GitKit

/// What one commit (or the index about to become one) changed that none of its parents had: the merge rule, in
/// the one place the hooks' file facts, their secret scan and `scan --range`/`--staged` all take it from.
///
/// A merge brings only what differs from every parent. A file identical to its version in any parent came from
/// that parent and is not new; of a file that is new, a line counts as added only when it is added relative to
/// each parent, so merging a branch does not report that branch's content a second time.
struct CommitChanges: Sendable {
    /// One changed path whose new blob none of the merge's other parents has there.
    struct File: Sendable {
        var change: TreeChange
        var blob: ObjectID
        /// The versions at this path in the merge's other parents (nil: absent there), in parent order.
        var otherVersions: [ObjectID?]
    }

    /// The changes against the first parent (the empty tree for a root commit; HEAD for the index).
    var changes: [TreeChange]
    /// The changed files that are new against every parent (submodule entries and deletions left out).
    var files: [File]

    /// Applies the file part of the merge rule to `changes` (against the first parent); `otherParentTrees` are a
    /// merge's further parents.
    init(changes: [TreeChange], otherParentTrees: [ObjectID], in repository: Repository) throws(GitError) {
        self.changes = changes
        files = []
        for change in changes {
            guard let blob = change.newID, !change.isSubmodule else { continue }
            var otherVersions: [ObjectID?] = []
            var inherited = false
            for tree in otherParentTrees {
                let version = try repository.entry(at: change.path, inTree: tree)?.id
                if version == blob { inherited = true }
                otherVersions.append(version)
            }
            if !inherited { files.append(File(change: change, blob: blob, otherVersions: otherVersions)) }
        }
    }

    /// The changes `commit` brings, its parent trees read and its first-parent diff computed by `diff` (a memo
    /// when the caller diffs the same commits for several purposes, see `PushHistory`).
    static func of(_ commit: Commit, in repository: Repository, parentTree: (ObjectID) throws(GitError) -> ObjectID,
                   diff: (ObjectID?, ObjectID) throws(GitError) -> [TreeChange]) throws(GitError) -> CommitChanges {
        var parentTrees: [ObjectID] = []
        for parent in commit.parents { parentTrees.append(try parentTree(parent)) }
        return try CommitChanges(changes: try diff(parentTrees.first, commit.tree),
                                 otherParentTrees: Array(parentTrees.dropFirst()), in: repository)
    }

    /// The changes `commit` brings, read without a memo (a range scan reads each commit once).
    static func of(_ commit: Commit, in repository: Repository) throws(GitError) -> CommitChanges {
        try of(commit, in: repository, parentTree: { (id) throws(GitError) in try repository.commit(id).tree },
               diff: { (old, new) throws(GitError) in try repository.changes(from: old, to: new) })
    }

    /// The line part of the merge rule: the lines of `file` added against the first parent's version that are
    /// added against every other parent's version too.
    func newLines(of file: File, in repository: Repository) throws(GitError) -> [AddedLine] {
        var lines = try repository.addedLines(from: file.change.oldID, to: file.blob)
        for version in file.otherVersions where !lines.isEmpty {
            let alsoNew = Set(try repository.addedLines(from: version, to: file.blob).map(\.number))
            lines.removeAll { !alsoNew.contains($0.number) }
        }
        return lines
    }
}
