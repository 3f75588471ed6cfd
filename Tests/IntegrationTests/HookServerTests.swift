import Foundation
import Testing

/// `git-warden hook-server` and `git-warden-hook-relay` through real pushes and commits: the installed hooks run the
/// relay, which hands each hook to a running service of the same user (proved by the service's log of every hook it
/// served) and otherwise runs it alone; the decisions are the same either way, and a service that cannot be trusted
/// or that stops mid-hook never lets anything through.
@Suite struct HookServerTests {
    static let token = SecretPushTests.token

    /// A running `git-warden hook-server` on the sandbox's socket, its log in a file.
    final class Service {
        let process = Process()
        let log: String
        let socket: String

        init(_ box: Sandbox, binary: String = Sandbox.binary, prefix: [String] = [], socket: String? = nil) throws {
            self.socket = socket ?? box.environment["GIT_WARDEN_HOOK_SOCKET"]!
            log = box.root + "/hook-server-\(UUID().uuidString.prefix(8)).log"
            FileManager.default.createFile(atPath: log, contents: nil)
            process.executableURL = URL(fileURLWithPath: prefix.first ?? binary)
            process.arguments = Array(prefix.dropFirst()) + (prefix.isEmpty ? [] : [binary])
                + ["hook-server", "--socket", self.socket]
            process.environment = box.environment
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            // Listening once the log says so (the socket exists from bind, before listen).
            for _ in 0..<300 where !text.contains("listening on") && process.isRunning { usleep(20_000) }
            guard text.contains("listening on") else {
                stop()
                throw CommandFailed(command: "git-warden hook-server", output: text)
            }
        }

        var text: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

        /// Lines the service logged for hooks it served (not refusals).
        func served(_ hook: String) -> [Substring] {
            text.split(separator: "\n").filter { $0.contains(": \(hook) for pid ") }
        }

        func stop() {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }

        deinit { stop() }
    }

    struct CommandFailed: Error { let command: String; let output: String }

    /// The binary at another path: a hard link (a copy being written while parallel tests fork would be "text file
    /// busy" for whoever executes it), or a copy where the file systems differ.
    static func place(_ binary: String, at path: String) throws {
        if link(binary, path) == 0 { return }
        try FileManager.default.copyItem(atPath: binary, toPath: path)
    }

    static let policy = """
        [[rule]]
        id = "main"
        refs = ["refs/heads/main"]
        pushers = ["ada"]
        """

    @Test func pushesAreJudgedByTheRunningServiceExactlyAsAlone() throws {
        let box = try Sandbox()
        let server = try box.server(policy: Self.policy)
        let service = try Service(box)
        let work = try box.clone(server)
        try box.commit(in: work, files: ["config.py": "TOKEN = \"\(Self.token)\"\n"], message: "secret")
        let refused = try box.push(work, "main")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("github-pat"))
        #expect(!refused.output.contains(Self.token))
        #expect(box.serverRef(server, "refs/heads/main") == nil)
        #expect(service.served("pre-receive").count == 1, "\(service.text)")

        try box.write("\(work)/config.py", "TOKEN = os.environ[\"TOKEN\"]\n")
        try box.must(["git", "commit", "-q", "-a", "--amend", "-m", "clean"], in: work)
        let accepted = try box.push(work, "main")
        #expect(accepted.status == 0, "\(accepted.output)")
        #expect(box.serverRef(server, "refs/heads/main") != nil)
        // A pusher the policy does not allow, judged by the service from the relay's environment.
        try box.commit(in: work, files: ["b.txt": "b\n"], message: "by someone else")
        let stranger = try box.push(work, "main", pusher: "mallory")
        #expect(stranger.status != 0)
        #expect(stranger.stderr.contains("pusher 'mallory' may not update this ref"))
        #expect(service.served("pre-receive").count == 3, "\(service.text)")
        #expect(service.served("post-receive").count == 1, "\(service.text)")
        // The decision log is the one the hook alone writes: the repository's real path, the pusher, the outcome.
        let decisions = try box.decisions(server)
        #expect(decisions.map { $0["outcome"] as? String } == ["rejected", "accepted", "rejected"])
        #expect(decisions.map { $0["pusher"] as? String } == ["ada", "ada", "mallory"])
        #expect(try box.landed(server).count == 1)

        // Stopped (SIGTERM), the service removes its socket and hooks run alone again, with the same judgement.
        service.stop()
        #expect(service.process.terminationStatus == 0, "\(service.text)")
        #expect(!FileManager.default.fileExists(atPath: service.socket))
        let alone = try box.push(work, "main", pusher: "mallory")
        #expect(alone.status != 0)
        #expect(alone.stderr.contains("pusher 'mallory' may not update this ref"))
        #expect(try box.decisions(server).count == 4)
    }

    @Test func commitHooksAreServedInTheRepositorysDirectory() throws {
        let box = try Sandbox()
        try box.must(["git", "init", "-q", "--bare", "\(box.root)/server.git"])
        let work = try box.clone("\(box.root)/server.git")
        try box.must([Sandbox.binary, "install", "--client"], in: work)
        try box.write("\(work)/.git-warden.toml", """
            [[rule]]
            id = "messages"
            refs = ["refs/heads/**"]
            commit-message-pattern = "^(feat|fix): "
            """)
        let service = try Service(box)
        try box.write("\(work)/settings.py", "TOKEN = \"\(Self.token)\"\n")
        try box.must(["git", "add", "settings.py"], in: work)
        let refused = try box.run(["git", "commit", "-m", "feat: settings"], in: work)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("git-warden pre-commit: REFUSED"))
        #expect(refused.stderr.contains("settings.py:1:"))
        #expect(!refused.output.contains(Self.token))
        #expect(service.served("pre-commit").count == 1, "\(service.text)")

        // commit-msg gets a message file path relative to the work tree: the service reads it from there.
        try box.write("\(work)/settings.py", "TOKEN = os.environ[\"TOKEN\"]\n")
        try box.must(["git", "add", "settings.py"], in: work)
        let badMessage = try box.run(["git", "commit", "-m", "settings"], in: work)
        #expect(badMessage.status != 0)
        #expect(badMessage.stderr.contains("commit-message"), "\(badMessage.output)")
        try box.must(["git", "commit", "-q", "-m", "feat: settings"], in: work)
        #expect(try box.git("rev-list", "--count", "HEAD", in: work) == "1")
        #expect(service.served("commit-msg").count == 2, "\(service.text)")
        #expect(service.served("pre-commit").count == 3, "\(service.text)")
    }

    @Test func aHookOutOfTimeIsAnsweredByItsWatchdogAndTheServiceStaysUp() throws {
        let box = try Sandbox()
        let server = try box.server(policy: Self.policy + "\n[hook]\ntimeout = 0.001\n")
        let service = try Service(box)
        let work = try box.clone(server)
        try box.commit(in: work, files: ["a.txt": "a\n"], message: "a")
        let late = try box.push(work, "main")
        #expect(late.status != 0)
        #expect(late.stderr.contains("gave up: timeout after"), "\(late.output)")
        #expect(box.serverRef(server, "refs/heads/main") == nil)
        #expect(try box.decisions(server).last?["outcome"] as? String == "error")
        // The watchdog answered the relay without ending the service, which serves the next push.
        #expect(service.process.isRunning)
        try box.write("\(server)/git-warden.toml", Self.policy)
        let pushed = try box.push(work, "main")
        #expect(pushed.status == 0, "\(pushed.output)")
        #expect(service.served("pre-receive").count == 2, "\(service.text)")
    }

    @Test func aServiceThatDiesMidHookFailsClosed() throws {
        let box = try Sandbox()
        let server = try box.server(policy: nil)
        let service = try Service(box)
        // The relay as git runs it, with a standard input that stays open: the served hook waits for git's input.
        let relay = Process()
        relay.executableURL = URL(fileURLWithPath: LeanHookTests.relayBinary)
        relay.arguments = ["pre-receive"]
        relay.currentDirectoryURL = URL(fileURLWithPath: server)
        relay.environment = box.environment.merging(["GIT_DIR": "."]) { $1 }
        let input = Pipe(), errors = Pipe()
        relay.standardInput = input
        relay.standardError = errors
        relay.standardOutput = FileHandle.nullDevice
        try relay.run()
        // Accepted once the service has a thread for it.
        let tasks = "/proc/\(service.process.processIdentifier)/task"
        let before = (try? FileManager.default.contentsOfDirectory(atPath: tasks).count) ?? 0
        for _ in 0..<250 where ((try? FileManager.default.contentsOfDirectory(atPath: tasks).count) ?? 0) <= before {
            usleep(20_000)
        }
        usleep(200_000)
        kill(service.process.processIdentifier, SIGKILL)
        service.process.waitUntilExit()
        // Had the relay run the hook alone, closing its input would end that run with "no ref updates".
        try input.fileHandleForWriting.close()
        relay.waitUntilExit()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(relay.terminationStatus == 1, "\(stderr)")
        #expect(stderr.contains("the hook service stopped before deciding"), "\(stderr)")
        #expect(try box.decisions(server).isEmpty)
    }

    @Test func aServiceOfAnotherUserIsNeverTrusted() throws {
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return }
        let box = try Sandbox()
        let server = try box.server(policy: nil)
        // Outside the sandbox (which only root may enter): a place the other user (nobody) can reach, with a socket
        // directory that user owns, as an attacker's would be.
        let place = "/tmp/git-warden-nobody-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: place) }
        let directory = place + "/theirs"
        try FileManager.default.createDirectory(atPath: place + "/bin", withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        #expect(chmod(place, 0o755) == 0)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        #expect(chown(directory, 65534, 65534) == 0)
        let binary = place + "/bin/git-warden"
        try Self.place(Sandbox.binary, at: binary)
        let service = try Service(box, binary: binary,
                                  prefix: ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"],
                                  socket: directory + "/hook.sock")
        let work = try box.clone(server)
        try box.commit(in: work, files: ["config.py": "TOKEN = \"\(Self.token)\"\n"], message: "secret")
        let result = try box.run(["git", "push", "origin", "main"], in: work,
                                 extraEnvironment: ["GIT_WARDEN_HOOK_SOCKET": service.socket])
        // Judged alone, as if there were no service: the other user's process was asked nothing.
        #expect(result.status != 0)
        #expect(result.stderr.contains("belongs to another user; it was ignored"), "\(result.output)")
        #expect(!result.stderr.contains(directory), "a server path shown to the pusher")
        #expect(result.stderr.contains("github-pat"))
        #expect(service.served("pre-receive").isEmpty, "\(service.text)")
        #expect(try box.decisions(server).map { $0["outcome"] as? String } == ["rejected"])
    }

    @Test func aReplacedExecutableStopsTheServiceAndHooksRunAlone() throws {
        let box = try Sandbox()
        let server = try box.server(policy: nil)
        let binary = box.root + "/bin/git-warden"
        try FileManager.default.createDirectory(atPath: box.root + "/bin", withIntermediateDirectories: true, attributes: nil)
        try Self.place(Sandbox.binary, at: binary)
        let service = try Service(box, binary: binary)
        // An upgrade: a new file takes the path (install.sh's install + mv does the same). The service compares the
        // file, not its content.
        try box.write(binary + ".new", "#!/bin/sh\n")
        #expect(rename(binary + ".new", binary) == 0)
        let work = try box.clone(server)
        try box.commit(in: work, files: ["config.py": "TOKEN = \"\(Self.token)\"\n"], message: "secret")
        let result = try box.push(work, "main")
        #expect(result.status != 0)
        #expect(result.stderr.contains("github-pat"))
        service.process.waitUntilExit()
        #expect(service.process.terminationStatus == 75, "\(service.text)")
        #expect(service.text.contains("was replaced"), "\(service.text)")
        #expect(service.served("pre-receive").isEmpty)
        #expect(try box.decisions(server).map { $0["outcome"] as? String } == ["rejected"])
    }

    @Test func startingIsRefusedWhereTheSocketCouldBeSwapped() throws {
        let box = try Sandbox()
        let open = box.root + "/open"
        try FileManager.default.createDirectory(atPath: open, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])
        #expect(chmod(open, 0o777) == 0)
        let writable = try box.run([Sandbox.binary, "hook-server", "--socket", open + "/hook.sock"])
        #expect(writable.status == 2)
        #expect(writable.stderr.contains("is writable by group or others"), "\(writable.output)")
        try box.write(box.root + "/file", "not a socket")
        let file = try box.run([Sandbox.binary, "hook-server", "--socket", box.root + "/file"])
        #expect(file.status == 2)
        #expect(file.stderr.contains("exists and is not this user's socket"), "\(file.output)")
        let service = try Service(box)
        let second = try box.run([Sandbox.binary, "hook-server", "--socket", service.socket])
        #expect(second.status == 2)
        #expect(second.stderr.contains("a hook service already listens on"), "\(second.output)")
        #expect(service.process.isRunning)
    }
}
