import Foundation
import GRDB
import Testing
import WardenStore

/// `git-warden audit`, `findings` and `daemon` as installed binaries: the life cycle across audits, the daemon's
/// metrics, SIGHUP and SIGTERM, and a kill -9 in the middle of an audit.
@Suite struct AuditDaemonTests {
    /// `count` bare repositories under `root`, each a copy of one with a pushed commit and no git-warden hook.
    static func repositories(_ box: Sandbox, count: Int, root: String = "srv") throws -> String {
        let base = "\(box.root)/\(root)"
        try box.must(["git", "init", "-q", "--bare", "\(box.root)/template.git"])
        let work = try box.clone("\(box.root)/template.git", name: "template-work")
        try box.commit(in: work, files: ["README": "hello\n"], message: "start")
        #expect(try box.push(work, "main").status == 0)
        try box.must(["sh", "-c", "mkdir -p \(base) && i=0; while [ $i -lt \(count) ]; do cp -r \(box.root)/template.git \(base)/repo-$i.git; i=$((i+1)); done"])
        return base
    }

    func json(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }

    @Test func findingsMoveThroughTheirLifeCycleAcrossAudits() throws {
        let box = try Sandbox()
        let root = try Self.repositories(box, count: 2)
        let store = "\(box.root)/state/findings.sqlite"
        let first = try box.run([Sandbox.binary, "audit", root, "--store", store, "--format", "json"])
        #expect(first.status == 1, "hooks.missing is high: \(first.stderr)")
        let findings = try json(first.stdout)["findings"] as? [[String: Any]] ?? []
        #expect(findings.count >= 10)
        #expect(findings.allSatisfy { $0["state"] as? String == "new" })

        try box.git("config", "receive.denyNonFastForwards", "true", in: "\(root)/repo-0.git")
        let second = try box.run([Sandbox.binary, "audit", root, "--store", store, "--format", "json", "--fail-on", "critical"])
        #expect(second.status == 0)
        let report = try json(second.stdout)
        #expect(report["resolved"] as? Int == 1)
        #expect((report["findings"] as? [[String: Any]] ?? []).allSatisfy { $0["state"] as? String == "open" })

        let resolved = try box.must([Sandbox.binary, "findings", "--store", store, "--state", "resolved", "--format", "json"])
        let items = try JSONSerialization.jsonObject(with: Data(resolved.utf8)) as? [[String: Any]] ?? []
        #expect(items.count == 1)
        #expect(items.first?["checkID"] as? String == "config.deny-non-fast-forwards")
        #expect(items.first?["repository"] as? String == "\(root)/repo-0.git")
        #expect(items.first?["resolvedAt"] != nil)

        let high = try box.must([Sandbox.binary, "findings", "--store", store, "--severity", "high", "--repo", "\(root)/repo-1.git"])
        #expect(high.contains("hooks.missing") && !high.contains("repo-0") && high.hasSuffix("1 finding"))
    }

    @Test func auditReportIsValidSARIF() throws {
        let box = try Sandbox()
        let root = try Self.repositories(box, count: 2)
        try box.must(["chmod", "o+w", "\(root)/repo-1.git/objects"])
        let result = try box.run([Sandbox.binary, "audit", root, "--no-store", "--format", "sarif"])
        #expect(result.status == 1)
        let document = try JSONValue.parse(result.stdout)
        let errors = try SARIFSchemaTests.validator().validate(document)
        #expect(errors.isEmpty, "\(errors.prefix(10))")
        let sarif = try json(result.stdout)
        let run = (sarif["runs"] as? [[String: Any]])?.first
        let results = run?["results"] as? [[String: Any]] ?? []
        #expect(results.contains { $0["ruleId"] as? String == "permissions.world-writable" && $0["level"] as? String == "error" })
        #expect(results.allSatisfy { ($0["partialFingerprints"] as? [String: String])?["gitWardenAudit/v1"]?.count == 32 })
    }

    @Test func fixChangesConfigurationAndSaysSo() throws {
        let box = try Sandbox()
        let root = try Self.repositories(box, count: 1)
        let result = try box.run([Sandbox.binary, "audit", root, "--no-store", "--fix"])
        // The default policy lets other branches be force-pushed: git's repository-wide setting is not offered.
        #expect(!result.stdout.contains("receive.denyNonFastForwards = true"))
        #expect(result.stdout.contains("fixed: \(root)/repo-0.git: set receive.fsckObjects = true"))
        #expect(try box.git("config", "receive.fsckObjects", in: "\(root)/repo-0.git") == "true")
    }

    @Test func badInputsAreErrorsThatNameWhatIsWrong() throws {
        let box = try Sandbox()
        let missing = try box.run([Sandbox.binary, "audit", "\(box.root)/nowhere", "--no-store"])
        #expect(missing.status == 2 && missing.stderr.contains("\(box.root)/nowhere is not a directory"))
        try box.write("\(box.root)/d.toml", "roots = []\ninterval = \"soon\"\n")
        let config = try box.run([Sandbox.binary, "daemon", "--config", "\(box.root)/d.toml"])
        #expect(config.status == 2 && config.stderr.contains("d.toml:1:") && config.stderr.contains("roots"))
    }

    /// A free local port: bound once with port 0, then released for the daemon.
    static func freePort() -> UInt16 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 ? getsockname(descriptor, pointer, &length) : -1
            }
        }
        return UInt16(bigEndian: address.sin_port)
    }

    /// Status and body of GET `path` over a plain socket, or nil while nothing listens.
    static func get(_ port: UInt16, _ path: String) -> (status: Int, body: String)? {
        guard let descriptor = ServerHarness.connectLocal(port) else { return nil }
        defer { close(descriptor) }
        let request = Array("GET \(path) HTTP/1.0\r\nHost: localhost\r\n\r\n".utf8)
        guard send(descriptor, request, request.count, 0) == request.count else { return nil }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count <= 0 { break }
            response += buffer[..<count]
        }
        let text = String(decoding: response, as: UTF8.self)
        guard let status = Int(text.split(separator: " ").dropFirst().first ?? ""),
              let split = text.range(of: "\r\n\r\n") else { return nil }
        return (status, String(text[split.upperBound...]))
    }

    static func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(100_000)
        }
        return condition()
    }

    @Test func daemonAuditsServesMetricsReauditsOnSIGHUPAndStopsOnSIGTERM() throws {
        let box = try Sandbox()
        let root = try Self.repositories(box, count: 3)
        let port = Self.freePort()
        let store = "\(box.root)/state/findings.sqlite"
        try box.write("\(box.root)/daemon.toml", """
            roots = ["\(root)"]
            interval = "1h"
            store = "\(store)"
            listen = "127.0.0.1:\(port)"
            log-format = "json"
            """)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Sandbox.binary)
        process.arguments = ["daemon", "--config", "\(box.root)/daemon.toml"]
        process.environment = box.environment
        let log = Pipe()
        process.standardError = log
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        #expect(Self.waitUntil(seconds: 30) { Self.get(port, "/metrics")?.body.contains("git_warden_audits_finished_total 1") == true })
        let health = Self.get(port, "/healthz")
        #expect(health?.status == 200 && health?.body.hasPrefix("ok") == true)
        let metrics = Self.get(port, "/metrics")?.body ?? ""
        #expect(metrics.contains("git_warden_repositories_audited 3"))
        #expect(metrics.contains("git_warden_findings{severity=\"high\"} 3"))
        #expect(Self.get(port, "/nope")?.status == 404)

        kill(process.processIdentifier, SIGHUP)
        #expect(Self.waitUntil(seconds: 30) { Self.get(port, "/metrics")?.body.contains("git_warden_audits_finished_total 2") == true })

        kill(process.processIdentifier, SIGTERM)
        #expect(Self.waitUntil(seconds: 20) { !process.isRunning })
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let lines = String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        let messages = lines.compactMap { (try? json(String($0)))?["message"] as? String }
        #expect(messages.filter { $0 == "audit finished" }.count == 2)
        #expect(messages.last == "stopped")
        let runs = try FindingStore(path: store).runs(limit: 10)
        #expect(runs.count == 2 && runs.allSatisfy { $0.status == .finished && $0.repositoryCount == 3 })
    }

    @Test func killDuringAnAuditLeavesAConsistentStoreAndTheNextAuditCompletes() throws {
        let box = try Sandbox()
        let root = try Self.repositories(box, count: 150)
        let store = "\(box.root)/state/findings.sqlite"
        // A first audit records watermarks; the killed one then writes over existing rows too.
        try box.run([Sandbox.binary, "audit", root, "--store", store, "--format", "json"])
        try FileManager.default.removeItem(atPath: "\(root)/repo-7.git/hooks")
        for delay in [80_000, 250_000] as [UInt32] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Sandbox.binary)
            process.arguments = ["audit", root, "--store", store, "--format", "json"]
            process.environment = box.environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
            let check = try DatabaseQueue(path: store).read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
            #expect(check == "ok")
        }
        let reopened = try FindingStore(path: store)
        #expect(try reopened.runs(limit: 10).contains { $0.status == .interrupted })
        let next = try box.run([Sandbox.binary, "audit", root, "--store", store, "--format", "json"])
        #expect(next.status == 1)
        #expect(try json(next.stdout)["repositories"] as? Int == 150)
        #expect(try reopened.runs(limit: 1).first?.status == .finished)
    }

    @Test func anAuditSkipsARepositoryAnotherAuditHolds() throws {
        let box = try Sandbox()
        let root = try Self.repositories(box, count: 2)
        let store = "\(box.root)/state/findings.sqlite"
        // The lock file of repo-0 (SHA-256 of its path, as git-warden names it), held by another process.
        let name = try box.must(["sh", "-c", "printf %s '\(root)/repo-0.git' | sha256sum | cut -c1-24"])
        try FileManager.default.createDirectory(atPath: "\(box.root)/state/locks", withIntermediateDirectories: true)
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["flock", "\(box.root)/state/locks/\(name).lock", "sleep", "30"]
        try holder.run()
        defer { holder.terminate() }
        #expect(Self.waitUntil(seconds: 10) { FileManager.default.fileExists(atPath: "\(box.root)/state/locks/\(name).lock") })
        usleep(200_000)
        let result = try box.run([Sandbox.binary, "audit", root, "--store", store, "--format", "json"])
        #expect(result.stderr.contains("\(root)/repo-0.git: skipped, another audit of it is running"))
        #expect(try json(result.stdout)["repositories"] as? Int == 1)
    }
}
