import Crypto
import Foundation

/// Checks of the hooks directory: git-warden's pre-receive hook present, executable, unchanged since install.sh
/// wrote it (it records the hook's SHA-256 in `$GIT_DIR/git-warden/pre-receive.sha256`), not writable by others;
/// and which other hooks would run.
enum HookChecks {
    typealias Check = AuditCheck

    static let all: [Check] = [guardHook, otherHooks]
    static let marker = "git-warden pre-receive hook"
    /// Hooks git-warden installs or chains; every other executable hook is listed.
    static let known: Set<String> = ["pre-receive", "pre-receive.chained"]

    static func recordPath(_ context: AuditContext) -> String { context.gitDirectory + "/git-warden/pre-receive.sha256" }

    static let guardHook: Check = { context in
        guard context.isBare else { return [] }
        let path = context.hooksDirectory + "/pre-receive"
        guard let data = FileManager.default.contents(atPath: path) else {
            return [context.finding("hooks.missing", .high, subject: "pre-receive", title: "no pre-receive hook: pushes are not judged",
                                    evidence: "\(path) does not exist",
                                    fix: "install.sh --hooks \(context.gitDirectory)")]
        }
        guard String(decoding: data.prefix(1024), as: UTF8.self).contains(marker) else {
            return [context.finding("hooks.missing", .high, subject: "pre-receive",
                                    title: "the pre-receive hook is not git-warden's: pushes are not judged by the policy",
                                    evidence: "\(path) does not carry the git-warden marker",
                                    fix: "install.sh --hooks \(context.gitDirectory) (the existing hook is kept as pre-receive.chained)")]
        }
        var findings: [AuditFinding] = []
        if access(path, X_OK) != 0 {
            findings.append(context.finding("hooks.not-executable", .high, subject: path,
                                            title: "the pre-receive hook is not executable: git skips it",
                                            evidence: "\(path) mode \(FileMode.octal(path))",
                                            fix: "chmod +x \(path)", fixable: true))
        }
        let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        if let recorded = try? String(contentsOfFile: recordPath(context), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines) {
            if recorded != digest {
                findings.append(context.finding("hooks.modified", .critical, subject: "pre-receive",
                                                title: "the pre-receive hook changed since it was installed",
                                                evidence: "sha256 \(digest), install.sh recorded \(recorded) in \(recordPath(context))",
                                                fix: "compare it with hooks/pre-receive of the release, find who changed it, reinstall with install.sh --hooks"))
            }
        } else {
            findings.append(context.finding("hooks.unrecorded", .low, subject: "pre-receive",
                                            title: "no installation record for the pre-receive hook",
                                            evidence: "\(recordPath(context)) is missing, so changes to the hook cannot be noticed",
                                            fix: "reinstall with install.sh --hooks \(context.gitDirectory), which records the hook's hash"))
        }
        for (what, target) in [("hook", path), ("hooks directory", context.hooksDirectory)] where FileMode.othersCanWrite(target) {
            findings.append(context.finding("hooks.writable", .critical, subject: target,
                                            title: "the \(what) is writable by other accounts",
                                            evidence: "\(target) mode \(FileMode.octal(target))",
                                            fix: "chmod o-w \(target)", fixable: true))
        }
        return findings
    }

    static let otherHooks: Check = { context in
        let names = (try? FileManager.default.contentsOfDirectory(atPath: context.hooksDirectory)) ?? []
        let extra = names.sorted().filter { name in
            !name.hasSuffix(".sample") && !known.contains(name) && access(context.hooksDirectory + "/" + name, X_OK) == 0
        }
        return extra.map { name in
            context.finding("hooks.unknown", .info, subject: name, title: "hook \(name) also runs",
                            evidence: "\(context.hooksDirectory)/\(name) is executable",
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
