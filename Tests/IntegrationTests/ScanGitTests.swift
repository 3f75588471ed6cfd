import Foundation
import Testing

/// `git-warden scan --staged | --range | --history` in real repositories made with real git.
@Suite struct ScanGitTests {
    let token = ScanFixtures.githubToken(seed: 11)
    let sideToken = ScanFixtures.githubToken(seed: 12)

    func repository(_ box: Sandbox) throws -> String {
        let path = "\(box.root)/repo"
        try box.must(["git", "init", "-q", path])
        return path
    }

    @Test func stagedScansTheIndexAgainstHeadOrTheEmptyTree() throws {
        let box = try Sandbox()
        let repo = try repository(box)
        try box.write("\(repo)/app.py", "print('hi')\nTOKEN = \"\(token)\"\n")
        try box.must(["git", "add", "app.py"], in: repo)
        let first = try ScanFixtures.scan(box, ["scan", "--staged"], in: repo)
        #expect(first.status == 1)
        #expect(first.stdout.contains("app.py:2:10: github-pat"))
        #expect(!first.output.contains(token))

        try box.must(["git", "commit", "-q", "-m", "start"], in: repo)
        try box.write("\(repo)/app.py", "print('hi')\nTOKEN = \"\(token)\"\nprint('bye')\n")
        try box.must(["git", "add", "app.py"], in: repo)
        let unchangedLine = try ScanFixtures.scan(box, ["scan", "--staged"], in: repo)
        #expect(unchangedLine.status == 0, "only added lines count: \(unchangedLine.output)")

        // Another index, as git's own hooks get it during `git commit -a` or `git commit FILE`.
        try box.write("\(repo)/other.py", "KEY = '\(sideToken)'\n")
        try box.must(["git", "add", "other.py"], in: repo, extraEnvironment: ["GIT_INDEX_FILE": "\(box.root)/alt-index"])
        let alternative = try ScanFixtures.scan(box, ["scan", "--staged"], in: repo,
                                                environment: ["GIT_INDEX_FILE": "\(box.root)/alt-index"])
        #expect(alternative.stdout.contains("other.py:1:8: github-pat"))
        #expect(try ScanFixtures.scan(box, ["scan", "--staged"], in: repo).status == 0)

        // GIT_DIR names the repository wherever the command runs.
        let elsewhere = try ScanFixtures.scan(box, ["scan", "--staged"], in: box.root, environment: [
            "GIT_DIR": "\(repo)/.git", "GIT_INDEX_FILE": "\(box.root)/alt-index"])
        #expect(elsewhere.stdout.contains("other.py:1:8: github-pat"), "\(elsewhere.output)")
    }

    @Test func rangeReportsTheCommitThatAddedTheSecretOnce() throws {
        let box = try Sandbox()
        let repo = try repository(box)
        let base = try box.commit(in: repo, files: ["app.py": "a = 1\n"], message: "base")
        let adding = try box.commit(in: repo, files: ["app.py": "a = 1\nTOKEN = \"\(token)\"\n"], message: "add")
        try box.commit(in: repo, files: ["app.py": "a = 2\nTOKEN = \"\(token)\"\n", "copy.py": "T = '\(token)'\n"],
                       message: "more")
        let result = try ScanFixtures.scan(box, ["scan", "--range", "\(base)..HEAD", "--format", "json"], in: repo)
        #expect(result.status == 1)
        let findings = ScanFixtures.findings(try ScanFixtures.json(result.stdout))
        #expect(findings.count == 2)
        let app = try #require(findings.first { $0["path"] as? String == "app.py" })
        #expect(app["commit"] as? String == adding && app["line"] as? Int == 2)
        #expect(findings.contains { $0["path"] as? String == "copy.py" && $0["line"] as? Int == 1 })

        let later = try ScanFixtures.scan(box, ["scan", "--range", "\(adding)..HEAD"], in: repo)
        #expect(later.stdout.contains("copy.py:1:6") && !later.stdout.contains("app.py"))

        let bad = try ScanFixtures.scan(box, ["scan", "--range", "nosuch..HEAD"], in: repo)
        #expect(bad.status == 2 && bad.stderr.contains("resolve revision nosuch"))
        let outside = try ScanFixtures.scan(box, ["scan", "--range", "HEAD~1..HEAD"], in: box.root)
        #expect(outside.status == 2 && outside.stderr.contains("find repository"))
    }

    @Test func mergeReportsOnlyWhatTheMergeItselfAdds() throws {
        let box = try Sandbox()
        let repo = try repository(box)
        try box.commit(in: repo, files: ["app.py": "a = 1\n"], message: "base")
        try box.must(["git", "checkout", "-q", "-b", "side"], in: repo)
        let side = try box.commit(in: repo, files: ["side.py": "KEY = '\(sideToken)'\n"], message: "side")
        try box.must(["git", "checkout", "-q", "main"], in: repo)
        let mainTip = try box.commit(in: repo, files: ["app.py": "a = 2\n"], message: "main")
        try box.must(["git", "merge", "-q", "--no-ff", "-m", "merge side", "side"], in: repo)
        // The merge brings side.py to main, but the secret is new only relative to the first parent.
        let merge = try ScanFixtures.scan(box, ["scan", "--range", "side..HEAD"], in: repo)
        #expect(merge.status == 0, "\(merge.output)")
        let all = try ScanFixtures.scan(box, ["scan", "--range", "\(mainTip)..HEAD", "--format", "json"], in: repo)
        let findings = ScanFixtures.findings(try ScanFixtures.json(all.stdout))
        #expect(findings.count == 1 && findings.first?["commit"] as? String == side)
    }

    @Test func historyReportsEachSecretOnceAtItsIntroducingCommit() throws {
        let box = try Sandbox()
        let repo = try repository(box)
        try box.commit(in: repo, files: ["app.py": "a = 1\n"], message: "base")
        let introducing = try box.commit(in: repo, files: ["app.py": "a = 1\n\nTOKEN = \"\(token)\"\n"], message: "add")
        try box.commit(in: repo, files: ["app.py": "a = 2\n\nTOKEN = \"\(token)\"\n"], message: "edit")
        try box.commit(in: repo, files: ["app.py": "a = 2\n"], message: "remove")
        try box.must(["git", "checkout", "-q", "-b", "unmerged"], in: repo)
        let branchOnly = try box.commit(in: repo, files: ["notes.md": "key \(sideToken)\n"], message: "side")
        try box.must(["git", "checkout", "-q", "main"], in: repo)

        let result = try ScanFixtures.scan(box, ["scan", "--history", "--format", "json"], in: repo)
        #expect(result.status == 1)
        #expect(!result.output.contains(token) && !result.output.contains(sideToken))
        // The repository may also be named: the same report from elsewhere.
        let named = try ScanFixtures.scan(box, ["scan", "--history", "--format", "json", repo], in: box.root)
        #expect(named.status == 1)
        let namedFindings = ScanFixtures.findings(try ScanFixtures.json(named.stdout))
        #expect(namedFindings.map { $0["fingerprint"] as? String } == ScanFixtures.findings(try ScanFixtures.json(result.stdout)).map { $0["fingerprint"] as? String })
        let findings = ScanFixtures.findings(try ScanFixtures.json(result.stdout))
        #expect(findings.count == 2)
        let app = try #require(findings.first { $0["path"] as? String == "app.py" })
        #expect(app["commit"] as? String == introducing)
        #expect(app["line"] as? Int == 3 && app["column"] as? Int == 10)
        #expect(findings.first { $0["path"] as? String == "notes.md" }?["commit"] as? String == branchOnly)
        #expect(result.stderr.contains("2 findings in history of all refs"))
        #expect(result.stderr.contains("of 5 commits"))
    }

    /// A scanned repository may be hostile: its config must not make the scan run a program, and a replace ref
    /// must not hide the commit that holds a secret.
    @Test func historyScanIgnoresTheRepositorysProgramsAndReplaceRefs() throws {
        let box = try Sandbox()
        let repo = try repository(box)
        let marker = "\(box.root)/program-ran"
        try box.write("\(box.root)/fake-gpg", """
            #!/bin/sh
            cat > /dev/null
            touch \(marker)
            echo '[GNUPG:] SIG_CREATED D 1 8 00 1 X' >&2
            printf -- '-----BEGIN PGP SIGNATURE-----\\n\\nAAAA\\n-----END PGP SIGNATURE-----\\n'
            """)
        try box.must(["chmod", "+x", "\(box.root)/fake-gpg"])
        try box.git("config", "gpg.program", "\(box.root)/fake-gpg", in: repo)
        let secret = try box.commit(in: repo, files: ["app.py": "TOKEN = \"\(token)\"\n"], message: "add",
                                    extraEnvironment: ["GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "commit.gpgSign",
                                                       "GIT_CONFIG_VALUE_0": "true"])
        try FileManager.default.removeItem(atPath: marker)
        try box.git("config", "log.showSignature", "true", in: repo)
        // A clean commit replaces the one that holds the secret, for every git command that honours refs/replace.
        try box.commit(in: repo, files: ["app.py": "TOKEN = None\n"], message: "clean")
        try box.must(["git", "replace", secret, "HEAD"], in: repo)
        try box.must(["git", "reset", "-q", "--hard", secret], in: repo)

        let result = try ScanFixtures.scan(box, ["scan", "--history", "--format", "json"], in: repo)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(ScanFixtures.findings(try ScanFixtures.json(result.stdout)).contains { $0["commit"] as? String == secret })
        #expect(!FileManager.default.fileExists(atPath: marker), "the repository's gpg.program ran")
    }

    /// Later versions are scanned only where they changed: a secret added deep in a long file must still be
    /// found, on its real line, at the commit that added it, and an old one not again.
    @Test func historyFindsSecretsAddedDeepInLaterVersions() throws {
        let box = try Sandbox()
        let repo = try repository(box)
        let lines = (1...400).map { "let value\($0) = \($0 * 7) // some ordinary code on line \($0)" }
        var content = lines
        content.insert("let old = \"\(token)\"", at: 10)
        let first = try box.commit(in: repo, files: ["big.swift": content.joined(separator: "\n") + "\n"], message: "start")
        content[300] = "let key = \"\(sideToken)\""
        content[350] += " // edited"
        let second = try box.commit(in: repo, files: ["big.swift": content.joined(separator: "\n") + "\n"], message: "deep")
        let result = try ScanFixtures.scan(box, ["scan", "--history", "--format", "json"], in: repo)
        let findings = ScanFixtures.findings(try ScanFixtures.json(result.stdout))
        #expect(findings.count == 2)
        let old = try #require(findings.first { $0["line"] as? Int == 11 })
        #expect(old["commit"] as? String == first)
        let deep = try #require(findings.first { $0["line"] as? Int == 301 })
        #expect(deep["commit"] as? String == second && deep["column"] as? Int == 12)
    }

    @Test func gitScansReadTheWorkTreeIgnoreFile() throws {
        let box = try Sandbox()
        let repo = try repository(box)
        try box.commit(in: repo, files: ["app.py": "TOKEN = \"\(token)\"\n"], message: "add")
        let first = try ScanFixtures.json(try ScanFixtures.scan(box, ["scan", "--history", "--format", "json"], in: repo).stdout)
        let fingerprint = try #require(ScanFixtures.findings(first).first?["fingerprint"] as? String)
        try box.write("\(repo)/.git-warden-ignore", "\(fingerprint)\n")
        try box.must(["mkdir", "-p", "\(repo)/sub"])
        let result = try ScanFixtures.scan(box, ["scan", "--history"], in: "\(repo)/sub")
        #expect(result.status == 0)
        #expect(result.stdout.contains("1 suppressed by ignore file"))
    }
}
