internal import CLibGit2
import Foundation

/// One open repository. libgit2 handles are not thread-safe: use one `Repository` per thread or task.
public final class Repository {
    let pointer: OpaquePointer
    /// The repository's git directory (for a bare repository, the repository itself), with a trailing slash.
    public let gitDirectory: String
    /// The environment the repository was opened from when it is not this process's own (a hook served by the hook
    /// service): the git children that read its objects get it, quarantine variables included.
    var explicitEnvironment: [String: String]?
    /// How the repository was opened, so that another handle on the same objects (quarantine included) can be
    /// opened for another thread (`reopened()`).
    private var origin: Origin = .path("", searching: false)

    private enum Origin {
        case path(String, searching: Bool)
        case environment([String: String])
    }

    /// Another handle on the same repository, opened the same way: libgit2 handles are not thread-safe, so work
    /// spread over threads gives each its own.
    public func reopened() throws(GitError) -> Repository {
        let handle: Repository
        switch origin {
        case .path(let path, let searching): handle = searching ? try Self.discover(from: path) : try Self.open(at: path)
        case .environment(let environment): handle = try Self.openFromEnvironment(environment)
        }
        return handle
    }

    private init(pointer: OpaquePointer) {
        self.pointer = pointer
        self.gitDirectory = String(cString: git_repository_path(pointer))
    }

    deinit { git_repository_free(pointer) }

    /// Opens the repository at `path` exactly (a git directory or a work tree), without searching upwards.
    public static func open(at path: String) throws(GitError) -> Repository {
        libgit2Ready()
        var handle: OpaquePointer?
        try check(git_repository_open_ext(&handle, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil),
                  "open repository", path)
        let repository = Repository(pointer: handle!)
        repository.origin = .path(absolutePath(path), searching: false)
        return repository
    }

    /// Finds the repository containing `path`, as `git` does from a working directory.
    public static func discover(from path: String) throws(GitError) -> Repository {
        libgit2Ready()
        var handle: OpaquePointer?
        try check(git_repository_open_ext(&handle, path, 0, nil), "find repository from", path)
        let repository = Repository(pointer: handle!)
        repository.origin = .path(absolutePath(path), searching: true)
        return repository
    }

    /// Opens the repository the way git's environment describes it, as a hook must.
    ///
    /// Inside pre-receive the pushed objects sit in a quarantine directory named by GIT_OBJECT_DIRECTORY, with the
    /// real object store in GIT_ALTERNATE_OBJECT_DIRECTORIES; a plain open would not see them. libgit2's FROM_ENV
    /// mode honours those variables but refuses GIT_WORK_TREE and GIT_COMMON_DIR (linked worktrees), so in that
    /// case we open GIT_DIR directly and attach the object directories ourselves. FROM_ENV reads the process
    /// environment, so an explicitly given environment that differs from it takes the same explicit path.
    public static func openFromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(GitError) -> Repository {
        libgit2Ready()
        let needsFallback = environment["GIT_WORK_TREE"] != nil || environment["GIT_COMMON_DIR"] != nil
            || environment != ProcessInfo.processInfo.environment
        if !needsFallback {
            var handle: OpaquePointer?
            let code = git_repository_open_ext(&handle, nil, GIT_REPOSITORY_OPEN_FROM_ENV.rawValue, nil)
            if code == 0, let handle {
                let repository = Repository(pointer: handle)
                repository.origin = .environment(environment)
                return repository
            }
            if environment["GIT_DIR"] == nil { throw GitError.last(code, "open repository from the environment") }
        }
        let repository = try open(at: environment["GIT_DIR"] ?? ".")
        if environment != ProcessInfo.processInfo.environment { repository.explicitEnvironment = environment }
        repository.origin = .environment(environment)
        var extraObjectDirectories: [String] = []
        if let objects = environment["GIT_OBJECT_DIRECTORY"] { extraObjectDirectories.append(objects) }
        if let alternates = environment["GIT_ALTERNATE_OBJECT_DIRECTORIES"] {
            extraObjectDirectories += alternates.split(separator: ":").map(String.init)
        }
        if !extraObjectDirectories.isEmpty {
            let odb = try repository.objectDatabase()
            defer { git_odb_free(odb) }
            for directory in extraObjectDirectories {
                try check(git_odb_add_disk_alternate(odb, directory), "add object directory", directory)
            }
        }
        return repository
    }

    /// The directory shared by all worktrees (hooks, config and refs live there).
    public var commonDirectory: String {
        String(cString: git_repository_commondir(pointer))
    }

    func objectDatabase() throws(GitError) -> OpaquePointer {
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, pointer), "open object database", gitDirectory)
        return odb!
    }
}

/// libgit2 must be initialised once per process before any other call.
///
/// Owner validation (git's `safe.directory`, enforced by libgit2 1.5 on every open) is turned off. git refuses
/// repositories owned by another user because opening one lets that user's configuration make git run programs
/// (`core.fsmonitor`, `core.pager`, filters, hooks) as whoever runs git. git-warden never runs a program named by
/// a repository's configuration (its `git` child processes get the repository through `--git-dir`, hardened, see
/// `GitProcess`), and reading another user's repository is the whole point of a server guard: root audits and
/// installs on repositories owned by `git`, `gitolite` or `www-data`, and a service user audits what it owns.
/// Whether the caller may read a repository remains a matter of file permissions.
///
/// The system configuration is read where git reads it: git honours `GIT_CONFIG_NOSYSTEM` and `GIT_CONFIG_SYSTEM`
/// (a server-wide `core.hooksPath` lives there), libgit2 does not by itself, and an audit must judge what git sees.
private let libgit2Initialisation: Int32 = {
    let status = git_libgit2_init()
    _ = git_warden_set_owner_validation(0)
    // libgit2 re-hashes every object it reads (SHA-1 with collision detection) to compare with its name: a quarter
    // of a hook's object reading, measured. git does not when it reads objects for a diff or a log: it hashes each
    // object once, where it enters a repository (index-pack and unpack-objects, which receive-pack runs before any
    // hook sees the push's objects; fsck), and so does every object a hook reads here come in that way.
    _ = git_warden_set_strict_hash_verification(0)
    // libgit2 caches no blobs by default, so a blob read twice is inflated twice: the hooks read each new blob's
    // start to tell binary from text and then the whole of it for the diff. Blobs up to this size are kept in the
    // repository's object cache (bounded as a whole by libgit2's cache size, 256 MiB by default).
    _ = git_warden_set_blob_cache_limit(256 * 1024)
    let environment = ProcessInfo.processInfo.environment
    if let off = environment["GIT_CONFIG_NOSYSTEM"], ["1", "true", "yes", "on"].contains(off.lowercased()) {
        _ = git_warden_set_search_path(GIT_CONFIG_LEVEL_SYSTEM, "/nonexistent/git-warden-no-system-config")
    } else if let file = environment["GIT_CONFIG_SYSTEM"], !file.isEmpty,
              (file as NSString).lastPathComponent == "gitconfig" {
        // libgit2 takes a directory and reads the file named gitconfig in it.
        _ = git_warden_set_search_path(GIT_CONFIG_LEVEL_SYSTEM, (file as NSString).deletingLastPathComponent)
    }
    return status
}()

/// `path` anchored at the working directory of the moment, so that a handle reopened later, or on another thread
/// (whose working directory may differ: the hook service's), finds the same repository.
private func absolutePath(_ path: String) -> String {
    path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
}

func libgit2Ready() {
    _ = libgit2Initialisation
}
