extension CheckDescriptor {
    /// Every policy check, in the order their violations are reported: for each rule covering a ref, the rule
    /// checks in this order; then the update checks in this order.
    public static let all: [CheckDescriptor] = [
        pushers, creation, deletion, forcePush, linearHistory, commitMessage, authorEmail, signoff, fileSize,
        forbiddenPath, signatures, secrets, malformedObjects,
    ]

    static let pushDoors: Set<Door> = [.preReceive, .prePush]
    static let historyDoors: Set<Door> = [.preReceive, .prePush, .audit]

    /// Who may write a ref: a rule's `pushers`, and nobody but the server for its evidence notes ref (`[attest]`).
    /// Only the server knows the pusher, so a client never predicts it.
    static let pushers = CheckDescriptor(
        id: "pushers", kinds: [.pusherNotAllowed], doors: pushDoors, clientKnowledge: .unknowable, severity: .high,
        perRule: RulePart(needs: { _ in [] }, evaluate: RuleChecks.pusher),
        perUpdate: UpdatePart(needs: { _, _ in [] }, evaluate: { policy, update, _ in policy.evidenceRefViolations(update) }))

    /// `block-creation`; a client knows it only when no `creators` may override it (it cannot know who pushes).
    static let creation = CheckDescriptor(
        id: "rule.block-creation", kinds: [.creation], doors: pushDoors,
        clientKnowledge: .knowableFor { $0.creators.isEmpty }, severity: .medium,
        perRule: RulePart(needs: { _ in [] }, evaluate: RuleChecks.creation))

    static let deletion = CheckDescriptor(
        id: "rule.block-deletion", kinds: [.deletion], doors: pushDoors, severity: .high,
        perRule: RulePart(needs: { _ in [] }, evaluate: RuleChecks.deletion))

    static let forcePush = CheckDescriptor(
        id: "rule.block-force-push", kinds: [.forcePush], doors: pushDoors, severity: .high,
        perRule: RulePart(needs: { _ in [] }, evaluate: RuleChecks.forcePush))

    static let linearHistory = CheckDescriptor(
        id: "rule.require-linear-history", kinds: [.mergeCommit], doors: historyDoors, severity: .low,
        perRule: RulePart(needs: { $0.requireLinearHistory ? .commits : [] }, evaluate: RuleChecks.linearHistory))

    static let commitMessage = CheckDescriptor(
        id: "rule.commit-message-pattern", kinds: [.commitMessage], doors: historyDoors.union([.commitMessage]),
        severity: .low,
        perRule: RulePart(needs: { $0.commitMessagePattern != nil ? .commits : [] }, evaluate: RuleChecks.commitMessage))

    static let authorEmail = CheckDescriptor(
        id: "rule.author-email-pattern", kinds: [.authorEmail], doors: historyDoors.union([.commitMessage]),
        severity: .low,
        perRule: RulePart(needs: { $0.authorEmailPattern != nil ? [.commits, .authors] : [] },
                          evaluate: RuleChecks.authorEmail))

    static let signoff = CheckDescriptor(
        id: "rule.require-signoff", kinds: [.missingSignoff], doors: historyDoors.union([.commitMessage]),
        severity: .low,
        perRule: RulePart(needs: { $0.requireSignoff ? [.commits, .authors] : [] }, evaluate: RuleChecks.signoff))

    static let fileSize = CheckDescriptor(
        id: "rule.max-file-size", kinds: [.fileTooLarge], doors: historyDoors.union([.preCommit]), severity: .medium,
        perRule: RulePart(needs: { $0.maxFileSize != nil ? [.commits, .files] : [] }, evaluate: RuleChecks.fileSize))

    static let forbiddenPath = CheckDescriptor(
        id: "rule.forbidden-paths", kinds: [.forbiddenPath], doors: historyDoors.union([.preCommit]), severity: .high,
        perRule: RulePart(needs: { $0.forbiddenPaths.isEmpty ? [] : [.commits, .files] },
                          evaluate: RuleChecks.forbiddenPath))

    /// `require-signed-commits` and `require-signed-tags`: one check, since both report a signer that does not
    /// vouch for whom `signer-must-match` names.
    static let signatures = CheckDescriptor(
        id: "rule.signatures", kinds: [.unsignedCommit, .unsignedTag, .signerMismatch], doors: historyDoors,
        severity: .high,
        perRule: RulePart(
            needs: { rule in
                let commits: FactNeeds = rule.requireSignedCommits ? [.commits, .commitSignatures] : []
                return commits.union(rule.requireSignedTags ? .tags : [])
            },
            evaluate: { rule, update, pusher in
                RuleChecks.signedCommits(rule, update, pusher) + RuleChecks.signedTags(rule, update, pusher)
            }))

    /// Secrets are judged by the `[secrets]` section, not by ref rules: a leaked key is as bad on a scratch branch as
    /// on main, because every branch of the server can be fetched. Content the scan could not finish is `undecided`.
    static let secrets = CheckDescriptor(
        id: "policy.secrets", kinds: [.secret], doors: Set(Door.allCases), severity: .critical,
        perUpdate: UpdatePart(needs: { policy, ref in policy.secrets.covers(ref) ? .secrets : [] },
                              evaluate: { policy, update, _ in
                                  policy.secretViolations(update) + policy.secretGapViolations(update)
                              }))

    /// Objects git's fsck refuses, on every ref and by no rule's leave (see `malformedObjectViolations`).
    static let malformedObjects = CheckDescriptor(
        id: "git-fsck", kinds: [.malformedObject], doors: historyDoors, severity: .high,
        perUpdate: UpdatePart(needs: { _, _ in .objects },
                              evaluate: { policy, update, _ in policy.malformedObjectViolations(update) }))
}
