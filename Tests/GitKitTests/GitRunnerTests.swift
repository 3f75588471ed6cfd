import Foundation
import Testing
@testable import GitKit

/// GitKit's hardened git runner against the real `git`: failures carry git's message, full pipes cannot deadlock,
/// and a repository's configuration cannot make it run a program.
@Suite struct GitRunnerTests {
    /// A temporary directory with a repository made by real git, isolated from the user's and system's config.
    final class Scratch {
        let root: String
        let environment: [String: String]

        init() throws {
            var template = Array((FileManager.default.temporaryDirectory.path + "/gitrunner-XXXXXX").utf8CString)
            root = String(cString: mkdtemp(&template)!)
            var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
            environment["HOME"] = root
            environment["GIT_CONFIG_NOSYSTEM"] = "1"
            for name in ["AUTHOR", "COMMITTER"] {
                environment["GIT_\(name)_NAME"] = "Ada"
                environment["GIT_\(name)_EMAIL"] = "ada@example.com"
            }
            self.environment = environment
        }
        deinit { try? FileManager.default.removeItem(atPath: root) }

        var repository: String { root + "/repo" }

        /// A runner in the repository's work tree with the isolated environment.
        func runner(gitDirectory: String? = nil) -> GitRunner {
            GitRunner(gitDirectory: gitDirectory, workingDirectory: FileManager.default.fileExists(atPath: repository)
                ? repository : root, environment: .exactly(environment))
        }

        /// `git init` and one commit of one file.
        func makeRepository() throws {
            try runner().check(["init", "-q", repository])
            try Data("hello\n".utf8).write(to: URL(fileURLWithPath: repository + "/a.txt"))
            try runner().check(["add", "a.txt"])
            try runner().check(["commit", "-q", "-m", "first"])
        }

        /// An executable shell script that creates `marker` when it runs.
        func markerScript(_ name: String, marker: String) throws -> String {
            let path = root + "/" + name
            try Data("#!/bin/sh\ntouch '\(marker)'\nexit 1\n".utf8).write(to: URL(fileURLWithPath: path))
            #expect(chmod(path, 0o755) == 0)
            return path
        }
    }

    @Test func aFailingGitNamesTheCommandAndItsStandardError() throws {
        let scratch = try Scratch()
        try scratch.makeRepository()
        let runner = scratch.runner(gitDirectory: scratch.repository + "/.git")
        let result = try runner.run(["rev-parse", "--verify", "refs/heads/no-such-branch"])
        #expect(result.status != 0)
        #expect(result.errors.contains("Needed a single revision"))
        do {
            try runner.check(["rev-parse", "--verify", "refs/heads/no-such-branch"])
            Issue.record("a failing git must throw")
        } catch {
            #expect(error.operation == "git rev-parse --verify refs/heads/no-such-branch")
            #expect(error.code == result.status)
            #expect(error.message.contains("fatal: Needed a single revision"))
            #expect("\(error)".contains("git rev-parse --verify refs/heads/no-such-branch: fatal:"))
        }
    }

    /// git fills its standard error (far beyond a pipe's 64 KiB) before it writes anything to its standard output:
    /// a runner that read the output to the end first would wait forever on a git blocked writing errors.
    @Test func largeOutputOnBothPipesDoesNotDeadlock() throws {
        let scratch = try Scratch()
        let size = 2_000_000
        let script = "!f() { yes err | head -c \(size) >&2; yes out | head -c \(size); }; f"
        let result = try scratch.runner().check(["-c", "alias.noisy=\(script)", "noisy"])
        #expect(result.output.count == size)
        // The runner trims surrounding white space from standard error.
        #expect(result.errors.utf8.count == size - 1)
        #expect(result.output.prefix(4) == Array("out\n".utf8)[...])
    }

    /// Standard input is written while the output is read: 100,000 ids in, one line per id out.
    @Test func largeInputAndOutputAtOnce() throws {
        let scratch = try Scratch()
        try scratch.makeRepository()
        let ids = (0..<100_000).map { String(format: "%040x", $0 + 1) }
        let input = Data((ids.joined(separator: "\n") + "\n").utf8)
        let result = try scratch.runner(gitDirectory: scratch.repository + "/.git")
            .check(["cat-file", "--batch-check"], input: input)
        let lines = result.text.split(separator: "\n")
        #expect(lines.count == ids.count)
        #expect(lines.first == "\(ids[0]) missing")
        #expect(lines.last == "\(ids[ids.count - 1]) missing")
    }

    /// The repository names programs in its own configuration (`core.fsmonitor`, and `gpg.program` with
    /// `log.showSignature`); git run through the runner on that repository runs neither. Run by hand without the
    /// hardening, the same git commands run both (checked when this test was written).
    @Test func aRepositorysProgramsAreNeverRun() throws {
        let scratch = try Scratch()
        try scratch.makeRepository()
        let gitDirectory = scratch.repository + "/.git"
        let fsmonitorMarker = scratch.root + "/fsmonitor-ran"
        let gpgMarker = scratch.root + "/gpg-ran"
        let repository = scratch.runner(gitDirectory: gitDirectory)
        try repository.check(["config", "core.fsmonitor", try scratch.markerScript("monitor", marker: fsmonitorMarker)])
        try repository.check(["config", "gpg.program", try scratch.markerScript("gpg", marker: gpgMarker)])
        try repository.check(["config", "log.showSignature", "true"])
        let tree = try repository.check(["rev-parse", "HEAD^{tree}"]).text
        let signed = ["tree \(tree)", "author Ada <ada@example.com> 1700000000 +0000",
                      "committer Ada <ada@example.com> 1700000000 +0000",
                      "gpgsig -----BEGIN PGP SIGNATURE-----", " ", " AAAA", " -----END PGP SIGNATURE-----",
                      "", "signed", ""].joined(separator: "\n")
        let commit = try repository.check(["hash-object", "-t", "commit", "-w", "--stdin"], input: Data(signed.utf8)).text

        try repository.check(["status", "--porcelain"])
        let log = try repository.check(["log", "-1", commit])
        #expect(log.text.contains("signed"))
        #expect(!FileManager.default.fileExists(atPath: fsmonitorMarker))
        #expect(!FileManager.default.fileExists(atPath: gpgMarker))
    }

    /// A hook's or a shell's repository variables do not reach a git that is not meant to see them; everything
    /// else (HOME, PATH, GIT_CONFIG_GLOBAL) does.
    @Test func repositoryVariablesAreLeftOutUnlessInherited() throws {
        let caller = ["GIT_DIR": "/elsewhere/.git", "GIT_WORK_TREE": "/elsewhere", "GIT_OBJECT_DIRECTORY": "/o",
                      "GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "core.fsmonitor", "GIT_CONFIG_VALUE_0": "/x",
                      "GIT_QUARANTINE_PATH": "/q", "HOME": "/home/ada", "PATH": "/usr/bin:/bin",
                      "GIT_CONFIG_GLOBAL": "/home/ada/.gitconfig"]
        let cleaned = GitRunner().childEnvironment(from: caller)
        #expect(cleaned == ["HOME": "/home/ada", "PATH": "/usr/bin:/bin", "GIT_CONFIG_GLOBAL": "/home/ada/.gitconfig"])
        #expect(GitRunner(environment: .inherited).childEnvironment(from: caller) == nil)

        // Through real git: with the caller's GIT_DIR left out, git in `/` finds no repository.
        let scratch = try Scratch()
        try scratch.makeRepository()
        var leaking = scratch.environment
        leaking["GIT_DIR"] = scratch.repository + "/.git"
        let seen = try GitRunner(environment: .exactly(leaking)).run(["rev-parse", "--absolute-git-dir"])
        #expect(seen.status == 0 && seen.text.hasSuffix("/repo/.git"))
        let clean = GitRunner(environment: .exactly(GitRunner().childEnvironment(from: leaking)!))
        let unseen = try clean.run(["rev-parse", "--absolute-git-dir"])
        #expect(unseen.status != 0)
        #expect(unseen.errors.contains("not a git repository"))
    }
}
