import Foundation
import Testing

/// The daemon's HTTP endpoint through the real binary: the daemon binds 127.0.0.1 on a port the kernel picks, and the
/// tests talk HTTP/1.1 to it over TCP, parse /metrics as Prometheus text, watch the counters move across audits, and
/// see SIGTERM close the port.
@Suite struct DaemonStatusServerTests {
    /// A running `git-warden daemon` whose standard error (JSON log lines) goes to a file the test can read meanwhile.
    struct Daemon {
        let process: Process
        let logPath: String

        init(_ box: Sandbox, config: String) throws {
            try box.write("\(box.root)/daemon.toml", config)
            logPath = "\(box.root)/daemon.log"
            FileManager.default.createFile(atPath: logPath, contents: nil)
            process = Process()
            process.executableURL = URL(fileURLWithPath: Sandbox.binary)
            process.arguments = ["daemon", "--config", "\(box.root)/daemon.toml"]
            process.environment = box.environment
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
            process.standardOutput = FileHandle.nullDevice
            try process.run()
        }

        var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

        var messages: [[String: Any]] {
            log.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
        }

        /// The address the status server logged once it listened.
        func address(within seconds: Double) -> String? {
            var address: String?
            _ = AuditDaemonTests.waitUntil(seconds: seconds) {
                address = messages.first { $0["message"] as? String == "serving /metrics and /healthz" }?["address"] as? String
                return address != nil || !process.isRunning
            }
            return address
        }

        func stop() {
            if process.isRunning { kill(process.processIdentifier, SIGTERM) }
            process.waitUntilExit()
        }
    }

    static func config(root: String, store: String, listen: String) -> String {
        """
        roots = ["\(root)"]
        interval = "1h"
        store = "\(store)"
        listen = "\(listen)"
        log-format = "json"
        """
    }

    /// The metrics README documents, with their Prometheus types.
    static let documented: [String: String] = [
        "git_warden_audits_started_total": "counter", "git_warden_audits_finished_total": "counter",
        "git_warden_audits_failed_total": "counter", "git_warden_audit_running": "gauge",
        "git_warden_repositories_audited": "gauge", "git_warden_findings": "gauge",
        "git_warden_findings_resolved_total": "counter", "git_warden_repositories_failed": "gauge",
        "git_warden_unreadable_directories": "gauge", "git_warden_unreadable_directories_total": "counter",
        "git_warden_last_audit_duration_seconds": "gauge", "git_warden_last_audit_finished_timestamp_seconds": "gauge",
    ]

    func scrape(_ port: UInt16) throws -> PrometheusExposition {
        let response = try #require(HTTPExchange.send(port: port, method: "GET", path: "/metrics"))
        #expect(response.status == 200)
        #expect(response.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        return try PrometheusExposition(parsing: response.body)
    }

    @Test func servesHealthAndPrometheusMetricsThatMoveWithAuditsAndClosesThePortOnSIGTERM() throws {
        let box = try Sandbox()
        let root = try AuditDaemonTests.repositories(box, count: 3)
        let daemon = try Daemon(box, config: Self.config(root: root, store: "\(box.root)/state/findings.sqlite",
                                                         listen: "127.0.0.1:0"))
        defer { daemon.stop() }
        let address = try #require(daemon.address(within: 30), "no listening address logged: \(daemon.log)")
        #expect(address.hasPrefix("127.0.0.1:"))
        let port = try #require(UInt16(address.dropFirst("127.0.0.1:".count)))
        #expect(port != 0)

        #expect(AuditDaemonTests.waitUntil(seconds: 30) {
            (try? scrape(port))?.value("git_warden_audits_finished_total") == 1
        })
        let first = try scrape(port)
        for (name, type) in Self.documented {
            #expect(first.types[name] == type, "\(name)")
            #expect(first.help[name]?.isEmpty == false, "\(name) has no HELP line")
        }
        #expect(first.value("git_warden_audits_started_total") == 1)
        #expect(first.value("git_warden_audits_failed_total") == 0)
        #expect(first.value("git_warden_audit_running") == 0)
        #expect(first.value("git_warden_repositories_audited") == 3)
        #expect(first.value("git_warden_findings", ["severity": "high"]) == 3)
        for severity in ["critical", "high", "medium", "low", "info"] {
            #expect(first.value("git_warden_findings", ["severity": severity]) != nil, "\(severity)")
        }
        #expect(first.value("git_warden_findings_resolved_total") == 0)
        #expect(first.value("git_warden_repositories_failed") == 0)
        #expect(first.value("git_warden_unreadable_directories_total") == 0)
        #expect((first.value("git_warden_last_audit_duration_seconds") ?? -1) > 0)
        let finished = first.value("git_warden_last_audit_finished_timestamp_seconds") ?? 0
        #expect(abs(finished - Date().timeIntervalSince1970) < 600)

        let health = try #require(HTTPExchange.send(port: port, method: "GET", path: "/healthz"))
        #expect(health.status == 200 && health.body.hasPrefix("ok: 1 audits finished"), "\(health.body)")
        let missing = try #require(HTTPExchange.send(port: port, method: "GET", path: "/metrics/extra"))
        #expect(missing.status == 404 && missing.body == "not found: try /metrics or /healthz\n")
        #expect(HTTPExchange.send(port: port, method: "GET", path: "/")?.status == 404)
        let post = try #require(HTTPExchange.send(port: port, method: "POST", path: "/metrics"))
        #expect(post.status == 405 && post.headers["allow"] == "GET, HEAD")
        let head = try #require(HTTPExchange.send(port: port, method: "HEAD", path: "/healthz"))
        #expect(head.status == 200 && head.body.isEmpty)

        // A finding resolved by the next audit, which SIGHUP starts at once.
        try box.git("config", "receive.denyNonFastForwards", "true", in: "\(root)/repo-0.git")
        kill(daemon.process.processIdentifier, SIGHUP)
        #expect(AuditDaemonTests.waitUntil(seconds: 30) {
            (try? scrape(port))?.value("git_warden_audits_finished_total") == 2
        })
        let second = try scrape(port)
        #expect(second.value("git_warden_audits_started_total") == 2)
        #expect(second.value("git_warden_findings_resolved_total") == 1)
        #expect(second.value("git_warden_repositories_audited") == 3)
        #expect((second.value("git_warden_last_audit_finished_timestamp_seconds") ?? 0) >= finished)

        kill(daemon.process.processIdentifier, SIGTERM)
        #expect(AuditDaemonTests.waitUntil(seconds: 20) { !daemon.process.isRunning })
        daemon.process.waitUntilExit()
        #expect(daemon.process.terminationStatus == 0, "\(daemon.log)")
        #expect(HTTPExchange.send(port: port, method: "GET", path: "/healthz") == nil, "the port is still open")
        #expect(daemon.messages.last?["message"] as? String == "stopped")
    }

    @Test func aPortAlreadyTakenStopsTheDaemonWithAnErrorNamingTheAddress() throws {
        let box = try Sandbox()
        let root = try AuditDaemonTests.repositories(box, count: 1)
        let holder = try #require(HTTPExchange.listeningSocket())
        defer { close(holder.descriptor) }
        let daemon = try Daemon(box, config: Self.config(root: root, store: "\(box.root)/state/findings.sqlite",
                                                         listen: "127.0.0.1:\(holder.port)"))
        defer { daemon.stop() }
        #expect(AuditDaemonTests.waitUntil(seconds: 30) { !daemon.process.isRunning })
        daemon.process.waitUntilExit()
        #expect(daemon.process.terminationStatus == 1)
        #expect(daemon.log.contains("git-warden daemon: cannot listen on 127.0.0.1:\(holder.port)"), "\(daemon.log)")
    }

    @Test func listenTakesOnlyAnIPv4Address() throws {
        let box = try Sandbox()
        let daemon = try Daemon(box, config: Self.config(root: box.root, store: "\(box.root)/findings.sqlite",
                                                         listen: "localhost:9419"))
        daemon.process.waitUntilExit()
        #expect(daemon.process.terminationStatus == 2)
        #expect(daemon.log.contains("daemon.toml:4:") && daemon.log.contains("listen") && daemon.log.contains("IPv4"),
                "\(daemon.log)")
    }
}
