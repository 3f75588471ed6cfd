import Foundation
import TestSupport

/// A real git repository in a sandbox, for making signed commits and tags and asking git what it thinks of them.
struct GitRepo {
    let sandbox: Sandbox
    let dir: String

    init(_ sandbox: Sandbox, name: String = "repo") throws {
        self.sandbox = sandbox
        dir = sandbox.path(name)
        try sandbox.fixture.initRepository(dir, options: ["-b", "main"])
        try config("user.name", "Alice Example")
        try config("user.email", "alice@example.com")
        try config("commit.gpgsign", "false")
    }

    func config(_ key: String, _ value: String) throws {
        try sandbox.must(["git", "config", key, value], in: dir)
    }

    func git(_ arguments: [String], env: [String: String] = [:]) throws -> Sandbox.Result {
        try sandbox.run(["git"] + arguments, in: dir, env: env)
    }

    /// Makes a commit (signed with `-S` when `sign`) and returns its id.
    @discardableResult
    func commit(_ message: String, sign: Bool = true, env: [String: String] = [:]) throws -> String {
        let file = dir + "/file.txt"
        let old = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        try (old + message + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        try sandbox.must(["git", "add", "file.txt"], in: dir)
        try sandbox.must(["git", "commit", "-q", sign ? "-S" : "--no-gpg-sign", "-m", message], in: dir, env: env)
        return try sandbox.must(["git", "rev-parse", "HEAD"], in: dir).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func tag(_ name: String, env: [String: String] = [:]) throws {
        try sandbox.must(["git", "tag", "-s", "-m", "release \(name)", name], in: dir, env: env)
    }

    func raw(_ kind: String, _ object: String) throws -> [UInt8] {
        try sandbox.must(["git", "cat-file", kind, object], in: dir).stdoutBytes
    }

    /// git's own `%G?` letter for a commit; `!` when git refuses the object altogether.
    func gitLetter(_ commit: String) throws -> Character {
        let result = try sandbox.run(["git", "log", "-1", "--format=%G?", commit], in: dir)
        guard result.status == 0 else { return "!" }
        return result.stdout.first ?? "?"
    }

    /// Writes `bytes` as a loose object of `kind` and returns its id (for crafted objects).
    func hashObject(_ kind: String, _ bytes: [UInt8]) throws -> String {
        let result = try sandbox.run(
            ["git", "hash-object", "-t", kind, "-w", "--stdin", "--literally"], in: dir, stdin: bytes)
        guard result.status == 0 else { throw CommandFailed(command: ["git", "hash-object"], result: result) }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
