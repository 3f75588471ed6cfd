import Testing
@testable import WardenPolicy

/// The descriptors are the only list of checks: these tests walk all of them, so a new check that forgets a door,
/// a severity or its kinds fails here, and a door's behaviour is shown to follow from the descriptors alone.
@Suite struct CheckDescriptorTests {
    typealias F = Fixture

    /// One rule asking for everything, so that a push can break every check at once.
    static func strictRule(creators: [String] = ["carol"]) throws -> RefRule {
        try F.rule("strict", ["refs/heads/*", "refs/notes/*"]) {
            $0.blockForcePush = true
            $0.blockDeletion = true
            $0.blockCreation = true
            $0.creators = creators
            $0.requireLinearHistory = true
            $0.maxFileSize = 10
            $0.forbiddenPaths = [try PathPattern("*.pem")]
            $0.commitMessagePattern = try MessagePattern("^feat")
            $0.authorEmailPattern = try MessagePattern("@example\\.com$")
            $0.requireSignoff = true
            $0.pushers = ["bob"]
            $0.requireSignedCommits = true
            $0.requireSignedTags = true
        }
    }

    static func policy(creators: [String] = ["carol"]) throws -> Policy {
        var policy = Policy(source: "test", rules: [try strictRule(creators: creators)])
        var attest = AttestSettings(key: "k", repositoryURI: "https://example.com/r", verifierID: "v", refs: [])
        attest.notesRef = "refs/notes/evidence"
        policy.attest = attest
        return policy
    }

    /// A creation of main that breaks every check, plus a forced update, a deletion and a push of the evidence ref.
    static func updates() -> [UpdateFacts] {
        let good = SignatureFacts(letter: "G", isGood: true, summary: "G good signature by someone else",
                                  vouchesForCommitter: false, vouchesForPusher: false)
        let bad = SignatureFacts(letter: "N", isGood: false, summary: "N unsigned", vouchesForCommitter: false,
                                 vouchesForPusher: false)
        var merge = F.commit("a1", parents: 2, message: "wip\n", author: "mallory@evil.test")
        merge.signature = good
        let unsigned = F.commit("a2", message: "wip again\n")
        var created = F.update(.creation, commits: [merge, unsigned], files: [F.file("key.pem", size: 100)])
        created.tags = [TagFacts(id: "7a9", name: "v1", signature: bad)]
        created.secrets = [SecretFacts(ruleID: "synthetic-token", ruleDescription: "Synthetic token", path: "config.txt",
                                       line: 3, column: 7, commit: "a2", redacted: "syn…", fingerprint: "a2:config.txt:synthetic-token:3")]
        created.secretGaps = [SecretGap(ruleID: "slow-rule", path: "big.txt", commit: "a2", reason: "match limit")]
        created.malformedObjects = [MalformedObjectFacts(id: "a3", kind: "commit", problem: "badTimezone", message: "bad zone")]
        return [created, F.update(.update(fastForward: false)), F.update("refs/heads/old", .deletion),
                F.update("refs/notes/evidence", .update(fastForward: true))]
    }

    func kinds(_ verdict: Verdict) -> Set<Violation.Kind> { Set((verdict.violations + verdict.warnings).map(\.kind)) }

    @Test func everyKindIsReportedByExactlyOneDescriptor() {
        for kind in Violation.Kind.allCases where kind != .undecided {
            let owners = CheckDescriptor.all.filter { $0.kinds.contains(kind) }.map(\.id)
            #expect(owners.count == 1, "\(kind.rawValue) is reported by \(owners)")
        }
        // `undecided` is the fail-closed outcome any check may have: no descriptor owns it, and it is always serious.
        #expect(CheckDescriptor.reporting(.undecided) == nil)
        #expect(CheckDescriptor.severity(of: .undecided) == .high)
    }

    @Test func everyDescriptorHasAnIDADoorAnEvaluationAndItsSeverity() {
        #expect(Set(CheckDescriptor.all.map(\.id)).count == CheckDescriptor.all.count)
        for check in CheckDescriptor.all {
            #expect(!check.doors.isEmpty, "\(check.id) runs at no door")
            #expect(!check.kinds.isEmpty, "\(check.id) reports nothing")
            #expect(check.perRule != nil || check.perUpdate != nil, "\(check.id) has no evaluation")
            for kind in check.kinds { #expect(CheckDescriptor.severity(of: kind) == check.severity) }
        }
    }

    /// Each descriptor's evaluation, run alone on the push that breaks everything, reports only its own kinds
    /// (or `undecided`), and together they report every kind.
    @Test func eachDescriptorReportsItsOwnKindsAndTogetherAllKinds() throws {
        let policy = try Self.policy()
        var seen: Set<Violation.Kind> = []
        for check in CheckDescriptor.all {
            var reported: [Violation] = []
            for update in Self.updates() {
                for rule in policy.rules(for: update.ref) {
                    reported += check.perRule?.evaluate(rule, update, "alice") ?? []
                }
                reported += check.perUpdate?.evaluate(policy, update, "alice") ?? []
            }
            #expect(!reported.isEmpty, "the fixture does not break \(check.id)")
            for violation in reported {
                #expect(check.kinds.contains(violation.kind) || violation.kind == .undecided,
                        "\(check.id) reported \(violation.kind.rawValue)")
            }
            seen.formUnion(reported.map(\.kind))
        }
        #expect(seen == Set(Violation.Kind.allCases))
    }

    @Test func preReceiveJudgesEverythingAndIsTheDefaultDoor() throws {
        let policy = try Self.policy()
        let all = policy.evaluate(Self.updates(), pusher: "alice", door: .preReceive)
        #expect(kinds(all) == Set(Violation.Kind.allCases))
        #expect(policy.evaluate(Self.updates(), pusher: "alice").violations.map(\.detail) == all.violations.map(\.detail))
    }

    @Test func clientUnknowableChecksAreDroppedAtClientDoors() throws {
        let withCreators = try Self.policy(creators: ["carol"])
        let prePush = kinds(withCreators.evaluate(Self.updates(), pusher: "alice", door: .prePush))
        #expect(!prePush.contains(.pusherNotAllowed))
        #expect(!prePush.contains(.creation))
        #expect(prePush.contains(.forcePush) && prePush.contains(.secret))
        // Without creators nobody may create the ref, which a client knows.
        let noCreators = try Self.policy(creators: [])
        #expect(kinds(noCreators.evaluate(Self.updates(), pusher: "alice", door: .prePush)).contains(.creation))
        for door in Door.allCases where door.isClientSide {
            for check in CheckDescriptor.all where check.runs(at: door) {
                if case .unknowable = check.clientKnowledge { Issue.record("\(check.id) runs at \(door.rawValue)") }
            }
            let reported = kinds(noCreators.evaluate(Self.updates(), pusher: "alice", door: door))
            #expect(!reported.contains(.pusherNotAllowed), "\(door.rawValue) reported who pushes")
        }
    }

    /// What each door reports is what the hooks kept by hand before the descriptors (their `judgedKinds`,
    /// `PrePushHook.knowableOnClient` and the audit's skipped kinds).
    @Test func doorsReportWhatTheHooksJudgedBefore() throws {
        let policy = try Self.policy()
        let all = Set(Violation.Kind.allCases)
        let expected: [Door: Set<Violation.Kind>] = [
            .preReceive: all,
            .prePush: all.subtracting([.pusherNotAllowed, .creation]),
            .preCommit: [.secret, .fileTooLarge, .forbiddenPath, .undecided],
            .commitMessage: [.commitMessage, .missingSignoff, .authorEmail, .secret, .undecided],
            .audit: all.subtracting([.pusherNotAllowed, .creation, .deletion, .forcePush]),
        ]
        for door in Door.allCases {
            #expect(kinds(policy.evaluate(Self.updates(), pusher: "alice", door: door)) == expected[door],
                    "door \(door.rawValue)")
        }
    }

    @Test func auditSeveritiesAreTheOnesTheAuditUsedBefore() {
        let expected: [Violation.Kind: CheckDescriptor.Severity] = [
            .secret: .critical, .undecided: .high, .unsignedCommit: .high, .unsignedTag: .high, .signerMismatch: .high,
            .forbiddenPath: .high, .malformedObject: .high, .fileTooLarge: .medium, .mergeCommit: .low,
            .commitMessage: .low, .authorEmail: .low, .missingSignoff: .low,
        ]
        for (kind, severity) in expected { #expect(CheckDescriptor.severity(of: kind) == severity, "\(kind.rawValue)") }
    }

    @Test func needsFollowTheRulesAndTheDoor() throws {
        let message = Policy(source: "t", rules: [try F.rule("m", ["refs/heads/*"]) {
            $0.commitMessagePattern = try MessagePattern("^feat")
        }])
        // A message pattern needs the message, not who wrote it (commit-msg then never asks git for an author).
        #expect(message.needs(ref: "refs/heads/x", door: .commitMessage) == [.commits, .secrets])
        #expect(!message.needs(ref: "refs/heads/x", door: .commitMessage).contains(.authors))
        #expect(message.needs(ref: "refs/heads/x", door: .preCommit) == .secrets)
        #expect(message.needs(ref: "refs/heads/x", door: .preReceive) == [.commits, .secrets, .objects])

        let signoff = Policy(source: "t", rules: [F.rule("s", ["refs/heads/*"]) { $0.requireSignoff = true }])
        #expect(signoff.needs(ref: "refs/heads/x", door: .commitMessage).isSuperset(of: [.commits, .authors]))
        #expect(!signoff.needs(ref: "refs/tags/v1", door: .commitMessage).contains(.commits))

        var tags = Policy(source: "t", rules: [F.rule("t", ["refs/tags/*"]) { $0.requireSignedTags = true }])
        tags.secrets.scan = .off
        #expect(tags.needs(ref: "refs/tags/v1", door: .prePush) == [.tags, .objects])
        #expect(tags.needsSignatures)
        #expect(!tags.rules[0].needsCommits)
        #expect(tags.needs(ref: "refs/tags/v1", door: .preCommit) == [])

        let files = F.rule("f", ["refs/heads/*"]) { $0.maxFileSize = 1 }
        #expect(files.needsCommits && files.needsFiles)
        #expect(files.needs(at: .commitMessage) == [])
        let guarded = F.rule("g", ["refs/heads/*"]) { $0.blockForcePush = true; $0.pushers = ["bob"] }
        #expect(guarded.needs(at: .preReceive) == [])
    }
}
