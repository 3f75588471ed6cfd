internal import CLibGit2

/// One configuration entry as git resolves it (all levels, includes followed).
public struct ConfigEntry: Sendable, Hashable {
    public var name: String
    public var value: String
    /// "system", "global", "local", "worktree", "app" or "programdata".
    public var level: String
}

extension Repository {
    /// Every configuration entry visible to this repository, lowest level first, as `git config --list` shows them.
    public func configEntries() throws(GitError) -> [ConfigEntry] {
        var config: OpaquePointer?
        try check(git_repository_config_snapshot(&config, pointer), "read config", gitDirectory)
        defer { git_config_free(config) }
        var iterator: OpaquePointer?
        try check(git_config_iterator_new(&iterator, config), "read config", gitDirectory)
        defer { git_config_iterator_free(iterator) }
        var entries: [ConfigEntry] = []
        while true {
            var entry: UnsafeMutablePointer<git_config_entry>?
            let code = git_config_next(&entry, iterator)
            if code == GIT_ITEROVER.rawValue { break }
            try check(code, "read config", gitDirectory)
            guard let entry = entry?.pointee else { continue }
            entries.append(ConfigEntry(
                name: Self.text(entry.name),
                value: entry.value.map { Self.text($0) } ?? "",
                level: Self.levelName(entry.level)
            ))
        }
        return entries
    }

    /// The last value of a key (git's "last one wins"), or nil when unset.
    public func configValue(_ name: String) throws(GitError) -> String? {
        let lowered = name.lowercased()
        return try configEntries().last { $0.name.lowercased() == lowered }?.value
    }

    private static func levelName(_ level: git_config_level_t) -> String {
        switch level {
        case GIT_CONFIG_LEVEL_PROGRAMDATA: "programdata"
        case GIT_CONFIG_LEVEL_SYSTEM: "system"
        case GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_GLOBAL: "global"
        case GIT_CONFIG_LEVEL_LOCAL: "local"
        case GIT_CONFIG_LEVEL_APP: "app"
        default: "worktree"
        }
    }
}
