import Foundation
import GitKit
import Testing
import WardenCore
import WardenTOML

/// Errors of the upper layers keep the lower layer's error they report (for callers that need its details) while
/// their message stays the text people read.
@Suite struct UnderlyingErrorTests {
    @Test func aSHA256IdInHookInputKeepsGitKitsError() throws {
        let id = String(repeating: "a", count: 64)
        do {
            _ = try RefUpdateLine.parse("\(id) \(id) refs/heads/main\n")
            Issue.record("a 64-digit id must be refused")
        } catch {
            let git = try #require(error.underlying as? GitError)
            #expect(git.operation == "parse object id")
            #expect(error.message == "input line 1: \(git)")
        }
    }

    @Test func anInvalidPolicyKeepsTheTOMLErrorWithItsLine() throws {
        let box = try Sandbox()
        let path = "\(box.root)/policy.toml"
        try box.write(path, "[refs.\"refs/heads/main\"]\nprotected = true\nprotected = false\n")
        do {
            _ = try PolicyLocator.load(path: path)
            Issue.record("a duplicate key must be refused")
        } catch {
            let toml = try #require(error.underlying as? TOMLError)
            #expect(toml.source == path && toml.position.line == 3)
            #expect(error.message == "invalid policy: \(toml)")
        }
    }
}
