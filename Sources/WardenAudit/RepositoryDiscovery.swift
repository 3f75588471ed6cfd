import Foundation

/// Finds the repositories under the roots an audit is given: bare repositories (a directory with HEAD, objects/
/// and refs/) and work trees (a directory with .git). It does not descend into a repository it found (a server
/// keeps none inside another) nor follow symbolic links (a link loop must not hang the daemon).
public enum RepositoryDiscovery {
    /// What a search found: the repositories, and the directories it could not read (a root the daemon's user may
    /// not list is a failure to report, never a silent "nothing there").
    public struct Result: Sendable {
        public var repositories: [String]
        public var unreadable: [(path: String, reason: String)]
    }

    public static func repositories(under roots: [String]) throws -> [String] {
        try discover(under: roots).repositories
    }

    public static func discover(under roots: [String]) throws -> Result {
        var found: [String] = []
        var unreadable: [(path: String, reason: String)] = []
        for root in roots {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw DiscoveryError(message: "\(root) is not a directory")
            }
            walk(URL(fileURLWithPath: root).standardizedFileURL.path, depth: 0, into: &found, unreadable: &unreadable)
        }
        return Result(repositories: Array(Set(found)).sorted(), unreadable: unreadable)
    }

    /// Deep enough for any hosting layout (GitLab hashes storage two levels deep under a namespace).
    static let maxDepth = 12

    static func walk(_ directory: String, depth: Int, into found: inout [String],
                     unreadable: inout [(path: String, reason: String)]) {
        if let gitDirectory = repository(at: directory) {
            found.append(gitDirectory)
            return
        }
        guard depth < maxDepth else { return }
        guard let stream = opendir(directory) else {
            unreadable.append((directory, String(cString: strerror(errno))))
            return
        }
        var entries: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { entries.append(name) }
        }
        closedir(stream)
        for entry in entries.sorted() where entry != ".git" {
            let path = directory + "/" + entry
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { continue }
            walk(path, depth: depth + 1, into: &found, unreadable: &unreadable)
        }
    }

    /// The git directory of a repository rooted at `directory`, or nil.
    static func repository(at directory: String) -> String? {
        let manager = FileManager.default
        if manager.fileExists(atPath: directory + "/HEAD"), manager.fileExists(atPath: directory + "/objects"),
           manager.fileExists(atPath: directory + "/refs") {
            return directory
        }
        let dotGit = directory + "/.git"
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: dotGit, isDirectory: &isDirectory) else { return nil }
        // A .git file (linked worktree, submodule) points elsewhere; the repository is audited through its own
        // git directory when that is under a root.
        return isDirectory.boolValue ? dotGit : nil
    }
}

public struct DiscoveryError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
