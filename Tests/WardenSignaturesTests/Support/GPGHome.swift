import Foundation
import TestSupport

/// A private GnuPG home in a sandbox, with keys made by the real `gpg`.
struct GPGHome {
    let sandbox: Sandbox
    let dir: String

    init(_ sandbox: Sandbox, name: String = "gnupg") throws {
        self.sandbox = sandbox
        dir = sandbox.path(name)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
    }

    /// Runs gpg on this home, optionally at a faked time (`20190101T000000`).
    @discardableResult
    func gpg(_ arguments: [String], fakedTime: String? = nil, stdin: [UInt8]? = nil) throws -> Sandbox.Result {
        var all = ["gpg", "--batch", "--homedir", dir, "--pinentry-mode", "loopback", "--passphrase", ""]
        if let fakedTime { all += ["--faked-system-time", fakedTime] }
        let result = try sandbox.run(all + arguments, stdin: stdin)
        guard result.status == 0 else { throw CommandFailed(command: all + arguments, result: result) }
        return result
    }

    /// Generates a key and returns its primary fingerprint.
    @discardableResult
    func generate(uid: String, algorithm: String, usage: String = "sign", expire: String = "never",
                  fakedTime: String? = nil) throws -> String
    {
        try gpg(["--quick-gen-key", uid, algorithm, usage, expire], fakedTime: fakedTime)
        return try fingerprints(uid).first ?? ""
    }

    /// Primary key then subkey fingerprints for `uid`.
    func fingerprints(_ uid: String) throws -> [String] {
        try gpg(["--with-colons", "--list-keys", uid]).stdout.split(separator: "\n")
            .filter { $0.hasPrefix("fpr:") }
            .map { String($0.split(separator: ":", omittingEmptySubsequences: false)[9]) }
    }

    func exportArmored(_ who: String) throws -> String {
        try gpg(["--armor", "--export", who]).stdout
    }

    /// Detached armored signature of `data`, with extra gpg options (`--textmode`, `--digest-algo`, ...).
    func sign(_ data: [UInt8], key: String, options: [String] = [], fakedTime: String? = nil) throws -> [UInt8] {
        try gpg(["--local-user", key, "--armor", "--detach-sign"] + options, fakedTime: fakedTime, stdin: data).stdoutBytes
    }

    /// Makes `repo` sign with this home and `key` through a wrapper (optionally at a faked time).
    func configure(_ repo: GitRepo, key: String, fakedTime: String? = nil) throws {
        let wrapper = sandbox.path("gpg-wrapper-\(UUID().uuidString)")
        let faked = fakedTime.map { " --faked-system-time \($0)" } ?? ""
        try TestFiles.write(wrapper, "#!/bin/sh\nexec gpg --homedir '\(dir)'\(faked) \"$@\"\n")
        try TestFiles.setMode(wrapper, 0o755)
        try repo.config("gpg.format", "openpgp")
        try repo.config("gpg.program", wrapper)
        try repo.config("user.signingkey", key)
    }

    func stopAgent() {
        _ = try? sandbox.run(["gpgconf", "--homedir", dir, "--kill", "gpg-agent"])
    }
}
