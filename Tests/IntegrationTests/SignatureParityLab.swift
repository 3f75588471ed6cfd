import Foundation
import Testing

/// The keys, trust files and repository the signature parity table runs in: real `gpg` homes, real `ssh-keygen`
/// keys, real git objects. git's view and git-warden's view of trust are set up to mean the same thing:
///
/// - OpenPGP: git verifies with the GnuPG home `gpgHome`, whose own keys are ultimately trusted; git-warden trusts
///   the keyring exported from it (`trusted.asc`: every key gpg calls valid). Keys gpg knows but has not certified
///   (git's `U`) and keys it has never seen (git's `E`) are not in that keyring.
/// - SSH: both read the same `allowed_signers`.
final class ParityLab {
    enum Kind: String { case commit, tag }

    /// One object to judge, and how to judge it.
    struct Subject {
        var object: String
        var kind: Kind
        /// Extra `-c` settings for git (for example `gpg.minTrustLevel=ultimate`).
        var gitConfig: [String] = []
        /// Extra arguments for `git-warden verify` (`--allow-sha1-bindings`).
        var wardenArguments: [String] = []
        /// The keyring git-warden trusts instead of `trusted.asc`.
        var wardenKeyring: String? = nil
    }

    /// What each side said about one subject.
    struct Outcome {
        var git: Character
        var gitAccepts: Bool
        var warden: Character
        var wardenReason: String
        var wardenVouchesForCommitter: Bool
    }

    let box: Sandbox
    let repo: String
    let gpgHome: String
    /// A second GnuPG home for keys git's home does not trust (or does not know at all).
    let otherHome: String
    let gpgWrapper: String
    let allowedSigners: String
    var fingerprints: [String: String] = [:]
    var sshKeys: [String: String] = [:]

    var trustedRing: String { "\(box.root)/trusted.asc" }
    var ultimateRing: String { "\(box.root)/ultimate.asc" }

    init() throws {
        box = try Sandbox()
        repo = "\(box.root)/repo"
        gpgHome = "\(box.root)/gnupg"
        otherHome = "\(box.root)/gnupg-other"
        for home in [gpgHome, otherHome] {
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        }
        gpgWrapper = "\(box.root)/gpg-for-git"
        try box.write(gpgWrapper, "#!/bin/sh\nexec gpg --homedir '\(gpgHome)' \"$@\"\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: gpgWrapper)
        allowedSigners = "\(box.root)/allowed_signers"
        try box.must(["git", "init", "-q", repo])
        try box.commit(in: repo, files: ["README": "seed\n"], message: "unsigned seed")
    }

    /// gpgsm's home for X.509 signatures (git's `gpg.format = x509`).
    var x509Home: String { "\(box.root)/gpgsm" }
    var x509Wrapper: String { "\(box.root)/gpgsm-for-git" }

    deinit {
        for home in [gpgHome, otherHome, x509Home] { _ = try? box.run(["gpgconf", "--homedir", home, "--kill", "gpg-agent"]) }
    }

    // MARK: keys

    @discardableResult
    func gpg(_ arguments: [String], home: String? = nil, fakedTime: String? = nil, input: String? = nil) throws
        -> String
    {
        var all = ["gpg", "--batch", "--quiet", "--homedir", home ?? gpgHome, "--pinentry-mode", "loopback",
                   "--passphrase", ""]
        if let fakedTime { all += ["--faked-system-time", fakedTime] }
        return try box.must(all + arguments, input: input)
    }

    /// Makes an OpenPGP key named `name` (`name@example.com`) and remembers its primary fingerprint.
    func pgpKey(_ name: String, algorithm: String = "ed25519", usage: String = "sign", expire: String = "never",
                home: String? = nil, fakedTime: String? = nil, options: [String] = []) throws {
        try gpg(options + ["--quick-gen-key", "\(name.capitalized) <\(name)@example.com>", algorithm, usage, expire],
                home: home, fakedTime: fakedTime)
        fingerprints[name] = try pgpFingerprints(name, home: home).first
    }

    func pgpFingerprints(_ name: String, home: String? = nil) throws -> [String] {
        try gpg(["--with-colons", "--list-keys", "\(name)@example.com"], home: home).split(separator: "\n")
            .filter { $0.hasPrefix("fpr:") }.map { String($0.split(separator: ":", omittingEmptySubsequences: false)[9]) }
    }

    /// Copies a key from the other home into git's home (not certified: gpg's validity stays undefined).
    func importIntoGitHome(_ name: String) throws {
        try gpg(["--import"], input: try gpg(["--armor", "--export", "\(name)@example.com"], home: otherHome))
    }

    /// Writes the keyrings git-warden trusts, once every key is in its final state (revocations included).
    func exportKeyrings(trusted: [String], ultimate: [String]) throws {
        try box.write(trustedRing, try gpg(["--armor", "--export"] + trusted.map { fingerprints[$0]! }))
        try box.write(ultimateRing, try gpg(["--armor", "--export"] + ultimate.map { fingerprints[$0]! }))
    }

    /// A self-signed X.509 certificate for ada@example.com in `x509Home`, trusted there as a root, so git says G.
    func x509Key() throws {
        try FileManager.default.createDirectory(atPath: x509Home, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        try box.write("\(x509Home)/gpgsm.conf", "disable-crl-checks\n")
        try box.write("\(x509Home)/params", """
        Key-Type: RSA
        Key-Length: 2048
        Key-Usage: sign
        Serial: random
        Name-DN: CN=Ada,O=Example
        Name-Email: ada@example.com

        """)
        let gpgsm = ["gpgsm", "--batch", "--homedir", x509Home, "--pinentry-mode", "loopback", "--passphrase", ""]
        try box.must(gpgsm + ["--gen-key", "--armor", "-o", "\(x509Home)/certificate.pem", "\(x509Home)/params"])
        try box.must(gpgsm + ["--import", "\(x509Home)/certificate.pem"])
        let fingerprint = try box.must(gpgsm + ["--with-colons", "--list-keys", "ada@example.com"])
            .split(separator: "\n").first { $0.hasPrefix("fpr:") }
            .map { String($0.split(separator: ":", omittingEmptySubsequences: false)[9]) }
        try box.write("\(x509Home)/trustlist.txt", "\(try #require(fingerprint)) S relax\n")
        // The agent reads the trust list when it starts: start it afresh.
        try box.must(["gpgconf", "--homedir", x509Home, "--kill", "gpg-agent"])
        try box.write(x509Wrapper, "#!/bin/sh\nexec gpgsm --homedir '\(x509Home)' \"$@\"\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: x509Wrapper)
    }

    var x509Signing: [String] {
        ["-c", "gpg.format=x509", "-c", "gpg.x509.program=\(x509Wrapper)", "-c", "user.signingkey=ada@example.com"]
    }

    func sshKey(_ name: String, type: [String] = ["-t", "ed25519"]) throws {
        let path = "\(box.root)/ssh-\(name)"
        try box.must(["ssh-keygen", "-q"] + type + ["-N", "", "-C", name, "-f", path])
        sshKeys[name] = path
    }

    func sshPublic(_ name: String) -> String {
        box.read(sshKeys[name]! + ".pub")!.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: objects

    /// A new commit on a scratch branch from the seed, made by real `git commit` with `options` (`-S`, ...).
    func commit(_ message: String, config: [String] = [], options: [String] = [],
                environment: [String: String] = [:]) throws -> String {
        try box.must(["git", "checkout", "-q", "--detach", "main"], in: repo)
        try box.write("\(repo)/\(UUID().uuidString)", message)
        try box.must(["git", "add", "-A"], in: repo)
        try box.must(["git"] + config + ["commit", "-q", "-m", message] + options, in: repo,
                     extraEnvironment: environment)
        return try box.git("rev-parse", "HEAD", in: repo)
    }

    /// `git commit -S` with an OpenPGP key of git's home.
    func pgpCommit(_ message: String, key: String, fakedTime: String? = nil, committer: String? = nil) throws
        -> String
    {
        try commit(message, config: pgpSigning(key, fakedTime: fakedTime), options: ["-S"],
                   environment: committer.map { ["GIT_COMMITTER_EMAIL": $0] } ?? [:])
    }

    /// A merge (always a merge commit) of `other` into a new commit on the seed.
    func merge(_ other: String, config: [String] = [], options: [String] = []) throws -> String {
        _ = try commit("merge base for \(other)")
        try box.must(["git"] + config + ["merge", "-q", "--no-ff", "-m", "merge \(other)"] + options + [other], in: repo)
        return try box.git("rev-parse", "HEAD", in: repo)
    }

    func amend(config: [String], options: [String]) throws -> String {
        try box.must(["git"] + config + ["commit", "-q", "--amend", "--no-edit"] + options, in: repo)
        return try box.git("rev-parse", "HEAD", in: repo)
    }

    func commitTree(config: [String], options: [String]) throws -> String {
        try box.must(["git"] + config + ["commit-tree"] + options + ["-p", "main", "-m", "by commit-tree", "main^{tree}"],
                     in: repo)
    }

    /// An annotated tag `name` ("message of <name>") on a new commit.
    func tag(_ name: String, config: [String] = [], options: [String]) throws -> String {
        let target = try commit("tagged by \(name)")
        try box.must(["git"] + config + ["tag"] + options + ["-m", "message of \(name)", name, target], in: repo)
        return try box.git("rev-parse", name, in: repo)
    }

    /// Revokes a key of git's home with the revocation certificate gpg made beside it.
    func revoke(_ name: String) throws {
        let certificate = box.read("\(gpgHome)/openpgp-revocs.d/\(fingerprints[name]!).rev")!
            .replacingOccurrences(of: ":-----BEGIN", with: "-----BEGIN")
        try gpg(["--import"], input: certificate)
    }

    /// One armor holding the signature packets of several armors (what git's double-signature test builds).
    func combine(_ armors: [String]) throws -> String {
        var packets = Data()
        for armor in armors {
            let body = armor.split(separator: "\n").drop { !$0.isEmpty && !$0.hasPrefix("-----BEGIN") }
                .filter { !$0.hasPrefix("-----") && !$0.hasPrefix("=") && !$0.contains(": ") && !$0.isEmpty }
                .joined()
            packets.append(Data(base64Encoded: String(body))!)
        }
        let encoded = packets.base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN PGP SIGNATURE-----\n\n\(encoded)\n-----END PGP SIGNATURE-----\n"
    }

    func pgpSigning(_ key: String, fakedTime: String? = nil) throws -> [String] {
        var program = gpgWrapper
        if let fakedTime {
            program = "\(box.root)/gpg-at-\(fakedTime)"
            try box.write(program, "#!/bin/sh\nexec gpg --homedir '\(gpgHome)' --faked-system-time \(fakedTime) \"$@\"\n")
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: program)
        }
        return ["-c", "gpg.format=openpgp", "-c", "gpg.program=\(program)", "-c", "user.signingkey=\(fingerprints[key]!)"]
    }

    func sshSigning(_ key: String) -> [String] {
        ["-c", "gpg.format=ssh", "-c", "user.signingkey=\(sshKeys[key]!)"]
    }

    func raw(_ object: String, kind: Kind = .commit) throws -> String {
        try box.must(["git", "cat-file", kind.rawValue, object], in: repo) + "\n"
    }

    /// Writes `text` as a loose object of `kind`, exactly as given (a forged or hand-signed object).
    func store(_ text: String, kind: Kind = .commit) throws -> String {
        let file = "\(box.root)/object-\(UUID().uuidString)"
        try box.write(file, text)
        return try box.must(["git", "hash-object", "--literally", "-w", "-t", kind.rawValue, file], in: repo)
    }

    /// A commit whose `gpgsig` header holds `armor` (with `extraLines` appended inside the header) over `raw`.
    func storeSigned(_ raw: String, armor: String, extraLines: [String] = []) throws -> String {
        let split = raw.range(of: "\n\n")!
        let lines = armor.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .reversed().drop(while: \.isEmpty).reversed() + extraLines
        let header = "gpgsig " + lines.joined(separator: "\n ")
        return try store(String(raw[..<split.lowerBound]) + "\n" + header + "\n\n" + String(raw[split.upperBound...]))
    }

    /// A detached armored OpenPGP signature of `text` by `key` (a key of `home`).
    func pgpSign(_ text: String, key: String, home: String? = nil, options: [String] = [], fakedTime: String? = nil)
        throws -> String
    {
        try gpg(["--local-user", fingerprints[key]!, "--armor", "--detach-sign"] + options, home: home,
                fakedTime: fakedTime, input: text)
    }

    /// An SSHSIG armor of `text` by `key` in `namespace`.
    func sshSign(_ text: String, key: String, namespace: String = "git") throws -> String {
        let file = "\(box.root)/payload-\(UUID().uuidString)"
        try box.write(file, text)
        try box.must(["ssh-keygen", "-q", "-Y", "sign", "-n", namespace, "-f", sshKeys[key]!, file])
        return box.read(file + ".sig")!
    }

    /// An unsigned commit made only to be signed by hand.
    func unsignedBase(_ message: String) throws -> String {
        try raw(try commit(message))
    }

    // MARK: verdicts

    /// git's letter: `%G?` for a commit; for a tag (no `%G?` in git 2.39) the same mapping applied to the status
    /// `git verify-tag --raw` prints. Acceptance is the exit status of `git verify-commit` / `git verify-tag`.
    func gitVerdict(_ subject: Subject) throws -> (letter: Character, accepts: Bool) {
        let config = ["-c", "gpg.program=\(gpgWrapper)", "-c", "gpg.ssh.allowedSignersFile=\(allowedSigners)",
                      "-c", "gpg.x509.program=\(x509Wrapper)"]
            + subject.gitConfig.flatMap { ["-c", $0] }
        switch subject.kind {
        case .commit:
            let letter = try box.must(["git"] + config + ["log", "-1", "--format=%G?", subject.object], in: repo)
            let verify = try box.run(["git"] + config + ["verify-commit", subject.object], in: repo)
            return (letter.first ?? "?", verify.status == 0)
        case .tag:
            let verify = try box.run(["git"] + config + ["verify-tag", "--raw", subject.object], in: repo)
            return (Self.tagLetter(verify.stderr), verify.status == 0)
        }
    }

    /// git's reading of a verification's status output (gpg-interface.c, pretty.c): one exclusive status or "E";
    /// a good signature of undefined or never trust is "U"; ssh-keygen's "Good ... for" is G, "Good ... with" U.
    static func tagLetter(_ output: String) -> Character {
        if output.contains("no signature found") { return "N" }
        if output.contains("Good \"git\" signature for ") { return "G" }
        if output.contains("Good \"git\" signature with ") { return "U" }
        // gpgsm's status lines are gpg's ([GNUPG:] GOODSIG ...), read the same way below.
        let statuses: [(String, Character)] = [("GOODSIG ", "G"), ("BADSIG ", "B"), ("ERRSIG ", "E"),
                                               ("EXPSIG ", "X"), ("EXPKEYSIG ", "Y"), ("REVKEYSIG ", "R")]
        let seen = statuses.filter { output.contains("[GNUPG:] \($0.0)") }
        guard !output.contains("[GNUPG:]") || seen.count <= 1 else { return "E" }
        guard let (_, letter) = seen.first else { return output.contains("[GNUPG:]") ? "E" : "B" }
        if letter == "G", output.contains("[GNUPG:] TRUST_UNDEFINED") || output.contains("[GNUPG:] TRUST_NEVER") {
            return "U"
        }
        return letter
    }

    /// git-warden's letter, from `git-warden verify --format json` over the object alone.
    func wardenVerdict(_ subject: Subject) throws -> (letter: Character, reason: String, vouches: Bool) {
        let range = subject.kind == .tag ? subject.object : "\(subject.object)^..\(subject.object)"
        let result = try box.run([Sandbox.binary, "verify", "--format", "json", "--keyring",
                                  subject.wardenKeyring ?? trustedRing,
                                  "--allowed-signers", allowedSigners] + subject.wardenArguments + [range], in: repo)
        guard result.status <= 1,
              let entries = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]],
              let entry = entries.first(where: { $0["object"] as? String == subject.object })
        else {
            throw Sandbox.CommandFailed(command: ["git-warden", "verify", range], result: result)
        }
        return ((entry["status"] as? String)?.first ?? "?", entry["reason"] as? String ?? "",
                entry["signerMatchesCommitter"] as? Bool ?? false)
    }

    func outcome(_ subject: Subject) throws -> Outcome {
        let git = try gitVerdict(subject)
        let warden = try wardenVerdict(subject)
        return Outcome(git: git.letter, gitAccepts: git.accepts, warden: warden.letter, wardenReason: warden.reason,
                       wardenVouchesForCommitter: warden.vouches)
    }
}
