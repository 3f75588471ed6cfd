import GitKit

/// Tree diffs computed once per push: the policy's file rules and the secret scan both need what each new commit
/// changes, and the pre-receive hook pays every millisecond on every push.
final class TreeDiffMemo {
    struct Pair: Hashable {
        var old: ObjectID?
        var new: ObjectID
    }

    let repository: Repository
    private var known: [Pair: [TreeChange]] = [:]

    init(repository: Repository) {
        self.repository = repository
    }

    func changes(from old: ObjectID?, to new: ObjectID) throws(GitError) -> [TreeChange] {
        let pair = Pair(old: old, new: new)
        if let cached = known[pair] { return cached }
        let changes = try repository.changes(from: old, to: new)
        known[pair] = changes
        return changes
    }
}
