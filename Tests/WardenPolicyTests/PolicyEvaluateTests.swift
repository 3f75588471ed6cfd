import Testing
@testable import WardenPolicy

/// Builders shared by the evaluation and explain tests.
enum Fixture {
    static let oldID = "1111111111111111111111111111111111111111"
    static let newID = "2222222222222222222222222222222222222222"

    static func rule(_ id: String, _ refs: [String], line: Int = 1, _ configure: (inout RefRule) throws -> Void = { _ in })
        rethrows -> RefRule {
        var rule = RefRule(id: id, refs: refs.map { try! GlobPattern($0) }, line: line)
        try configure(&rule)
        return rule
    }

    static func update(_ change: UpdateFacts.Change, commits: [CommitFacts] = [], files: [FileFacts] = []) -> UpdateFacts {
        update("refs/heads/main", change, commits: commits, files: files)
    }

    static func update(_ ref: String, _ change: UpdateFacts.Change,
                       commits: [CommitFacts] = [], files: [FileFacts] = []) -> UpdateFacts {
        var facts = UpdateFacts(ref: ref, old: change == .creation ? nil : oldID,
                                new: change == .deletion ? nil : newID, change: change)
        facts.commits = commits
        facts.files = files
        return facts
    }

    static func commit(_ id: String, parents: Int = 1, message: String = "feat: something\n",
                       author: String = "alice@example.com", committer: String = "alice@example.com") -> CommitFacts {
        CommitFacts(id: id, parentCount: parents, message: message, authorEmail: author, committerEmail: committer)
    }

    static func file(_ path: String?, size: Int, blob: String = "b10b000000000000000000000000000000000000",
                     commit: String? = "c0ffee0000000000000000000000000000000000") -> FileFacts {
        FileFacts(path: path, blob: blob, size: size, commit: commit)
    }
}

@Suite struct PolicyEvaluateTests {
    typealias F = Fixture

    func verdict(_ rules: [RefRule], _ updates: [UpdateFacts], pusher: String? = "alice") -> Verdict {
        Policy(source: "test", rules: rules).evaluate(updates, pusher: pusher)
    }

    func kinds(_ verdict: Verdict) -> [Violation.Kind] { verdict.violations.map(\.kind) }

    // MARK: Force push

    @Test func forcePushFiresOnlyForNonFastForwardUpdates() {
        let rules = [F.rule("protect", ["refs/heads/main"]) { $0.blockForcePush = true }]

        let forced = verdict(rules, [F.update(.update(fastForward: false))])
        #expect(!forced.isAllowed)
        let violation = forced.violations.first
        #expect(forced.violations.count == 1)
        #expect(violation?.kind == .forcePush)
        #expect(violation?.rule == "protect")
        #expect(violation?.ref == "refs/heads/main")
        #expect(violation?.object == F.newID)
        #expect(violation?.mode == .enforce)
        #expect(violation?.detail.contains("non-fast-forward") == true)
        #expect(violation?.fix.isEmpty == false)

        #expect(verdict(rules, [F.update(.update(fastForward: true))]).isAllowed)
        #expect(verdict(rules, [F.update(.creation)]).isAllowed)
        #expect(verdict(rules, [F.update(.deletion)]).isAllowed)
    }

    @Test func forcePushIsQuietWhenTheRuleDoesNotBlockIt() {
        let rules = [F.rule("loose", ["refs/heads/main"]) { $0.blockDeletion = true }]
        let result = verdict(rules, [F.update(.update(fastForward: false))])
        #expect(result.isAllowed)
        #expect(result.warnings.isEmpty)
    }

    @Test func movingATagIsDescribedAsSuch() {
        let rules = [F.rule("tags", ["refs/tags/*"]) { $0.blockForcePush = true }]
        let result = verdict(rules, [F.update("refs/tags/v1", .update(fastForward: false))])
        #expect(kinds(result) == [.forcePush])
        #expect(result.violations.first?.detail.contains("tag") == true)
    }

    // MARK: Deletion and creation

    @Test func deletionFiresOnlyForDeletion() {
        let rules = [F.rule("keep", ["refs/heads/main"]) { $0.blockDeletion = true }]
        let deleted = verdict(rules, [F.update(.deletion)])
        #expect(kinds(deleted) == [.deletion])
        #expect(deleted.violations.first?.object == F.oldID)
        #expect(verdict(rules, [F.update(.update(fastForward: false))]).isAllowed)
        #expect(verdict(rules, [F.update(.update(fastForward: true))]).isAllowed)
        #expect(verdict(rules, [F.update(.creation)]).isAllowed)

        let unblocked = [F.rule("other", ["refs/heads/main"]) { $0.blockForcePush = true }]
        #expect(verdict(unblocked, [F.update(.deletion)]).isAllowed)
    }

    @Test func creationWithoutCreatorsBlocksEveryone() {
        let rules = [F.rule("no-new-releases", ["refs/heads/release/*"]) { $0.blockCreation = true }]
        for pusher in ["alice", "admin", nil] as [String?] {
            let created = verdict(rules, [F.update("refs/heads/release/2", .creation)], pusher: pusher)
            #expect(kinds(created) == [.creation], "\(pusher ?? "nil")")
            #expect(created.violations.first?.object == F.newID)
        }
        #expect(verdict(rules, [F.update("refs/heads/release/2", .update(fastForward: false))]).isAllowed)
        #expect(verdict(rules, [F.update("refs/heads/release/2", .deletion)]).isAllowed)
    }

    @Test func creationWithCreatorsAllowsOnlyThem() {
        let rules = [F.rule("releases", ["refs/heads/release/*"]) {
            $0.blockCreation = true
            $0.creators = ["admin", "release-bot"]
        }]
        let create = [F.update("refs/heads/release/2", .creation)]
        #expect(verdict(rules, create, pusher: "admin").isAllowed)
        #expect(verdict(rules, create, pusher: "release-bot").isAllowed)
        #expect(kinds(verdict(rules, create, pusher: "alice")) == [.creation])
        #expect(kinds(verdict(rules, create, pusher: nil)) == [.creation])
        #expect(kinds(verdict(rules, create, pusher: "")) == [.creation])
        #expect(kinds(verdict(rules, create, pusher: "Admin")) == [.creation])
    }

    @Test func creatorsWithoutBlockCreationDoNothing() {
        let rules = [F.rule("r", ["refs/heads/release/*"]) { $0.creators = ["admin"] }]
        #expect(verdict(rules, [F.update("refs/heads/release/2", .creation)], pusher: "alice").isAllowed)
    }

    // MARK: Pushers

    @Test func pushersRestrictWhoMayUpdate() {
        let rules = [F.rule("owners", ["refs/heads/main"]) { $0.pushers = ["alice", "bob"] }]
        let push = [F.update(.update(fastForward: true))]
        #expect(verdict(rules, push, pusher: "alice").isAllowed)
        #expect(verdict(rules, push, pusher: "bob").isAllowed)

        let mallory = verdict(rules, push, pusher: "mallory")
        #expect(kinds(mallory) == [.pusherNotAllowed])
        #expect(mallory.violations.first?.detail.contains("mallory") == true)

        let unidentified = verdict(rules, push, pusher: nil)
        #expect(kinds(unidentified) == [.pusherNotAllowed])
        #expect(unidentified.violations.first?.detail.contains("unidentified") == true)

        // The pusher check covers every kind of update, creation and deletion included.
        #expect(kinds(verdict(rules, [F.update(.deletion)], pusher: "mallory")) == [.pusherNotAllowed])
        #expect(kinds(verdict(rules, [F.update(.creation)], pusher: "mallory")) == [.pusherNotAllowed])
    }

    @Test func emptyPushersAllowsAnyoneIncludingUnidentified() {
        let rules = [F.rule("open", ["refs/heads/main"]) { $0.blockDeletion = true }]
        #expect(verdict(rules, [F.update(.update(fastForward: true))], pusher: nil).isAllowed)
        #expect(verdict(rules, [F.update(.update(fastForward: true))], pusher: "anyone").isAllowed)
    }

    // MARK: Commits

    @Test func linearHistoryRejectsEachMergeCommit() {
        let rules = [F.rule("linear", ["refs/heads/main"]) { $0.requireLinearHistory = true }]
        let commits = [
            F.commit("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", parents: 1),
            F.commit("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", parents: 2, message: "Merge branch 'x'"),
            F.commit("cccccccccccccccccccccccccccccccccccccccc", parents: 0),
            F.commit("dddddddddddddddddddddddddddddddddddddddd", parents: 3, message: "octopus"),
        ]
        let result = verdict(rules, [F.update(.update(fastForward: true), commits: commits)])
        #expect(kinds(result) == [.mergeCommit, .mergeCommit])
        #expect(result.violations.map(\.object) == [commits[1].id, commits[3].id])
        #expect(result.violations.first?.detail.contains("Merge branch 'x'") == true)

        let linear = [F.commit("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), F.commit("cccccccccccccccccccccccccccccccccccccccc", parents: 0)]
        #expect(verdict(rules, [F.update(.update(fastForward: true), commits: linear)]).isAllowed)

        let noRule = [F.rule("loose", ["refs/heads/main"]) { $0.blockDeletion = true }]
        #expect(verdict(noRule, [F.update(.update(fastForward: true), commits: commits)]).isAllowed)
    }

    /// A user's pattern with nested quantifiers runs under PCRE2's limits: it finishes at once, and the commit is
    /// not passed but judged "undecided", naming the rule and the key (before, Swift Regex ran for minutes).
    @Test func catastrophicPatternIsUndecidedNotHung() throws {
        let rules = [try F.rule("nested", ["refs/heads/main"]) {
            $0.commitMessagePattern = try MessagePattern("^(a+)+$")
            $0.authorEmailPattern = try MessagePattern("^([a-z]+)+@example\\.com$")
        }]
        let commit = F.commit("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", message: String(repeating: "a", count: 40) + "!\n",
                              author: String(repeating: "a", count: 40) + "@example.org")
        let result = verdict(rules, [F.update(.update(fastForward: true), commits: [commit])])
        #expect(kinds(result) == [.undecided, .undecided])
        #expect(result.violations.first?.rule == "nested")
        #expect(result.violations.first?.detail.contains("could not decide commit-message-pattern ^(a+)+$ of rule 'nested'") == true)
        #expect(result.violations.last?.detail.contains("author-email-pattern") == true)
        #expect(try MessagePattern("^(a+)+$").search("aaaa") == .match)
    }

    @Test func commitMessagePatternIsASearchAnchoredByCaret() throws {
        let rules = [try F.rule("conventional", ["refs/heads/main"]) {
            $0.commitMessagePattern = try MessagePattern("^feat: ")
        }]
        let good = F.commit("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", message: "feat: add x\n\nbody\n")
        let late = F.commit("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", message: "fix: y\n\nfeat: add x\n")
        let inside = F.commit("cccccccccccccccccccccccccccccccccccccccc", message: "wip feat: add x")
        #expect(verdict(rules, [F.update(.update(fastForward: true), commits: [good])]).isAllowed)

        let result = verdict(rules, [F.update(.update(fastForward: true), commits: [good, late, inside])])
        #expect(kinds(result) == [.commitMessage, .commitMessage])
        #expect(result.violations.map(\.object) == [late.id, inside.id])
        #expect(result.violations.first?.detail.contains("^feat: ") == true)

        let searching = [try F.rule("ticket", ["refs/heads/main"]) {
            $0.commitMessagePattern = try MessagePattern("JIRA-[0-9]+")
        }]
        let ticket = F.commit("dddddddddddddddddddddddddddddddddddddddd", message: "fix parser\n\nRefs JIRA-42\n")
        #expect(verdict(searching, [F.update(.update(fastForward: true), commits: [ticket])]).isAllowed)
        #expect(kinds(verdict(searching, [F.update(.update(fastForward: true), commits: [good])])) == [.commitMessage])
    }

    @Test func authorEmailPatternChecksTheAuthorOnly() throws {
        let rules = [try F.rule("corp", ["refs/heads/main"]) {
            $0.authorEmailPattern = try MessagePattern(#"@example\.com$"#)
        }]
        let corp = F.commit("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", author: "alice@example.com",
                            committer: "bot@elsewhere.org")
        let outsider = F.commit("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", author: "eve@gmail.com",
                                committer: "alice@example.com")
        #expect(verdict(rules, [F.update(.update(fastForward: true), commits: [corp])]).isAllowed)
        let result = verdict(rules, [F.update(.update(fastForward: true), commits: [corp, outsider])])
        #expect(kinds(result) == [.authorEmail])
        #expect(result.violations.first?.object == outsider.id)
        #expect(result.violations.first?.detail.contains("eve@gmail.com") == true)
    }

    // MARK: Files

    @Test func fileSizeOverTheLimitIsRejectedAndAtTheLimitIsNot() {
        let rules = [F.rule("size", ["refs/heads/main"]) { $0.maxFileSize = 1000 }]
        let at = F.file("docs/at.bin", size: 1000)
        let over = F.file("docs/over.bin", size: 1001)
        #expect(verdict(rules, [F.update(.update(fastForward: true), files: [at])]).isAllowed)

        let result = verdict(rules, [F.update(.update(fastForward: true), files: [at, over])])
        #expect(kinds(result) == [.fileTooLarge])
        let violation = result.violations.first
        #expect(violation?.path == "docs/over.bin")
        #expect(violation?.object == over.commit)
        #expect(violation?.detail.contains("docs/over.bin") == true)
    }

    @Test func oversizedBlobWithoutCommitNamesTheBlob() {
        let rules = [F.rule("size", ["refs/tags/*"]) { $0.maxFileSize = 10 }]
        let blob = F.file(nil, size: 11, blob: "feedface00000000000000000000000000000000", commit: nil)
        let result = verdict(rules, [F.update("refs/tags/blob", .creation, files: [blob])])
        #expect(kinds(result) == [.fileTooLarge])
        #expect(result.violations.first?.object == blob.blob)
        #expect(result.violations.first?.path == nil)
    }

    @Test func forbiddenPathFiresOnMatchingPathsOnly() throws {
        let rules = [try F.rule("paths", ["refs/heads/main"]) {
            $0.forbiddenPaths = [try PathPattern("*.pem"), try PathPattern("/config/prod.env")]
        }]
        let files = [
            F.file("src/main.swift", size: 10),
            F.file("deploy/keys/server.pem", size: 10),
            F.file("app/config/prod.env", size: 10),
            F.file("config/prod.env", size: 10),
            F.file(nil, size: 10, commit: nil),
        ]
        let result = verdict(rules, [F.update(.update(fastForward: true), files: files)])
        #expect(kinds(result) == [.forbiddenPath, .forbiddenPath])
        #expect(result.violations.map(\.path) == ["deploy/keys/server.pem", "config/prod.env"])
        #expect(result.violations.first?.detail.contains("*.pem") == true)
        #expect(verdict(rules, [F.update(.update(fastForward: true), files: [files[0], files[2]])]).isAllowed)
    }

    /// A rule with every check, facing a harmless update, finds nothing.
    @Test func everyCheckStaysQuietOnAHarmlessUpdate() throws {
        let rules = [try F.rule("all", ["refs/heads/main"]) {
            $0.blockForcePush = true
            $0.blockDeletion = true
            $0.blockCreation = true
            $0.requireLinearHistory = true
            $0.maxFileSize = 100
            $0.forbiddenPaths = [try PathPattern("*.pem")]
            $0.commitMessagePattern = try MessagePattern("^feat: ")
            $0.authorEmailPattern = try MessagePattern("@example\\.com$")
            $0.pushers = ["alice"]
        }]
        let update = F.update(.update(fastForward: true), commits: [F.commit("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")],
                              files: [F.file("src/a.swift", size: 100)])
        let result = verdict(rules, [update], pusher: "alice")
        #expect(result.isAllowed)
        #expect(result.violations.isEmpty)
        #expect(result.warnings.isEmpty)

        // ...and the same rule finds every problem of a bad one.
        let bad = F.update(.update(fastForward: false),
                           commits: [F.commit("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", parents: 2, message: "merge",
                                              author: "eve@evil.org")],
                           files: [F.file("k.pem", size: 101)])
        let rejected = verdict(rules, [bad], pusher: "eve")
        #expect(Set(kinds(rejected)) == [.pusherNotAllowed, .forcePush, .mergeCommit, .commitMessage, .authorEmail,
                                         .fileTooLarge, .forbiddenPath])
    }

    // MARK: Several rules, several updates

    @Test func smallerOfTwoSizeLimitsWins() {
        let rules = [
            F.rule("big", ["refs/heads/**"]) { $0.maxFileSize = 5000 },
            F.rule("small", ["refs/heads/main"]) { $0.maxFileSize = 1000 },
        ]
        let medium = verdict(rules, [F.update(.update(fastForward: true), files: [F.file("m.bin", size: 3000)])])
        #expect(!medium.isAllowed)
        #expect(medium.violations.map(\.rule) == ["small"])

        let huge = verdict(rules, [F.update(.update(fastForward: true), files: [F.file("h.bin", size: 6000)])])
        #expect(huge.violations.map(\.rule) == ["big", "small"])

        #expect(verdict(rules, [F.update(.update(fastForward: true), files: [F.file("s.bin", size: 999)])]).isAllowed)
        // On a ref only the bigger rule covers, the medium file passes.
        #expect(verdict(rules, [F.update("refs/heads/dev", .update(fastForward: true),
                                         files: [F.file("m.bin", size: 3000)])]).isAllowed)
    }

    @Test func evaluateModeOnlyWarns() {
        let rules = [F.rule("dry-run", ["refs/heads/main"]) {
            $0.blockForcePush = true
            $0.mode = .evaluate
        }]
        let result = verdict(rules, [F.update(.update(fastForward: false))])
        #expect(result.isAllowed)
        #expect(result.violations.isEmpty)
        #expect(result.warnings.map(\.rule) == ["dry-run"])
        #expect(result.warnings.map(\.kind) == [.forcePush])
        #expect(result.warnings.first?.mode == .evaluate)
        guard case .allowed(let warnings) = result else {
            Issue.record("expected .allowed, got \(result)")
            return
        }
        #expect(warnings.count == 1)
    }

    @Test func enforceRuleRejectsWhileEvaluateRuleWarns() {
        let rules = [
            F.rule("dry-run", ["refs/heads/**"]) { $0.blockForcePush = true; $0.mode = .evaluate },
            F.rule("enforced", ["refs/heads/main"]) { $0.blockForcePush = true },
        ]
        let result = verdict(rules, [F.update(.update(fastForward: false))])
        #expect(!result.isAllowed)
        #expect(result.violations.map(\.rule) == ["enforced"])
        #expect(result.violations.allSatisfy { $0.mode == .enforce })
        #expect(result.warnings.map(\.rule) == ["dry-run"])
        guard case .rejected(let violations, let warnings) = result else {
            Issue.record("expected .rejected, got \(result)")
            return
        }
        #expect(violations.count == 1 && warnings.count == 1)
    }

    @Test func evaluateSizeLimitWarnsBelowTheEnforcedOne() {
        let rules = [
            F.rule("soft", ["refs/heads/main"]) { $0.maxFileSize = 1000; $0.mode = .evaluate },
            F.rule("hard", ["refs/heads/main"]) { $0.maxFileSize = 5000 },
        ]
        let between = verdict(rules, [F.update(.update(fastForward: true), files: [F.file("m.bin", size: 3000)])])
        #expect(between.isAllowed)
        #expect(between.warnings.map(\.rule) == ["soft"])

        let over = verdict(rules, [F.update(.update(fastForward: true), files: [F.file("h.bin", size: 6000)])])
        #expect(!over.isAllowed)
        #expect(over.violations.map(\.rule) == ["hard"])
        #expect(over.warnings.map(\.rule) == ["soft"])
    }

    @Test func oneViolatingUpdateRejectsTheWholePush() {
        let rules = [F.rule("protect", ["refs/heads/main"]) { $0.blockForcePush = true; $0.blockDeletion = true }]
        let updates = [
            F.update("refs/heads/feature", .update(fastForward: false)),
            F.update("refs/heads/main", .update(fastForward: true)),
            F.update("refs/heads/other", .deletion),
        ]
        #expect(verdict(rules, updates).isAllowed)

        let withForce = updates + [F.update("refs/heads/main", .update(fastForward: false))]
        let result = verdict(rules, withForce)
        #expect(!result.isAllowed)
        #expect(result.violations.map(\.ref) == ["refs/heads/main"])

        let twoBad = [F.update("refs/heads/main", .deletion), F.update("refs/heads/ok", .creation),
                      F.update("refs/heads/main", .update(fastForward: false))]
        #expect(kinds(verdict(rules, twoBad)) == [.deletion, .forcePush])
    }

    @Test func rulesThatDoNotMatchTheRefDoNothing() throws {
        let rules = [try F.rule("main-only", ["refs/heads/main", "refs/tags/*"]) {
            $0.blockForcePush = true
            $0.blockDeletion = true
            $0.blockCreation = true
            $0.requireLinearHistory = true
            $0.maxFileSize = 1
            $0.forbiddenPaths = [try PathPattern("*")]
            $0.commitMessagePattern = try MessagePattern("^never$")
            $0.authorEmailPattern = try MessagePattern("^never$")
            $0.pushers = ["nobody"]
        }]
        let merge = F.commit("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", parents: 2)
        let big = F.file("a.pem", size: 1_000_000)
        for ref in ["refs/heads/main2", "refs/heads/feature/main", "refs/tags/v1/rc1", "refs/notes/commits"] {
            for change in [UpdateFacts.Change.creation, .deletion, .update(fastForward: false)] {
                let result = verdict(rules, [F.update(ref, change, commits: [merge], files: [big])], pusher: "eve")
                #expect(result.isAllowed, "\(ref) \(change)")
                #expect(result.warnings.isEmpty, "\(ref) \(change)")
            }
        }
        // The same rule does fire on the refs it names.
        #expect(!verdict(rules, [F.update("refs/tags/v1", .deletion)], pusher: "eve").isAllowed)
    }

    @Test func emptyPushAndEmptyPolicyAreAllowed() {
        let rules = [F.rule("protect", ["refs/heads/main"]) { $0.blockForcePush = true }]
        #expect(verdict(rules, []).isAllowed)
        let none = verdict([], [F.update(.update(fastForward: false))])
        #expect(none.isAllowed)
        #expect(none.warnings.isEmpty)
    }

    @Test func violationKindsHaveStableNames() {
        let names: [Violation.Kind: String] = [
            .forcePush: "force-push", .deletion: "deletion", .creation: "creation",
            .pusherNotAllowed: "pusher-not-allowed", .mergeCommit: "merge-commit", .commitMessage: "commit-message",
            .authorEmail: "author-email", .fileTooLarge: "file-too-large", .forbiddenPath: "forbidden-path",
        ]
        for (kind, name) in names { #expect(kind.rawValue == name) }
    }
}
