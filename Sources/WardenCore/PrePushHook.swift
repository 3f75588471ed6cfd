import Foundation
import GitKit
import WardenPolicy

/// The developer-side prediction of the server's verdict: git's pre-push input becomes the ref updates the server
/// will see, judged by the same collector and policy code against the client copy of the policy.
///
/// Commits already on the remote (its remote-tracking refs) are not judged again. What the client cannot know is
/// left to the server: who the pusher is and whether they may create refs.
///
/// Use: `PrePushHook(environment:output:).run(remote:input:)` with git's first argument and standard input; the
/// returned status is the hook's exit status (0 lets the push go on). Nothing is logged.
public struct PrePushHook {
    public var environment: [String: String]
    public var output: @Sendable (String) -> Void

    public init(environment: [String: String], output: @escaping @Sendable (String) -> Void) {
        self.environment = environment
        self.output = output
    }

    /// `remote` is git's first hook argument (a remote name, or a URL when pushing to one directly).
    public func run(remote: String, input: String) -> Int32 {
        HookRun(door: Self.door(remote: remote, input: input), environment: environment, output: output,
                terminate: { _ in }).run()
    }

    static func door(remote: String, input: String) -> HookDoor {
        HookDoor(door: .prePush, gather: { context in
            let updates = try updates(input)
            guard !updates.isEmpty else { return nil }
            let remoteRefs = try remoteRefs(of: remote, in: try context.repository())
            let collected = try context.facts(of: updates, knownRefs: remoteRefs,
                                              alwaysHidden: remoteRefs.compactMap(\.target))
            return HookFacts(updates: collected.facts, scanNotes: collected.scanNotes)
        }, cannotDecide: { reason in
            ["git-warden pre-push: could not check this push: \(reason)",
             "git-warden pre-push: push stopped; fix the problem or bypass with git push --no-verify"]
        }, afterRejection: ["git-warden: bypass this check (the server still judges): git push --no-verify"])
    }

    /// `<local ref> <local id> <remote ref> <remote id>` lines, as updates of the remote's refs: the remote's ref
    /// moves from the id it has to the local one (git writes a zero local id for a deletion, a zero remote id for a
    /// ref the remote does not have yet). Ids and names are checked as `RefUpdateLine.parse` checks them.
    static func updates(_ input: String) throws(InputError) -> [RefUpdateLine] {
        var updates: [RefUpdateLine] = []
        for (index, line) in input.utf8.split(separator: UInt8(ascii: "\n")).enumerated() {
            let number = index + 1
            let fields = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
            guard fields.count == 4 else {
                throw InputError(message: "pre-push input line \(number) is not '<local ref> <local id> <remote ref> <remote id>'")
            }
            if fields[3].last == UInt8(ascii: "\r") {
                throw InputError(message: "pre-push input line \(number) ends with a carriage return (CRLF): git sends "
                                 + "LF-only lines, so this input did not come from git")
            }
            updates.append(RefUpdateLine(old: try RefUpdateLine.objectID(ArraySlice(fields[3]), line: number),
                                         new: try RefUpdateLine.objectID(ArraySlice(fields[1]), line: number),
                                         ref: try RefUpdateLine.refName(ArraySlice(fields[2]), line: number)))
        }
        return updates
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
