import Foundation
import Testing

/// Root and service accounts, as on a real server: root audits, fixes and installs hooks on repositories owned by a
/// service user and leaves every file's owner and mode as it was; a hook run as a service user without HOME finds a
/// cache; the daemon run as a service user that cannot read one of its roots says it is unhealthy.
@Suite(.serialized) struct ServerOwnershipTests {
    static let service = "www-data"

    /// A bare repository owned by the service user, with one pushed commit and gitolite's 0600 config.
    static func serviceRepository(_ box: Sandbox, policy: String? = nil) throws -> String {
        try box.must(["chmod", "0755", box.root])
        let server = "\(box.root)/srv/project.git"
        try box.must(["git", "init", "-q", "--bare", server])
        if let policy { try box.write("\(server)/git-warden.toml", policy) }
        let work = try box.clone(server)
        try box.commit(in: work, files: ["a": "1\n"], message: "one")
        try box.must(["git", "push", "-q", "origin", "main"], in: work)
        try box.must(["chown", "-R", "\(service):\(service)", "\(box.root)/srv"])
        try box.must(["chmod", "0600", "\(server)/config"])
        return server
    }

    @Test func rootAuditsFixesAndInstallsOnAServiceUsersRepositoryKeepingOwnership() throws {
        guard ServerHarness.ready("root on a service user's repository") else { return }
        let box = try Sandbox()
        let server = try Self.serviceRepository(box)
        let uid = try #require(getpwnam(Self.service)?.pointee.pw_uid)
        let before = ServerHarness.ownership(under: server)

        // install.sh --hooks as root: no "not a git repository", and what it writes belongs to the owner.
        let installed = try box.run(["bash", "\(Sandbox.projectRoot)/install.sh", "--no-deps", "--binary", Sandbox.binary,
                                     "--hooks", server])
        #expect(installed.status == 0, "\(installed.output)")
        for path in ["hooks/pre-receive", "hooks/post-receive", "git-warden", "git-warden/pre-receive.sha256"] {
            #expect(ServerHarness.owner("\(server)/\(path)") == uid, "\(path) must belong to \(Self.service)")
        }

        // audit as root: the repository is audited (not "0 repositories, exit 2").
        let audit = try box.run([Sandbox.binary, "audit", server, "--no-store", "--format", "json"])
        #expect(audit.status != 2, "audited, not an error: \(audit.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [String: Any]
        #expect(report?["repositories"] as? Int == 1)

        // --fix as root rewrites config with git config; owner, group and mode stay the owner's.
        let fixed = try box.run([Sandbox.binary, "audit", server, "--no-store", "--fix"])
        #expect(fixed.stdout.contains("set receive.fsckObjects = true"), "\(fixed.output)")
        #expect(try box.must(["git", "config", "--file", "\(server)/config", "receive.fsckObjects"]) == "true")
        let after = ServerHarness.ownership(under: server)
        for (path, state) in before { #expect(after[path] == state, "\(path): \(state) became \(after[path] ?? "missing")") }
        #expect(!fixed.stdout.contains("receive.denyNonFastForwards = true"),
                "the default policy allows force pushes to other branches: the fix must not forbid them")

        // The owner can still push (gitolite's "Permission denied" after a root fix).
        try box.must(["chown", "-R", "\(Self.service):\(Self.service)", "\(box.root)/work"])
        let push = try box.run(ServerHarness.asUser(Self.service, ["git", "-C", "\(box.root)/work", "push", "-q", "origin", "main:refs/heads/next"],
                                                    environment: ["GIT_CONFIG_NOSYSTEM": "1", "HOME": box.root]))
        #expect(push.status == 0, "\(push.output)")
    }

    @Test func hookOfAServiceUserWithoutHomeCompilesTheRulesOnce() throws {
        guard ServerHarness.ready("hook without HOME") else { return }
        let box = try Sandbox()
        let server = try Self.serviceRepository(box)
        try box.installHook(in: server)
        let work = "\(box.root)/pusher"
        try box.must(["mkdir", work])
        try box.must(["chown", "\(Self.service):\(Self.service)", work])
        let environment = ["GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.com",
                           "GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@example.com"]
        try box.must(ServerHarness.asUser(Self.service, ["git", "clone", "-q", server, work], environment: environment))
        for round in 1...2 {
            try box.must(ServerHarness.asUser(Self.service, ["git", "-C", work, "commit", "-q", "--allow-empty", "-m", "r\(round)"],
                                              environment: environment))
            let push = try box.run(ServerHarness.asUser(Self.service, ["git", "-C", work, "push", "origin", "HEAD:main"],
                                                        environment: environment))
            #expect(push.status == 0, "\(push.output)")
        }
        let decisions = try box.decisions(server)
        #expect(decisions.count == 2)
        let caches = decisions.compactMap { $0["rulesCache"] as? [String: Any] }
        #expect(caches.count == 2)
        #expect(caches.first?["directory"] != nil, "the first push must store the rules somewhere: \(caches)")
        #expect(caches.last?["source"] as? String == "cache", "the second push must not recompile: \(caches)")
    }

    @Test func daemonAsAServiceUserWithAnUnreadableRootIsUnhealthy() throws {
        guard ServerHarness.ready("daemon with an unreadable root") else { return }
        let box = try Sandbox()
        _ = try Self.serviceRepository(box)
        let hidden = "\(box.root)/hidden"
        try box.must(["git", "init", "-q", "--bare", "\(hidden)/secret.git"])
        try box.must(["chmod", "0700", hidden])
        let state = "\(box.root)/state"
        try box.must(["mkdir", "-p", state])
        try box.must(["chown", "\(Self.service):\(Self.service)", state])
        let port = AuditDaemonTests.freePort()
        try box.write("\(box.root)/daemon.toml", """
            roots = ["\(box.root)/srv", "\(hidden)"]
            interval = "1h"
            store = "\(state)/findings.sqlite"
            listen = "127.0.0.1:\(port)"
            log-format = "json"
            """)
        try box.must(["chmod", "0644", "\(box.root)/daemon.toml"])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ServerHarness.asUser(Self.service, [Sandbox.binary, "daemon", "--config", "\(box.root)/daemon.toml"])
        let log = Pipe()
        process.standardError = log
        try process.run()
        defer {
            if process.isRunning {
                kill(process.processIdentifier, SIGTERM)
                process.waitUntilExit()
            }
        }
        #expect(AuditDaemonTests.waitUntil(seconds: 60) {
            AuditDaemonTests.get(port, "/metrics")?.body.contains("git_warden_audits_finished_total 1") == true
        })
        let health = AuditDaemonTests.get(port, "/healthz")
        #expect(health?.status == 503, "\(health?.body ?? "no answer")")
        #expect(health?.body.contains("\(hidden): cannot be read") == true)
        let metrics = AuditDaemonTests.get(port, "/metrics")?.body ?? ""
        #expect(metrics.contains("git_warden_unreadable_directories 1"))
        #expect(metrics.contains("git_warden_repositories_audited 1"))
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        let lines = String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(lines.contains("directory under a root cannot be read"))
    }
}
