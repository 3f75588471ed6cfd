import Foundation

/// Real OpenSSH key pairs made with `ssh-keygen` in a sandbox.
struct SSHKey {
    let privatePath: String
    /// The `.pub` line: `type base64 comment`.
    let publicLine: String

    /// An existing key file, for example a certificate next to its private key (`key-cert.pub`).
    init(privatePath: String, publicLine: String) {
        self.privatePath = privatePath
        self.publicLine = publicLine
    }

    init(_ sandbox: Sandbox, name: String, type: String, bits: Int? = nil) throws {
        privatePath = sandbox.path(name)
        var arguments = ["ssh-keygen", "-q", "-t", type, "-N", "", "-C", name, "-f", privatePath]
        if let bits { arguments += ["-b", String(bits)] }
        try sandbox.must(arguments)
        publicLine = try String(contentsOfFile: privatePath + ".pub", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `type base64` without the comment.
    var publicKey: String { publicLine.split(separator: " ").prefix(2).joined(separator: " ") }

    /// Signs `data` with `ssh-keygen -Y sign` in `namespace`, returning the armor.
    func sign(_ sandbox: Sandbox, _ data: [UInt8], namespace: String = "git") throws -> [UInt8] {
        let file = sandbox.path("to-sign-\(UUID().uuidString)")
        try Data(data).write(to: URL(fileURLWithPath: file))
        try sandbox.must(["ssh-keygen", "-q", "-Y", "sign", "-n", namespace, "-f", privatePath, file])
        return Array(try Data(contentsOf: URL(fileURLWithPath: file + ".sig")))
    }
}
