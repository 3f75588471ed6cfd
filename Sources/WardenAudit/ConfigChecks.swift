/// Checks of the repository's git configuration: protections a server should have on (their effective values, at
/// any level), and keys of the repository's own configuration that make git run programs or read configuration
/// from elsewhere (system and user configuration belong to the administrator, not to one repository).
enum ConfigChecks {
    typealias Check = AuditCheck

    static let all: [Check] = [protections, fetchAnyObject, programs, hooksPath, includes, sharedRepository]

    /// A boolean git setting a server should have, with the fix `audit --fix` applies.
    struct Protection {
        var id: String
        var keys: [String]
        var want: Bool
        var severity: Severity
        var why: String
    }

    static let serverProtections: [Protection] = [
        Protection(id: "config.deny-non-fast-forwards", keys: ["receive.denyNonFastForwards"], want: true, severity: .medium,
                   why: "git itself then refuses force pushes to every branch, even if the hook is bypassed or removed"),
        Protection(id: "config.deny-deletes", keys: ["receive.denyDeletes"], want: true, severity: .low,
                   why: "git itself then refuses branch and tag deletions, even if the hook is bypassed or removed"),
        Protection(id: "config.fsck-objects", keys: ["receive.fsckObjects", "transfer.fsckObjects"], want: true, severity: .medium,
                   why: "pushed objects are then checked for corruption and for crafted content (e.g. malicious .gitmodules)"),
        Protection(id: "config.reflog", keys: ["core.logAllRefUpdates"], want: true, severity: .low,
                   why: "without a reflog (off by default in bare repositories) a force push or deletion leaves no trace to recover from"),
    ]

    /// Server protections apply to bare repositories, which are what a server serves.
    static let protections: Check = { context in
        guard context.isBare else { return [] }
        return serverProtections.compactMap { protection in
            let values = protection.keys.compactMap { context.bool($0) }
            guard !values.contains(protection.want) else { return nil }
            let current = protection.keys.map { key in "\(key) = \(context.value(key)?.value ?? "(unset)")" }
            if let allowed = contradiction(protection, context) {
                return context.finding(protection.id, .info, subject: protection.keys[0],
                                       title: "\(protection.keys[0]) is not \(protection.want) (the policy allows it on \(allowed))",
                                       evidence: current.joined(separator: ", "),
                                       fix: "not offered: \(protection.keys[0]) applies to every ref and would refuse pushes the policy allows on \(allowed); the hook enforces the policy's protected refs")
            }
            return context.finding(protection.id, protection.severity, subject: protection.keys[0],
                                   title: "\(protection.keys[0]) is not \(protection.want)",
                                   evidence: current.joined(separator: ", "),
                                   fix: "git config \(protection.keys[0]) \(protection.want): \(protection.why)", fixable: true)
        }
    }

    /// A ref the policy leaves open to what the setting would forbid everywhere (nil: no contradiction). An
    /// unreadable policy reports no contradiction: policy.invalid is the finding that matters then.
    static func contradiction(_ protection: Protection, _ context: AuditContext) -> String? {
        guard case .success(let policy) = context.policy else { return nil }
        switch protection.id {
        case "config.deny-non-fast-forwards": return PolicyCoverage.firstUncovered(policy, \.blockForcePush)
        case "config.deny-deletes": return PolicyCoverage.firstUncovered(policy, \.blockDeletion)
        default: return nil
        }
    }

    /// These let a client fetch objects no ref reaches: a secret removed from history stays downloadable.
    static let fetchAnySettings = ["uploadpack.allowAnySHA1InWant", "uploadpack.allowReachableSHA1InWant",
                                   "uploadpack.allowTipSHA1InWant"]

    static let fetchAnyObject: Check = { context in
        fetchAnySettings.compactMap { key in
            guard context.bool(key) == true else { return nil }
            return context.finding("config.fetch-unadvertised", .medium, subject: key, title: "\(key) is on",
                                   evidence: "\(key) = \(context.value(key)!.value) (\(context.value(key)!.level))",
                                   fix: "git config \(key) false: clients could fetch objects no ref reaches, such as a secret rewritten out of history",
                                   fixable: true)
        }
    }

    /// Keys whose value git runs as a program (or a shell command) in this repository's context.
    static func runsProgram(_ name: String) -> Bool {
        let key = name.lowercased()
        let exact: Set<String> = [
            "core.sshcommand", "core.pager", "core.editor", "core.askpass", "sequence.editor", "diff.external",
            "gpg.program", "gpg.ssh.program", "gpg.x509.program", "credential.helper", "uploadpack.packobjectshook",
            "receive.procreceiverefs", "core.alternaterefscommand", "pager.log", "web.browser", "merge.tool",
        ]
        if exact.contains(key) { return true }
        let parts = key.split(separator: ".")
        guard parts.count >= 3, let last = parts.last else { return false }
        switch parts[0] {
        case "filter": return ["clean", "smudge", "process"].contains(last)
        case "diff": return ["textconv", "command"].contains(last)
        case "merge": return last == "driver"
        case "credential": return last == "helper"
        default: return false
        }
    }

    static let programs: Check = { context in
        var findings: [AuditFinding] = []
        for entry in context.repositoryConfig where runsProgram(entry.name) {
            findings.append(context.finding("config.runs-program", .high, subject: entry.name,
                                            title: "\(entry.name) makes git run a program",
                                            evidence: "\(entry.name) = \(entry.value) (\(entry.level) config)",
                                            fix: "remove it unless it is required and its program is trusted: git config --unset \(entry.name)"))
        }
        // core.fsmonitor may be a boolean (the built-in daemon) or a hook path run on every status.
        if let monitor = context.value("core.fsmonitor"), context.isRepositoryLevel(monitor), context.bool("core.fsmonitor") == nil {
            findings.append(context.finding("config.runs-program", .high, subject: "core.fsmonitor",
                                            title: "core.fsmonitor names a program git runs",
                                            evidence: "core.fsmonitor = \(monitor.value) (\(monitor.level) config)",
                                            fix: "git config --unset core.fsmonitor"))
        }
        return findings
    }

    static let hooksPath: Check = { context in
        guard let entry = context.value("core.hooksPath") else { return [] }
        // install.sh --server: the system configuration names git-warden's own hooks directory on purpose.
        if case .serverWide? = GuardSetup.detect(context) { return [] }
        return [context.finding("config.hooks-path", .high, subject: "core.hooksPath",
                                title: "core.hooksPath redirects the repository's hooks",
                                evidence: "core.hooksPath = \(entry.value) (\(entry.level) config): git runs hooks from \(context.hooksDirectory), not \(context.gitDirectory)/hooks",
                                fix: "unset it (git config --unset core.hooksPath) or make sure the directory holds git-warden's pre-receive hook and is not writable by others")]
    }

    static let includes: Check = { context in
        context.repositoryConfig.filter { entry in
            let key = entry.name.lowercased()
            return key == "include.path" || (key.hasPrefix("includeif.") && key.hasSuffix(".path"))
        }.map { entry in
            context.finding("config.include", .medium, subject: "\(entry.name)=\(entry.value)",
                            title: "configuration is read from another file",
                            evidence: "\(entry.name) = \(entry.value) (\(entry.level) config)",
                            fix: "fold the included settings into the repository config, or make sure the included file is owned by the server account and not writable by others")
        }
    }

    /// `core.sharedRepository`: an octal mode giving others write access is a hole; world/everybody/all makes the
    /// repository readable by every local account, worth knowing on a multi-user server.
    static let sharedRepository: Check = { context in
        guard let entry = context.value("core.sharedRepository") else { return [] }
        let value = entry.value.lowercased()
        let evidence = "core.sharedRepository = \(entry.value) (\(entry.level) config)"
        if value.hasPrefix("0"), let mode = Int(value, radix: 8), mode & 0o002 != 0 {
            return [context.finding("config.shared-repository", .high, subject: "core.sharedRepository",
                                    title: "core.sharedRepository makes new files writable by every local account",
                                    evidence: evidence,
                                    fix: "git config core.sharedRepository group, then remove others' write access from existing files",
                                    fixable: true)]
        }
        if ["world", "everybody", "all", "2"].contains(value) {
            return [context.finding("config.shared-repository", .low, subject: "core.sharedRepository",
                                    title: "core.sharedRepository makes the repository readable by every local account",
                                    evidence: evidence, fix: "git config core.sharedRepository group, if the code is not public")]
        }
        return []
    }
}
