import Foundation
import GitKit
import WardenPolicy

/// What the steps of one hook run share once the policy is loaded: the environment, the policy, the pusher, the
/// repository (opened once, when first needed), the ignore file, and the decision being recorded.
final class HookContext {
    let environment: [String: String]
    /// The door being run: the collector reads only what its checks need.
    let door: Door
    let policy: Policy
    /// The repository's git directory as the decision log and messages name it (server: its real path).
    let gitDirectory: String
    let pusher: PusherIdentity?
    /// The secret-ignore file of this side (server: beside the policy or in the git directory; client: the work tree).
    let ignoreFile: String
    /// Keeps the decision being recorded current, so a later failure or a timeout logs what was read so far.
    let record: ((inout Decision) -> Void) -> Void
    private var opened: Repository?

    init(environment: [String: String], door: Door, policy: Policy, gitDirectory: String, pusher: PusherIdentity?,
         repository: Repository?, record: @escaping ((inout Decision) -> Void) -> Void) {
        self.environment = environment
        self.door = door
        self.policy = policy
        self.gitDirectory = gitDirectory
        self.pusher = pusher
        self.opened = repository
        self.record = record
        switch door.isClientSide ? HookSide.client : .server {
        case .server: ignoreFile = SecretIgnore.path(for: policy, gitDirectory: gitDirectory)
        case .client: ignoreFile = SecretIgnore.clientPath(workTree: repository?.workDirectory, gitDirectory: gitDirectory)
        }
    }

    /// The repository git runs the hook in (`GIT_DIR`, else found from the working directory), opened once.
    func repository() throws(GitError) -> Repository {
        if let opened { return opened }
        let repository = try Repository.openFromEnvironment(environment)
        opened = repository
        return repository
    }

    /// The facts of a push's ref updates: one collector for the whole push, so each commit is walked, read,
    /// diffed and scanned once however many refs bring it. `knownRefs` and `alwaysHidden` are pre-push's view of
    /// the remote (see `UpdateFactsCollector`).
    func facts(of updates: [RefUpdateLine], knownRefs: [Reference]? = nil,
               alwaysHidden: [ObjectID] = []) throws -> (facts: [UpdateFacts], scanNotes: [String]) {
        let collector = try UpdateFactsCollector(repository: try repository(), policy: policy, pusher: pusher?.name,
                                                 ignoredFingerprints: try SecretIgnore.fingerprints(at: ignoreFile),
                                                 knownRefs: knownRefs, alwaysHidden: alwaysHidden, door: door)
        let cache = collector.secretScan?.scanner.cacheReport
        record { $0.rulesCache = cache }
        var facts: [UpdateFacts] = []
        for update in updates { facts.append(try collector.facts(for: update)) }
        return (facts, collector.scanNotes)
    }

    /// git runs server hooks with GIT_DIR=".": the log and messages name the repository by its real path.
    static func absolute(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
