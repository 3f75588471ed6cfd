import Foundation
import Testing

/// Binary or not is decided on the blob, as git decides it (a NUL among its first 8000 bytes), never on the buffer
/// of a file's added lines; every skipped binary is reported. Real pushes through the real hook.
@Suite struct BinaryContentTests {
    static let token = SecretPushTests.token

    /// 9000 bytes of text: a NUL added at the end lies beyond git's 8000-byte probe, so the file stays text.
    static let longText = String(repeating: "a line of ordinary text, nothing to see here\n", count: 200)

    @Test func aTextFileGainingALineWithANulByteIsStillScanned() throws {
        let (box, server, work) = try SecretPushTests.seeded(policy: nil)
        try box.commit(in: work, files: ["notes.txt": Self.longText], message: "notes")
        #expect(try box.push(work, "main").status == 0)
        let before = box.serverRef(server, "refs/heads/main")
        try box.commit(in: work, files: ["notes.txt": Self.longText + "odd\u{0}byte\nTOKEN = \"\(Self.token)\"\n"],
                       message: "more notes")
        let result = try box.push(work, "main")
        #expect(result.status != 0, "\(result.output)")
        #expect(result.stderr.contains("github-pat"))
        #expect(result.stderr.contains("notes.txt:202:"))
        #expect(box.serverRef(server, "refs/heads/main") == before)
    }

    @Test func theSameFilePushedNewIsJudgedTheSame() throws {
        let (box, _, work) = try SecretPushTests.seeded(policy: nil)
        try box.commit(in: work, files: ["notes.txt": Self.longText + "odd\u{0}byte\nTOKEN = \"\(Self.token)\"\n"],
                       message: "notes")
        let result = try box.push(work, "main")
        #expect(result.status != 0, "\(result.output)")
        #expect(result.stderr.contains("notes.txt:202:"))
    }

    @Test func aBinaryBlobIsSkippedAndThePusherAndTheLogAreTold() throws {
        let (box, server, work) = try SecretPushTests.seeded(policy: nil)
        try box.commit(in: work, files: ["data.bin": "\u{0}\u{1}header\nTOKEN = \"\(Self.token)\"\n"], message: "data")
        let result = try box.push(work, "main")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stderr.contains("note: data.bin in commit"))
        #expect(result.stderr.contains("binary content"))
        #expect(result.stderr.contains("scan-binary = true"))
        let notes = try #require(try box.decisions(server).last?["notes"] as? [String])
        #expect(notes.contains { $0.contains("data.bin") && $0.contains("binary content") })
    }

    @Test func manySkippedBinariesAreCountedForThePusherAndListedInTheLog() throws {
        let (box, server, work) = try SecretPushTests.seeded(policy: nil)
        var files: [String: String] = [:]
        for index in 0..<60 { files["img/\(index).bin"] = "\u{0}image \(index)\n" }
        try box.commit(in: work, files: files, message: "images")
        let result = try box.push(work, "main")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stderr.components(separatedBy: "binary content").count - 1 == 50)
        #expect(result.stderr.contains("and 10 more like these (all in the decision log)"))
        #expect((try box.decisions(server).last?["notes"] as? [String])?.count == 60)
    }

    @Test func scanBinaryScansBinaryBlobsWhole() throws {
        let (box, server, work) = try SecretPushTests.seeded(policy: "[secrets]\nscan-binary = true\n")
        try box.commit(in: work, files: ["data.bin": "\u{0}\u{1}header\nTOKEN = \"\(Self.token)\"\n"], message: "data")
        let result = try box.push(work, "main")
        #expect(result.status != 0, "\(result.output)")
        #expect(result.stderr.contains("data.bin:2:"))
        #expect(!result.output.contains(Self.token))
        #expect(box.serverRef(server, "refs/heads/main") != (try box.git("rev-parse", "HEAD", in: work)))
    }

    @Test func aTypoInTheSettingIsAnError() throws {
        let (box, server, work) = try SecretPushTests.seeded(policy: nil)
        try box.write("\(server)/git-warden.toml", "[secrets]\nscan-binary = \"yes\"\n")
        try box.commit(in: work, files: ["a.txt": "a\n"], message: "a")
        let result = try box.push(work, "main")
        #expect(result.status != 0)
        #expect(result.stderr.contains("git-warden.toml:2:"), "\(result.stderr)")
        #expect(result.stderr.contains("scan-binary"))
    }

    @Test func scanRangeUsesTheSameRule() throws {
        let box = try Sandbox()
        let repo = "\(box.root)/repo"
        try box.must(["git", "init", "-q", repo])
        let base = try box.commit(in: repo, files: ["notes.txt": Self.longText], message: "notes")
        try box.commit(in: repo, files: ["notes.txt": Self.longText + "odd\u{0}byte\nTOKEN = \"\(Self.token)\"\n",
                                         "data.bin": "\u{0}binary\n"], message: "more")
        let result = try ScanFixtures.scan(box, ["scan", "--range", "\(base)..HEAD", "--format", "json"], in: repo)
        #expect(result.status == 1, "\(result.output)")
        let report = try ScanFixtures.json(result.stdout)
        #expect(ScanFixtures.findings(report).first?["line"] as? Int == 202)
        let notes = report["notes"] as? [[String: Any]] ?? []
        #expect(notes.contains { $0["path"] as? String == "data.bin" })
    }
}
