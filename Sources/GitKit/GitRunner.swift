import Foundation

/// The one way git-warden runs the `git` executable: hardened against the repository's configuration, in an explicit
/// working directory, with a chosen environment, and with every pipe drained at once so that it cannot deadlock.
///
/// Used for what only git's command line does (`git config --global`, `git config --file` that must rewrite the
/// file exactly as git would) and, through `GitProcess`, for whole-history reads. No other module spawns git.
public struct GitRunner: Sendable {
    /// What the child sees of the caller's environment.
    public enum Environment: Sendable, Equatable {
        /// Everything, as it is. A pre-receive hook needs this: git hands it the quarantined objects through
        /// `GIT_OBJECT_DIRECTORY` and `GIT_ALTERNATE_OBJECT_DIRECTORIES`, and reading them is the point.
        case inherited
        /// Everything except the variables that make git pick a repository, object store or configuration
        /// (`git rev-parse --local-env-vars`): the `GIT_DIR` of a hook or a user's shell must not redirect a
        /// `git config --global` or a `git config --file`.
        case withoutRepositoryVariables
        /// Exactly these variables and no others.
        case exactly([String: String])
    }

    /// The repository's git directory, passed as `--git-dir` (never discovered); nil for commands that need none.
    public var gitDirectory: String?
    /// The child's working directory. `/` by default, so a git without `--git-dir` discovers no repository (and
    /// judges no ownership) around the caller's working directory.
    public var workingDirectory: String
    public var environment: Environment

    public init(gitDirectory: String? = nil, workingDirectory: String = "/",
                environment: Environment = .withoutRepositoryVariables) {
        self.gitDirectory = gitDirectory
        self.workingDirectory = workingDirectory
        self.environment = environment
    }

    /// The repository may be hostile (an audited server repository, a clone under review): its own configuration
    /// must not make git run a program (`log.showSignature` runs gpg.program, `core.fsmonitor` a hook) or show
    /// something other than the stored objects (`refs/replace/` could swap a commit that holds a secret).
    /// Command-line `-c` values are read after every file and after `GIT_CONFIG_COUNT`, so they win.
    public static let hardening = [
        "--no-replace-objects", "-c", "log.showSignature=false", "-c", "core.fsmonitor=false",
        "-c", "gpg.program=false", "-c", "diff.external=",
    ]

    /// git's repository-local variables, as `git rev-parse --local-env-vars` lists them (git 2.39), plus the
    /// quarantine path receive-pack sets for hooks.
    static let repositoryVariables: Set<String> = [
        "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_CONFIG", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT",
        "GIT_OBJECT_DIRECTORY", "GIT_DIR", "GIT_WORK_TREE", "GIT_IMPLICIT_WORK_TREE", "GIT_GRAFT_FILE",
        "GIT_INDEX_FILE", "GIT_NO_REPLACE_OBJECTS", "GIT_REPLACE_REF_BASE", "GIT_PREFIX", "GIT_INTERNAL_SUPER_PREFIX",
        "GIT_SHALLOW_FILE", "GIT_COMMON_DIR", "GIT_QUARANTINE_PATH",
    ]

    /// The environment the child gets, or nil to inherit the caller's as it is.
    func childEnvironment(from caller: [String: String] = ProcessInfo.processInfo.environment) -> [String: String]? {
        switch environment {
        case .inherited:
            return nil
        case .exactly(let variables):
            return variables
        case .withoutRepositoryVariables:
            // GIT_CONFIG_COUNT's numbered GIT_CONFIG_KEY_<n>/GIT_CONFIG_VALUE_<n> go with it.
            return caller.filter { name, _ in
                !Self.repositoryVariables.contains(name) && !name.hasPrefix("GIT_CONFIG_KEY_")
                    && !name.hasPrefix("GIT_CONFIG_VALUE_")
            }
        }
    }

    /// The full argument list after `git`.
    func commandLine(_ arguments: [String]) -> [String] {
        Self.hardening + (gitDirectory.map { ["--git-dir=\($0)"] } ?? []) + arguments
    }

    /// Runs `git ARGUMENTS` to completion whatever its exit status; `input`, when given, is its standard input.
    public func run(_ arguments: [String], input: Data? = nil) throws(GitError) -> GitResult {
        let running = try start(arguments, input: input)
        var reader = running.reader()
        var output: [UInt8] = []
        while let chunk = try reader.nextChunk() { output += chunk }
        let (status, errors) = running.wait()
        return GitResult(arguments: arguments, status: status, output: output, errors: errors)
    }

    /// Runs `git ARGUMENTS` and requires it to succeed: any other exit throws a `GitError` naming the command and
    /// carrying git's own message.
    @discardableResult
    public func check(_ arguments: [String], input: Data? = nil) throws(GitError) -> GitResult {
        let result = try run(arguments, input: input)
        guard result.status == 0 else { throw result.failure }
        return result
    }

    /// Starts git with its standard output to be read through the returned `RunningGit`. Standard error is read
    /// from another thread, and `input` written from a third, so that no pipe can fill up and block both sides.
    func start(_ arguments: [String], input: Data? = nil) throws(GitError) -> RunningGit {
        let (running, writer) = try launch(arguments)
        DispatchQueue.global().async {
            if let input { try? writer.write(contentsOf: input) }
            try? writer.close()
        }
        return running
    }

    /// Starts git with its standard input left open for the caller to write and close (a reader that asks for
    /// blobs a few at a time while it reads the answers).
    func launch(_ arguments: [String]) throws(GitError) -> (RunningGit, FileHandle) {
        // A git that exits early (a missing object) must fail with its message, not kill this process with SIGPIPE
        // while its input is still being written.
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + commandLine(arguments)
        process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory, isDirectory: true)
        if let variables = childEnvironment() { process.environment = variables }
        let output = Pipe(), errors = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin
        do {
            try process.run()
        } catch {
            throw GitError(operation: "run git", subject: arguments.first, message: "\(error)")
        }
        let running = RunningGit(process: process, output: output.fileHandleForReading.fileDescriptor,
                                 arguments: arguments, errors: errors)
        return (running, stdin.fileHandleForWriting)
    }
}

/// How a git command ended: its exit status, everything it wrote to standard output, and its standard error.
public struct GitResult: Sendable {
    public var arguments: [String]
    public var status: Int32
    public var output: [UInt8]
    /// Standard error, without surrounding white space.
    public var errors: String

    /// Standard output as text, without the trailing newline git ends a value with.
    public var text: String {
        var text = String(decoding: output, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// The command as a person would type it, for messages.
    public var command: String { (["git"] + arguments).joined(separator: " ") }

    /// The error for a failed command: the command, its exit status, and git's message.
    public var failure: GitError {
        GitError(operation: command, code: status,
                 message: errors.isEmpty ? "exited with status \(status)" : errors)
    }
}
