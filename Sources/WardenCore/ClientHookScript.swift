import Foundation

/// The shell script `git-warden install --client` writes for each developer-side hook.
///
/// It runs git-warden first, then whatever hook was there before (kept as `<hook>.chained`), then, under a global
/// `core.hooksPath`, the hooks git would otherwise have run: those of the previous global hooks path and the
/// repository's own `.git/hooks`. Hook input (pre-push reads stdin) is saved once and given to each.
enum ClientHookScript {
    /// Marks a hook file as ours, so install can update it and uninstall removes only what it wrote.
    static let marker = "# git-warden client hook"

    static func text(hook: String, binary: String, previousHooksDirectory: String?, global: Bool) -> String {
        let others = "\"$here/\(hook).chained\"" + (global ? " " + chainedCandidates(hook: hook, previous: previousHooksDirectory) : "")
        var lines = [
            "#!/bin/sh",
            "\(marker) (git-warden install --client\(global ? " --global" : "")); remove with git-warden uninstall --client\(global ? " --global" : "").",
            "GIT_WARDEN=\(quoted(executable(for: binary)))",
            // The hook's directory without running dirname: every process saved is felt on each commit.
            "case $0 in */*) here=${0%/*} ;; *) here=. ;; esac",
            "if [ ! -x \"$GIT_WARDEN\" ]; then",
            "    echo \"git-warden: $GIT_WARDEN is missing: reinstall it, or run git-warden uninstall --client\" >&2",
            "    exit 1",
            "fi",
        ]
        if hook == "pre-push" {
            // pre-push reads the refs on stdin: saved once, given to git-warden and to every chained hook.
            lines += [
                "input=$(mktemp \"${TMPDIR:-/tmp}/git-warden.XXXXXX\") || { echo \"git-warden: cannot create a temporary file\" >&2; exit 1; }",
                "trap 'rm -f \"$input\"' EXIT",
                "cat > \"$input\"",
                "\"$GIT_WARDEN\" \(hook) \"$@\" < \"$input\" || exit $?",
                "for next in \(others); do",
                "    if [ -x \"$next\" ] && ! grep -q '\(marker)' \"$next\"; then \"$next\" \"$@\" < \"$input\" || exit $?; fi",
                "done",
            ]
        } else {
            // No input to share, so no temporary file: a commit pays for one process, git-warden itself.
            lines += [
                "\"$GIT_WARDEN\" \(hook) \"$@\" || exit $?",
                "for next in \(others); do",
                "    if [ -x \"$next\" ] && ! grep -q '\(marker)' \"$next\"; then \"$next\" \"$@\" || exit $?; fi",
                "done",
            ]
        }
        return (lines + ["exit 0"]).joined(separator: "\n") + "\n"
    }

    /// What the hook runs: `git-warden-hook-relay` beside the git-warden binary (it hands the hook to the user's
    /// `git-warden hook-server` when one runs, else becomes git-warden-hook), else `git-warden-hook` (the lean hook
    /// executable: a commit pays a fraction of the full binary's start-up), else the binary itself; all run the same
    /// hook code.
    static func executable(for binary: String) -> String {
        let directory = (binary as NSString).deletingLastPathComponent
        for name in ["git-warden-hook-relay", "git-warden-hook"] where access(directory + "/" + name, X_OK) == 0 {
            return directory + "/" + name
        }
        return binary
    }

    /// Under a global hooks path git no longer runs a repository's own hooks; the shim does, so installing
    /// git-warden globally does not silently switch off a project's hooks.
    static func chainedCandidates(hook: String, previous: String?) -> String {
        var candidates: [String] = []
        if let previous { candidates.append(quoted(previous + "/" + hook)) }
        candidates.append("\"$(git rev-parse --git-common-dir)/hooks/\(hook)\"")
        return candidates.joined(separator: " ")
    }

    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
