internal import CLibGit2

extension Repository {
    /// The work tree's root (with a trailing slash), or nil for a bare repository.
    public var workDirectory: String? {
        git_repository_workdir(pointer).map { String(cString: $0) }
    }

    /// Files staged for the next commit: the index (or the index file at `indexPath`, as `GIT_INDEX_FILE`
    /// names one) compared with HEAD's tree, or with the empty tree before the first commit.
    public func stagedChanges(indexPath: String? = nil) throws(GitError) -> [TreeChange] {
        var index: OpaquePointer?
        if let indexPath {
            try check(git_index_open(&index, indexPath), "open index", indexPath)
        } else {
            try check(git_repository_index(&index, pointer), "open index", gitDirectory)
        }
        defer { git_index_free(index) }
        var headTree: OpaquePointer?
        if let head = try resolve("HEAD") {
            guard let commit = try commitID(peeling: head) else {
                throw GitError(operation: "read HEAD", subject: head.hex, message: "HEAD does not name a commit")
            }
            headTree = try lookupTree(try self.commit(commit).tree)
        }
        defer { if let headTree { git_tree_free(headTree) } }
        var options = git_diff_options()
        try check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), "prepare diff")
        options.flags = GIT_DIFF_SKIP_BINARY_CHECK.rawValue
        var diff: OpaquePointer?
        try check(git_diff_tree_to_index(&diff, pointer, headTree, index, &options), "diff index", indexPath ?? "HEAD")
        defer { git_diff_free(diff) }
        return Self.treeChanges(in: diff!)
    }
}
