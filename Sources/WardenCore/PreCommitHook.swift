import Foundation
import GitKit
import WardenPolicy

/// The developer-side check of what is about to be committed: the staged changes (the index `git commit` will
/// use, which `git commit -a` and `git commit PATH` name through `GIT_INDEX_FILE`), only their added lines,
/// judged for secrets and the policy's file rules (size, forbidden paths) on the branch being committed to.
public struct PreCommitHook {
    public var environment: [String: String]
    public var output: @Sendable (String) -> Void

    public init(environment: [String: String], output: @escaping @Sendable (String) -> Void) {
        self.environment = environment
        self.output = output
    }

    public func run() -> Int32 {
        do {
            let repository = try Repository.openFromEnvironment(environment)
            let policy = try PolicyLocator.load(PolicyLocator.locateForClient(workTree: repository.workDirectory,
                                                                              environment: environment))
            let ref = try repository.headTarget() ?? "HEAD"
            let indexPath = environment["GIT_INDEX_FILE"].map(Self.absolute)
            var update = UpdateFacts(ref: ref, old: nil, new: nil, change: .update(fastForward: true))
            for change in try repository.stagedChanges(indexPath: indexPath) {
                guard let blob = change.newID, !change.isSubmodule else { continue }
                update.files.append(FileFacts(path: change.path, blob: blob.hex, size: try repository.header(of: blob).size,
                                              commit: nil))
            }
            let ignoreFile = SecretIgnore.clientPath(workTree: repository.workDirectory, gitDirectory: repository.gitDirectory)
            var notes: [String] = []
            if policy.needs(ref: ref, door: .preCommit).contains(.secrets) {
                let scan = try ContentSecretScan(repository: repository, settings: policy.secrets,
                                              ignoredFingerprints: try SecretIgnore.fingerprints(at: ignoreFile))
                update.secrets = try scan.secretsInIndex(at: indexPath)
                update.secretGaps = scan.takeGaps()
                notes = scan.notes
            }
            let verdict = policy.evaluate([update], pusher: nil, door: .preCommit)
            VerdictReport.lines(for: verdict, policy: policy, ignoreFile: ignoreFile, speaker: .client(hook: "pre-commit"))
                .forEach(output)
            notes.forEach { output("git-warden: note: \($0)") }
            if !verdict.isAllowed { output("git-warden: bypass this check (the server still judges): git commit --no-verify") }
            return verdict.isAllowed ? 0 : 1
        } catch {
            output("git-warden pre-commit: could not check this commit: \(error)")
            output("git-warden pre-commit: nothing was committed; fix the problem or bypass with git commit --no-verify")
            return 1
        }
    }

    /// git may name the index relative to the directory the hook runs in (the work tree root).
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
