import Foundation
import TestSupport

/// A throw-away directory with helpers to run the real tools (git, ssh-keygen, gpg) inside it: TestSupport's
/// `GitFixture` with Alice as the identity, a GnuPG home inside it and UTC as the zone (gpg and git print dates).
final class Sandbox: @unchecked Sendable {
    typealias Result = ProcessResult

    let fixture: GitFixture

    init() throws {
        fixture = try GitFixture(prefix: "sig", identity: GitFixture.Identity(name: "Alice Example", email: "alice@example.com"))
        fixture.environment["GNUPGHOME"] = fixture.path("gnupg")
        fixture.environment["TZ"] = "UTC"
    }

    func path(_ name: String) -> String { fixture.path(name) }

    func write(_ name: String, _ text: String) throws { try fixture.write(path(name), text) }

    func read(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }

    /// Runs `arguments` (first is the tool, looked up on PATH) in `directory` (default: root).
    @discardableResult
    func run(_ arguments: [String], in directory: String? = nil, env: [String: String] = [:], stdin: [UInt8]? = nil)
        throws -> Result
    {
        try fixture.run(arguments, in: directory, input: stdin, environment: env)
    }

    /// Like `run`, but a failure is a thrown `CommandFailed` carrying what the tool said.
    @discardableResult
    func must(_ arguments: [String], in directory: String? = nil, env: [String: String] = [:]) throws -> Result {
        try fixture.require(arguments, in: directory, environment: env)
    }
}
