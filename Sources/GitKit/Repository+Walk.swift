internal import CLibGit2

extension Repository {
    /// Commits reachable from `tips` but not from `hidden`, children before parents.
    ///
    /// Tips and hidden ids may be annotated tags (they are peeled); ids that do not lead to a commit are ignored
    /// here, because callers check trees and blobs named by refs separately.
    public func commits(reachableFrom tips: [ObjectID], hiding hidden: [ObjectID]) throws(GitError) -> [ObjectID] {
        var tipCommits: [ObjectID] = []
        for tip in tips {
            if let commit = try commitID(peeling: tip) { tipCommits.append(commit) }
        }
        guard !tipCommits.isEmpty else { return [] }
        var walk: OpaquePointer?
        try check(git_revwalk_new(&walk, pointer), "start revision walk")
        defer { git_revwalk_free(walk) }
        git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue)
        for tip in Set(tipCommits) {
            var oid = tip.gitOID
            try check(git_revwalk_push(walk, &oid), "walk from", tip.hex)
        }
        for id in Set(hidden) {
            guard let commit = try? commitID(peeling: id) else { continue }
            var oid = commit.gitOID
            try check(git_revwalk_hide(walk, &oid), "hide", commit.hex)
        }
        var result: [ObjectID] = []
        var oid = git_oid()
        while true {
            let code = git_revwalk_next(&oid, walk)
            if code == GIT_ITEROVER.rawValue { break }
            try check(code, "walk commits")
            result.append(ObjectID(oid))
        }
        return result
    }

    /// The commit an id leads to through annotated tags, or nil when it leads to a tree or a blob.
    public func commitID(peeling id: ObjectID) throws(GitError) -> ObjectID? {
        let peeled = try peel(id)
        return peeled.kind == .commit ? peeled.id : nil
    }

    /// True when `ancestor` is reachable from `descendant` (or equal to it): the fast-forward test.
    public func isAncestor(_ ancestor: ObjectID, of descendant: ObjectID) throws(GitError) -> Bool {
        if ancestor == descendant { return true }
        var commit = descendant.gitOID
        var base = ancestor.gitOID
        let code = git_graph_descendant_of(pointer, &commit, &base)
        try check(code, "compare history of", "\(ancestor.short) and \(descendant.short)")
        return code == 1
    }
}
