/// The evaluations of a rule's checks, each small and independent: (rule, update, pusher) in, violations out.
/// A rule's verdict is the concatenation of its checks; a push's is the concatenation over rules and refs,
/// so "the most restrictive rule wins" holds by construction. What each check needs, where it runs and how bad it
/// is lives in its descriptor (`CheckDescriptor.all`).
enum RuleChecks {
    typealias Check = @Sendable (RefRule, UpdateFacts, String?) -> [Violation]

    static func violation(_ rule: RefRule, _ kind: Violation.Kind, _ update: UpdateFacts, object: String? = nil,
                          path: String? = nil, detail: String, fix: String) -> Violation {
        Violation(rule: rule.id, kind: kind, ref: update.ref, mode: rule.mode, object: object, path: path,
                  detail: detail, fix: fix)
    }

    static let pusher: Check = { rule, update, pusher in
        guard !rule.pushers.isEmpty, !rule.pushers.contains(pusher ?? "") else { return [] }
        let who = pusher.map { "pusher '\($0)'" } ?? "an unidentified pusher"
        return [violation(rule, .pusherNotAllowed, update,
                          detail: "\(who) may not update this ref (allowed: \(rule.pushers.joined(separator: ", ")))",
                          fix: "ask one of the allowed pushers, or push to another branch and open a merge request")]
    }

    static let creation: Check = { rule, update, pusher in
        guard rule.blockCreation, update.change == .creation, !rule.creators.contains(pusher ?? "") else { return [] }
        return [violation(rule, .creation, update, object: update.new,
                          detail: "creating refs that match \(patterns(rule)) is not allowed",
                          fix: "push to a differently named ref, or ask an administrator to create it")]
    }

    static let deletion: Check = { rule, update, _ in
        guard rule.blockDeletion, update.change == .deletion else { return [] }
        return [violation(rule, .deletion, update, object: update.old,
                          detail: "deleting this ref is not allowed",
                          fix: "do not delete protected refs; ask an administrator if it must go")]
    }

    static let forcePush: Check = { rule, update, _ in
        guard rule.blockForcePush, update.change == .update(fastForward: false) else { return [] }
        let isTag = update.ref.hasPrefix("refs/tags/")
        return [violation(rule, .forcePush, update, object: update.new,
                          detail: isTag ? "moving an existing tag is not allowed"
                              : "non-fast-forward update: \(short(update.old)) is not an ancestor of \(short(update.new))",
                          fix: isTag ? "create a new tag instead of moving this one"
                              : "fetch, rebase or merge onto the current \(update.ref), then push without --force")]
    }

    static let linearHistory: Check = { rule, update, _ in
        guard rule.requireLinearHistory else { return [] }
        return update.commits.filter { $0.parentCount > 1 }.map { commit in
            violation(rule, .mergeCommit, update, object: commit.id,
                      detail: "merge commit \(short(commit.id)) (\(subject(commit.message))): this ref requires linear history",
                      fix: "rebase your branch onto \(update.ref) instead of merging (git rebase, or git pull --rebase)")
        }
    }

    static let commitMessage: Check = { rule, update, _ in
        commitsNotMatching(rule.commitMessagePattern, \.message, rule, update, kind: .commitMessage, key: "commit-message-pattern",
                           fix: "reword it (git commit --amend, or git rebase -i) so the message matches the pattern") {
            "commit \(short($0.id)) message \"\(subject($0.message))\" does not match \($1)"
        }
    }

    static let authorEmail: Check = { rule, update, _ in
        commitsNotMatching(rule.authorEmailPattern, \.authorEmail, rule, update, kind: .authorEmail, key: "author-email-pattern",
                           fix: "set user.email, then fix the author: git commit --amend --reset-author (or git rebase -i)") {
            "commit \(short($0.id)) author email <\($0.authorEmail)> does not match \($1)"
        }
    }

    /// DCO: a `Signed-off-by:` trailer with the author's email (and name, when known). Merge commits are exempt, as
    /// in the DCO bots of the forges: they certify no new work of their own.
    static let signoff: Check = { rule, update, _ in
        guard rule.requireSignoff else { return [] }
        return update.commits.filter { $0.parentCount < 2 && !Signoff.certifies($0) }.map { commit in
            let author = commit.authorName.isEmpty ? "<\(commit.authorEmail)>" : "\(commit.authorName) <\(commit.authorEmail)>"
            return violation(rule, .missingSignoff, update, object: commit.id,
                             detail: "commit \(short(commit.id)) (\(subject(commit.message))) has no Signed-off-by: \(author)",
                             fix: "sign off: git commit --amend -s --no-edit (several commits: git rebase --signoff)")
        }
    }

    /// One violation per new commit whose `field` the pattern does not find. A search that cannot finish (the
    /// regex hit its match limit) is not a pass: it is an `undecided` violation naming the rule and the key.
    static func commitsNotMatching(_ pattern: MessagePattern?, _ field: KeyPath<CommitFacts, String>, _ rule: RefRule,
                                   _ update: UpdateFacts, kind: Violation.Kind, key: String, fix: String,
                                   detail: (CommitFacts, String) -> String) -> [Violation] {
        guard let pattern else { return [] }
        return update.commits.compactMap { commit in
            switch pattern.search(commit[keyPath: field]) {
            case .match:
                return nil
            case .noMatch:
                return violation(rule, kind, update, object: commit.id, detail: detail(commit, pattern.pattern), fix: fix)
            case .undecided(let reason):
                return violation(rule, .undecided, update, object: commit.id,
                                 detail: "commit \(short(commit.id)): could not decide \(key) \(pattern.pattern) of rule '\(rule.id)': \(reason)",
                                 fix: "the policy's administrator must simplify \(key) in rule '\(rule.id)' (no nested quantifiers)")
            }
        }
    }

    static let fileSize: Check = { rule, update, _ in
        guard let limit = rule.maxFileSize else { return [] }
        return update.files.filter { $0.size > limit }.map { file in
            violation(rule, .fileTooLarge, update, object: file.commit ?? file.blob, path: file.path,
                      detail: "\(file.path ?? "blob \(short(file.blob))") is \(ByteSize.describe(file.size)), over the \(ByteSize.describe(limit)) limit"
                          + (file.commit.map { " (commit \(short($0)))" } ?? ""),
                      fix: "remove the file from every new commit (git rebase -i, or git filter-repo), or use Git LFS")
        }
    }

    static let forbiddenPath: Check = { rule, update, _ in
        guard !rule.forbiddenPaths.isEmpty else { return [] }
        return update.files.compactMap { file in
            guard let path = file.path, let pattern = rule.forbiddenPaths.first(where: { $0.matches(path: path) })
            else { return nil }
            return violation(rule, .forbiddenPath, update, object: file.commit, path: path,
                             detail: "\(path) matches forbidden path \(pattern.pattern)"
                                 + (file.commit.map { " (commit \(short($0)))" } ?? ""),
                             fix: "remove it from every new commit (git rm --cached, then git rebase -i), not just from the tip")
        }
    }

    static let signedCommits: Check = { rule, update, _ in
        guard rule.requireSignedCommits else { return [] }
        return update.commits.compactMap { commit in
            signatureViolation(rule, update, commit.signature, object: commit.id, what: "commit", kind: .unsignedCommit,
                               signer: "committer <\(commit.committerEmail)>",
                               fix: "sign it with a trusted key: git commit --amend -S (or git rebase --exec 'git commit --amend --no-edit -S')")
        }
    }

    static let signedTags: Check = { rule, update, _ in
        guard rule.requireSignedTags else { return [] }
        return update.tags.compactMap { tag in
            signatureViolation(rule, update, tag.signature, object: tag.id, what: "tag \(tag.name)", kind: .unsignedTag,
                               signer: "tagger", fix: "recreate the tag signed by a trusted key: git tag -s -f \(tag.name)")
        }
    }

    /// A missing or not-good signature, or a good one by a key that does not vouch for whom the rule requires.
    static func signatureViolation(_ rule: RefRule, _ update: UpdateFacts, _ signature: SignatureFacts?, object: String,
                                   what: String, kind: Violation.Kind, signer: String, fix: String) -> Violation? {
        let subject = what == "commit" ? "commit \(short(object))" : what
        guard let signature, signature.isGood else {
            return violation(rule, kind, update, object: object,
                             detail: "\(subject): \(signature?.summary ?? "signature not checked")", fix: fix)
        }
        switch rule.signerMustMatch {
        case .anyTrustedKey:
            return nil
        case .committer where !signature.vouchesForCommitter:
            return violation(rule, .signerMismatch, update, object: object,
                             detail: "\(subject): \(signature.summary), but the key does not vouch for the \(signer)",
                             fix: "sign with your own key, registered for your committer email")
        case .pusher where !signature.vouchesForPusher:
            return violation(rule, .signerMismatch, update, object: object,
                             detail: "\(subject): \(signature.summary), but the key is not one of the pusher's",
                             fix: "sign with a key registered for your pusher identity in [signers] pushers")
        default:
            return nil
        }
    }

    static func short(_ id: String?) -> String { id.map { String($0.prefix(10)) } ?? "(none)" }

    static func subject(_ message: String) -> String {
        let line = message.prefix { $0 != "\n" }
        return line.count > 60 ? String(line.prefix(57)) + "..." : String(line)
    }

    static func patterns(_ rule: RefRule) -> String {
        rule.refs.map(\.pattern).joined(separator: ", ")
    }
}
