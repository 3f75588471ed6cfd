/// One file that differs between two trees.
public struct TreeChange: Sendable, Hashable {
    public enum Status: String, Sendable {
        case added, deleted, modified, typeChanged
    }

    public var status: Status
    /// Path of the file in the new tree (in the old tree for deletions).
    public var path: String
    public var oldID: ObjectID?
    public var newID: ObjectID?
    /// Git file mode of the new entry (0o100644, 0o100755, 0o120000 symlink, 0o160000 submodule).
    public var newMode: UInt32

    /// Submodule entries name commits of another repository, not blobs of this one.
    public var isSubmodule: Bool { newMode == 0o160000 }
}

/// A line added by a change, with its 1-based number in the new file.
public struct AddedLine: Sendable, Hashable {
    public var number: Int
    public var bytes: [UInt8]
}

/// One entry of a tree listing.
public struct TreeFile: Sendable, Hashable {
    public var path: String
    public var id: ObjectID
    public var mode: UInt32

    public var isSubmodule: Bool { mode == 0o160000 }
}
