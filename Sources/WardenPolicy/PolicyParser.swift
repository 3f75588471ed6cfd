import WardenTOML

/// Reads a policy from TOML, reporting every mistake with file, line and key.
///
/// Unknown keys are errors, not warnings: a misspelt `block-force-pushes = true` would otherwise leave a branch
/// unprotected while its administrator believes it is protected.
public enum PolicyParser {
    static let topLevelKeys: Set<String> = ["rule", "hook", "signers", "secrets", "attest", "bypass", "notify"]
    static let ruleKeys: Set<String> = [
        "id", "refs", "block-force-push", "block-deletion", "block-creation", "creators",
        "require-linear-history", "max-file-size", "forbidden-paths", "commit-message-pattern",
        "author-email-pattern", "pushers", "mode", "description", "require-signed-commits", "require-signed-tags",
        "signer-must-match", "require-signoff",
    ]
    static let signerKeys: Set<String> = [
        "ssh-allowed-signers", "ssh-revoked-keys", "openpgp-keyring", "openpgp-allow-sha1-bindings", "pushers",
    ]
    static let hookKeys: Set<String> = ["on-error", "timeout", "log"]
    static let secretKeys: Set<String> = [
        "scan", "refs", "config", "ignore-file", "inline-allow", "max-scan-size", "scan-binary", "warn-tags",
    ]

    public static func parse(_ text: String, source: String) throws(TOMLError) -> Policy {
        try parse(TOMLDocument.parse(text, source: source))
    }

    public static func parse(bytes: [UInt8], source: String) throws(TOMLError) -> Policy {
        try parse(TOMLDocument.parse(bytes: bytes, source: source))
    }

    static func parse(_ root: TOMLTable) throws(TOMLError) -> Policy {
        try root.rejectUnknownKeys(allowed: topLevelKeys, context: "the policy")
        var rules: [RefRule] = []
        var seenIDs: [String: Int] = [:]
        for (index, table) in (try root.tables("rule") ?? []).enumerated() {
            let rule = try parseRule(table, index: index)
            if let earlier = seenIDs[rule.id] {
                throw table.error("rule id '\(rule.id)' is already used by the rule at line \(earlier)", key: "id")
            }
            seenIDs[rule.id] = rule.line
            rules.append(rule)
        }
        var hook = HookSettings()
        if let table = try root.table("hook") { hook = try parseHook(table) }
        var signers = SignerSettings()
        if let table = try root.table("signers") { signers = try parseSigners(table) }
        var secrets = SecretSettings()
        if let table = try root.table("secrets") { secrets = try parseSecrets(table) }
        var policy = Policy(source: root.source, rules: rules, hook: hook, signers: signers, secrets: secrets)
        if let table = try root.table("attest") { policy.attest = try parseAttest(table) }
        if let table = try root.table("bypass") { policy.bypass = try parseBypass(table) }
        if let table = try root.table("notify") { policy.notify = try parseNotify(table) }
        if policy.needsSignatures && !signers.hasKeys {
            let rule = rules.first { $0.requireSignedCommits || $0.requireSignedTags }
            throw TOMLError(source: root.source, position: TOMLPosition(line: rule?.line ?? 1, column: 1),
                            message: "rule '\(rule?.id ?? "")' requires signatures, but [signers] names no trusted keys "
                                + "(ssh-allowed-signers or openpgp-keyring)")
        }
        return policy
    }

    static func parseRule(_ table: TOMLTable, index: Int) throws(TOMLError) -> RefRule {
        try table.rejectUnknownKeys(allowed: ruleKeys, context: "[[rule]]")
        guard let refTexts = try table.strings("refs"), !refTexts.isEmpty else {
            throw table.error("[[rule]] needs 'refs', a list of ref patterns such as [\"refs/heads/main\"]",
                              key: table["refs"] == nil ? nil : "refs")
        }
        var refs: [GlobPattern] = []
        for text in refTexts {
            guard text.hasPrefix("refs/") || text.hasPrefix("*") || text == "HEAD" else {
                throw table.error("ref pattern '\(text)' must be a full ref name such as 'refs/heads/\(text)'",
                                  key: "refs")
            }
            refs.append(try pattern(text, key: "refs", in: table, GlobPattern.init))
        }
        let id = try table.string("id") ?? "rule-\(index + 1)"
        var rule = RefRule(id: id, refs: refs, line: table.position.line)
        rule.blockForcePush = try table.bool("block-force-push") ?? false
        rule.blockDeletion = try table.bool("block-deletion") ?? false
        rule.blockCreation = try table.bool("block-creation") ?? false
        rule.creators = try table.strings("creators") ?? []
        rule.requireLinearHistory = try table.bool("require-linear-history") ?? false
        rule.pushers = try table.strings("pushers") ?? []
        if let size = try sizeValue(table, "max-file-size") { rule.maxFileSize = size }
        for text in try table.strings("forbidden-paths") ?? [] {
            rule.forbiddenPaths.append(try pattern(text, key: "forbidden-paths", in: table, PathPattern.init))
        }
        if let text = try table.string("commit-message-pattern") {
            rule.commitMessagePattern = try pattern(text, key: "commit-message-pattern", in: table, MessagePattern.init)
        }
        if let text = try table.string("author-email-pattern") {
            rule.authorEmailPattern = try pattern(text, key: "author-email-pattern", in: table, MessagePattern.init)
        }
        rule.requireSignoff = try table.bool("require-signoff") ?? false
        rule.requireSignedCommits = try table.bool("require-signed-commits") ?? false
        rule.requireSignedTags = try table.bool("require-signed-tags") ?? false
        if let text = try table.string("signer-must-match") {
            guard let match = SignerMatch(rawValue: text) else {
                throw table.error("signer-must-match must be \"committer\", \"any-trusted-key\" or \"pusher\", not \"\(text)\"",
                                  key: "signer-must-match")
            }
            rule.signerMustMatch = match
        }
        if let text = try table.string("mode") {
            guard let mode = EnforcementMode(rawValue: text) else {
                throw table.error("mode must be \"enforce\" or \"evaluate\", not \"\(text)\"", key: "mode")
            }
            rule.mode = mode
        }
        return rule
    }

    static func parseSigners(_ table: TOMLTable) throws(TOMLError) -> SignerSettings {
        try table.rejectUnknownKeys(allowed: signerKeys, context: "[signers]")
        let resolve = { (path: String) in besidePolicy(path, source: table.source) }
        var signers = SignerSettings()
        signers.sshAllowedSigners = try table.string("ssh-allowed-signers").map(resolve)
        signers.sshRevokedKeys = try table.string("ssh-revoked-keys").map(resolve)
        signers.openPGPKeyrings = (try table.strings("openpgp-keyring") ?? []).map(resolve)
        signers.openPGPAllowSHA1Bindings = try table.bool("openpgp-allow-sha1-bindings") ?? false
        if let pushers = try table.table("pushers") {
            for entry in pushers.entries {
                guard let identities = try pushers.strings(entry.key) else { continue }
                signers.pushers[entry.key] = identities
            }
        }
        return signers
    }

    /// A trailing `/*` in `[secrets] refs` covers every ref below, as in a git refspec (`refs/*` = all refs):
    /// reading it segment-wise would silently scan nothing but one-level refs.
    static func parseSecrets(_ table: TOMLTable) throws(TOMLError) -> SecretSettings {
        try table.rejectUnknownKeys(allowed: secretKeys, context: "[secrets]")
        var secrets = SecretSettings()
        secrets.line = table.position.line
        if let text = try table.string("scan") {
            guard let scan = SecretSettings.Scan(rawValue: text) else {
                throw table.error("scan must be \"enforce\", \"evaluate\" or \"off\", not \"\(text)\"", key: "scan")
            }
            secrets.scan = scan
        }
        for text in try table.strings("refs") ?? [] {
            guard text.hasPrefix("refs/") || text.hasPrefix("*") else {
                throw table.error("ref pattern '\(text)' must be a full ref name such as 'refs/heads/\(text)'", key: "refs")
            }
            let glob = text.hasSuffix("/*") ? text + "*" : text
            secrets.refs.append(try pattern(glob, key: "refs", in: table, GlobPattern.init))
        }
        secrets.config = try table.string("config").map { besidePolicy($0, source: table.source) }
        secrets.ignoreFile = try table.string("ignore-file").map { besidePolicy($0, source: table.source) }
        secrets.inlineAllow = try table.bool("inline-allow") ?? true
        secrets.warnTags = Set(try table.strings("warn-tags") ?? [])
        secrets.scanBinary = try table.bool("scan-binary") ?? false
        if let size = try sizeValue(table, "max-scan-size") {
            guard size > 0 else { throw table.error("max-scan-size must be more than 0 bytes", key: "max-scan-size") }
            secrets.maxScanSize = size
        }
        return secrets
    }

    /// Files named by a policy are relative to the policy file, so a policy and its keys and rules move together.
    static func besidePolicy(_ path: String, source: String) -> String {
        guard !path.hasPrefix("/") else { return path }
        let directory = source.contains("/") ? String(source[..<source.lastIndex(of: "/")!]) : "."
        return directory + "/" + path
    }

    static func parseHook(_ table: TOMLTable) throws(TOMLError) -> HookSettings {
        try table.rejectUnknownKeys(allowed: hookKeys, context: "[hook]")
        var hook = HookSettings()
        if let text = try table.string("on-error") {
            guard let value = HookSettings.OnError(rawValue: text) else {
                throw table.error("on-error must be \"reject\" or \"accept\", not \"\(text)\"", key: "on-error")
            }
            hook.onError = value
        }
        if let seconds = try table.duration("timeout") { hook.timeoutSeconds = seconds }
        hook.log = try table.bool("log") ?? true
        return hook
    }

    static func sizeValue(_ table: TOMLTable, _ key: String) throws(TOMLError) -> Int? {
        guard let node = table[key] else { return nil }
        switch node.value {
        case .integer(let value) where value >= 0:
            return Int(value)
        case .string(let text):
            guard let bytes = ByteSize.parse(text) else {
                throw table.error("'\(text)' is not a size; write e.g. \"10 MiB\", \"500 KB\" or a number of bytes",
                                  key: key)
            }
            return bytes
        default:
            throw table.error("expected a size such as \"10 MiB\"", key: key)
        }
    }

    static func pattern<P>(_ text: String, key: String, in table: TOMLTable,
                           _ make: (String) throws(PatternError) -> P) throws(TOMLError) -> P {
        do {
            return try make(text)
        } catch {
            throw table.error(error.description, key: key)
        }
    }
}
