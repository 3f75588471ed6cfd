import Foundation
import TestSupport
import Testing
@testable import GitKit

/// GitKit against repositories made by real git.
@Suite struct RepositoryTests {
    /// Repositories made by real git in a throw-away directory (TestSupport).
    typealias Scratch = GitFixture

    @Test func readsCommitsDiffsAndAddedLines() throws {
        let scratch = try Scratch()
        let work = scratch.root + "/work"
        try scratch.git("init", "-q", "-b", "main", work)
        try scratch.write(work + "/a.txt", "one\ntwo\n")
        try scratch.git("add", "-A", in: work)
        try scratch.git("commit", "-q", "-m", "first", in: work)
        try scratch.write(work + "/a.txt", "one\nTWO\nthree\n")
        try scratch.write(work + "/dir/b.txt", "b\n")
        try scratch.git("add", "-A", in: work)
        try scratch.git("commit", "-q", "-m", "second\n\nbody", in: work)
        let repository = try Repository.open(at: work)
        let head = try #require(try repository.resolve("refs/heads/main"))
        let commit = try repository.commit(head)
        #expect(commit.subject == "second")
        #expect(commit.author.email == "ada@example.com")
        #expect(commit.parents.count == 1)
        let parent = try repository.commit(commit.parents[0])
        let changes = try repository.changes(from: parent.tree, to: commit.tree)
        #expect(changes.map(\.path).sorted() == ["a.txt", "dir/b.txt"])
        let modified = try #require(changes.first { $0.path == "a.txt" })
        #expect(modified.status == .modified)
        let added = try repository.addedLines(from: modified.oldID, to: modified.newID!)
        #expect(added.map(\.number) == [2, 3])
        #expect(added.map { String(decoding: $0.bytes, as: UTF8.self) } == ["TWO", "three"])
        #expect(try repository.files(inTree: commit.tree).map(\.path).sorted() == ["a.txt", "dir/b.txt"])
        #expect(try repository.commits(reachableFrom: [head], hiding: [parent.id]) == [head])
        #expect(try repository.isAncestor(parent.id, of: head))
        #expect(try !repository.isAncestor(head, of: parent.id))
        #expect(try repository.header(of: modified.newID!).size == 14)
        #expect(try repository.configValue("core.bare") == "false")
    }

    /// Only the first `limit` bytes of a large blob are read, loose (libgit2's stream) or packed (git cat-file's
    /// stream), and they are the right bytes.
    @Test func blobPrefixIsTheFirstBytesLooseOrPacked() throws {
        let scratch = try Scratch()
        let work = scratch.root + "/work"
        try scratch.git("init", "-q", "-b", "main", work)
        // Over the size up to which a packed blob is read whole, so the packed read goes through git's stream.
        let text = (0..<2_000_000).map { "line \($0)\n" }.joined()
        try scratch.write(work + "/big.txt", text)
        try scratch.git("add", "-A", in: work)
        try scratch.git("commit", "-q", "-m", "big", in: work)
        let id = try ObjectID(hex: try scratch.git("rev-parse", "HEAD:big.txt", in: work))
        let expected = Array(text.utf8.prefix(1000))
        #expect(try Repository.open(at: work).blob(id, limit: 1000) == expected)
        #expect(try Repository.open(at: work).blob(id) == Array(text.utf8))
        // A clone over git's transport keeps the objects in a pack.
        let packed = scratch.root + "/packed.git"
        try scratch.git("clone", "-q", "--bare", "--no-local", work, packed)
        #expect(!FileManager.default.fileExists(atPath: packed + "/objects/" + id.hex.prefix(2) + "/" + id.hex.dropFirst(2)))
        #expect(try Repository.open(at: packed).blob(id, limit: 1000) == expected)
        #expect(text.utf8.count > Repository.packedReadInMemoryLimit)
        #expect(try Repository.open(at: packed).blob(id, limit: 100_000) == Array(text.utf8.prefix(100_000)))
    }

    @Test func missingObjectsAndRefsAreReportedNotGuessed() throws {
        let scratch = try Scratch()
        try scratch.git("init", "-q", "--bare", scratch.root + "/bare.git")
        let repository = try Repository.open(at: scratch.root + "/bare.git")
        #expect(try repository.resolve("refs/heads/main") == nil)
        do {
            _ = try repository.commit(try ObjectID(hex: String(repeating: "1", count: 40)))
            Issue.record("missing commit read")
        } catch {
            #expect(error.description.contains("1111111111111111111111111111111111111111"))
        }
        #expect(throws: GitError.self) { try Repository.open(at: scratch.root + "/nothing-here") }
    }

    /// Pushed objects sit in a quarantine directory that only the hook's environment names.
    @Test func openFromEnvironmentSeesQuarantinedObjects() throws {
        let scratch = try Scratch()
        let bare = scratch.root + "/bare.git"
        try scratch.git("init", "-q", "--bare", bare)
        let quarantine = bare + "/objects/incoming-test"
        try FileManager.default.createDirectory(atPath: quarantine, withIntermediateDirectories: true)
        try scratch.write(scratch.root + "/blob.txt", "quarantined\n")
        let id = try scratch.git("hash-object", "-w", scratch.root + "/blob.txt",
                                 environment: ["GIT_DIR": bare, "GIT_OBJECT_DIRECTORY": quarantine])
        let objectID = try ObjectID(hex: id)
        #expect(try !Repository.open(at: bare).contains(objectID))
        let environment = ["GIT_DIR": bare, "GIT_OBJECT_DIRECTORY": quarantine,
                           "GIT_ALTERNATE_OBJECT_DIRECTORIES": bare + "/objects"]
        #expect(try Repository.openFromEnvironment(environment).contains(objectID))
        // The worktree-style environment that libgit2's FROM_ENV refuses takes the fallback path.
        let fallback = try Repository.openFromEnvironment(environment.merging(["GIT_COMMON_DIR": bare]) { $1 })
        #expect(fallback.contains(objectID))
        #expect(try fallback.blob(objectID) == Array("quarantined\n".utf8))
    }

    @Test func worksInALinkedWorktree() throws {
        let scratch = try Scratch()
        let work = scratch.root + "/work"
        try scratch.git("init", "-q", "-b", "main", work)
        try scratch.git("commit", "-q", "--allow-empty", "-m", "first", in: work)
        try scratch.git("worktree", "add", "-q", "-b", "other", scratch.root + "/linked", in: work)
        let repository = try Repository.discover(from: scratch.root + "/linked")
        #expect(try repository.headTarget() == "refs/heads/other")
        #expect(repository.commonDirectory.hasPrefix(work + "/.git"))
        #expect(try repository.resolve("refs/heads/main") != nil)
    }
}
