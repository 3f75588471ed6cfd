import Foundation
import GitKit

/// Installs and removes the developer-side hooks (pre-commit, commit-msg, pre-push).
///
/// Never overwrites silently: a hook that is not git-warden's is kept as `<hook>.chained` and still runs after
/// git-warden; when a `.chained` file is already there, installing refuses. Uninstalling removes only files that
/// carry git-warden's marker and puts the chained hooks back, so install + uninstall leaves things as they were.
public struct ClientHookInstaller {
    public static let hooks = ["pre-commit", "commit-msg", "pre-push"]

    public enum Scope {
        /// One repository's effective hooks directory (its `core.hooksPath`, else `.git/hooks`).
        case repository(Repository)
        /// A hooks directory for every repository of the user, through `git config --global core.hooksPath`.
        case global(directory: String)
    }

    public var scope: Scope
    /// The git-warden binary the hooks run.
    public var binary: String
    /// Lines saying what was done, for the user.
    public private(set) var report: [String] = []

    public init(scope: Scope, binary: String) {
        self.scope = scope
        self.binary = binary
    }

    /// Where the global hooks live: `$XDG_CONFIG_HOME/git-warden/hooks`, else `~/.config/git-warden/hooks`.
    public static func globalDirectory(environment: [String: String]) -> String? {
        PolicyLocator.userConfigDirectory(environment).map { $0 + "/hooks" }
    }

    /// The file recording the global `core.hooksPath` that was set before, to chain to and to restore.
    static let previousPathFile = "previous-hooks-path"

    public mutating func install() throws {
        let directory = try hooksDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var previous: String?
        if case .global = scope {
            previous = try globalHooksPathToChain(directory: directory)
        }
        for hook in Self.hooks {
            let path = directory + "/" + hook
            if FileManager.default.fileExists(atPath: path), !Self.isOurs(path) {
                let chained = path + ".chained"
                guard !FileManager.default.fileExists(atPath: chained) else {
                    throw InstallError(message: "\(path) exists and so does \(hook).chained: refusing to overwrite either; merge them by hand")
                }
                try FileManager.default.moveItem(atPath: path, toPath: chained)
                report.append("kept your existing \(hook) hook as \(chained); it still runs after git-warden")
            }
            let script = ClientHookScript.text(hook: hook, binary: binary, previousHooksDirectory: previous,
                                               global: isGlobal)
            try Data(script.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            guard chmod(path, 0o755) == 0 else { throw InstallError(message: "cannot make \(path) executable") }
            report.append("installed \(path)")
        }
        if case .global(let directory) = scope {
            try Git.run(["config", "--global", "core.hooksPath", directory])
            report.append("set git config --global core.hooksPath \(directory)")
        }
    }

    public mutating func uninstall() throws {
        let directory = try hooksDirectory()
        for hook in Self.hooks {
            let path = directory + "/" + hook
            let chained = path + ".chained"
            if FileManager.default.fileExists(atPath: path) {
                guard Self.isOurs(path) else {
                    report.append("left \(path) alone: it is not git-warden's")
                    continue
                }
                try FileManager.default.removeItem(atPath: path)
                report.append("removed \(path)")
            }
            if FileManager.default.fileExists(atPath: chained) {
                try FileManager.default.moveItem(atPath: chained, toPath: path)
                report.append("restored your \(hook) hook")
            }
        }
        if case .global(let directory) = scope {
            let recorded = directory + "/" + Self.previousPathFile
            let current = try Git.output(["config", "--global", "--get", "core.hooksPath"])
            if current == directory {
                if let previous = try? String(contentsOfFile: recorded, encoding: .utf8), !previous.isEmpty {
                    try Git.run(["config", "--global", "core.hooksPath", previous])
                    report.append("restored git config --global core.hooksPath \(previous)")
                } else {
                    try Git.run(["config", "--global", "--unset", "core.hooksPath"])
                    report.append("unset git config --global core.hooksPath")
                }
            }
            try? FileManager.default.removeItem(atPath: recorded)
        }
    }

    var isGlobal: Bool {
        if case .global = scope { true } else { false }
    }

    func hooksDirectory() throws -> String {
        switch scope {
        case .global(let directory):
            return directory
        case .repository(let repository):
            guard let configured = try repository.configValue("core.hooksPath"), !configured.isEmpty else {
                return (repository.commonDirectory as NSString).appendingPathComponent("hooks")
            }
            let expanded = configured.hasPrefix("~/")
                ? NSHomeDirectory() + configured.dropFirst(1) : configured
            if expanded.hasPrefix("/") { return expanded }
            // git resolves a relative hooks path against the work tree root (the git dir when bare).
            return ((repository.workDirectory ?? repository.gitDirectory) as NSString).appendingPathComponent(expanded)
        }
    }

    /// The global hooks path set before ours, recorded once so that reinstalling does not chain to ourselves.
    mutating func globalHooksPathToChain(directory: String) throws -> String? {
        let recorded = directory + "/" + Self.previousPathFile
        if let previous = try? String(contentsOfFile: recorded, encoding: .utf8) {
            return previous.isEmpty ? nil : previous
        }
        let current = try Git.output(["config", "--global", "--get", "core.hooksPath"])
        let previous = current == directory ? nil : current
        try Data((previous ?? "").utf8).write(to: URL(fileURLWithPath: recorded))
        if let previous { report.append("your previous global hooks in \(previous) still run after git-warden") }
        return previous
    }

    static func isOurs(_ path: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path) else { return false }
        return String(decoding: data.prefix(512), as: UTF8.self).contains(ClientHookScript.marker)
    }
}

public struct InstallError: Error, CustomStringConvertible {
    public var message: String
    /// What failed underneath (a `GitError`, a file system error), when something did.
    public var underlying: (any Error)?
    public var description: String { message }

    public init(message: String, underlying: (any Error)? = nil) {
        self.message = message
        self.underlying = underlying
    }
}

/// git itself, for what only its command line does (global config), through GitKit's hardened runner: never a
/// program a repository names, and never the repository a hook's `GIT_DIR` or the working directory points at.
enum Git {
    static let runner = GitRunner()

    static func run(_ arguments: [String]) throws {
        let result = try execute(arguments)
        guard result.status == 0 else {
            throw InstallError(message: "git \(arguments.joined(separator: " ")) failed: \(result.errors)",
                               underlying: result.failure)
        }
    }

    /// The command's output without the trailing newline, or nil when it prints nothing and exits 1 (an unset key).
    static func output(_ arguments: [String]) throws -> String? {
        let result = try execute(arguments)
        if result.status == 1 && result.output.isEmpty { return nil }
        guard result.status == 0 else {
            throw InstallError(message: "git \(arguments.joined(separator: " ")) failed: \(result.errors)",
                               underlying: result.failure)
        }
        return result.text.trimmingCharacters(in: .newlines)
    }

    static func execute(_ arguments: [String]) throws -> GitResult {
        do {
            return try runner.run(arguments)
        } catch {
            throw InstallError(message: "\(error)", underlying: error)
        }
    }
}
