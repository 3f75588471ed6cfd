import Foundation
import Testing

/// Real git repositories in a throw-away directory, built with the real `git` command, for running the hooks
/// in-process: each hook gets the environment git would give it (as a dictionary, never the test process's own)
/// and writes its lines into a `Lines` collector.
final class HookFixture {
    struct GitFailed: Error, CustomStringConvertible {
        var arguments: [String]
        var status: Int32
        var output: String
        var description: String { "git \(arguments.joined(separator: " ")) exited \(status): \(output)" }
    }

    let root: String
    /// What every git command and every hook run sees: an isolated HOME, no system config, a fixed identity.
    let base: [String: String]
    private var indexCount = 0

    init() throws {
        let parent = FileManager.default.temporaryDirectory.path + "/git-warden-core-tests"
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        var template = Array((parent + "/XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        root = String(cString: made)
        base = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": root,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Ada", "GIT_AUTHOR_EMAIL": "ada@example.com",
            "GIT_COMMITTER_NAME": "Ada", "GIT_COMMITTER_EMAIL": "ada@example.com",
        ]
        try write("\(root)/.gitconfig", "[init]\n\tdefaultBranch = main\n")
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Runs real git; both pipes are read while it runs, so a chatty git cannot block on a full pipe.
    @discardableResult
    func git(_ arguments: [String], in directory: String? = nil, input: String? = nil,
             environment extra: [String: String] = [:]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory ?? root)
        process.environment = base.merging(extra) { $1 }
        let stdout = Pipe(), stderr = Pipe(), stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let group = DispatchGroup()
        nonisolated(unsafe) var errors = Data()
        DispatchQueue.global().async(group: group) { errors = stderr.fileHandleForReading.readDataToEndOfFile() }
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        let text = String(decoding: output, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw GitFailed(arguments: arguments, status: process.terminationStatus,
                            output: text + String(decoding: errors, as: UTF8.self))
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func write(_ path: String, _ text: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// A bare repository (a server), with `policy` as its git-warden.toml when given.
    func bare(_ name: String = "server.git", policy: String? = nil) throws -> String {
        let path = "\(root)/\(name)"
        try git(["init", "-q", "--bare", path])
        if let policy { try write("\(path)/git-warden.toml", policy) }
        return path
    }

    /// A repository with a work tree (a developer's clone), with `policy` as its .git-warden.toml when given.
    func work(_ name: String = "work", policy: String? = nil) throws -> String {
        let path = "\(root)/\(name)"
        try git(["init", "-q", path])
        if let policy { try write("\(path)/.git-warden.toml", policy) }
        return path
    }

    /// A commit object written by git into `gitDirectory` with exactly `files` as its tree, reachable from no ref
    /// (as the objects of a push are when pre-receive runs). Returns its id.
    func commit(in gitDirectory: String, files: [String: String], parents: [String] = [],
                message: String = "change") throws -> String {
        indexCount += 1
        let environment = ["GIT_DIR": gitDirectory, "GIT_INDEX_FILE": "\(root)/index-\(indexCount)"]
        try git(["read-tree", "--empty"], environment: environment)
        for (path, content) in files.sorted(by: { $0.key < $1.key }) {
            let blob = try git(["hash-object", "-w", "--stdin"], input: content, environment: environment)
            try git(["update-index", "--add", "--cacheinfo", "100644,\(blob),\(path)"], environment: environment)
        }
        let tree = try git(["write-tree"], environment: environment)
        return try git(["commit-tree", tree] + parents.flatMap { ["-p", $0] } + ["-m", message], environment: environment)
    }

    func setRef(_ ref: String, to id: String, in gitDirectory: String) throws {
        try git(["update-ref", ref, id], environment: ["GIT_DIR": gitDirectory])
    }

    /// The decision log's entries of a server repository.
    func decisions(_ gitDirectory: String) throws -> [[String: Any]] {
        let data = FileManager.default.contents(atPath: "\(gitDirectory)/git-warden/decisions.jsonl") ?? Data()
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
    }

    static let zero = String(repeating: "0", count: 40)
}

/// The lines a hook said, collected from whichever thread says them (the watchdog speaks from its own).
final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    var sink: @Sendable (String) -> Void { { [self] line in lock.withLock { lines.append(line) } } }
    var all: [String] { lock.withLock { lines } }
    var text: String { all.joined(separator: "\n") }
}

/// Synthetic secrets shaped like real ones (they match the default rules) but made up.
enum Synthetic {
    static let token = "ghp_" + "R8uVQz2LwXk5Tn7pYc3HdJ0aMfGs6Bq1Ee9W"
}

/// A policy that protects main from force pushes and deletion.
enum Policies {
    static let protectMain = """
    [[rule]]
    id = "protect-main"
    refs = ["refs/heads/main"]
    block-force-push = true
    block-deletion = true
    """
}
