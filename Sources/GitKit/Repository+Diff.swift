internal import CLibGit2

extension Repository {
    /// Files that differ between two trees (`from` nil means the empty tree), without reading file content.
    /// Renames are not detected: a rename is a deletion and an addition, which is what path rules need.
    public func changes(from old: ObjectID?, to new: ObjectID) throws(GitError) -> [TreeChange] {
        let newTree = try lookupTree(new)
        defer { git_tree_free(newTree) }
        let oldTree = try old.map { (id) throws(GitError) in try lookupTree(id) }
        defer { if let oldTree { git_tree_free(oldTree) } }
        var options = git_diff_options()
        try check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), "prepare diff")
        options.flags = GIT_DIFF_SKIP_BINARY_CHECK.rawValue
        var diff: OpaquePointer?
        try check(git_diff_tree_to_tree(&diff, pointer, oldTree, newTree, &options), "diff trees", new.hex)
        defer { git_diff_free(diff) }
        return Self.treeChanges(in: diff!)
    }

    /// The files of a computed diff, as values.
    static func treeChanges(in diff: OpaquePointer) -> [TreeChange] {
        var result: [TreeChange] = []
        let count = git_diff_num_deltas(diff)
        result.reserveCapacity(count)
        for index in 0..<count {
            guard let delta = git_diff_get_delta(diff, index)?.pointee else { continue }
            let status: TreeChange.Status
            switch delta.status {
            case GIT_DELTA_ADDED: status = .added
            case GIT_DELTA_DELETED: status = .deleted
            case GIT_DELTA_TYPECHANGE: status = .typeChanged
            default: status = .modified
            }
            let file = status == .deleted ? delta.old_file : delta.new_file
            result.append(TreeChange(
                status: status,
                path: Self.text(file.path),
                oldID: status == .added ? nil : ObjectID(delta.old_file.id),
                newID: status == .deleted ? nil : ObjectID(delta.new_file.id),
                newMode: UInt32(delta.new_file.mode)
            ))
        }
        return result
    }

    /// Lines present in `new` but not in `old` (nil: every line of `new` is added), numbered as in `new`.
    public func addedLines(from old: ObjectID?, to new: ObjectID) throws(GitError) -> [AddedLine] {
        var newBlob: OpaquePointer?
        var newOID = new.gitOID
        try check(git_blob_lookup(&newBlob, pointer, &newOID), "read blob", new.hex)
        defer { git_blob_free(newBlob) }
        var oldBlob: OpaquePointer?
        if let old {
            var oldOID = old.gitOID
            try check(git_blob_lookup(&oldBlob, pointer, &oldOID), "read blob", old.hex)
        }
        defer { if let oldBlob { git_blob_free(oldBlob) } }
        var options = git_diff_options()
        try check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), "prepare diff")
        options.context_lines = 0
        options.flags = GIT_DIFF_FORCE_TEXT.rawValue
        var patch: OpaquePointer?
        try check(git_patch_from_blobs(&patch, oldBlob, nil, newBlob, nil, &options), "diff blobs", new.hex)
        defer { git_patch_free(patch) }
        var lines: [AddedLine] = []
        for hunk in 0..<git_patch_num_hunks(patch) {
            let lineCount = git_patch_num_lines_in_hunk(patch, hunk)
            guard lineCount > 0 else { continue }
            for index in 0..<lineCount {
                var line: UnsafePointer<git_diff_line>?
                try check(git_patch_get_line_in_hunk(&line, patch, hunk, Int(index)), "read diff line", new.hex)
                guard let line = line?.pointee, line.origin == CChar(UInt8(ascii: "+")) else { continue }
                var bytes = Array(UnsafeRawBufferPointer(start: line.content, count: line.content_len))
                if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
                lines.append(AddedLine(number: Int(line.new_lineno), bytes: bytes))
            }
        }
        return lines
    }

    /// The entry at `path` in a tree, or nil when there is none.
    public func entry(at path: String, inTree tree: ObjectID) throws(GitError) -> TreeFile? {
        let handle = try lookupTree(tree)
        defer { git_tree_free(handle) }
        var entry: OpaquePointer?
        let code = git_tree_entry_bypath(&entry, handle, path)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "find path in tree", path)
        defer { git_tree_entry_free(entry) }
        return TreeFile(path: path, id: ObjectID(git_tree_entry_id(entry).pointee),
                        mode: UInt32(git_tree_entry_filemode(entry).rawValue))
    }

    /// Every file (blob, symlink or submodule entry) below a tree, with full paths.
    public func files(inTree tree: ObjectID) throws(GitError) -> [TreeFile] {
        let handle = try lookupTree(tree)
        defer { git_tree_free(handle) }
        final class Collector { var files: [TreeFile] = [] }
        let collector = Collector()
        let code = git_tree_walk(handle, GIT_TREEWALK_PRE, { root, entry, payload in
            guard let entry, let payload else { return 0 }
            let type = git_tree_entry_type(entry)
            guard type == GIT_OBJECT_BLOB || type == GIT_OBJECT_COMMIT else { return 0 }
            let collector = Unmanaged<Collector>.fromOpaque(payload).takeUnretainedValue()
            let directory = root.map { Repository.text($0) } ?? ""
            collector.files.append(TreeFile(
                path: directory + Repository.text(git_tree_entry_name(entry)),
                id: ObjectID(git_tree_entry_id(entry).pointee),
                mode: UInt32(git_tree_entry_filemode(entry).rawValue)
            ))
            return 0
        }, Unmanaged.passUnretained(collector).toOpaque())
        try check(code, "list tree", tree.hex)
        return collector.files
    }

    func lookupTree(_ id: ObjectID) throws(GitError) -> OpaquePointer {
        var tree: OpaquePointer?
        var oid = id.gitOID
        try check(git_tree_lookup(&tree, pointer, &oid), "read tree", id.hex)
        return tree!
    }
}
