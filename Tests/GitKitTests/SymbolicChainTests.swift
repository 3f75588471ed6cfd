import Foundation
import TestSupport
import Testing
@testable import GitKit

/// Symbolic refs read as git's files backend keeps them, in repositories made by real git.
@Suite struct SymbolicChainTests {
    typealias Scratch = RepositoryTests.Scratch

    static func repository() throws -> (Scratch, Repository) {
        let scratch = try Scratch()
        try scratch.git("init", "-q", "--bare", "repo.git")
        let bare = scratch.root + "/repo.git"
        try scratch.git("init", "-q", "work")
        try scratch.git("commit", "-q", "--allow-empty", "-m", "one", in: scratch.root + "/work")
        try scratch.git("push", "-q", bare, "HEAD:refs/heads/main", in: scratch.root + "/work")
        return (scratch, try Repository.open(at: bare))
    }

    @Test func aChainIsFollowedToItsEndAndADanglingTargetEndsIt() throws {
        let (scratch, repository) = try Self.repository()
        let bare = scratch.root + "/repo.git"
        try scratch.git("symbolic-ref", "refs/heads/latest", "refs/heads/main", in: bare)
        try scratch.git("symbolic-ref", "refs/heads/stable", "refs/heads/latest", in: bare)
        try scratch.git("symbolic-ref", "refs/heads/next", "refs/heads/release/9", in: bare)
        #expect(try repository.symbolicChain(of: "refs/heads/stable")
            == ["refs/heads/stable", "refs/heads/latest", "refs/heads/main"])
        #expect(try repository.symbolicChain(of: "refs/heads/main") == ["refs/heads/main"])
        #expect(try repository.symbolicChain(of: "refs/heads/next") == ["refs/heads/next", "refs/heads/release/9"])
        #expect(try repository.symbolicChain(of: "refs/heads/none") == ["refs/heads/none"])
    }

    @Test func loopsAndOverlongChainsAreErrors() throws {
        let (scratch, repository) = try Self.repository()
        let bare = scratch.root + "/repo.git"
        try scratch.write(bare + "/refs/heads/a", "ref: refs/heads/b\n")
        try scratch.write(bare + "/refs/heads/b", "ref: refs/heads/a\n")
        #expect(throws: GitError.self) { try repository.symbolicChain(of: "refs/heads/a") }
        for index in 1...5 { try scratch.write(bare + "/refs/heads/s\(index)", "ref: refs/heads/s\(index + 1)\n") }
        try scratch.write(bare + "/refs/heads/s6", "ref: refs/heads/main\n")
        #expect(throws: GitError.self) { try repository.symbolicChain(of: "refs/heads/s1") }
        #expect(try repository.symbolicChain(of: "refs/heads/s3").count == 5)
    }

    @Test func symbolicRefNamesComeFromTheLooseRefsOnly() throws {
        let (scratch, repository) = try Self.repository()
        let bare = scratch.root + "/repo.git"
        try scratch.git("symbolic-ref", "refs/heads/latest", "refs/heads/main", in: bare)
        try scratch.git("symbolic-ref", "refs/tags/deep/alias", "refs/heads/main", in: bare)
        try scratch.git("pack-refs", "--all", in: bare)
        try scratch.git("update-ref", "refs/heads/loose", "refs/heads/main", in: bare)
        #expect(try repository.symbolicReferenceNames() == ["refs/heads/latest", "refs/tags/deep/alias"])
    }
}
