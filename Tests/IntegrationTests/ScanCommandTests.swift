import Foundation
import Testing

/// `git-warden scan PATH` on real files: exit codes, redaction, formats, ignore files, baselines and rule files.
@Suite struct ScanCommandTests {
    let token = ScanFixtures.githubToken(seed: 1)
    let otherToken = ScanFixtures.githubToken(seed: 2)

    /// A directory with one secret, a binary file holding another, a symlink loop and a `.git` directory whose
    /// content must not be scanned.
    func project(_ box: Sandbox) throws -> String {
        let root = "\(box.root)/project"
        try box.write("\(root)/src/config.py", "import os\n\nTOKEN = \"\(token)\"\n")
        try box.write("\(root)/README.md", "nothing to see\n")
        try box.write("\(root)/.git/config", "token = \(otherToken)\n")
        try Data("binary\0\(otherToken)".utf8).write(to: URL(fileURLWithPath: "\(root)/blob.bin"))
        try FileManager.default.createSymbolicLink(atPath: "\(root)/src/loop", withDestinationPath: "..")
        return root
    }

    @Test func cleanDirectoryExitsZero() throws {
        let box = try Sandbox()
        try box.write("\(box.root)/clean/a.txt", "hello\n")
        let result = try ScanFixtures.scan(box, ["scan", "clean"], in: box.root)
        #expect(result.status == 0)
        #expect(result.stdout.contains("0 findings in directory clean: 1 file,"))
    }

    @Test func directoryFindingsAreRedactedAndPlaced() throws {
        let box = try Sandbox()
        let root = try project(box)
        let result = try ScanFixtures.scan(box, ["scan"], in: root)
        #expect(result.status == 1)
        #expect(result.stdout.contains("src/config.py:3:10: github-pat"))
        #expect(result.stdout.contains("ghp_…(40)"))
        #expect(result.stdout.contains("fingerprint: "))
        #expect(result.stdout.contains("binary, not scanned (--scan-binary scans them): blob.bin"))
        #expect(result.stdout.contains("1 finding in directory .: 3 files"))
        #expect(!result.output.contains(token) && !result.output.contains(otherToken))
    }

    /// `--report` through a fifo or a symbolic link writes through it (as `>` would) instead of renaming a file over
    /// it: the atomic rename once replaced `/dev/null` with a regular file for the whole machine.
    @Test func reportThroughAFifoOrALinkKeepsThePath() throws {
        let box = try Sandbox()
        let root = try project(box)
        let fifo = "\(box.root)/report.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        let received = ReceivedText()
        let reader = Thread {
            // Opening a fifo for reading waits for the writer; reading ends when it closes.
            if let handle = FileHandle(forReadingAtPath: fifo) { received.set(String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)) }
        }
        reader.start()
        let result = try ScanFixtures.scan(box, ["scan", "--format", "json", "--report", fifo, "."], in: root)
        #expect(result.status == 1)
        var status = stat()
        #expect(lstat(fifo, &status) == 0 && (status.st_mode & S_IFMT) == S_IFIFO, "the fifo is still a fifo")
        let deadline = Date().addingTimeInterval(30)
        while received.text == nil, Date() < deadline { usleep(10_000) }
        #expect(received.text?.contains("github-pat") == true)

        let target = "\(box.root)/real-report.json", link = "\(box.root)/report-link.json"
        try box.write(target, "old content that is longer than nothing\n")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        _ = try ScanFixtures.scan(box, ["scan", "--format", "json", "--report", link, "."], in: root)
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == target, "the link is still a link")
        let written = box.read(target) ?? ""
        #expect(written.contains("github-pat") && !written.contains("old content"))
    }

    @Test func noRedactShowsTheSecret() throws {
        let box = try Sandbox()
        let root = try project(box)
        let result = try ScanFixtures.scan(box, ["scan", "--no-redact", "."], in: root)
        #expect(result.status == 1)
        #expect(result.stdout.contains("secret:      \(token)"))
    }

    @Test func scanBinaryFindsSecretsInBinaryFiles() throws {
        let box = try Sandbox()
        let root = try project(box)
        let result = try ScanFixtures.scan(box, ["scan", "--scan-binary", "."], in: root)
        #expect(result.stdout.contains("blob.bin:1:"))
        #expect(!result.stdout.contains(".git/config"))
    }

    @Test func maxBytesCutsAndSays() throws {
        let box = try Sandbox()
        try box.write("\(box.root)/big/log.txt", String(repeating: "x", count: 5000) + "\nTOKEN = \"\(token)\"\n")
        let cut = try ScanFixtures.scan(box, ["scan", "--max-bytes", "4096", "big"], in: box.root)
        #expect(cut.status == 0)
        #expect(cut.stdout.contains("1 cut at the size cap (--max-bytes): log.txt (first 4.0 KiB of 4.9 KiB)"))
        #expect(try ScanFixtures.scan(box, ["scan", "big"], in: box.root).status == 1)
    }

    @Test func singleFileAndStandardInput() throws {
        let box = try Sandbox()
        let root = try project(box)
        let file = try ScanFixtures.scan(box, ["scan", "src/config.py"], in: root)
        #expect(file.status == 1)
        #expect(file.stdout.contains("src/config.py:3:10: github-pat"))
        let stdin = try ScanFixtures.scan(box, ["scan", "-"], in: root, input: "a\nkey: \(token)\n")
        #expect(stdin.status == 1)
        #expect(stdin.stdout.contains("stdin:2:6: github-pat"))
        #expect(!stdin.output.contains(token))
        let clean = try ScanFixtures.scan(box, ["scan", "-"], in: root, input: "nothing\n")
        #expect(clean.status == 0)
    }

    @Test func jsonReportToFile() throws {
        let box = try Sandbox()
        let root = try project(box)
        let result = try ScanFixtures.scan(box, ["scan", "--format", "json", "--report", "out.json", "."], in: root)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("git-warden: 1 finding in directory ."))
        let text = try #require(box.read("\(root)/out.json"))
        #expect(!text.contains(token))
        let report = try ScanFixtures.json(text)
        let finding = try #require(ScanFixtures.findings(report).first)
        #expect(finding["path"] as? String == "src/config.py")
        #expect(finding["line"] as? Int == 3 && finding["column"] as? Int == 10)
        #expect(finding["ruleID"] as? String == "github-pat")
        #expect((finding["fingerprint"] as? String)?.count == 32)
        #expect(finding["secret"] == nil)
        let shown = try ScanFixtures.scan(box, ["scan", "--format", "json", "--no-redact", "."], in: root)
        #expect(ScanFixtures.findings(try ScanFixtures.json(shown.stdout)).first?["secret"] as? String == token)
    }

    @Test func ignoreFileSuppressesAndMalformedLinesAreErrors() throws {
        let box = try Sandbox()
        let root = try project(box)
        let report = try ScanFixtures.json(try ScanFixtures.scan(box, ["scan", "--format", "json"], in: root).stdout)
        let fingerprint = try #require(ScanFixtures.findings(report).first?["fingerprint"] as? String)
        try box.write("\(root)/.git-warden-ignore", "# reviewed: test fixture\n\n\(fingerprint)  # not a real token\n")
        let ignored = try ScanFixtures.scan(box, ["scan"], in: root)
        #expect(ignored.status == 0)
        #expect(ignored.stdout.contains("0 findings") && ignored.stdout.contains("1 suppressed by ignore file"))

        try box.write("\(root)/.git-warden-ignore", "\(fingerprint)\nsrc/config.py:3\n")
        let malformed = try ScanFixtures.scan(box, ["scan"], in: root)
        #expect(malformed.status == 2)
        #expect(malformed.stderr.contains("./.git-warden-ignore:2: not a finding fingerprint: \"src/config.py:3\""))

        try FileManager.default.removeItem(atPath: "\(root)/.git-warden-ignore")
        try box.write("\(box.root)/accepted", "\(fingerprint)\n")
        let explicit = try ScanFixtures.scan(box, ["scan", "--ignore-file", "\(box.root)/accepted"], in: root)
        #expect(explicit.status == 0)
        let missing = try ScanFixtures.scan(box, ["scan", "--ignore-file", "nope.txt"], in: root)
        #expect(missing.status == 2 && missing.stderr.contains("nope.txt: cannot read ignore file"))
    }

    @Test func baselineSuppressesKnownFindingsOnly() throws {
        let box = try Sandbox()
        let root = try project(box)
        #expect(try ScanFixtures.scan(box, ["scan", "--format", "json", "--report", "\(box.root)/base.json"],
                                      in: root).status == 1)
        try box.write("\(root)/src/new.py", "KEY = \"\(otherToken)\"\n")
        let result = try ScanFixtures.scan(box, ["scan", "--baseline", "\(box.root)/base.json"], in: root)
        #expect(result.status == 1)
        #expect(result.stdout.contains("src/new.py:1:8: github-pat"))
        #expect(!result.stdout.contains("src/config.py"))
        #expect(result.stdout.contains("1 finding") && result.stdout.contains("1 suppressed by baseline"))

        try box.write("\(box.root)/bad.json", "{\"results\": []}")
        let bad = try ScanFixtures.scan(box, ["scan", "--baseline", "\(box.root)/bad.json"], in: root)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("baseline \(box.root)/bad.json: no \"findings\" array"))
    }

    @Test func gitleaksConfigReplacesOrExtendsTheRules() throws {
        let box = try Sandbox()
        let root = try project(box)
        try box.write("\(root)/src/acme.txt", "acme_key = acme_k3y9q8z7x6w5v4u3t2s1r0p9\n")
        let rule = """
            [[rules]]
            id = "acme-key"
            description = "ACME API key"
            regex = '''acme_[a-z0-9]{24}'''
            keywords = ["acme_"]
            """
        try box.write("\(box.root)/own.toml", "title = \"own\"\n" + rule)
        let own = try ScanFixtures.scan(box, ["scan", "--config", "\(box.root)/own.toml"], in: root)
        #expect(own.status == 1)
        #expect(own.stdout.contains("src/acme.txt:1:12: acme-key (ACME API key)"))
        #expect(!own.stdout.contains("github-pat"))
        try box.write("\(box.root)/extended.toml", "[extend]\nuseDefault = true\n\n" + rule)
        let extended = try ScanFixtures.scan(box, ["scan", "--config", "\(box.root)/extended.toml"], in: root)
        #expect(extended.stdout.contains("acme-key") && extended.stdout.contains("github-pat"))
    }

    @Test func badInputsExitTwoWithAReason() throws {
        let box = try Sandbox()
        let missing = try ScanFixtures.scan(box, ["scan", "no/such/dir"], in: box.root)
        #expect(missing.status == 2 && missing.stderr.contains("no/such/dir: no such file or directory"))
        let config = try ScanFixtures.scan(box, ["scan", "--config", "absent.toml", "."], in: box.root)
        #expect(config.status == 2 && config.stderr.contains("cannot read rule file absent.toml"))
        try box.write("\(box.root)/broken.toml", "[[rules]]\nid = \"x\"\nregex = '''(unclosed'''\n")
        let broken = try ScanFixtures.scan(box, ["scan", "--config", "broken.toml", "."], in: box.root)
        #expect(broken.status == 2 && broken.stderr.contains("rule 'x'"))
        let both = try ScanFixtures.scan(box, ["scan", "--staged", "--history"], in: box.root)
        #expect(both.status == 2 && both.stderr.contains("give only one of --staged, --range and --history"))
        let notRepository = try ScanFixtures.scan(box, ["scan", "--history", "."], in: box.root)
        #expect(notRepository.status == 2 && notRepository.stderr.contains("repository"))
    }
}

/// Text handed over from a reader thread.
private final class ReceivedText: @unchecked Sendable {
    private let lock = NSLock()
    private var value: String?
    var text: String? { lock.withLock { value } }
    func set(_ text: String) { lock.withLock { value = text } }
}
