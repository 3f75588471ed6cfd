import GitKit
import WardenPolicy
import WardenSecrets
import WardenSignatures

/// Turns ref updates into the facts policy rules judge, reading only what the covering rules need.
///
/// Which commits an update brings: for an update, everything reachable from the new value and not from the old
/// one (the whole `old..new` range); for a creation, everything not already on a ref that every covering rule
/// also covers. Hiding every existing ref instead would let a commit pushed first to an unprotected branch reach
/// a protected one unjudged.
public final class UpdateFactsCollector {
    let repository: Repository
    let policy: Policy
    /// Which door gathers: the policy says what its checks need (`Policy.needs(ref:door:)`).
    let door: Door
    /// Read only when a creation needs them: a repository may hold tens of thousands of refs. The pre-push hook
    /// supplies the remote's refs instead (as the remote names them).
    private var existingRefs: [Reference]?
    /// Tips whose history is known to be judged already, hidden for every update (pre-push: the remote-tracking
    /// refs, since the remote's old value may not exist locally).
    private let alwaysHidden: [ObjectID]
    /// Present when some rule requires signatures.
    let signatures: SignatureJudge?
    /// Present when `[secrets]` scanning is on.
    let secretScan: ContentSecretScan?
    /// Shared with the secret scan, so each commit is walked, read and diffed once per push.
    let history: PushHistory
    /// Every commit and tag already checked against git's fsck rules, with what was wrong (empty: fine).
    private var checkedObjects: [ObjectID: [FsckProblem]] = [:]

    public init(repository: Repository, policy: Policy, pusher: String?, ignoredFingerprints: Set<String> = [],
                knownRefs: [Reference]? = nil, alwaysHidden: [ObjectID] = [], secretScanner: SecretScanner? = nil,
                door: Door = .preReceive) throws {
        self.repository = repository
        self.policy = policy
        self.door = door
        self.existingRefs = knownRefs
        self.alwaysHidden = alwaysHidden
        let history = PushHistory(repository: repository)
        self.history = history
        self.signatures = policy.needsSignatures ? try SignatureJudge(policy: policy, pusher: pusher) : nil
        self.secretScan = policy.secrets.scan == .off ? nil
            : try ContentSecretScan(repository: repository, settings: policy.secrets, ignoredFingerprints: ignoredFingerprints,
                                 scanner: secretScanner, history: history)
    }

    /// What the secret scan could not read fully, for the pusher.
    public var scanNotes: [String] { secretScan?.notes ?? [] }

    public func facts(for update: RefUpdateLine) throws(GitError) -> UpdateFacts {
        var facts = UpdateFacts(ref: update.ref, old: update.isCreation ? nil : update.old.hex,
                                new: update.isDeletion ? nil : update.new.hex, change: try change(of: update))
        let rules = policy.rules(for: update.ref)
        let needs = policy.needs(ref: update.ref, door: door)
        guard !update.isDeletion else { return facts }
        // Objects git reads two ways never reach a rule (or the secret scan): the update is rejected for them alone.
        facts.malformedObjects = try malformedObjects(bringing: update)
        guard facts.malformedObjects.isEmpty else { return facts }
        if let secretScan, needs.contains(.secrets) {
            let hidden = try hiddenTips(for: update) { self.policy.secrets.covers($0) }
            facts.secrets = try secretScan.secrets(bringing: update.new, hiding: hidden)
            facts.secretGaps = secretScan.takeGaps()
        }
        if let signatures, needs.contains(.tags) {
            facts.tags = try tags(pointedAtBy: update.new, judge: signatures)
            if facts.tags.isEmpty && update.ref.hasPrefix("refs/tags/") {
                let unsigned = SignatureFacts(letter: "N", isGood: false, summary: "N lightweight tag: it cannot carry a signature",
                                              vouchesForCommitter: false, vouchesForPusher: false)
                facts.tags = [TagFacts(id: update.new.hex, name: String(update.ref.dropFirst(10)), signature: unsigned)]
            }
        }
        guard needs.contains(.commits) else { return facts }
        let peeled = try repository.peel(update.new)
        switch peeled.kind {
        case .commit:
            let needed = Set(rules.filter { $0.needs(at: door).contains(.commits) }.map(\.id))
            let hidden = try hiddenTips(for: update) { needed.isSubset(of: Set(self.policy.rules(for: $0).map(\.id))) }
            let ids = try history.commits(reachableFrom: update.new, hiding: hidden)
            let needsFiles = needs.contains(.files)
            let needsSignatures = needs.contains(.commitSignatures)
            for id in ids {
                // Identities are read from the raw object as git reads them (GitObjects), and an object git's fsck
                // refuses never reaches a rule: it is reported as malformed instead.
                let raw = try repository.rawObject(id).bytes
                let parsed = ParsedObject(raw: raw, kind: .commit)
                guard parsed.problems.isEmpty else {
                    facts.malformedObjects += malformed(id, kind: .commit, parsed.problems, already: facts.malformedObjects)
                    continue
                }
                let commit = try history.commit(id)
                var signature: SignatureFacts?
                if needsSignatures, let signatures {
                    signature = signatures.facts(rawObject: raw, kind: .commit)
                }
                facts.commits.append(CommitFacts(id: id.hex, parentCount: commit.parents.count, message: commit.message,
                                                 authorName: parsed.author?.nameText ?? "", authorEmail: parsed.author?.emailText ?? "",
                                                 committerEmail: parsed.committer?.emailText ?? "", signature: signature))
                if needsFiles { facts.files += try files(introducedBy: id) }
            }
        case .tree:
            for file in try repository.files(inTree: peeled.id) where !file.isSubmodule {
                facts.files.append(FileFacts(path: file.path, blob: file.id.hex,
                                             size: try repository.header(of: file.id).size, commit: nil))
            }
        case .blob:
            facts.files.append(FileFacts(path: nil, blob: peeled.id.hex, size: try repository.header(of: peeled.id).size,
                                         commit: nil))
        case .tag:
            break
        }
        return facts
    }

    /// The annotated tag objects a ref value leads through (a tag of a tag counts twice), each judged on its own.
    func tags(pointedAtBy id: ObjectID, judge: SignatureJudge) throws(GitError) -> [TagFacts] {
        var result: [TagFacts] = []
        var current = id
        while try repository.header(of: current).kind == .tag, result.count < 64 {
            let raw = try repository.rawObject(current).bytes
            // A malformed tag is reported by `malformedObjects(bringing:)` and never judged here.
            guard ParsedObject(raw: raw, kind: .tag).problems.isEmpty else { break }
            let tag = try repository.tag(current)
            result.append(TagFacts(id: current.hex, name: tag.name, signature: judge.facts(rawObject: raw, kind: .tag)))
            current = tag.target
        }
        return result
    }

    /// The commits and tags this update brings that git's fsck refuses (or git-warden, where git reads them two
    /// ways): the tag chain the new value leads through, and every commit not reachable from any other ref. The tip
    /// is checked before the walk, so a crafted commit libgit2 cannot even walk is still named by its fsck id.
    func malformedObjects(bringing update: RefUpdateLine) throws(GitError) -> [MalformedObjectFacts] {
        var found: [MalformedObjectFacts] = []
        var current = update.new
        var kind = try repository.header(of: current).kind
        var depth = 0
        while kind == .tag || kind == .commit, depth < 64 {
            let gitKind: GitObjectKind = kind == .tag ? .tag : .commit
            let problems = try problems(of: current, kind: gitKind)
            found += malformed(current, kind: gitKind, problems, already: found)
            guard problems.isEmpty, kind == .tag else { break }
            current = try repository.tag(current).target
            kind = try repository.header(of: current).kind
            depth += 1
        }
        guard found.isEmpty, kind == .commit else { return found }
        if existingRefs == nil { existingRefs = try repository.references().filter { $0.target != nil } }
        let hidden = (update.isCreation ? [] : [update.old]) + alwaysHidden
            + (existingRefs ?? []).compactMap { $0.name == update.ref ? nil : $0.target }
        // libgit2 refuses to walk through some malformed commits: that is itself a reason to reject, as a violation,
        // so that `on-error = "accept"` cannot let an unreadable history through.
        let ids: [ObjectID]
        do {
            ids = try history.commits(reachableFrom: current, hiding: hidden)
        } catch {
            return [MalformedObjectFacts(id: current.hex, kind: "commit", problem: "unreadableHistory",
                                         message: "the history below it cannot be read: \(error)")]
        }
        for id in ids {
            found += malformed(id, kind: .commit, try problems(of: id, kind: .commit), already: found)
        }
        return found
    }

    func problems(of id: ObjectID, kind: GitObjectKind) throws(GitError) -> [FsckProblem] {
        if let known = checkedObjects[id] { return known }
        let problems = ObjectChecker().problems(in: try repository.rawObject(id).bytes, kind: kind)
        checkedObjects[id] = problems
        return problems
    }

    /// One fact per problem of an object not yet reported for this update.
    func malformed(_ id: ObjectID, kind: GitObjectKind, _ problems: [FsckProblem],
                   already: [MalformedObjectFacts]) -> [MalformedObjectFacts] {
        guard !already.contains(where: { $0.id == id.hex }) else { return [] }
        return problems.map { MalformedObjectFacts(id: id.hex, kind: kind.rawValue, problem: $0.id.rawValue, message: $0.message) }
    }

    func change(of update: RefUpdateLine) throws(GitError) -> UpdateFacts.Change {
        if update.isCreation { return .creation }
        if update.isDeletion { return .deletion }
        if update.old == update.new { return .update(fastForward: true) }
        // Only a client can lack the old value (the remote moved on since the last fetch): git will refuse the push
        // unless it is forced, so it is judged as a forced one.
        guard repository.contains(update.old) else { return .update(fastForward: false) }
        // git itself needs --force to move an existing tag: moving one is never a fast-forward.
        if update.ref.hasPrefix("refs/tags/") { return .update(fastForward: false) }
        guard let old = try repository.commitID(peeling: update.old),
              let new = try repository.commitID(peeling: update.new) else { return .update(fastForward: false) }
        return .update(fastForward: try repository.isAncestor(old, of: new))
    }

    /// Tips whose history has already been judged: the old value of an updated ref, or for a creation every other
    /// ref for which `judged` says its content went through the same checks.
    func hiddenTips(for update: RefUpdateLine, judged: (String) -> Bool) throws(GitError) -> [ObjectID] {
        if !update.isCreation { return [update.old] + alwaysHidden }
        let refs: [Reference]
        if let loaded = existingRefs {
            refs = loaded
        } else {
            refs = try repository.references().filter { $0.target != nil }
            existingRefs = refs
        }
        return alwaysHidden + refs.compactMap { ref in
            guard let target = ref.target, ref.name != update.ref, judged(ref.name) else { return nil }
            return target
        }
    }

    /// Blobs a commit adds or changes; for a merge, only those new against every parent (`CommitChanges`).
    func files(introducedBy commit: ObjectID) throws(GitError) -> [FileFacts] {
        var result: [FileFacts] = []
        for file in try history.changes(introducedBy: commit).files {
            result.append(FileFacts(path: file.change.path, blob: file.blob.hex, size: try repository.header(of: file.blob).size,
                                    commit: commit.hex))
        }
        return result
    }
}
