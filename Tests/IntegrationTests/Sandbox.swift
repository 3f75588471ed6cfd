import Foundation
import Testing

/// A throw-away directory with real git repositories, and helpers to run real `git` and the real `git-warden`
/// binary in it. Every git command runs with an isolated HOME and no system config, so the tests see neither the
/// developer's settings nor each other's.
final class Sandbox {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var output: String { stdout + stderr }
    }

    struct CommandFailed: Error, CustomStringConvertible {
        var command: [String]
        var result: Result
        var description: String { "\(command.joined(separator: " ")) exited \(result.status): \(result.output)" }
    }

    let root: String
    var environment: [String: String]

    init() throws {
        let base = FileManager.default.temporaryDirectory.path + "/git-warden-tests"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        var template = Array((base + "/XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        root = String(cString: made)
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") && !$0.key.hasPrefix("GL_") }
        environment.removeValue(forKey: "GITEA_PUSHER_NAME")
        environment.removeValue(forKey: "REMOTE_USER")
        environment["HOME"] = root
        // One compiled secret-rule database for the whole run, as a server keeps one across pushes.
        environment["XDG_CACHE_HOME"] = base + "/cache"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_AUTHOR_NAME"] = "Ada"
        environment["GIT_AUTHOR_EMAIL"] = "ada@example.com"
        environment["GIT_COMMITTER_NAME"] = "Ada"
        environment["GIT_COMMITTER_EMAIL"] = "ada@example.com"
        environment["GIT_WARDEN_PUSHER"] = "ada"
        self.environment = environment
        try write("\(root)/.gitconfig", "[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n")
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory ?? root)
        process.environment = environment.merging(extraEnvironment) { $1 }
        let stdout = Pipe(), stderr = Pipe(), stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        // Read both pipes fully before waiting, so a chatty child cannot block on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        DispatchQueue.global().async(group: group) { errData = stderr.fileHandleForReading.readDataToEndOfFile() }
        let outData = stdout.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs a command that must succeed.
    @discardableResult
    func must(_ arguments: [String], in directory: String? = nil, input: String? = nil,
              extraEnvironment: [String: String] = [:]) throws -> String {
        let result = try run(arguments, in: directory, input: input, extraEnvironment: extraEnvironment)
        guard result.status == 0 else { throw CommandFailed(command: arguments, result: result) }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @discardableResult
    func git(_ arguments: String..., in directory: String) throws -> String {
        try must(["git"] + arguments, in: directory)
    }

    func write(_ path: String, _ text: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// A bare "server" repository with git-warden's pre-receive hook installed by the real install.sh,
    /// and `policy` (when given) as its git-warden.toml.
    func server(policy: String?, name: String = "server.git") throws -> String {
        let path = "\(root)/\(name)"
        try must(["git", "init", "-q", "--bare", path])
        try installHook(in: path)
        if let policy { try write("\(path)/git-warden.toml", policy) }
        return path
    }

    func installHook(in repository: String) throws {
        try must(["bash", "\(Self.projectRoot)/install.sh", "--no-deps", "--binary", Self.binary, "--hooks", repository])
    }

    /// A working clone of `server`.
    func clone(_ server: String, name: String = "work") throws -> String {
        let path = "\(root)/\(name)"
        try must(["git", "clone", "-q", server, path])
        return path
    }

    /// Writes files and commits them; returns the new commit id.
    @discardableResult
    func commit(in repository: String, files: [String: String], message: String,
                extraEnvironment: [String: String] = [:]) throws -> String {
        for (path, content) in files { try write("\(repository)/\(path)", content) }
        try must(["git", "add", "-A"], in: repository)
        try must(["git", "commit", "-q", "--allow-empty", "-m", message], in: repository, extraEnvironment: extraEnvironment)
        return try git("rev-parse", "HEAD", in: repository)
    }

    func push(_ repository: String, _ arguments: String..., pusher: String? = nil) throws -> Result {
        var extra: [String: String] = [:]
        if let pusher { extra["GIT_WARDEN_PUSHER"] = pusher }
        return try run(["git", "push", "origin"] + arguments, in: repository, extraEnvironment: extra)
    }

    /// The id a ref has on the server, or nil.
    func serverRef(_ server: String, _ ref: String) -> String? {
        guard let result = try? run(["git", "rev-parse", "--verify", "-q", ref], in: server), result.status == 0 else {
            return nil
        }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
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
