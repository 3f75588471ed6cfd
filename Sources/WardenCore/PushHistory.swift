import GitKit

/// The history one hook run reads, read once: the commit walks, the commits themselves, their parent-tree diffs
/// and what each brings (`CommitChanges`). The policy's rule facts, the fsck check and the secret scan all ask
/// for the same commits of a push; the pre-receive hook pays every millisecond on every push, so each walk, each
/// diff and each merge comparison happens once per push and is shared.
final class PushHistory {
    private struct Walk: Hashable {
        var tip: ObjectID
        var hidden: Set<ObjectID>
    }

    private struct Pair: Hashable {
        var old: ObjectID?
        var new: ObjectID
    }

    let repository: Repository
    private var walks: [Walk: [ObjectID]] = [:]
    private var commits: [ObjectID: Commit] = [:]
    private var diffs: [Pair: [TreeChange]] = [:]
    private var introduced: [ObjectID: CommitChanges] = [:]

    init(repository: Repository) {
        self.repository = repository
    }

    /// The commits reachable from `tip` and from none of `hidden` (in libgit2's walk order). The rule facts and
    /// the secret scan of an update hide the same tips (its old value) unless their scopes differ, and then the
    /// walk is read once for both.
    func commits(reachableFrom tip: ObjectID, hiding hidden: [ObjectID]) throws(GitError) -> [ObjectID] {
        let walk = Walk(tip: tip, hidden: Set(hidden))
        if let known = walks[walk] { return known }
        let ids = try repository.commits(reachableFrom: [tip], hiding: hidden)
        walks[walk] = ids
        return ids
    }

    func commit(_ id: ObjectID) throws(GitError) -> Commit {
        if let known = commits[id] { return known }
        let commit = try repository.commit(id)
        commits[id] = commit
        return commit
    }

    /// The diff between two trees, computed once per pair.
    func changes(from old: ObjectID?, to new: ObjectID) throws(GitError) -> [TreeChange] {
        let pair = Pair(old: old, new: new)
        if let known = diffs[pair] { return known }
        let changes = try repository.changes(from: old, to: new)
        diffs[pair] = changes
        return changes
    }

    /// What a commit brings that none of its parents had (see `CommitChanges`), computed once per commit.
    func changes(introducedBy id: ObjectID) throws(GitError) -> CommitChanges {
        if let known = introduced[id] { return known }
        let changes = try CommitChanges.of(try commit(id), in: repository,
                                           parentTree: { (parent) throws(GitError) in try self.commit(parent).tree },
                                           diff: { (old, new) throws(GitError) in try self.changes(from: old, to: new) })
        introduced[id] = changes
        return changes
    }
}
