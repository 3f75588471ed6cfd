import Foundation
import GitKit
import WardenPolicy
import WardenSecrets

/// The developer-side check of a commit message, before the commit exists: the policy's message rules
/// (`commit-message-pattern`, `require-signoff`, `author-email-pattern`) for the branch being committed to, and
/// the secret scan of the message (as the server scans every pushed commit's message).
///
/// Use: `CommitMessageHook(environment:output:).run(messageFile:)` with git's argument; the returned status is the
/// hook's exit status (0 lets the commit go on). Nothing is logged.
public struct CommitMessageHook {
    public var environment: [String: String]
    public var output: @Sendable (String) -> Void

    public init(environment: [String: String], output: @escaping @Sendable (String) -> Void) {
        self.environment = environment
        self.output = output
    }

    /// `messageFile` is git's argument.
    public func run(messageFile: String) -> Int32 {
        HookRun(door: Self.door(messageFile: messageFile), environment: environment, output: output,
                terminate: { _ in }).run()
    }

    /// The commit-msg door: the cleaned message as the one commit of an update of the branch being committed to.
    static func door(messageFile: String) -> HookDoor {
        HookDoor(door: .commitMessage, gather: { context in
            try facts(messageFile: messageFile, context: context)
        }, cannotDecide: { reason in ["git-warden commit-msg: could not check the message: \(reason)"] },
        afterRejection: ["git-warden: your message is kept in \(messageFile); reuse it with git commit -e -F \(messageFile)"])
    }

    /// The message's facts, or nil when nothing applies (an empty message, which git refuses itself, or a branch
    /// with neither message rules nor secret scanning).
    static func facts(messageFile: String, context: HookContext) throws -> HookFacts? {
        let repository = try context.repository()
        let policy = context.policy
        guard let data = FileManager.default.contents(atPath: messageFile) else {
            throw InputError(message: "cannot read the commit message file \(messageFile)")
        }
        let commentChar = (try? repository.configValue("core.commentChar")).flatMap { $0?.first } ?? "#"
        let message = cleaned(String(decoding: data, as: UTF8.self), commentChar: commentChar)
        guard !message.isEmpty else { return nil }
        let ref = try repository.headTarget() ?? "HEAD"
        let needs = policy.needs(ref: ref, door: context.door)
        let judgesMessage = needs.contains(.commits)
        let scansSecrets = needs.contains(.secrets)
        guard judgesMessage || scansSecrets else { return nil }
        var update = UpdateFacts(ref: ref, old: nil, new: nil, change: .update(fastForward: true))
        if judgesMessage {
            let author = needs.contains(.authors) ? try Self.author(environment: context.environment, repository: repository)
                : (name: "", email: "")
            update.commits = [CommitFacts(id: "new commit", parentCount: 1, message: message,
                                          authorName: author.name, authorEmail: author.email,
                                          committerEmail: author.email)]
        }
        var notes: [String] = []
        if scansSecrets {
            // Scanned as git will store it: the cleaned text and its final newline.
            let options = ScanOptions(maxBytes: policy.secrets.maxScanSize,
                                      ignoredFingerprints: try SecretIgnore.fingerprints(at: context.ignoreFile),
                                      honorInlineMarkers: policy.secrets.inlineAllow)
            let result = ObjectMessage.scan(Array((message + "\n").utf8), path: ObjectMessage.commitPath,
                                            object: nil, with: try ContentSecretScan.scanner(for: policy.secrets),
                                            options: options)
            update.secrets = result.findings.map(ContentSecretScan.facts)
            notes = result.notes.map { "\(ObjectMessage.commitPath): \($0)" }
        }
        return HookFacts(updates: [update], scanNotes: notes)
    }

    /// The author git will record, read as git reads it: GIT_AUTHOR_NAME / GIT_AUTHOR_EMAIL, else author.name /
    /// author.email, else user.name / user.email, else EMAIL (asking `git var GIT_AUTHOR_IDENT` would cost a process
    /// on every commit).
    static func author(environment: [String: String], repository: Repository) throws -> (name: String, email: String) {
        func config(_ key: String) -> String? { (try? repository.configValue(key)) ?? nil }
        let name = environment["GIT_AUTHOR_NAME"] ?? config("author.name") ?? config("user.name") ?? ""
        guard let email = environment["GIT_AUTHOR_EMAIL"] ?? config("author.email") ?? config("user.email") ?? environment["EMAIL"] else {
            throw InputError(message: "cannot tell who the author is: set user.name and user.email")
        }
        return (name, email)
    }

    /// What git will store with its default `--cleanup=strip`: comment lines and the scissors part dropped,
    /// trailing whitespace and blank lines at both ends removed.
    static func cleaned(_ text: String, commentChar: Character) -> String {
        var lines: [String] = []
        // git splits on LF and strips trailing whitespace (a CR included) from each line; "\r\n" is one Swift
        // Character, so it is a separator here too, or a CRLF message would be one line.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            if line.hasPrefix("\(commentChar) ------------------------ >8 ------------------------") { break }
            if line.first == commentChar { continue }
            var kept = String(line)
            while kept.last?.isWhitespace == true { kept.removeLast() }
            lines.append(kept)
        }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
