import Foundation
import Testing
import WardenAudit
import WardenStore

/// `git-warden audit` on the source evidence of real pushes through the real hooks: attested tips without valid
/// evidence, breaks in the provenance chain against the push log's landed records, and push-log tampering.
@Suite struct AuditEvidenceTests {
    typealias Server = EvidencePushTests.Server

    /// The evidence and push-log findings of an audit of the server, as (id, subject).
    func findings(_ server: Server) throws -> [AuditFinding] {
        try RepositoryAuditor().audit(gitDirectory: server.path, previousRefs: nil).findings
            .filter { $0.checkID.hasPrefix("evidence.") || $0.checkID.hasPrefix("pushlog.") }
    }

    func ids(_ findings: [AuditFinding]) -> [String] { findings.map { "\($0.checkID) \($0.subject)" }.sorted() }

    func removeNote(_ server: Server, _ revision: String) throws {
        try server.box.git("notes", "--ref", "refs/notes/commits", "remove", revision, in: server.path)
    }

    @Test func attestedPushesPassAndARemovedTipNoteIsReported() throws {
        let server = try EvidencePushTests.makeServer()
        try server.push("one")
        try server.push("two")
        let tip = try server.push("three").commit
        let clean = try findings(server)
        #expect(clean.isEmpty, "\(clean)")

        try removeNote(server, tip)
        let found = try findings(server)
        #expect(ids(found) == ["evidence.chain-broken refs/heads/main \(tip)", "evidence.missing refs/heads/main"], "\(found)")
        let missing = try #require(found.first { $0.checkID == "evidence.missing" })
        #expect(missing.severity == .high && missing.evidence.contains(tip) && missing.evidence.contains("no Source VSA"),
                "\(missing.evidence)")
        // Through the command: a high finding fails the default --fail-on.
        let audit = try server.box.run([Sandbox.binary, "audit", server.path, "--no-store", "--format", "json"])
        #expect(audit.status == 1 && audit.stdout.contains("\"evidence.missing\""), "\(audit.output)")
    }

    @Test func aRemovedNoteOfAnEarlierRevisionBreaksTheChain() throws {
        let server = try EvidencePushTests.makeServer()
        try server.push("one")
        let middle = try server.push("two").commit
        try server.push("three")
        try removeNote(server, middle)
        let found = try findings(server)
        #expect(ids(found) == ["evidence.chain-broken refs/heads/main \(middle)"], "\(found)")
        #expect(found.first?.evidence.contains("a gap") == true, "\(found)")
    }

    /// `git update-ref` on the server moves the ref without a push: the tip has no evidence, and the next push's
    /// provenance names a previous revision the push log never recorded.
    @Test func aRefMovedOutsideAPushBreaksTheChain() throws {
        let server = try EvidencePushTests.makeServer()
        let first = try server.push("one").commit
        let box = server.box
        try box.git("checkout", "-q", "-b", "side", in: server.work)
        let side = try box.commit(in: server.work, files: ["b.txt": "side\n"], message: "side")
        #expect(try box.push(server.work, "side").status == 0)
        try box.git("update-ref", "refs/heads/main", side, first, in: server.path)
        #expect(ids(try findings(server)) == ["evidence.missing refs/heads/main"])

        try box.git("checkout", "-q", "main", in: server.work)
        try box.git("reset", "-q", "--hard", side, in: server.work)
        let next = try server.push("after").commit
        let found = try findings(server)
        #expect(ids(found) == ["evidence.chain-broken refs/heads/main \(next)"], "\(found)")
        #expect(found.first.map { $0.evidence.contains("names \(side) as the previous revision")
            && $0.evidence.contains("recorded \(first) as the tip before") } == true, "\(found)")
        // Continuity restarted at the break, and the writer said so in the evidence itself.
        #expect(try server.verify(next, minLevel: 3).status == 1)
    }

    @Test func anEditedEnvelopeIsNoEvidence() throws {
        let server = try EvidencePushTests.makeServer()
        try server.push("one")
        let tip = try server.push("two").commit
        let lines = try server.note(tip).split(separator: "\n").map { line -> String in
            // Another payload under the same signatures: "one" byte of the base64 payload changed.
            var envelope = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            var payload = Data(base64Encoded: envelope["payload"] as? String ?? "") ?? Data()
            payload[payload.count / 2] ^= 0x01
            envelope["payload"] = payload.base64EncodedString()
            return String(decoding: try JSONSerialization.data(withJSONObject: envelope), as: UTF8.self)
        }
        try server.box.git("notes", "--ref", "refs/notes/commits", "add", "-f", "-m", lines.joined(separator: "\n"), tip,
                           in: server.path)
        let found = try findings(server)
        #expect(ids(found) == ["evidence.chain-broken refs/heads/main \(tip)", "evidence.missing refs/heads/main"], "\(found)")
        #expect(found.contains { $0.evidence.contains("2 note lines not signed by key") }, "\(found)")
    }

    @Test func pushLogEditsAndTruncationAreCritical() throws {
        let server = try EvidencePushTests.makeServer()
        try server.push("one")
        try server.push("two")
        let log = "\(server.path)/git-warden/decisions.jsonl"
        let original = try #require(server.box.read(log))
        var lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].contains("\"ada\""))
        lines[0] = lines[0].replacingOccurrences(of: "\"ada\"", with: "\"eve\"")
        try server.box.write(log, lines.joined(separator: "\n"))
        var found = try findings(server)
        #expect(ids(found) == ["pushlog.broken \(log)"], "\(found)")
        #expect(found.first?.severity == .critical && found.first?.evidence.contains("entry 1 was altered") == true, "\(found)")
        let audit = try server.box.run([Sandbox.binary, "audit", server.path, "--no-store", "--fail-on", "critical"])
        #expect(audit.status == 1 && audit.stdout.contains("pushlog.broken"), "\(audit.output)")

        // Cut short at a line boundary: only the signed checkpoint knows.
        let complete = original.split(separator: "\n").map(String.init)
        try server.box.write(log, complete.dropLast().joined(separator: "\n") + "\n")
        found = try findings(server)
        #expect(ids(found) == ["pushlog.broken \(log)"], "\(found)")
        #expect(found.first?.evidence.contains("truncated") == true, "\(found)")

        try server.box.write(log, original)
        #expect(try findings(server).isEmpty)
    }

    @Test func theKeyIsReadFromItsPublicHalfOrReportedUnusable() throws {
        let server = try EvidencePushTests.makeServer()
        try server.push("one")
        let key = "\(server.box.root)/attest.key"
        // The auditor may not read the private key: the .pub beside it verifies the evidence.
        try FileManager.default.moveItem(atPath: key, toPath: key + ".away")
        let verified = try findings(server)
        #expect(verified.isEmpty, "\(verified)")
        try FileManager.default.moveItem(atPath: key + ".pub", toPath: key + ".pub.away")
        let found = try findings(server)
        #expect(ids(found) == ["evidence.key-unusable \(key)"], "\(found)")
        #expect(found.first?.severity == .high)
    }

    /// The daemon runs the audit, so every run checks the chain: a log edited between two runs is found by the second.
    @Test func theDaemonChecksThePushLogOnEveryRun() throws {
        let server = try EvidencePushTests.makeServer()
        try server.push("one")
        try server.push("two")
        let box = server.box
        let port = AuditDaemonTests.freePort()
        let store = "\(box.root)/state/findings.sqlite"
        try box.write("\(box.root)/daemon.toml", """
            roots = ["\(server.path)"]
            interval = "1h"
            store = "\(store)"
            listen = "127.0.0.1:\(port)"
            """)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Sandbox.binary)
        process.arguments = ["daemon", "--config", "\(box.root)/daemon.toml"]
        process.environment = box.environment
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate(); process.waitUntilExit() } }
        func finished(_ count: Int) -> Bool {
            AuditDaemonTests.waitUntil(seconds: 30) {
                AuditDaemonTests.get(port, "/metrics")?.body.contains("git_warden_audits_finished_total \(count)") == true
            }
        }
        func broken() throws -> [StoredFinding] {
            try FindingStore(path: store).findings(FindingFilter(checkID: .exact("pushlog.broken"), states: FindingState.unresolved))
        }
        #expect(finished(1))
        #expect(try broken().isEmpty)

        let log = "\(server.path)/git-warden/decisions.jsonl"
        let text = try #require(box.read(log))
        try box.write(log, text.replacingOccurrences(of: "\"ada\"", with: "\"eve\""))
        kill(process.processIdentifier, SIGHUP)
        #expect(finished(2))
        let found = try broken()
        #expect(found.count == 1 && found.first?.finding.severity == .critical, "\(found.map(\.finding))")
    }
}
