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

extension Repository {
    /// The object a revision expression names (`HEAD`, `v1.0`, `main~2`, an id), as `git rev-parse` resolves it.
    public func resolveRevision(_ spec: String) throws(GitError) -> ObjectID {
        var object: OpaquePointer?
        try check(git_revparse_single(&object, pointer, spec), "resolve revision", spec)
        defer { git_object_free(object) }
        return ObjectID(git_object_id(object).pointee)
    }

    /// Commits named by a `git log`-style argument: `A..B` (reachable from B, not from A) or a single revision
    /// (everything reachable from it), children first.
    public func commits(inRange spec: String) throws(GitError) -> [ObjectID] {
        if let range = spec.range(of: "..") {
            guard !spec.contains("...") else {
                throw GitError(operation: "walk", subject: spec, message: "symmetric ranges (A...B) are not supported; use A..B")
            }
            let from = String(spec[..<range.lowerBound]), to = String(spec[range.upperBound...])
            return try commits(reachableFrom: [try resolveRevision(to.isEmpty ? "HEAD" : to)],
                               hiding: [try resolveRevision(from.isEmpty ? "HEAD" : from)])
        }
        return try commits(reachableFrom: [try resolveRevision(spec)], hiding: [])
    }
}
