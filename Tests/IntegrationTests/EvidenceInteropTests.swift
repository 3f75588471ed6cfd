import Foundation
import TestSupport
import Testing

/// The evidence verifies unchanged with an independent implementation: Python's securesystemslib (DSSE envelope,
/// PAE, Ed25519 and ECDSA P-256 DER signatures, keyid), and its statements carry the fields in-toto Statement v1
/// and SLSA VSA v1 require.
@Suite struct EvidenceInteropTests {
    static let script = #"""
    import base64, json, sys
    from cryptography.hazmat.primitives.serialization import load_pem_public_key
    from securesystemslib.signer import SSlibKey
    from securesystemslib.dsse import Envelope

    key = SSlibKey.from_crypto(load_pem_public_key(open(sys.argv[1], "rb").read()), keyid=sys.argv[2])
    commit, ref = sys.argv[4], sys.argv[5]
    kinds = []
    for line in open(sys.argv[3]):
        envelope = Envelope.from_dict(json.loads(line))
        assert envelope.payload_type == "application/vnd.in-toto+json"
        envelope.verify([key], 1)
        statement = json.loads(envelope.payload)
        assert statement["_type"] == "https://in-toto.io/Statement/v1", statement["_type"]
        assert isinstance(statement["predicateType"], str) and "://" in statement["predicateType"]
        assert isinstance(statement["predicate"], dict)
        assert len(statement["subject"]) == 1
        subject = statement["subject"][0]
        assert subject["digest"] == {"gitCommit": commit}, subject
        assert subject["annotations"]["sourceRefs"] == [ref] and subject["annotations"]["source_refs"] == [ref]
        predicate = statement["predicate"]
        if statement["predicateType"] == "https://slsa.dev/verification_summary/v1":
            assert predicate["verifier"]["id"].startswith("https://")
            assert predicate["timeVerified"].endswith("Z")
            assert predicate["resourceUri"].startswith("git+")
            assert predicate["policy"]["uri"] and len(predicate["policy"]["digest"]["sha256"]) == 64
            assert predicate["verificationResult"] in ("PASSED", "FAILED")
            levels = [name for name in predicate["verifiedLevels"] if name.startswith("SLSA_SOURCE_LEVEL_")]
            assert len(levels) == 1 and levels[0] in ("SLSA_SOURCE_LEVEL_1", "SLSA_SOURCE_LEVEL_2", "SLSA_SOURCE_LEVEL_3")
            assert all(name.startswith("SLSA_SOURCE_LEVEL_") or name.startswith("ORG_SOURCE_") for name in predicate["verifiedLevels"])
            assert len(predicate["inputAttestations"][0]["digest"]["sha256"]) == 64
            kinds.append("vsa")
        else:
            assert predicate["revision"] == commit and predicate["ref"] == ref
            kinds.append("provenance")
    # A changed payload must not verify.
    envelope = Envelope.from_dict(json.loads(open(sys.argv[3]).readline()))
    envelope.payload = envelope.payload.replace(b"refs/heads", b"refs/xeads")
    try:
        envelope.verify([key], 1)
        sys.exit("an edited payload verified")
    except Exception:
        pass
    print(" ".join(kinds))
    """#

    /// A venv with securesystemslib, made once per machine under the tests' temporary directory; nil (and the
    /// reason printed) when pip cannot install it.
    static func python() -> String? {
        let base = FileManager.default.temporaryDirectory.path + "/git-warden-tests/pyvenv-securesystemslib"
        let python = base + "/bin/python3"
        if FileManager.default.fileExists(atPath: base + "/.ready") { return python }
        func run(_ arguments: [String]) -> (Int32, String) {
            do {
                let result = try ProcessRunner.run(arguments)
                return (result.status, result.output)
            } catch {
                return (127, "\(error)")
            }
        }
        let made = run(["python3", "-m", "venv", base])
        guard made.0 == 0 else {
            print("SKIPPED securesystemslib interop: python3 -m venv failed: \(made.1.suffix(300))")
            return nil
        }
        let installed = run([base + "/bin/pip", "install", "-q", "securesystemslib[crypto]"])
        guard installed.0 == 0 else {
            print("SKIPPED securesystemslib interop: pip install securesystemslib[crypto] failed: \(installed.1.suffix(300))")
            return nil
        }
        FileManager.default.createFile(atPath: base + "/.ready", contents: nil)
        return python
    }

    @Test(arguments: ["ed25519", "p256"])
    func envelopesVerifyWithSecuresystemslib(keyType: String) throws {
        guard let python = Self.python() else { return }
        let server = try EvidencePushTests.makeServer(keyType: keyType)
        let pushed = try server.push("one")
        try server.box.write("\(server.box.root)/note.jsonl", try server.note(pushed.commit) + "\n")
        try server.box.write("\(server.box.root)/check.py", Self.script)
        let id = try Self.keyID(publicKeyFile: server.publicKey)
        let result = try server.box.run([python, "\(server.box.root)/check.py", server.publicKey, id,
                                         "\(server.box.root)/note.jsonl", pushed.commit, "refs/heads/main"])
        #expect(result.status == 0 && result.stdout.contains("provenance vsa"), "\(result.output)")
        // The key id keygen prints is the one openssl derives from the public key.
        let printed = try server.box.must([Sandbox.binary, "attest", "keygen", "--type", keyType, "--out", "\(server.box.root)/second.key"])
        let secondID = try Self.keyID(publicKeyFile: "\(server.box.root)/second.key.pub")
        #expect(printed.contains("key id:      \(secondID)"), "\(printed)")
    }

    /// The key id as the server computes it (SHA-256 of the SPKI DER), recomputed here with openssl.
    static func keyID(publicKeyFile: String) throws -> String {
        let box = try Sandbox()
        let der = "\(box.root)/key.der"
        try box.must(["openssl", "pkey", "-pubin", "-in", publicKeyFile, "-outform", "DER", "-out", der])
        return try box.must(["sh", "-c", "sha256sum '\(der)' | cut -d' ' -f1"])
    }
}
