import Foundation
import Testing

/// A policy location that holds anything (a dangling symbolic link, a directory, a fifo) but no readable policy
/// rejects the push, naming the file: it never falls through to the next location or the embedded default.
@Suite struct PolicyLocationTests {
    /// A server with the hook, a clone with one commit (which the embedded default policy would accept).
    static func setUp() throws -> (Sandbox, server: String, work: String) {
        let box = try Sandbox()
        let server = try box.server(policy: nil)
        let work = try box.clone(server)
        try box.commit(in: work, files: ["a.txt": "1\n"], message: "first")
        return (box, server, work)
    }

    static func expectRejected(_ result: Sandbox.Result, _ box: Sandbox, server: String, saying reason: String) throws {
        #expect(result.status != 0, "\(result.output)")
        #expect(result.stderr.contains(reason), "\(result.stderr)")
        #expect(result.stderr.contains("push REJECTED (the guard fails closed)"))
        #expect(box.serverRef(server, "refs/heads/main") == nil)
        #expect(try box.decisions(server).last?["outcome"] as? String == "error")
    }

    @Test func aDanglingSymbolicLinkAsTheRepositoryPolicyRejects() throws {
        let (box, server, work) = try Self.setUp()
        try FileManager.default.createSymbolicLink(atPath: "\(server)/git-warden.toml",
                                                   withDestinationPath: "\(box.root)/policies/gone.toml")
        try Self.expectRejected(try box.push(work, "main"), box, server: server,
                                saying: "cannot read policy git-warden.toml: it is a symbolic link whose target does not exist")
        // The pusher sees the file's name; the decision log keeps where it is.
        #expect((try box.decisions(server).last?["error"] as? String ?? "").contains("\(server)/git-warden.toml"))
    }

    @Test func aSymbolicLinkToAReadablePolicyIsFollowed() throws {
        let (box, server, work) = try Self.setUp()
        try box.write("\(box.root)/policies/real.toml", "[[rule]]\nrefs = [\"refs/heads/main\"]\nblock-creation = true\n")
        try FileManager.default.createSymbolicLink(atPath: "\(server)/git-warden.toml",
                                                   withDestinationPath: "\(box.root)/policies/real.toml")
        let result = try box.push(work, "main")
        #expect(result.status != 0)
        #expect(result.stderr.contains("refs/heads/main: creation"))
    }

    @Test func aDirectoryAsThePolicyRejects() throws {
        let (box, server, work) = try Self.setUp()
        try FileManager.default.createDirectory(atPath: "\(server)/git-warden.toml", withIntermediateDirectories: true)
        try Self.expectRejected(try box.push(work, "main"), box, server: server, saying: "it is a directory")
    }

    @Test func aFifoAsThePolicyRejectsWithoutHanging() throws {
        let (box, server, work) = try Self.setUp()
        #expect(mkfifo("\(server)/git-warden.toml", 0o644) == 0)
        try Self.expectRejected(try box.push(work, "main"), box, server: server, saying: "it is a fifo")
    }

    @Test func aSymbolicLinkLoopRejects() throws {
        let (box, server, work) = try Self.setUp()
        try FileManager.default.createSymbolicLink(atPath: "\(server)/git-warden.toml",
                                                   withDestinationPath: "\(server)/git-warden.toml")
        try Self.expectRejected(try box.push(work, "main"), box, server: server, saying: "a loop of symbolic links")
    }

    @Test func aDanglingExplicitPolicyRejects() throws {
        let (box, server, work) = try Self.setUp()
        try FileManager.default.createSymbolicLink(atPath: "\(box.root)/explicit.toml",
                                                   withDestinationPath: "\(box.root)/gone.toml")
        let result = try box.run(["git", "push", "origin", "main"], in: work,
                                 extraEnvironment: ["GIT_WARDEN_POLICY": "\(box.root)/explicit.toml"])
        try Self.expectRejected(result, box, server: server, saying: "symbolic link whose target does not exist")
    }

    @Test func aDanglingProjectPolicyStopsTheClientHooks() throws {
        let (box, work) = try ClientHookTests.repository()
        try FileManager.default.createSymbolicLink(atPath: "\(work)/.git-warden.toml",
                                                   withDestinationPath: "\(box.root)/gone.toml")
        try box.write("\(work)/a.txt", "a\n")
        try box.must(["git", "add", "a.txt"], in: work)
        let result = try box.run(["git", "commit", "-m", "a"], in: work)
        #expect(result.status != 0)
        #expect(result.stderr.contains("symbolic link whose target does not exist"))
    }
}
