import Foundation
import Testing

/// The differential suite: every crafted object of `ParityCase.all` is written with real git, then git's own view
/// (`git log` placeholders, `git fsck` message ids, `git verify-tag`) is compared with git-warden's (its parse dump,
/// `verify`, and the verdict of the real hook on a real push). Each case either agrees, or git-warden rejects it
/// naming a reason; git-warden accepting what git's fsck flags fails the test.
@Suite(.serialized) struct GitParityTests {
    /// git fsck with the messages git-warden also rejects raised to errors, so git names its first problem.
    static let fsckConfig = ["-c", "fsck.missingTaggerEntry=error", "-c", "fsck.badTagName=error",
                             "-c", "fsck.extraHeaderEntry=error", "-c", "fsck.nulInCommit=error"]

    struct World {
        let box: Sandbox
        let repo: String
        let server: String
        let signers: String
        let tree: String
        let parent: String
    }

    static func world() throws -> World {
        let box = try Sandbox()
        for name in ["alice", "mallory"] {
            try box.must(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", "\(box.root)/\(name)"])
        }
        let key = { (name: String) in box.read("\(box.root)/\(name).pub")!.trimmingCharacters(in: .whitespacesAndNewlines) }
        let signers = "\(box.root)/allowed_signers"
        // Alice's key is valid until 2025 (UTC): signed dates of 2023 are inside, "now" (a date of 0 or none) is not.
        try box.write(signers, "alice@example.com valid-before=\"20250101Z\" \(key("alice"))\nmallory@example.com \(key("mallory"))\n")
        let server = try box.server(policy: "[[rule]]\nid = \"main\"\nrefs = [\"refs/heads/main\"]\nblock-force-push = true\n")
        let repo = try box.clone(server)
        try box.commit(in: repo, files: ["a": "1\n"], message: "base")
        #expect(try box.push(repo, "main").status == 0)
        let tree = try box.must(["git", "hash-object", "-t", "tree", "-w", "--stdin"], in: repo, input: "")
        return World(box: box, repo: repo, server: server, signers: signers, tree: tree,
                     parent: try box.git("rev-parse", "HEAD", in: repo))
    }

    /// An SSH signature by `key` over `payload`, made by ssh-keygen exactly as git makes it (namespace "git").
    static func sign(_ payload: [UInt8], key: String, world: World) throws -> [UInt8] {
        let file = "\(world.box.root)/payload-\(UUID().uuidString)"
        FileManager.default.createFile(atPath: file, contents: Data(payload))
        try world.box.must(["ssh-keygen", "-q", "-Y", "sign", "-n", "git", "-f", "\(world.box.root)/\(key)", file])
        return Array(FileManager.default.contents(atPath: file + ".sig") ?? Data())
    }

    static func bytes(of parityCase: ParityCase, world: World) throws -> [UInt8] {
        let text = parityCase.text.replacingOccurrences(of: "{T}", with: world.tree)
            .replacingOccurrences(of: "{P}", with: world.parent)
        var raw = parityCase.latin1 ? Array(text.data(using: .isoLatin1)!) : Array(text.utf8)
        switch parityCase.signing {
        case .none:
            break
        case .trailer(let key):
            raw += try sign(raw, key: key, world: world)
        case .header(let key), .twoHeaders(let key):
            let signature = try sign(raw, key: key, world: world)
            var lines = signature.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            if lines.last?.isEmpty == true { lines.removeLast() }
            let header = Array("gpgsig ".utf8) + Array(lines.joined(separator: Array("\n ".utf8))) + [UInt8(ascii: "\n")]
            let end = (0..<(raw.count - 1)).first { raw[$0] == 0x0A && raw[$0 + 1] == 0x0A }.map { $0 + 1 } ?? raw.count
            var twice = header
            if case .twoHeaders = parityCase.signing { twice += header }
            raw.insert(contentsOf: twice, at: end)
        }
        return raw
    }

    /// `oid -> first fsck message id` from one run of git fsck over the repository.
    static func fsckIDs(_ world: World) throws -> [String: String] {
        let result = try world.box.run(["git"] + fsckConfig + ["fsck", "--no-dangling", "--no-progress"], in: world.repo)
        var found: [String: String] = [:]
        for line in result.output.split(separator: "\n") {
            // Objects git cannot even parse get no message id: "error: <oid>: object could not be parsed: <path>".
            if line.hasPrefix("error: "), line.contains(": object could not be parsed") {
                found[String(line.dropFirst(7).prefix { $0 != ":" })] = unparseable
                continue
            }
            guard line.hasPrefix("error in ") || line.hasPrefix("warning in ") else { continue }
            let words = line.split(separator: " ")
            guard words.count >= 5 else { continue }
            let oid = String(words[3].dropLast())
            let id = String(words[4].prefix { $0 != ":" })
            if found[oid] == nil { found[oid] = id }
        }
        return found
    }

    static let unparseable = "(object could not be parsed)"

    /// Clean objects whose signature git-warden judges more strictly than git, and why (README, Signatures).
    static let stricterVerdicts = [
        // git concatenates both headers and ssh-keygen reads the first armor, ignoring what follows; git-warden
        // refuses bytes after an SSH signature (B) rather than guess which signature was meant.
        "two-signature-headers",
    ]

    @Test func craftedObjectsAgreeWithGitOrAreRejected() throws {
        let world = try Self.world()
        let box = world.box
        #expect(ParityCase.all.count >= 40)
        var ids: [String: String] = [:]
        for parityCase in ParityCase.all {
            let file = "\(box.root)/object-\(parityCase.name)"
            FileManager.default.createFile(atPath: file, contents: Data(try Self.bytes(of: parityCase, world: world)))
            ids[parityCase.name] = try box.must(["git", "hash-object", "-t", parityCase.kind, "--literally", "-w", file],
                                                in: world.repo)
        }
        let fsck = try Self.fsckIDs(world)
        var rejectedByUs = 0, namedByHook = 0
        for parityCase in ParityCase.all {
            let id = ids[parityCase.name]!
            let label = "\(parityCase.name) \(id)"
            let dump = try Self.dump(id, world: world)
            let ours = (dump["problems"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            // 1. fsck: git's first message id is ours; where git sees nothing, ours are git-warden's own only.
            if fsck[id] == Self.unparseable {
                #expect(!ours.isEmpty, "\(label): git cannot parse it, git-warden found nothing wrong")
            } else if let gitID = fsck[id] {
                #expect(ours.first == gitID, "\(label): git fsck says \(gitID), git-warden \(ours)")
            } else {
                #expect(ours.allSatisfy { $0.hasPrefix("warden") }, "\(label): git fsck is silent, git-warden \(ours)")
            }
            if !ours.isEmpty { rejectedByUs += 1 }
            // 2. what git shows: identities and date read the same (objects git-warden accepts).
            if ours.isEmpty, parityCase.kind == "commit" {
                try Self.compareLog(id, dump: dump, label: label, world: world)
            }
            // 3. verify: git's letter, or E naming the problem.
            try Self.compareVerify(id, kind: parityCase.kind, ours: ours, label: label, world: world)
            // 4. the hook on a real push: accepted exactly when git-warden finds nothing wrong.
            if try Self.comparePush(id, parityCase: parityCase, ours: ours, label: label, world: world) { namedByHook += 1 }
        }
        // The suite must exercise both sides.
        #expect(rejectedByUs >= 25)
        #expect(ParityCase.all.count - rejectedByUs >= 10)
        // Most malformed objects do reach the hook (git's client sends what it can parse) and are named there.
        #expect(namedByHook >= 20, "the hook named \(namedByHook) malformed objects")
    }

    static func dump(_ id: String, world: World) throws -> [String: Any] {
        let out = try world.box.must([Sandbox.binary, "debug", "parse-object", id], in: world.repo)
        return try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any] ?? [:]
    }

    static func compareLog(_ id: String, dump: [String: Any], label: String, world: World) throws {
        let log = try world.box.run(["git", "-c", "gpg.ssh.allowedSignersFile=\(world.signers)", "log", "-1",
                                     "--format=%an%x00%ae%x00%cn%x00%ce%x00%ct", id], in: world.repo)
        #expect(log.status == 0, "\(label): git log failed on an object git-warden accepts: \(log.stderr)")
        let git = log.stdout.trimmingCharacters(in: .newlines).split(separator: "\0", omittingEmptySubsequences: false)
            .map(String.init)
        let author = dump["author"] as? [String: Any], committer = dump["committer"] as? [String: Any]
        let ours = [author?["name"], author?["email"], committer?["name"], committer?["email"], committer?["date"]]
            .map { ($0 as? String) ?? "" }
        #expect(git == ours, "\(label): git log shows \(git), git-warden read \(ours)")
    }

    static func compareVerify(_ id: String, kind: String, ours: [String], label: String, world: World) throws {
        let verify = try world.box.run([Sandbox.binary, "verify", "--allowed-signers", world.signers, id], in: world.repo)
        let letter = verify.stdout.first.map(String.init) ?? ""
        guard ours.isEmpty else {
            // Stricter than git: never good, and the reason names git's (or git-warden's) message id.
            #expect(verify.status != 0, "\(label): verify accepted a malformed object")
            #expect(letter != "G", "\(label): \(verify.output)")
            if verify.status == 1 { #expect(verify.stdout.contains(ours[0]), "\(label): \(verify.stdout)") }
            return
        }
        if kind == "commit" {
            let git = try world.box.must(["git", "-c", "gpg.ssh.allowedSignersFile=\(world.signers)", "log", "-1",
                                          "--format=%G?", id], in: world.repo)
            if stricterVerdicts.contains(where: { label.hasPrefix($0 + " ") }) {
                #expect(letter != "G" && letter != git, "\(label): listed as stricter, git \(git), git-warden \(verify.output)")
            } else if git == "U" && letter == "Y" {
                // A key outside its validity window: ssh-keygen finds no principal (git: U); git-warden names it (Y).
                #expect(verify.stdout.contains("valid"), "\(label): \(verify.output)")
            } else {
                #expect(letter == git, "\(label): git says \(git), git-warden verify \(verify.output)")
            }
        } else {
            let git = try world.box.run(["git", "-c", "gpg.ssh.allowedSignersFile=\(world.signers)", "verify-tag", id],
                                        in: world.repo)
            #expect((letter == "G") == (git.status == 0), "\(label): verify-tag \(git.status), git-warden \(verify.output)")
        }
    }

    /// True when the hook ran and rejected a malformed object naming its problem.
    static func comparePush(_ id: String, parityCase: ParityCase, ours: [String], label: String, world: World) throws -> Bool {
        let ref = parityCase.kind == "tag" ? "refs/tags/\(parityCase.name)" : "refs/heads/\(parityCase.name)"
        let push = try world.box.run(["git", "push", "origin", "\(id):\(ref)"], in: world.repo)
        let landed = world.box.serverRef(world.server, ref) != nil
        if ours.isEmpty {
            #expect(push.status == 0 && landed, "\(label): the hook refused a clean object: \(push.stderr)")
            return false
        } else {
            #expect(!landed, "\(label): a malformed object reached the server")
            // Where git's own client sent it, the hook refused it naming the problem (else git refused to send it).
            if push.stderr.contains("remote: ") {
                #expect(push.stderr.contains("malformed-object") && push.stderr.contains(ours[0]), "\(label): \(push.stderr)")
                return push.stderr.contains(ours[0])
            }
            return false
        }
    }
}
