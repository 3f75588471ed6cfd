import Foundation
import GitKit
import Testing
@testable import WardenCore

/// The merge rule, in the one place the hooks and `scan --range` take it from: a merge brings only what is new
/// against every parent.
@Suite struct CommitChangesTests {
    /// main and a side branch both change `a.txt` from a common base; the side branch adds `b.txt`; the merge keeps
    /// both changes and adds one line of its own.
    static func merge() throws -> (HookFixture, git: String, merge: String) {
        let fixture = try HookFixture()
        let git = try fixture.bare()
        let base = try fixture.commit(in: git, files: ["a.txt": "1\n2\n3\n"])
        let main = try fixture.commit(in: git, files: ["a.txt": "main\n1\n2\n3\n"], parents: [base])
        let side = try fixture.commit(in: git, files: ["a.txt": "1\n2\n3\nside\n", "b.txt": "from side\n"], parents: [base])
        let merge = try fixture.commit(in: git, files: ["a.txt": "main\n1\n2\n3\nside\nmerge\n", "b.txt": "from side\n"],
                                       parents: [main, side])
        return (fixture, git, merge)
    }

    @Test func aMergeBringsOnlyWhatIsNewAgainstEveryParent() throws {
        let (fixture, git, merge) = try Self.merge()
        defer { withExtendedLifetime(fixture) {} }
        let repository = try Repository.open(at: git)
        let changes = try CommitChanges.of(try repository.commit(try ObjectID(hex: merge)), in: repository)
        // b.txt is the side branch's version: it came from there. Against the first parent it is added.
        #expect(changes.changes.map(\.path).sorted() == ["a.txt", "b.txt"])
        #expect(changes.files.map(\.change.path) == ["a.txt"])
        let lines = try changes.newLines(of: changes.files[0], in: repository)
        #expect(lines.map { String(decoding: $0.bytes, as: UTF8.self) } == ["merge"])
        #expect(lines.map(\.number) == [6])
    }

    /// The history a hook run shares hands out the same changes (the memo) as a range scan computes directly.
    @Test func theHooksHistoryAndARangeScanAgree() throws {
        let (fixture, git, merge) = try Self.merge()
        defer { withExtendedLifetime(fixture) {} }
        let repository = try Repository.open(at: git)
        let history = PushHistory(repository: repository)
        let id = try ObjectID(hex: merge)
        let shared = try history.changes(introducedBy: id)
        let direct = try CommitChanges.of(try repository.commit(id), in: repository)
        #expect(shared.files.map(\.change.path) == direct.files.map(\.change.path))
        #expect(try history.commits(reachableFrom: id, hiding: []).count == 4)
    }
}
