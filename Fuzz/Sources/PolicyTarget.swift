import WardenPolicy

extension FuzzTarget {
    /// The server policy reader (`git-warden.toml`), from file bytes as the hook reads it. A policy that parses is
    /// then explained and evaluated against fixed updates, which runs its ref globs, path globs, size limits and
    /// message/email patterns the way a push does.
    static let policy = FuzzTarget(name: "policy", summary: "PolicyParser.parse(bytes:), explain and evaluate") { bytes in
        guard let policy = try? PolicyParser.parse(bytes: bytes, source: "fuzz-policy.toml") else { return }
        for update in PolicyFixture.updates { _ = policy.explain(ref: update.ref, pusher: "alice") }
        _ = policy.evaluate(PolicyFixture.updates, pusher: "alice")
    }
}

/// Updates of every kind (creation, deletion, fast-forward, force push) with a commit, a tag and files.
enum PolicyFixture {
    static let zero = String(repeating: "0", count: 40)
    static let one = String(repeating: "1", count: 40)
    static let two = String(repeating: "2", count: 40)

    static let updates: [UpdateFacts] = {
        var main = UpdateFacts(ref: "refs/heads/main", old: one, new: two, change: .update(fastForward: false))
        main.commits = [
            CommitFacts(
                id: two, parentCount: 2, message: "feat(core): add a thing\n\nSigned-off-by: Alice <alice@example.com>\n",
                authorName: "Alice", authorEmail: "alice@example.com", committerEmail: "bob@example.org",
                signature: SignatureFacts(letter: "G", isGood: true, summary: "good ssh signature",
                                          vouchesForCommitter: true, vouchesForPusher: false)),
        ]
        main.files = [
            FileFacts(path: "config/prod.env", blob: one, size: 2_000_000, commit: two),
            FileFacts(path: "keys/server.pem", blob: two, size: 10, commit: two),
            FileFacts(path: nil, blob: two, size: 1, commit: nil),
        ]
        var tag = UpdateFacts(ref: "refs/tags/v1.0", old: nil, new: one, change: .creation)
        tag.tags = [TagFacts(id: one, name: "v1.0", signature: SignatureFacts(
            letter: "N", isGood: false, summary: "no signature", vouchesForCommitter: false, vouchesForPusher: false))]
        let release = UpdateFacts(ref: "refs/heads/release/2.x/rc1", old: two, new: nil, change: .deletion)
        let feature = UpdateFacts(ref: "refs/heads/feature/x", old: one, new: two, change: .update(fastForward: true))
        return [main, tag, release, feature]
    }()
}
