import Foundation
import GitKit
import WardenPolicy

/// The developer-side check of what is about to be committed: the staged changes (the index `git commit` will
/// use, which `git commit -a` and `git commit PATH` name through `GIT_INDEX_FILE`), only their added lines,
/// judged for secrets and the policy's file rules (size, forbidden paths) on the branch being committed to.
///
/// Use: `PreCommitHook(environment:output:).run()`; the returned status is the hook's exit status (0 lets the
/// commit go on). Nothing is logged.
public struct PreCommitHook {
    public var environment: [String: String]
    public var output: @Sendable (String) -> Void

    public init(environment: [String: String], output: @escaping @Sendable (String) -> Void) {
        self.environment = environment
        self.output = output
    }

    public func run() -> Int32 {
        HookRun(door: Self.door, environment: environment, output: output, terminate: { _ in }).run()
    }

    /// The pre-commit door: the staged files as one update of the branch being committed to.
    static var door: HookDoor { HookDoor(door: .preCommit, gather: { context in
        let repository = try context.repository()
        let ref = try repository.headTarget() ?? "HEAD"
        let indexPath = context.environment["GIT_INDEX_FILE"].map(absolute)
        var update = UpdateFacts(ref: ref, old: nil, new: nil, change: .update(fastForward: true))
        for change in try repository.stagedChanges(indexPath: indexPath) {
            guard let blob = change.newID, !change.isSubmodule else { continue }
            update.files.append(FileFacts(path: change.path, blob: blob.hex, size: try repository.header(of: blob).size,
                                          commit: nil))
        }
        var notes: [String] = []
        if context.policy.needs(ref: ref, door: context.door).contains(.secrets) {
            let scan = try ContentSecretScan(repository: repository, settings: context.policy.secrets,
                                             ignoredFingerprints: try SecretIgnore.fingerprints(at: context.ignoreFile))
            update.secrets = try scan.secretsInIndex(at: indexPath)
            update.secretGaps = scan.takeGaps()
            notes = scan.notes
        }
        return HookFacts(updates: [update], scanNotes: notes)
    }, cannotDecide: { reason in
        ["git-warden pre-commit: could not check this commit: \(reason)",
         "git-warden pre-commit: nothing was committed; fix the problem or bypass with git commit --no-verify"]
    }, afterRejection: ["git-warden: bypass this check (the server still judges): git commit --no-verify"]) }

    /// git may name the index relative to the directory the hook runs in (the work tree root).
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
