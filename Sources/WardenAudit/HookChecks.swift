import Crypto
import Foundation
import WardenFormats

/// Checks of the hooks directory: git-warden's pre-receive hook present, executable, unchanged since install.sh
/// wrote it (it records the hook's SHA-256 in `$GIT_DIR/git-warden/pre-receive.sha256`), not writable by others;
/// and which other hooks would run.
enum HookChecks {
    typealias Check = AuditCheck

    static let all: [Check] = [guardHook, otherHooks]
    /// Hooks git-warden installs or chains; every other executable hook is listed.
    static let known: Set<String> = ["pre-receive", "pre-receive.chained", "post-receive", "post-receive.chained"]

    static func recordPath(_ context: AuditContext) -> String { context.gitDirectory + "/git-warden/pre-receive.sha256" }

    static let guardHook: Check = { context in
        guard context.isBare else { return [] }
        let path = context.hooksDirectory + "/pre-receive"
        guard let setup = GuardSetup.detect(context) else {
            guard FileManager.default.fileExists(atPath: path) else {
                return [context.finding("hooks.missing", .high, subject: "pre-receive", title: "no pre-receive hook: pushes are not judged",
                                        evidence: "\(path) does not exist",
                                        fix: "install.sh --hooks \(context.gitDirectory), or install.sh --server for every repository")]
            }
            return [context.finding("hooks.missing", .high, subject: "pre-receive",
                                    title: "the pre-receive hook is not git-warden's: pushes are not judged by the policy",
                                    evidence: "\(path) neither carries the git-warden marker nor runs git-warden pre-receive",
                                    fix: "install.sh --hooks \(context.gitDirectory) (the existing hook is kept as pre-receive.chained)")]
        }
        var findings: [AuditFinding] = []
        if access(setup.path, X_OK) != 0 {
            findings.append(context.finding("hooks.not-executable", .high, subject: setup.path,
                                            title: "the hook that runs git-warden is not executable: git skips it",
                                            evidence: "\(setup.path) mode \(FileMode.octal(setup.path))",
                                            fix: "chmod +x \(setup.path)", fixable: true))
        }
        // Installer-written hooks carry a recorded hash; the forges' recipes are written by hand and have none.
        let record: String?
        switch setup {
        case .repositoryHook: record = recordPath(context)
        case .serverWide: record = (context.hooksDirectory as NSString).deletingLastPathComponent + "/pre-receive.sha256"
        case .shim: record = nil
        }
        if let record, let data = FileManager.default.contents(atPath: setup.path) {
            let digest = Hex.encode(SHA256.hash(data: data))
            if let recorded = try? String(contentsOfFile: record, encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines) {
                if recorded != digest {
                    findings.append(context.finding("hooks.modified", .critical, subject: "pre-receive",
                                                    title: "the pre-receive hook changed since it was installed",
                                                    evidence: "sha256 \(digest) of \(setup.path), install.sh recorded \(recorded) in \(record)",
                                                    fix: "compare it with hooks/pre-receive of the release, find who changed it, reinstall with install.sh"))
                }
            } else {
                findings.append(context.finding("hooks.unrecorded", .low, subject: "pre-receive",
                                                title: "no installation record for the pre-receive hook",
                                                evidence: "\(record) is missing, so changes to the hook cannot be noticed",
                                                fix: "reinstall with install.sh (--hooks \(context.gitDirectory) or --server), which records the hook's hash"))
            }
        }
        let directory = (setup.path as NSString).deletingLastPathComponent
        for (what, target) in [("hook", setup.path), ("hooks directory", directory)] where FileMode.othersCanWrite(target) {
            findings.append(context.finding("hooks.writable", .critical, subject: target,
                                            title: "the \(what) is writable by other accounts",
                                            evidence: "\(target) mode \(FileMode.octal(target))",
                                            fix: "chmod o-w \(target)", fixable: true))
        }
        return findings
    }

    /// Under the server-wide install, git runs git-warden's forwarders, which run the repository's own hooks:
    /// those are the ones to list.
    static let otherHooks: Check = { context in
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
            context.finding("hooks.unknown", .info, subject: name, title: "hook \(name) also runs",
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
