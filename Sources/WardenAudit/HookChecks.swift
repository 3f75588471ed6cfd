import Crypto
import Foundation

/// Checks of the hooks directory: git-warden's pre-receive hook present, executable, unchanged since install.sh
/// wrote it (it records the hook's SHA-256 in `$GIT_DIR/git-warden/pre-receive.sha256`), not writable by others;
/// and which other hooks would run.
enum HookChecks {
    static let all: [AuditCheck] = [missing, notExecutable, modified, unrecorded, writable, unknown]
    /// Hooks git-warden installs or chains; every other executable hook is listed.
    static let known: Set<String> = ["pre-receive", "pre-receive.chained", "post-receive", "post-receive.chained"]

    static func recordPath(_ context: AuditContext) -> String { context.gitDirectory + "/git-warden/pre-receive.sha256" }

    /// The guard's setup of a bare repository (nil: not bare, or no guard; `missing` reports the latter).
    static func guardSetup(_ context: AuditContext) -> GuardSetup? {
        context.isBare ? GuardSetup.detect(context) : nil
    }

    static let missing = AuditCheck(
        "hooks.missing", .high, area: .hooks,
        inspects: "no pre-receive hook, or not git-warden's (the --server install and the gitolite, Gitea and GitLab recipes count as git-warden's)") { check, context in
        guard context.isBare, GuardSetup.detect(context) == nil else { return [] }
        let path = context.hooksDirectory + "/pre-receive"
        guard FileManager.default.fileExists(atPath: path) else {
            return [check.finding(in: context, subject: "pre-receive", title: "no pre-receive hook: pushes are not judged",
                                  evidence: "\(path) does not exist",
                                  fix: "install.sh --hooks \(context.gitDirectory), or install.sh --server for every repository")]
        }
        return [check.finding(in: context, subject: "pre-receive",
                              title: "the pre-receive hook is not git-warden's: pushes are not judged by the policy",
                              evidence: "\(path) neither carries the git-warden marker nor runs git-warden pre-receive",
                              fix: "install.sh --hooks \(context.gitDirectory) (the existing hook is kept as pre-receive.chained)")]
    }

    static let notExecutable = AuditCheck(
        "hooks.not-executable", .high, area: .hooks, inspects: "the hook that runs git-warden lacks its execute bit",
        fix: .makeExecutable) { check, context in
        guard let setup = guardSetup(context), access(setup.path, X_OK) != 0 else { return [] }
        return [check.finding(in: context, subject: setup.path,
                              title: "the hook that runs git-warden is not executable: git skips it",
                              evidence: "\(setup.path) mode \(FileMode.octal(setup.path))", fix: "chmod +x \(setup.path)")]
    }

    /// The installation record of the hook (its SHA-256, written by install.sh) and the hook's digest now. The
    /// forges' recipes are written by hand and have no record.
    struct Installation {
        var hook: String
        var record: String
        var digest: String
        var recorded: String?

        init?(_ context: AuditContext) {
            guard let setup = guardSetup(context) else { return nil }
            switch setup {
            case .repositoryHook: record = recordPath(context)
            case .serverWide: record = (context.hooksDirectory as NSString).deletingLastPathComponent + "/pre-receive.sha256"
            case .shim: return nil
            }
            guard let data = FileManager.default.contents(atPath: setup.path) else { return nil }
            hook = setup.path
            digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            recorded = (try? String(contentsOfFile: record, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    static let modified = AuditCheck(
        "hooks.modified", .critical, area: .hooks,
        inspects: "the hook differs from the SHA-256 install.sh recorded in $GIT_DIR/git-warden/pre-receive.sha256") { check, context in
        guard let installed = Installation(context), let recorded = installed.recorded, recorded != installed.digest else { return [] }
        return [check.finding(in: context, subject: "pre-receive",
                              title: "the pre-receive hook changed since it was installed",
                              evidence: "sha256 \(installed.digest) of \(installed.hook), install.sh recorded \(recorded) in \(installed.record)",
                              fix: "compare it with hooks/pre-receive of the release, find who changed it, reinstall with install.sh")]
    }

    static let unrecorded = AuditCheck(
        "hooks.unrecorded", .low, area: .hooks,
        inspects: "no installation record for an installer-written hook, so changes to it cannot be noticed") { check, context in
        guard let installed = Installation(context), installed.recorded == nil else { return [] }
        return [check.finding(in: context, subject: "pre-receive",
                              title: "no installation record for the pre-receive hook",
                              evidence: "\(installed.record) is missing, so changes to the hook cannot be noticed",
                              fix: "reinstall with install.sh (--hooks \(context.gitDirectory) or --server), which records the hook's hash")]
    }

    static let writable = AuditCheck(
        "hooks.writable", .critical, area: .hooks, inspects: "the hook or its directory writable by others",
        fix: .removeOthersWrite) { check, context in
        guard let setup = guardSetup(context) else { return [] }
        let directory = (setup.path as NSString).deletingLastPathComponent
        return [("hook", setup.path), ("hooks directory", directory)].compactMap { what, target in
            guard FileMode.othersCanWrite(target) else { return nil }
            return check.finding(in: context, subject: target, title: "the \(what) is writable by other accounts",
                                 evidence: "\(target) mode \(FileMode.octal(target))", fix: "chmod o-w \(target)")
        }
    }

    /// Under the server-wide install, git runs git-warden's forwarders, which run the repository's own hooks:
    /// those are the ones to list.
    static let unknown = AuditCheck(
        "hooks.unknown", .info, area: .hooks, inspects: "other executable hooks") { check, context in
        let serverWide: Bool
        if case .serverWide? = GuardSetup.detect(context) { serverWide = true } else { serverWide = false }
        let directory = serverWide ? context.gitDirectory + "/hooks" : context.hooksDirectory
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let extra = names.sorted().filter { name in
            var isDirectory: ObjCBool = false
            return !name.hasSuffix(".sample") && !known.contains(name)
                && FileManager.default.fileExists(atPath: directory + "/" + name, isDirectory: &isDirectory) && !isDirectory.boolValue
                && access(directory + "/" + name, X_OK) == 0
        }
        return extra.map { name in
            check.finding(in: context, subject: name, title: "hook \(name) also runs",
                          evidence: "\(directory)/\(name) is executable",
                          fix: "make sure it is expected; remove it (or its execute bit) if not")
        }
    }
}

/// File mode reading, shared by the hook and permission checks.
enum FileMode {
    static func mode(_ path: String) -> mode_t? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode : nil
    }

    static func othersCanWrite(_ path: String) -> Bool {
        guard let mode = mode(path) else { return false }
        // A sticky world-writable directory (/tmp) still lets others add files: no exemption.
        return mode & S_IWOTH != 0
    }

    static func octal(_ path: String) -> String {
        mode(path).map { String($0 & 0o7777, radix: 8) } ?? "?"
    }
}
