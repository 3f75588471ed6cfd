import Foundation
import TestSupport
import Testing

/// A throw-away directory with real git repositories, and helpers to run real `git` and the real `git-warden`
/// binary in it: git-warden's own fixtures (a server with the hook installed by install.sh, pushes, the decision
/// log) over TestSupport's `GitFixture`, which isolates every command from the developer's settings and the other
/// tests'.
final class Sandbox {
    typealias Result = ProcessResult
    typealias CommandFailed = TestSupport.CommandFailed

    let fixture: GitFixture

    var root: String { fixture.root }
    var environment: [String: String] {
        get { fixture.environment }
        set { fixture.environment = newValue }
    }

    init() throws {
        fixture = try GitFixture(prefix: "sandbox")
        // A hosting server's pusher variables would name someone else than the test's pusher.
        fixture.environment.removeValue(forKey: "GITEA_PUSHER_NAME")
        fixture.environment.removeValue(forKey: "REMOTE_USER")
        // One compiled secret-rule database for the whole run, as a server keeps one across pushes.
        fixture.environment["XDG_CACHE_HOME"] = TemporaryDirectory.base + "/cache"
        fixture.environment["GIT_WARDEN_PUSHER"] = "ada"
        // The hooks' relay looks for this user's hook service here: a socket of this sandbox that nothing listens on
        // (hooks run alone, through the relay's fallback), unless a test starts `git-warden hook-server` on it.
        fixture.environment["GIT_WARDEN_HOOK_SOCKET"] = fixture.root + "/hook.sock"
    }

    /// The git-warden binary built next to this test bundle.
    static var binary: String {
        if let explicit = ProcessInfo.processInfo.environment["GIT_WARDEN_BINARY"] { return explicit }
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return bundle.appendingPathComponent("git-warden").path
    }

    /// The repository checkout (for install.sh and hooks/).
    static var projectRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    @discardableResult
    func run(_ arguments: [String], in directory: String? = nil, input: String? = nil,
             extraEnvironment: [String: String] = [:]) throws -> Result {
        try fixture.run(arguments, in: directory, input: input.map { Array($0.utf8) }, environment: extraEnvironment)
    }

    /// Runs a command that must succeed; returns its standard output without surrounding white space.
    @discardableResult
    func must(_ arguments: [String], in directory: String? = nil, input: String? = nil,
              extraEnvironment: [String: String] = [:]) throws -> String {
        try fixture.require(arguments, in: directory, input: input.map { Array($0.utf8) }, environment: extraEnvironment)
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @discardableResult
    func git(_ arguments: String..., in directory: String) throws -> String {
        try must(["git"] + arguments, in: directory)
    }

    func write(_ path: String, _ text: String) throws { try fixture.write(path, text) }

    func read(_ path: String) -> String? { fixture.read(path) }

    /// A bare "server" repository with git-warden's pre-receive hook installed by the real install.sh,
    /// and `policy` (when given) as its git-warden.toml.
    func server(policy: String?, name: String = "server.git") throws -> String {
        let path = try fixture.bareServer(name: name)
        try installHook(in: path)
        if let policy { try write("\(path)/git-warden.toml", policy) }
        return path
    }

    func installHook(in repository: String) throws {
        try must(["bash", "\(Self.projectRoot)/install.sh", "--no-deps", "--binary", Self.binary, "--hooks", repository])
    }

    /// A working clone of `server`.
    func clone(_ server: String, name: String = "work") throws -> String {
        try fixture.clone(server, name: name)
    }

    /// Writes files and commits them; returns the new commit id.
    @discardableResult
    func commit(in repository: String, files: [String: String], message: String,
                extraEnvironment: [String: String] = [:]) throws -> String {
        try fixture.commit(in: repository, files: files, message: message, environment: extraEnvironment)
    }

    func push(_ repository: String, _ arguments: String..., pusher: String? = nil) throws -> Result {
        var extra: [String: String] = [:]
        if let pusher { extra["GIT_WARDEN_PUSHER"] = pusher }
        return try run(["git", "push", "origin"] + arguments, in: repository, extraEnvironment: extra)
    }

    /// The id a ref has on the server, or nil.
    func serverRef(_ server: String, _ ref: String) -> String? {
        fixture.resolve(ref, in: server)
    }

    /// Decisions logged by the hook, one JSON object per push (the post-receive hook's landed records left out).
    func decisions(_ server: String) throws -> [[String: Any]] {
        try logLines(server).filter { $0["event"] == nil }
    }

    /// The post-receive hook's records of which refs landed.
    func landed(_ server: String) throws -> [[String: Any]] {
        try logLines(server).filter { $0["event"] as? String == "landed" }
    }

    func logLines(_ server: String) throws -> [[String: Any]] {
        let text = read("\(server)/git-warden/decisions.jsonl") ?? ""
        return try text.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
    }
}
