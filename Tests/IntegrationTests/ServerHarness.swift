import Foundation
import TestSupport

/// What the real-server tests share: they need root (to start servers that switch users, to own files as service
/// accounts) and Debian packages (.ci/server-setup.sh installs them). Where either is missing a test prints why it
/// is skipped, never skips silently.
enum ServerHarness {
    static var isRoot: Bool { getuid() == 0 }

    /// True when the test can run; otherwise prints the reason.
    static func ready(_ test: String, packages: [String] = [], executables: [String] = []) -> Bool {
        guard isRoot else {
            print("SKIPPED \(test): needs root (real servers switch users; CI runs as root)")
            return false
        }
        for package in packages where !installed(package) {
            print("SKIPPED \(test): Debian package \(package) is not installed (.ci/server-setup.sh installs it)")
            return false
        }
        for executable in executables where !FileManager.default.isExecutableFile(atPath: executable) {
            print("SKIPPED \(test): \(executable) is missing")
            return false
        }
        return true
    }

    static func installed(_ package: String) -> Bool {
        let result = try? Sandbox.runDetached(["dpkg-query", "-W", "-f=${Status}", package])
        return result?.stdout.contains("install ok installed") == true
    }

    /// A local account for a service (created once; tests reuse it).
    static func ensureUser(_ name: String, shell: String = "/bin/bash", home: String? = nil) throws -> (uid: uid_t, gid: gid_t) {
        if getpwnam(name) == nil {
            var arguments = ["useradd", "--create-home", "--shell", shell]
            if let home { arguments += ["--home-dir", home] }
            _ = try Sandbox.runDetached(arguments + [name])
            // No password, but not locked either: sshd refuses every login of a locked account ("!" password).
            _ = try Sandbox.runDetached(["usermod", "-p", "*", name])
        }
        guard let entry = getpwnam(name) else { throw ServerError(message: "cannot create the account \(name)") }
        return (entry.pointee.pw_uid, entry.pointee.pw_gid)
    }

    /// `command` as `user`, with exactly `environment` (no HOME unless given): the way a server runs a hook.
    static func asUser(_ user: String, _ command: [String], environment: [String: String] = [:]) -> [String] {
        var variables = ["PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"]
        variables += environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return ["setpriv", "--reuid=\(user)", "--regid=\(user)", "--init-groups", "--", "env", "-i"] + variables + command
    }

    /// Owner, group and mode of every file and directory under `root` (what git-warden must leave as it found).
    static func ownership(under root: String, skipping: (String) -> Bool = { _ in false }) -> [String: String] {
        var result: [String: String] = [:]
        guard let walker = FileManager.default.enumerator(atPath: root) else { return result }
        for case let relative as String in walker where !skipping(relative) {
            var info = stat()
            guard lstat(root + "/" + relative, &info) == 0 else { continue }
            result[relative] = "\(info.st_uid):\(info.st_gid) \(String(info.st_mode & 0o7777, radix: 8))"
        }
        return result
    }

    static func owner(_ path: String) -> uid_t? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_uid : nil
    }

    static func waitForPort(_ port: UInt16, seconds: Double = 20) -> Bool {
        AuditDaemonTests.waitUntil(seconds: seconds) {
            guard let descriptor = connectLocal(port) else { return false }
            close(descriptor)
            return true
        }
    }

    /// A socket connected to 127.0.0.1:`port` (the caller closes it), or nil while nothing listens there.
    static func connectLocal(_ port: UInt16) -> Int32? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(descriptor)
            return nil
        }
        return descriptor
    }

    /// Starts a server in the foreground as a child of this test (TestSupport's `ProcessRunner.start`: /dev/null
    /// for its standard streams and no other descriptor of ours, so it cannot hold another test's pipes open).
    static func spawn(_ arguments: [String]) throws -> pid_t {
        try ProcessRunner.start(arguments)
    }

    /// Stops a server started by `spawn`: SIGTERM, then SIGKILL (and its children) if it lingers; reaps it.
    static func stop(_ pid: pid_t) {
        // kill(0, …) would signal this whole process group: only ever a real child.
        guard pid > 0 else { return }
        let children = childProcesses(of: pid)
        kill(pid, SIGTERM)
        var status: Int32 = 0
        let stopped = AuditDaemonTests.waitUntil(seconds: 10) { waitpid(pid, &status, WNOHANG) == pid }
        if !stopped {
            kill(pid, SIGKILL)
            waitpid(pid, &status, 0)
        }
        for child in children where kill(child, 0) == 0 { kill(child, SIGKILL) }
    }

    /// Stops a daemon we started (its pid in `pidFile`): SIGTERM, then SIGKILL for it and its children if it lingers.
    static func stopDaemon(pidFile: String) {
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
              let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return }
        let children = childProcesses(of: pid)
        kill(pid, SIGTERM)
        if !AuditDaemonTests.waitUntil(seconds: 10, { kill(pid, 0) != 0 }) {
            kill(pid, SIGKILL)
        }
        for child in children { kill(child, SIGKILL) }
    }

    /// Processes whose parent is `pid` (from /proc).
    static func childProcesses(of pid: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(pid_t.init).filter { candidate in
            guard let stat = try? String(contentsOfFile: "/proc/\(candidate)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && pid_t(fields[1]) == pid
        }
    }

    struct ServerError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}

extension Sandbox {
    /// Runs a command outside any sandbox (system tools: dpkg-query, useradd).
    static func runDetached(_ arguments: [String]) throws -> Result {
        try ProcessRunner.run(arguments)
    }
}
