import WardenPolicy

/// Checks of the repository's git configuration: protections a server should have on (their effective values, at
/// any level), and keys of the repository's own configuration that make git run programs or read configuration
/// from elsewhere (system and user configuration belong to the administrator, not to one repository).
enum ConfigChecks {
    static let all: [AuditCheck] = serverProtections.map(\.check) + [fetchAnyObject, programs, hooksPath, includes, sharedRepository]

    /// A boolean git setting a server should have, with the fix `audit --fix` applies.
    struct Protection {
        var id: String
        var keys: [String]
        var want: Bool
        var severity: Severity
        var why: String
        /// The policy's per-ref protection the setting duplicates for every ref: when some ref lacks it, turning
        /// the setting on would refuse pushes the policy allows (reported at info, no fix offered).
        var perRef: (KeyPath<RefRule, Bool> & Sendable)? = nil

        /// Its check: bare repositories only, since those are what a server serves.
        var check: AuditCheck {
            AuditCheck(id, severity, also: perRef == nil ? [] : [.info], area: .configuration,
                       inspects: "\(keys.joined(separator: " or ")) not \(want) in a bare repository"
                           + (perRef == nil ? "" : " (info, with no fix, when the policy allows on some ref what the setting forbids on every ref)"),
                       fix: .setConfig(key: nil, value: "\(want)")) { check, context in
                ConfigChecks.evaluate(self, check, context)
            }
        }
    }

    static let serverProtections: [Protection] = [
        Protection(id: "config.deny-non-fast-forwards", keys: ["receive.denyNonFastForwards"], want: true, severity: .medium,
                   why: "git itself then refuses force pushes to every branch, even if the hook is bypassed or removed",
                   perRef: \RefRule.blockForcePush),
        Protection(id: "config.deny-deletes", keys: ["receive.denyDeletes"], want: true, severity: .low,
                   why: "git itself then refuses branch and tag deletions, even if the hook is bypassed or removed",
                   perRef: \RefRule.blockDeletion),
        Protection(id: "config.fsck-objects", keys: ["receive.fsckObjects", "transfer.fsckObjects"], want: true, severity: .medium,
                   why: "pushed objects are then checked for corruption and for crafted content (e.g. malicious .gitmodules)"),
        Protection(id: "config.reflog", keys: ["core.logAllRefUpdates"], want: true, severity: .low,
                   why: "without a reflog (off by default in bare repositories) a force push or deletion leaves no trace to recover from"),
    ]

    /// A protection that is off: the finding, at info and without a fix when the policy allows what it forbids.
    static func evaluate(_ protection: Protection, _ check: AuditCheck, _ context: AuditContext) -> [AuditFinding] {
        guard context.isBare else { return [] }
        let values = protection.keys.compactMap { context.bool($0) }
        guard !values.contains(protection.want) else { return [] }
        let current = protection.keys.map { key in "\(key) = \(context.value(key)?.value ?? "(unset)")" }
        if let allowed = contradiction(protection, context) {
            return [check.finding(in: context, subject: protection.keys[0],
                                  title: "\(protection.keys[0]) is not \(protection.want) (the policy allows it on \(allowed))",
                                  evidence: current.joined(separator: ", "),
                                  fix: "not offered: \(protection.keys[0]) applies to every ref and would refuse pushes the policy allows on \(allowed); the hook enforces the policy's protected refs",
                                  severity: .info, offersFix: false)]
        }
        return [check.finding(in: context, subject: protection.keys[0],
                              title: "\(protection.keys[0]) is not \(protection.want)",
                              evidence: current.joined(separator: ", "),
                              fix: "git config \(protection.keys[0]) \(protection.want): \(protection.why)")]
    }

    /// A ref the policy leaves open to what the setting would forbid everywhere (nil: no contradiction). An
    /// unreadable policy reports no contradiction: policy.invalid is the finding that matters then.
    static func contradiction(_ protection: Protection, _ context: AuditContext) -> String? {
        guard case .success(let policy) = context.policy, let perRef = protection.perRef else { return nil }
        return PolicyCoverage.firstUncovered(policy, perRef)
    }

    /// These let a client fetch objects no ref reaches: a secret removed from history stays downloadable.
    static let fetchAnySettings = ["uploadpack.allowAnySHA1InWant", "uploadpack.allowReachableSHA1InWant",
                                   "uploadpack.allowTipSHA1InWant"]

    /// Written in the repository's own config, so the fix also overrides a value set at a wider level.
    static let fetchAnyObject = AuditCheck(
        "config.fetch-unadvertised", .medium, area: .configuration,
        inspects: "uploadpack.allow{Any,Reachable,Tip}SHA1InWant: clients may fetch objects no ref reaches",
        fix: .setConfig(key: nil, value: "false")) { check, context in
        fetchAnySettings.compactMap { key in
            guard let entry = context.value(key), context.bool(key) == true else { return nil }
            return check.finding(in: context, subject: key, title: "\(key) is on",
                                 evidence: "\(key) = \(entry.value) (\(entry.level))",
                                 fix: "git config \(key) false: clients could fetch objects no ref reaches, such as a secret rewritten out of history")
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

    static let programs = AuditCheck(
        "config.runs-program", .high, area: .configuration,
        inspects: "keys of the repository's own config whose value git runs as a program (core.sshCommand, core.fsmonitor, filter.*.clean, diff.*.textconv, credential.helper, ...)",
        evaluate: { check, context in
        var findings: [AuditFinding] = []
        for entry in context.repositoryConfig where runsProgram(entry.name) {
            findings.append(check.finding(in: context, subject: entry.name,
                                          title: "\(entry.name) makes git run a program",
                                          evidence: "\(entry.name) = \(entry.value) (\(entry.level) config)",
                                          fix: "remove it unless it is required and its program is trusted: git config --unset \(entry.name)"))
        }
        // core.fsmonitor may be a boolean (the built-in daemon) or a hook path run on every status.
        if let monitor = context.value("core.fsmonitor"), context.isRepositoryLevel(monitor), context.bool("core.fsmonitor") == nil {
            findings.append(check.finding(in: context, subject: "core.fsmonitor",
                                          title: "core.fsmonitor names a program git runs",
                                          evidence: "core.fsmonitor = \(monitor.value) (\(monitor.level) config)",
                                          fix: "git config --unset core.fsmonitor"))
        }
        return findings
    })

    static let hooksPath = AuditCheck(
        "config.hooks-path", .high, area: .configuration,
        inspects: "core.hooksPath at any level, except the server-wide install's own") { check, context in
        guard let entry = context.value("core.hooksPath") else { return [] }
        // install.sh --server: the system configuration names git-warden's own hooks directory on purpose.
        if case .serverWide? = GuardSetup.detect(context) { return [] }
        return [check.finding(in: context, subject: "core.hooksPath",
                              title: "core.hooksPath redirects the repository's hooks",
                              evidence: "core.hooksPath = \(entry.value) (\(entry.level) config): git runs hooks from \(context.hooksDirectory), not \(context.gitDirectory)/hooks",
                              fix: "unset it (git config --unset core.hooksPath) or make sure the directory holds git-warden's pre-receive hook and is not writable by others")]
    }

    static let includes = AuditCheck(
        "config.include", .medium, area: .configuration,
        inspects: "include.path and includeIf.*.path in the repository's own config") { check, context in
        context.repositoryConfig.filter { entry in
            let key = entry.name.lowercased()
            return key == "include.path" || (key.hasPrefix("includeif.") && key.hasSuffix(".path"))
        }.map { entry in
            check.finding(in: context, subject: "\(entry.name)=\(entry.value)",
                          title: "configuration is read from another file",
                          evidence: "\(entry.name) = \(entry.value) (\(entry.level) config)",
                          fix: "fold the included settings into the repository config, or make sure the included file is owned by the server account and not writable by others")
        }
    }

    /// `core.sharedRepository`: an octal mode giving others write access is a hole; world/everybody/all makes the
    /// repository readable by every local account, worth knowing on a multi-user server.
    static let sharedRepository = AuditCheck(
        "config.shared-repository", .high, also: [.low], area: .configuration,
        inspects: "core.sharedRepository: an octal mode writable by others (high), world-readable (low)",
        fix: .setConfig(key: "core.sharedRepository", value: "group")) { check, context in
        guard let entry = context.value("core.sharedRepository") else { return [] }
        let value = entry.value.lowercased()
        let evidence = "core.sharedRepository = \(entry.value) (\(entry.level) config)"
        if value.hasPrefix("0"), let mode = Int(value, radix: 8), mode & 0o002 != 0 {
            return [check.finding(in: context, subject: "core.sharedRepository",
                                  title: "core.sharedRepository makes new files writable by every local account",
                                  evidence: evidence,
                                  fix: "git config core.sharedRepository group, then remove others' write access from existing files")]
        }
        if ["world", "everybody", "all", "2"].contains(value) {
            return [check.finding(in: context, subject: "core.sharedRepository",
                                  title: "core.sharedRepository makes the repository readable by every local account",
                                  evidence: evidence, fix: "git config core.sharedRepository group, if the code is not public",
                                  severity: .low, offersFix: false)]
        }
        return []
    }
}
