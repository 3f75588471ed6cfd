import Foundation

/// How git-warden's pre-receive reaches a repository's pushes. Besides `install.sh --hooks` there are the
/// server-wide install and the recipes of the README for forges that own `hooks/pre-receive`; the audit must
/// recognise each as the guard it is (and still check the file that runs git-warden), not report "no hook".
enum GuardSetup: Equatable {
    /// `install.sh --hooks`: the marked shim in the repository's hooks directory, with its recorded hash.
    case repositoryHook(path: String)
    /// `install.sh --server`: core.hooksPath in the system configuration names git-warden's hooks directory.
    case serverWide(path: String)
    /// A hook (or a link to one, as gitolite's `hooks/common`) that runs `git-warden pre-receive`.
    case shim(path: String, recipe: String)

    /// The file that runs git-warden.
    var path: String {
        switch self {
        case .repositoryHook(let path), .serverWide(let path), .shim(let path, _): path
        }
    }

    static let repositoryMarker = "git-warden pre-receive hook"
    static let serverMarker = "git-warden server pre-receive hook"

    /// Gitaly configurations that may name GitLab's global `custom_hooks_dir`.
    static let gitalyConfigurations = ["/var/opt/gitlab/gitaly/config.toml", "/etc/gitaly/config.toml"]

    /// The setup of this repository, or nil when nothing runs git-warden on a push.
    static func detect(_ context: AuditContext) -> GuardSetup? {
        let hook = context.hooksDirectory + "/pre-receive"
        let text = head(hook)
        if let text {
            if text.contains(serverMarker), context.value("core.hooksPath")?.level == "system" {
                return .serverWide(path: hook)
            }
            if text.contains(repositoryMarker) { return .repositoryHook(path: hook) }
            if runsGitWarden(text) {
                var info = stat()
                if lstat(hook, &info) == 0, info.st_mode & S_IFMT == S_IFLNK,
                   let target = try? FileManager.default.destinationOfSymbolicLink(atPath: hook), target.contains("hooks/common") {
                    return .shim(path: hook, recipe: "gitolite hooks/common")
                }
                return .shim(path: hook, recipe: "a hook that runs git-warden")
            }
        }
        // Gitea and Forgejo: their own hooks/pre-receive runs every script of hooks/pre-receive.d.
        if text != nil, let found = runningScript(in: context.hooksDirectory + "/pre-receive.d") {
            return .shim(path: found, recipe: "Gitea pre-receive.d")
        }
        // GitLab (Gitaly): the repository's custom_hooks, or the global custom_hooks_dir.
        for directory in [context.gitDirectory + "/custom_hooks"] + gitLabGlobalHookDirectories() {
            if let text = head(directory + "/pre-receive"), runsGitWarden(text) {
                return .shim(path: directory + "/pre-receive", recipe: "GitLab custom hooks")
            }
            if let found = runningScript(in: directory + "/pre-receive.d") {
                return .shim(path: found, recipe: "GitLab custom hooks")
            }
        }
        return nil
    }

    /// A line that is not a comment and runs `git-warden pre-receive`, `git-warden-hook pre-receive` or
    /// `git-warden-hook-relay pre-receive` (by any path to the binary).
    static func runsGitWarden(_ text: String) -> Bool {
        text.split(separator: "\n").contains { line in
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard !trimmed.hasPrefix("#") else { return false }
            let words = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) }
            return zip(words, words.dropFirst()).contains { first, second in
                ["git-warden", "git-warden-hook", "git-warden-hook-relay"].contains { first == $0 || first.hasSuffix("/" + $0) } && second == "pre-receive"
            }
        }
    }

    /// An executable script in `directory` that runs git-warden.
    static func runningScript(in directory: String) -> String? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.sorted().map { directory + "/" + $0 }.first { path in
            access(path, X_OK) == 0 && head(path).map(runsGitWarden) == true
        }
    }

    static func gitLabGlobalHookDirectories() -> [String] {
        gitalyConfigurations.compactMap { file in
            guard let text = head(file, limit: 256 * 1024) else { return nil }
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 2, parts[0] == "custom_hooks_dir" {
                    return parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                }
            }
            return nil
        }
    }

    static func head(_ path: String, limit: Int = 4096) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        return String(decoding: handle.readData(ofLength: limit), as: UTF8.self)
    }
}
