import GitKit
import WardenPolicy

/// Turns ref updates into the facts policy rules judge, reading only what the covering rules need.
///
/// Which commits an update brings: for an update, everything reachable from the new value and not from the old
/// one (the whole `old..new` range); for a creation, everything not already on a ref that every covering rule
/// also covers. Hiding every existing ref instead would let a commit pushed first to an unprotected branch reach
/// a protected one unjudged.
public final class UpdateFactsCollector {
    let repository: Repository
    let policy: Policy
    let existingRefs: [Reference]
    private var commitCache: [ObjectID: Commit] = [:]
    private var filesCache: [ObjectID: [FileFacts]] = [:]

    public init(repository: Repository, policy: Policy) throws(GitError) {
        self.repository = repository
        self.policy = policy
        self.existingRefs = try repository.references().filter { $0.target != nil }
    }

    public func facts(for update: RefUpdateLine) throws(GitError) -> UpdateFacts {
        var facts = UpdateFacts(ref: update.ref, old: update.isCreation ? nil : update.old.hex,
                                new: update.isDeletion ? nil : update.new.hex, change: try change(of: update))
        let rules = policy.rules(for: update.ref)
        guard !update.isDeletion, rules.contains(where: \.needsCommits) else { return facts }
        let peeled = try repository.peel(update.new)
        switch peeled.kind {
        case .commit:
            let ids = try repository.commits(reachableFrom: [update.new], hiding: try hiddenTips(for: update, rules: rules))
            let needsFiles = rules.contains(where: \.needsFiles)
            for id in ids {
                let commit = try commit(id)
                facts.commits.append(CommitFacts(id: id.hex, parentCount: commit.parents.count, message: commit.message,
                                                 authorEmail: commit.author.email, committerEmail: commit.committer.email))
                if needsFiles { facts.files += try files(introducedBy: commit) }
            }
        case .tree:
            for file in try repository.files(inTree: peeled.id) where !file.isSubmodule {
                facts.files.append(FileFacts(path: file.path, blob: file.id.hex,
                                             size: try repository.header(of: file.id).size, commit: nil))
            }
        case .blob:
            facts.files.append(FileFacts(path: nil, blob: peeled.id.hex, size: try repository.header(of: peeled.id).size,
                                         commit: nil))
        case .tag:
            break
        }
        return facts
    }

    func change(of update: RefUpdateLine) throws(GitError) -> UpdateFacts.Change {
        if update.isCreation { return .creation }
        if update.isDeletion { return .deletion }
        if update.old == update.new { return .update(fastForward: true) }
        // git itself needs --force to move an existing tag: moving one is never a fast-forward.
        if update.ref.hasPrefix("refs/tags/") { return .update(fastForward: false) }
        guard let old = try repository.commitID(peeling: update.old),
              let new = try repository.commitID(peeling: update.new) else { return .update(fastForward: false) }
        return .update(fastForward: try repository.isAncestor(old, of: new))
    }

    /// Refs whose history every covering rule has already judged.
    func hiddenTips(for update: RefUpdateLine, rules: [RefRule]) throws(GitError) -> [ObjectID] {
        if !update.isCreation { return [update.old] }
        let needed = Set(rules.filter(\.needsCommits).map(\.id))
        return existingRefs.compactMap { ref in
            guard let target = ref.target, ref.name != update.ref else { return nil }
            let covering = Set(policy.rules(for: ref.name).map(\.id))
            return needed.isSubset(of: covering) ? target : nil
        }
    }

    func commit(_ id: ObjectID) throws(GitError) -> Commit {
        if let cached = commitCache[id] { return cached }
        let commit = try repository.commit(id)
        commitCache[id] = commit
        return commit
    }

    /// Blobs a commit adds or changes. For a merge, a file identical to its version in any parent came from that
    /// parent and is not new.
    func files(introducedBy commit: Commit) throws(GitError) -> [FileFacts] {
        if let cached = filesCache[commit.id] { return cached }
        let firstParentTree = try commit.parents.first.map { (id) throws(GitError) in try self.commit(id).tree }
        var otherParentTrees: [ObjectID] = []
        for parent in commit.parents.dropFirst() { otherParentTrees.append(try self.commit(parent).tree) }
        var result: [FileFacts] = []
        for change in try repository.changes(from: firstParentTree, to: commit.tree) {
            guard let blob = change.newID, !change.isSubmodule else { continue }
            var inheritedFromMergedParent = false
            for tree in otherParentTrees where try repository.entry(at: change.path, inTree: tree)?.id == blob {
                inheritedFromMergedParent = true
            }
            if inheritedFromMergedParent { continue }
            result.append(FileFacts(path: change.path, blob: blob.hex, size: try repository.header(of: blob).size,
                                    commit: commit.id.hex))
        }
        filesCache[commit.id] = result
        return result
    }
}
