import Foundation

/// A throw-away directory in which tests build real git repositories with the real `git`. Every command runs with
/// this directory as HOME, no system config and no `GIT_*` variable of the caller's, and a fixed identity, so the
/// tests see neither the developer's settings nor each other's. `~/.gitconfig` names `main` the default branch.
public final class GitFixture: @unchecked Sendable {
    public struct Identity: Sendable {
        public let name: String
        public let email: String
        public init(name: String, email: String) { (self.name, self.email) = (name, email) }
        public static let ada = Identity(name: "Ada", email: "ada@example.com")
    }

    /// A date for commits whose ids must not depend on when the test ran (git's raw format: seconds and zone).
    public static let fixedDate = "1700000000 +0000"

    public let directory: TemporaryDirectory
    /// The environment every command of this fixture runs with (tests may add to it).
    public var environment: [String: String]

    public var root: String { directory.path }

    public init(prefix: String = "git", identity: Identity = .ada) throws {
        directory = try TemporaryDirectory(prefix: prefix)
        environment = Self.isolatedEnvironment(home: directory.path, identity: identity)
        try TestFiles.write(directory.path + "/.gitconfig",
                            "[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n")
    }

    /// This process's environment without `GIT_*` (and gitolite's `GL_*`) variables, with `home` as HOME, git's
    /// system config off and `identity` as author and committer.
    public static func isolatedEnvironment(home: String, identity: Identity) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("GIT_") && !$0.key.hasPrefix("GL_")
        }
        environment["HOME"] = home
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        for role in ["AUTHOR", "COMMITTER"] {
            environment["GIT_\(role)_NAME"] = identity.name
            environment["GIT_\(role)_EMAIL"] = identity.email
        }
        return environment
    }

    /// `relative` inside the fixture's directory.
    public func path(_ relative: String) -> String { directory.subpath(relative) }

    /// Runs a command (looked up on PATH) in `directory` (default: the fixture's root) with the fixture's
    /// environment plus `extra`.
    @discardableResult
    public func run(_ arguments: [String], in directory: String? = nil, input: [UInt8]? = nil,
                    environment extra: [String: String] = [:],
                    timeout: Double = ProcessRunner.defaultTimeout) throws -> ProcessResult {
        try ProcessRunner.run(arguments, in: directory ?? root, environment: environment.merging(extra) { $1 },
                              input: input, timeout: timeout)
    }

    /// Like `run`, but a non-zero exit throws `CommandFailed` with what the command said.
    @discardableResult
    public func require(_ arguments: [String], in directory: String? = nil, input: [UInt8]? = nil,
                        environment extra: [String: String] = [:]) throws -> ProcessResult {
        let result = try run(arguments, in: directory, input: input, environment: extra)
        guard result.status == 0 else { throw CommandFailed(command: arguments, result: result) }
        return result
    }

    /// Runs git, which must succeed; returns its standard output without surrounding white space.
    @discardableResult
    public func git(_ arguments: String..., in directory: String? = nil,
                    environment extra: [String: String] = [:]) throws -> String {
        try require(["git"] + arguments, in: directory, environment: extra).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public func write(_ path: String, _ text: String) throws { try TestFiles.write(path, text) }

    public func read(_ path: String) -> String? { TestFiles.read(path) }
}

/// Repositories: made, filled, committed to, cloned, given hooks.
extension GitFixture {
    /// `git init` at `path` (relative paths are inside the fixture), bare or with a work tree on `main`.
    @discardableResult
    public func initRepository(_ path: String, bare: Bool = false, options: [String] = []) throws -> String {
        let full = path.hasPrefix("/") ? path : self.path(path)
        try require(["git", "init", "-q"] + (bare ? ["--bare"] : []) + options + [full])
        return full
    }

    /// A bare repository to push to, as a server has.
    public func bareServer(name: String = "server.git") throws -> String {
        try initRepository(name, bare: true)
    }

    /// A working clone of `source`.
    public func clone(_ source: String, name: String = "work") throws -> String {
        let target = path(name)
        try require(["git", "clone", "-q", source, target])
        return target
    }

    /// Writes `files` (paths inside the work tree), stages everything and commits, at `date` when given (git's date
    /// formats; `fixedDate` for reproducible ids). Returns the new commit id.
    @discardableResult
    public func commit(in repository: String, files: [String: String] = [:], message: String, date: String? = nil,
                       options: [String] = ["--allow-empty"], environment extra: [String: String] = [:]) throws -> String {
        for (path, content) in files { try write("\(repository)/\(path)", content) }
        try require(["git", "add", "-A"], in: repository)
        var variables = extra
        if let date { (variables["GIT_AUTHOR_DATE"], variables["GIT_COMMITTER_DATE"]) = (date, date) }
        try require(["git", "commit", "-q"] + options + ["-m", message], in: repository, environment: variables)
        return try git("rev-parse", "HEAD", in: repository)
    }

    /// The object id `revision` names in `repository`, or nil when it names none.
    public func resolve(_ revision: String, in repository: String) -> String? {
        guard let result = try? run(["git", "rev-parse", "--verify", "-q", revision], in: repository),
              result.status == 0 else { return nil }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Writes an executable hook `name` (pre-receive, pre-commit, …) into the repository's hooks directory, wherever
    /// git looks for it (bare or not); returns its path.
    @discardableResult
    public func installHook(_ name: String, script: String, in repository: String) throws -> String {
        let hooks = try git("rev-parse", "--path-format=absolute", "--git-path", "hooks", in: repository)
        let path = "\(hooks)/\(name)"
        try write(path, script)
        try TestFiles.setMode(path, 0o755)
        return path
    }
}
