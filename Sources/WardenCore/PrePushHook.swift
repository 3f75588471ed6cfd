import Foundation
import GitKit
import WardenPolicy

/// The developer-side prediction of the server's verdict: git's pre-push input becomes the ref updates the server
/// will see, judged by the same collector and policy code against the client copy of the policy.
///
/// Commits already on the remote (its remote-tracking refs) are not judged again. What the client cannot know is
/// left to the server: who the pusher is and whether they may create refs.
public struct PrePushHook {
    public var environment: [String: String]
    public var output: @Sendable (String) -> Void

    public init(environment: [String: String], output: @escaping @Sendable (String) -> Void) {
        self.environment = environment
        self.output = output
    }

    /// `remote` is git's first hook argument (a remote name, or a URL when pushing to one directly).
    public func run(remote: String, input: String) -> Int32 {
        do {
            let repository = try Repository.openFromEnvironment(environment)
            let policy = try PolicyLocator.load(PolicyLocator.locateForClient(workTree: repository.workDirectory,
                                                                              environment: environment))
            let updates = try Self.parse(input)
            guard !updates.isEmpty else { return 0 }
            let remoteRefs = try Self.remoteRefs(of: remote, in: repository)
            let ignoreFile = SecretIgnore.clientPath(workTree: repository.workDirectory, gitDirectory: repository.gitDirectory)
            let collector = try UpdateFactsCollector(
                repository: repository, policy: policy, pusher: environment["GIT_WARDEN_PUSHER"],
                ignoredFingerprints: try SecretIgnore.fingerprints(at: ignoreFile),
                knownRefs: remoteRefs, alwaysHidden: remoteRefs.compactMap(\.target), door: .prePush)
            var facts: [UpdateFacts] = []
            for update in updates { facts.append(try collector.facts(for: update)) }
            let verdict = policy.evaluate(facts, pusher: environment["GIT_WARDEN_PUSHER"], door: .prePush)
            VerdictReport.lines(for: verdict, policy: policy, ignoreFile: ignoreFile, speaker: .client(hook: "pre-push"))
                .forEach(output)
            collector.scanNotes.forEach { output("git-warden: note: \($0)") }
            if !verdict.isAllowed { output("git-warden: bypass this check (the server still judges): git push --no-verify") }
            return verdict.isAllowed ? 0 : 1
        } catch {
            output("git-warden pre-push: could not check this push: \(error)")
            output("git-warden pre-push: push stopped; fix the problem or bypass with git push --no-verify")
            return 1
        }
    }

    /// `<local ref> <local id> <remote ref> <remote id>` lines, as updates of the remote's refs.
    static func parse(_ input: String) throws(InputError) -> [RefUpdateLine] {
        var server = ""
        for (index, line) in input.split(separator: "\n").enumerated() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count == 4 else {
                throw InputError(message: "pre-push input line \(index + 1) is not '<local ref> <local id> <remote ref> <remote id>'")
            }
            server += "\(fields[3]) \(fields[1]) \(fields[2])\n"
        }
        return try RefUpdateLine.parse(server)
    }

    /// The pre-commit framework keeps git's stdin and describes the push in variables instead (one ref per run).
    public static func frameworkInput(_ environment: [String: String]) -> (remote: String, input: String)? {
        guard let remote = environment["PRE_COMMIT_REMOTE_NAME"], let to = environment["PRE_COMMIT_TO_REF"],
              let branch = environment["PRE_COMMIT_REMOTE_BRANCH"] else { return nil }
        let from = environment["PRE_COMMIT_FROM_REF"].flatMap { $0.isEmpty ? nil : $0 } ?? String(repeating: "0", count: 40)
        let local = environment["PRE_COMMIT_LOCAL_BRANCH"] ?? "HEAD"
        return (remote, "\(local) \(to) \(branch) \(from)\n")
    }

    /// The remote's refs as of the last fetch, named as the remote names them (refs/remotes/origin/x ->
    /// refs/heads/x), so rules and secret scope see the names the server will use.
    static func remoteRefs(of remote: String, in repository: Repository) throws(GitError) -> [Reference] {
        let prefix = "refs/remotes/\(remote)/"
        return try repository.references().compactMap { ref in
            guard ref.name.hasPrefix(prefix), let target = ref.target, !ref.name.hasSuffix("/HEAD") else { return nil }
            return Reference(name: "refs/heads/" + ref.name.dropFirst(prefix.count), target: target)
        }
    }
}
