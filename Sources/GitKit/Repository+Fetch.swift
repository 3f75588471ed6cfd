import Foundation

extension Repository {
    /// Fetches the named refs (full names, no patterns) from `url` into a new bare repository at `directory`, and
    /// opens it: a consumer reads another server's evidence without touching its own repository's refs (the notes
    /// it may keep under the same name are never overwritten). The caller owns `directory` and removes it.
    ///
    /// git runs with GitKit's hardening, no tags, no FETCH_HEAD, and `ext::`/`fd::` transports refused (they run
    /// commands); the URL is passed after `--end-of-options`, so one that starts with `-` is not an option.
    public static func fetchRefs(_ refs: [String], from url: String, into directory: String) throws(GitError) -> Repository {
        for ref in refs where !isPlainRefName(ref) {
            throw GitError(operation: "fetch", subject: ref, message: "not a full ref name such as refs/notes/commits")
        }
        guard !url.isEmpty else { throw GitError(operation: "fetch", subject: url, message: "no URL") }
        // Run from `/` without the caller's repository variables: a consumer running this inside a hook or a
        // worktree must not have GIT_DIR & co. redirect the fetch into its own repository.
        let git = GitRunner(gitDirectory: directory, workingDirectory: "/", environment: .withoutRepositoryVariables)
        _ = try git.check(["init", "--quiet", "--bare", directory])
        _ = try git.check(["-c", "protocol.ext.allow=never", "-c", "protocol.fd.allow=never", "fetch", "--quiet",
                            "--no-tags", "--no-write-fetch-head", "--end-of-options", url]
                           + refs.map { "+\($0):\($0)" })
        return try open(at: directory)
    }

    /// A ref name a refspec cannot misread: under refs/, without pattern, range, option or refspec characters.
    static func isPlainRefName(_ ref: String) -> Bool {
        ref.hasPrefix("refs/") && ref.count > 5 && !ref.contains("..") && !ref.hasSuffix("/")
            && !ref.contains(where: { $0.isWhitespace || "*?[:^~\\+".contains($0) || $0.asciiValue.map { $0 < 32 } ?? false })
    }
}
