import Foundation
import Testing

/// Pushes through real servers bound to 127.0.0.1 on free ports, started and stopped here: Apache with
/// git-http-backend and basic auth, OpenSSH with a forced command, gitolite3 behind that sshd. Each needs root and
/// its Debian package (.ci/server-setup.sh installs them) and says so when it skips.
@Suite(.serialized) struct RealServerTests {
    static let shim = """
        #!/bin/sh
        # git-warden pre-receive hook (gitolite hooks/common)
        exec \(Sandbox.binary) pre-receive

        """
    static let postShim = """
        #!/bin/sh
        # git-warden post-receive hook (gitolite hooks/common)
        exec \(Sandbox.binary) post-receive

        """

    // MARK: Apache + git-http-backend

    static func apacheConfig(directory: String, port: UInt16) -> String {
        let modules = "/usr/lib/apache2/modules"
        let loads = ["mpm_prefork", "authn_core", "authn_file", "authz_core", "authz_user", "auth_basic", "alias", "env", "cgi"]
            .map { "LoadModule \($0)_module \(modules)/mod_\($0).so" }.joined(separator: "\n")
        return """
            \(loads)
            ServerName 127.0.0.1
            Listen 127.0.0.1:\(port)
            ServerRoot \(directory)
            DefaultRuntimeDir \(directory)
            PidFile \(directory)/httpd.pid
            ErrorLog \(directory)/error.log
            User www-data
            Group www-data
            SetEnv GIT_PROJECT_ROOT \(directory)/repositories
            SetEnv GIT_HTTP_EXPORT_ALL 1
            ScriptAlias /git/ /usr/lib/git-core/git-http-backend/
            <Directory "/usr/lib/git-core">
                Require all granted
            </Directory>
            <Location "/git/">
                AuthType Basic
                AuthName "git"
                AuthUserFile \(directory)/htpasswd
                Require valid-user
            </Location>

            """
    }

    @Test func apacheHTTPPushesAsTwoUsersRunTheHookAsWwwDataWithoutHome() throws {
        guard ServerHarness.ready("Apache (git-http-backend)", packages: ["apache2"],
                                  executables: ["/usr/sbin/apache2", "/usr/lib/git-core/git-http-backend"]) else { return }
        let box = try Sandbox()
        try box.must(["chmod", "0755", box.root])
        let directory = "\(box.root)/apache"
        let port = AuditDaemonTests.freePort()
        let server = "\(directory)/repositories/project.git"
        try box.must(["git", "init", "-q", "--bare", server])
        try box.write("\(server)/git-warden.toml", ProtectedRefTests.protectMain)
        try box.must(["bash", "\(Sandbox.projectRoot)/install.sh", "--no-deps", "--binary", Sandbox.binary, "--hooks", server])
        // A hook that was there before: it records who runs hooks under Apache, and whether HOME is set.
        try box.write("\(server)/hooks/pre-receive.chained", "#!/bin/sh\necho \"$(id -un) HOME=${HOME-unset}\" >> \(directory)/hook-user\n")
        try box.must(["chmod", "+x", "\(server)/hooks/pre-receive.chained"])

        try box.must(["chmod", "0777", directory])
        try box.write("\(directory)/httpd.conf", Self.apacheConfig(directory: directory, port: port))
        try box.must(["htpasswd", "-bcB", "\(directory)/htpasswd", "alice", "alice-secret"])
        try box.must(["htpasswd", "-bB", "\(directory)/htpasswd", "bob", "bob-secret"])
        // In the foreground, as a child of this test, so that stopping it is ours (apache2 -k start daemonizes).
        let apache = try ServerHarness.spawn(["/usr/sbin/apache2", "-f", "\(directory)/httpd.conf", "-DFOREGROUND"])
        defer { ServerHarness.stop(apache) }
        #expect(ServerHarness.waitForPort(port))

        let url = { (user: String) in "http://\(user):\(user)-secret@127.0.0.1:\(port)/git/project.git" }
        let work = try box.clone(server)
        try box.must(["chown", "-R", "www-data:www-data", "\(directory)/repositories"])
        try box.git("remote", "set-url", "origin", url("alice"), in: work)
        try box.commit(in: work, files: ["a": "1\n"], message: "one")
        let first = try box.run(["git", "push", "origin", "main"], in: work, extraEnvironment: ["GIT_WARDEN_PUSHER": ""])
        #expect(first.status == 0, "\(first.output)\n\(box.read("\(directory)/error.log") ?? "")")
        try box.commit(in: work, files: ["a": "2\n"], message: "two")
        let second = try box.run(["git", "push", url("bob"), "main"], in: work, extraEnvironment: ["GIT_WARDEN_PUSHER": ""])
        #expect(second.status == 0, "\(second.output)")
        try box.must(["git", "reset", "-q", "--hard", "HEAD~1"], in: work)
        try box.commit(in: work, files: ["b": "x\n"], message: "rewrite")
        let forced = try box.run(["git", "push", "--force", url("bob"), "main"], in: work, extraEnvironment: ["GIT_WARDEN_PUSHER": ""])
        #expect(forced.status != 0 && forced.stderr.contains("force-push (rule protect-main)"))
        #expect(!forced.stderr.split(separator: "\n").filter { $0.hasPrefix("remote:") }.joined().contains(directory),
                "server paths shown to the pusher: \(forced.stderr)")

        let decisions = try box.decisions(server)
        #expect(decisions.map { $0["pusher"] as? String } == ["alice", "bob", "bob"])
        #expect(decisions.allSatisfy { $0["pusherSource"] as? String == "REMOTE_USER" })
        #expect(decisions.map { $0["outcome"] as? String } == ["accepted", "accepted", "rejected"])
        let caches = decisions.compactMap { $0["rulesCache"] as? [String: Any] }
        #expect(caches.count == 3 && caches.first?["directory"] != nil, "\(caches)")
        #expect(caches.dropFirst().allSatisfy { $0["source"] as? String == "cache" }, "later pushes must not recompile: \(caches)")
        let hookUsers = Set((box.read("\(directory)/hook-user") ?? "").split(separator: "\n").map(String.init))
        #expect(hookUsers == ["www-data HOME=unset"])
        #expect(try box.landed(server).count == 2)
    }

    // MARK: OpenSSH with a forced command

    /// An sshd of our own on a free port: host key, config and authorized keys in `directory`.
    static func startSSHD(_ box: Sandbox, directory: String, authorizedKeys: String) throws -> (pid_t, UInt16) {
        let port = AuditDaemonTests.freePort()
        try box.must(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", "\(directory)/host_key"])
        try box.must(["mkdir", "-p", "/run/sshd"])
        try box.write("\(directory)/sshd_config", """
            ListenAddress 127.0.0.1
            Port \(port)
            HostKey \(directory)/host_key
            PidFile \(directory)/sshd.pid
            AuthorizedKeysFile \(authorizedKeys)
            StrictModes no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            PermitRootLogin no
            LogLevel ERROR

            """)
        let process = try ServerHarness.spawn(["/usr/sbin/sshd", "-D", "-e", "-f", "\(directory)/sshd_config"])
        guard ServerHarness.waitForPort(port) else {
            ServerHarness.stop(process)
            throw ServerHarness.ServerError(message: "sshd did not start on \(port)")
        }
        return (process, port)
    }

    static func sshCommand(port: UInt16, key: String) -> String {
        "ssh -p \(port) -i \(key) -o IdentitiesOnly=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR"
    }

    @Test func sshdWithAForcedCommandNamesThePusher() throws {
        guard ServerHarness.ready("OpenSSH sshd", packages: ["openssh-server"], executables: ["/usr/sbin/sshd"]) else { return }
        let account = "gwgit"
        _ = try ServerHarness.ensureUser(account)
        let box = try Sandbox()
        try box.must(["chmod", "0755", box.root])
        let directory = "\(box.root)/ssh"
        try box.must(["mkdir", "-p", directory])
        let server = "\(box.root)/srv/project.git"
        try box.must(["git", "init", "-q", "--bare", server])
        try box.write("\(server)/git-warden.toml", ProtectedRefTests.protectMain)
        try box.must(["bash", "\(Sandbox.projectRoot)/install.sh", "--no-deps", "--binary", Sandbox.binary, "--hooks", server])
        let work = try box.clone(server)
        try box.must(["chown", "-R", "\(account):\(account)", "\(box.root)/srv"])
        var keys = ""
        for user in ["alice", "bob"] {
            try box.must(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", user, "-f", "\(directory)/\(user)"])
            let key = try #require(box.read("\(directory)/\(user).pub")).trimmingCharacters(in: .whitespacesAndNewlines)
            keys += "command=\"env GIT_WARDEN_PUSHER=\(user) git-shell -c \\\"$SSH_ORIGINAL_COMMAND\\\"\",no-pty,no-port-forwarding,no-agent-forwarding,no-X11-forwarding \(key)\n"
        }
        try box.write("\(directory)/authorized_keys", keys)
        try box.must(["chmod", "0644", "\(directory)/authorized_keys"])
        let (sshd, port) = try Self.startSSHD(box, directory: directory, authorizedKeys: "\(directory)/authorized_keys")
        defer { ServerHarness.stop(sshd) }
        let remote = "\(account)@127.0.0.1:\(server)"
        try box.commit(in: work, files: ["a": "1\n"], message: "one")
        let alice = try box.run(["git", "push", remote, "main"], in: work,
                                extraEnvironment: ["GIT_SSH_COMMAND": Self.sshCommand(port: port, key: "\(directory)/alice"), "GIT_WARDEN_PUSHER": ""])
        #expect(alice.status == 0, "\(alice.output)")
        try box.must(["git", "commit", "-q", "--amend", "-m", "rewritten"], in: work)
        let bob = try box.run(["git", "push", "--force", remote, "main"], in: work,
                              extraEnvironment: ["GIT_SSH_COMMAND": Self.sshCommand(port: port, key: "\(directory)/bob"), "GIT_WARDEN_PUSHER": ""])
        #expect(bob.status != 0 && bob.stderr.contains("force-push (rule protect-main)"), "\(bob.output)")
        let decisions = try box.decisions(server)
        #expect(decisions.map { $0["pusher"] as? String } == ["alice", "bob"])
        #expect(decisions.allSatisfy { $0["pusherSource"] as? String == "GIT_WARDEN_PUSHER" })
        #expect(decisions.map { $0["outcome"] as? String } == ["accepted", "rejected"])
    }

    // MARK: gitolite3

    @Test func gitoliteDeniesABranchAfterGitWardenAcceptsAndTheLogSaysItDidNotLand() throws {
        guard ServerHarness.ready("gitolite3", packages: ["gitolite3", "openssh-server"],
                                  executables: ["/usr/bin/gitolite", "/usr/sbin/sshd"]) else { return }
        let account = "gwgitolite"
        _ = try ServerHarness.ensureUser(account)
        let home = try #require(getpwnam(account).map { String(cString: $0.pointee.pw_dir) })
        let box = try Sandbox()
        try box.must(["chmod", "0755", box.root])
        let directory = "\(box.root)/ssh"
        try box.must(["mkdir", "-p", directory])
        for user in ["admin", "alice"] {
            try box.must(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", user, "-f", "\(directory)/\(user)"])
        }
        try box.must(["chmod", "0644", "\(directory)/admin.pub", "\(directory)/alice.pub"])
        // A fresh gitolite for the account (as its own user, as gitolite's install instructions say).
        try box.must(["rm", "-rf", "\(home)/.gitolite", "\(home)/.gitolite.rc", "\(home)/repositories", "\(home)/.ssh/authorized_keys"])
        let asGitolite = { (command: String) in
            try box.must(ServerHarness.asUser(account, ["sh", "-c", "cd \"$HOME\" && " + command], environment: ["HOME": home, "USER": account]))
        }
        // gitolite names the administrator after the key file: admin.pub.
        try asGitolite("d=$(mktemp -d) && cp \(directory)/admin.pub $d/admin.pub && gitolite setup -pk $d/admin.pub && rm -rf $d")
        try asGitolite("mkdir -p .gitolite/keydir && cp \(directory)/alice.pub .gitolite/keydir/alice.pub")
        try box.write("\(home)/.gitolite/conf/gitolite.conf", """
            repo gitolite-admin
                RW+     =   admin
            repo project
                -       refs/heads/denied   =   alice
                RW+                         =   alice

            """)
        // The README recipe: the shims in hooks/common, linked into every repository by setup --hooks-only.
        try box.write("\(home)/.gitolite/hooks/common/pre-receive", Self.shim)
        try box.write("\(home)/.gitolite/hooks/common/post-receive", Self.postShim)
        try box.must(["chown", "-R", "\(account):\(account)", "\(home)/.gitolite"])
        try box.must(["chmod", "0755", "\(home)/.gitolite/hooks/common/pre-receive", "\(home)/.gitolite/hooks/common/post-receive"])
        try asGitolite("gitolite setup && gitolite setup --hooks-only")
        let repository = "\(home)/repositories/project.git"
        #expect(FileManager.default.fileExists(atPath: repository))

        let (sshd, port) = try Self.startSSHD(box, directory: directory, authorizedKeys: "\(home)/.ssh/authorized_keys")
        defer { ServerHarness.stop(sshd) }
        let work = "\(box.root)/work"
        try box.must(["git", "init", "-q", work])
        try box.commit(in: work, files: ["a": "1\n"], message: "one")
        let push = try box.run(["git", "push", "\(account)@127.0.0.1:project", "main", "main:refs/heads/denied"], in: work,
                               extraEnvironment: ["GIT_SSH_COMMAND": Self.sshCommand(port: port, key: "\(directory)/alice"),
                                                  "GIT_WARDEN_PUSHER": ""])
        #expect(push.stderr.contains("DENIED") || push.stderr.contains("denied"), "\(push.output)")
        let decision = try #require(try box.decisions(repository).last)
        #expect(decision["outcome"] as? String == "accepted")
        #expect(decision["pusher"] as? String == "alice" && decision["pusherSource"] as? String == "GL_USER")
        let landed = try #require(try box.landed(repository).last)
        let refs = Dictionary(uniqueKeysWithValues: (landed["refs"] as? [[String: Any]] ?? []).map { ($0["ref"] as? String ?? "", $0["landed"] as? Bool) })
        #expect(refs["refs/heads/main"] == true)
        #expect(refs["refs/heads/denied"] == false, "gitolite refused it after git-warden accepted: \(landed)")

        // The audit, as root, recognises the hooks/common shim (no hooks.missing).
        let audit = try box.run([Sandbox.binary, "audit", repository, "--no-store", "--format", "json"])
        let findings = (try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [String: Any])?["findings"] as? [[String: Any]] ?? []
        #expect(!findings.contains { $0["checkID"] as? String == "hooks.missing" }, "\(audit.output)")
    }
}
