import Foundation
import Testing
@testable import WardenAudit
import WardenPolicy

/// The audit checks as data: ids unique, every one documented in the README's table with its severities and fix,
/// every fix one the fixer applies, history severities as the replay reports them, and the store resolving every
/// state check by the derived ids.
@Suite struct AuditCatalogTests {
    /// The README's table, as the checks describe themselves.
    static var expectedTable: String {
        (["| check | severity | what it inspects | `--fix` |", "| --- | --- | --- | --- |"]
            + AuditChecks.all.map { check in
                "| `\(check.id)` | \(check.severities.map(\.rawValue).joined(separator: ", ")) | \(check.inspects) | \(check.fix?.summary ?? "") |"
            }).joined(separator: "\n")
    }

    @Test func idsAreUniqueAndNamedByArea() {
        let ids = AuditChecks.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        for check in AuditChecks.all {
            #expect(check.id.wholeMatch(of: /[a-z]+\.[a-z]+(-[a-z]+)*/) != nil, "\(check.id)")
            #expect(!check.inspects.contains("|") && !check.inspects.isEmpty, "\(check.id)")
            #expect(!check.otherSeverities.contains(check.severity), "\(check.id)")
        }
    }

    @Test func readmeDocumentsEveryCheckWithItsSeverityAndFix() throws {
        let readme = try String(contentsOfFile: Sandbox.projectRoot + "/README.md", encoding: .utf8)
        #expect(readme.contains(Self.expectedTable + "\n"), "README's audit table differs from the checks; expected:\n\(Self.expectedTable)")
        // Every id the README names in backticks under the audit section is a check (no stale ids).
        let section = readme.components(separatedBy: "## Audits and the audit daemon").dropFirst().first?
            .components(separatedBy: "\n## ").first ?? ""
        let named = Set(section.matches(of: /`((?:config|hooks|permissions|policy|history|evidence|pushlog)\.[a-z-]+)`/).map { String($0.1) })
        #expect(!named.isEmpty && named.isSubset(of: Set(AuditChecks.all.map(\.id))), "\(named.subtracting(AuditChecks.all.map(\.id)))")
    }

    @Test func stateCheckIdsAreDerivedFromTheChecks() {
        let state = Set(AuditChecks.all.filter { $0.evaluate != nil }.map(\.id))
        #expect(state.isSubset(of: RepositoryAuditor.stateCheckIDs))
        #expect(RepositoryAuditor.stateCheckIDs.subtracting(state) == ["history.error"])
        // Ids the hand-kept list once missed: their findings were never resolved.
        #expect(RepositoryAuditor.stateCheckIDs.isSuperset(of: ["hooks.rules-uncached", "policy.misplaced", "policy.unreadable-file",
                                                               "evidence.missing", "pushlog.broken"]))
        #expect(AuditChecks.isIncremental("history.secret") && !AuditChecks.isIncremental("history.error"))
        #expect(AuditChecks.isIncremental("no.such-check"))
    }

    /// Every fixable check's fix, applied by the fixer to a real repository in the state the check reports; a check
    /// without a fix is never fixed.
    @Test func everyFixIsOneTheFixerApplies() throws {
        let box = try Sandbox()
        let server = try box.server(policy: nil)
        for check in AuditChecks.all {
            let subject: String
            switch check.fix {
            case .setConfig(nil, _)?: subject = check.id == "config.fetch-unadvertised" ? "uploadpack.allowAnySHA1InWant" : "receive.denyDeletes"
            case .setConfig?: subject = "core.sharedRepository"
            case .makeExecutable?:
                subject = "\(server)/hooks/pre-receive"
                try box.must(["chmod", "a-x", subject])
            case .removeOthersWrite?:
                subject = "\(server)/objects"
                try box.must(["chmod", "o+w", subject])
            case nil: subject = "anything"
            }
            let finding = AuditFinding(checkID: check.id, severity: check.severity, repository: server, subject: subject,
                                       title: "t", evidence: "e", fix: "f", fixable: true)
            let (changes, failures) = AuditFixer.fix([finding])
            if let fix = check.fix {
                #expect(failures.isEmpty && changes.count == 1, "\(check.id): \(failures.map(\.1))")
                switch fix {
                case .setConfig(let key, let value):
                    #expect(try box.git("config", "--file", "\(server)/config", key ?? subject, in: box.root) == value, "\(check.id)")
                case .makeExecutable: #expect(access(subject, X_OK) == 0)
                case .removeOthersWrite: #expect(!FileMode.othersCanWrite(subject))
                }
            } else {
                #expect(changes.isEmpty && failures.first?.1 == "no automatic fix for \(check.id)", "\(check.id)")
            }
        }
    }

    /// The history checks document the severities the replay gives each violation kind.
    @Test func historySeveritiesAreTheReplays() throws {
        let box = try Sandbox()
        let server = try box.server(policy: nil)
        let context = try AuditContext(repository: try .open(at: server))
        let policy = try context.policy.get()
        let replay = HistoryAudit(context: context, policy: policy, previousRefs: nil, secretScanner: nil)
        let replayed = AuditChecks.all.filter { $0.area == .history && $0.evaluate == nil && $0.scope == .history }
        var kinds: Set<String> = []
        for check in replayed where !["history.ref-rewritten", "history.ref-deleted"].contains(check.id) {
            let kind = String(check.id.dropFirst("history.".count))
            kinds.insert(kind)
            let violation = try JSONDecoder().decode(Violation.self, from: Data("""
                {"rule":"r","kind":"\(kind)","ref":"refs/heads/main","mode":"enforce","detail":"d","fix":"f"}
                """.utf8))
            let finding = replay.finding(for: violation, evaluateMode: false)
            #expect(finding.checkID == check.id && finding.severity == check.severity, "\(check.id): \(finding.severity)")
        }
        // Every kind the audit door can report has its check; pusher and ref-creation rules do not run there.
        let audited = Set(CheckDescriptor.all.filter { $0.doors.contains(.audit) }.flatMap(\.kinds).map(\.rawValue) + ["undecided"])
        #expect(kinds == audited)
        for kind in ["pusher-not-allowed", "creation", "deletion", "force-push"] {
            #expect(AuditChecks.byID["history.\(kind)"] == nil)
        }
    }

    /// Every finding the audit makes belongs to a check and carries one of its documented severities; only checks
    /// with a fix make fixable findings.
    @Test func findingsBelongToTheirChecks() throws {
        let box = try Sandbox()
        let server = try box.server(policy: nil)
        try box.git("config", "uploadpack.allowAnySHA1InWant", "true", in: server)
        try box.git("config", "core.sharedRepository", "0666", in: server)
        try box.git("config", "core.sshCommand", "ssh -i key", in: server)
        try box.must(["chmod", "o+w", "\(server)/refs", "\(server)/hooks/pre-receive"])
        try box.write("\(server)/.git-warden.toml", "")
        try box.write("\(server)/hooks/post-update", "#!/bin/sh\n")
        try box.must(["chmod", "+x", "\(server)/hooks/post-update"])
        let audit = try RepositoryAuditor().audit(gitDirectory: server, previousRefs: nil)
        #expect(audit.findings.count >= 8)
        for finding in audit.findings {
            let check = try #require(AuditChecks.byID[finding.checkID], "\(finding.checkID)")
            #expect(check.severities.contains(finding.severity), "\(finding.checkID) \(finding.severity)")
            #expect(!finding.fixable || check.fix != nil, "\(finding.checkID)")
        }
        #expect(audit.completeChecks == AuditChecks.stateCheckIDs)
    }

    /// A state check the hand-kept id list left out had its findings stay open forever; derived, they resolve.
    @Test func aMisplacedPolicyFindingIsResolvedWhenTheFileGoes() throws {
        let (box, server) = try AuditCheckTests.wellConfigured()
        let store = "\(box.root)/state/findings.sqlite"
        try box.write("\(server)/.git-warden.toml", "")
        let first = try box.run([Sandbox.binary, "audit", server, "--store", store, "--format", "json"])
        #expect(first.stdout.contains("policy.misplaced"), "\(first.output)")
        try FileManager.default.removeItem(atPath: "\(server)/.git-warden.toml")
        let second = try box.run([Sandbox.binary, "audit", server, "--store", store, "--format", "json"])
        #expect(second.status == 0, "\(second.output)")
        let resolved = try box.must([Sandbox.binary, "findings", "--store", store, "--state", "resolved", "--format", "json"])
        let items = try JSONSerialization.jsonObject(with: Data(resolved.utf8)) as? [[String: Any]] ?? []
        #expect(items.map { $0["checkID"] as? String } == ["policy.misplaced"], "\(resolved)")
    }
}
