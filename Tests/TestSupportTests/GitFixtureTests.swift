import Foundation
import TestSupport
import Testing

/// The fixture builders make what git itself sees: isolated settings, fixed identities and dates, hooks git runs.
@Suite struct GitFixtureTests {
    @Test func temporaryDirectoriesAreFreshAndRemoved() throws {
        var path = ""
        do {
            let first = try TemporaryDirectory(prefix: "check"), second = try TemporaryDirectory(prefix: "check")
            path = first.path
            #expect(first.path != second.path)
            try TestFiles.write(first.subpath("a/b/c.txt"), "x")
            #expect(TestFiles.read(first.subpath("a/b/c.txt")) == "x")
        }
        #expect(!FileManager.default.fileExists(atPath: path), "removed with its contents when released")
    }

    /// The same files, message and date give the same commit id in two fixtures: nothing of the developer's
    /// environment or the time of the run reaches the commit.
    @Test func commitsAtTheFixedDateAreReproducible() throws {
        var ids: [String] = []
        for _ in 0..<2 {
            let fixture = try GitFixture()
            let work = try fixture.initRepository("work")
            ids.append(try fixture.commit(in: work, files: ["a.txt": "one\n"], message: "first", date: GitFixture.fixedDate))
            #expect(try fixture.git("log", "-1", "--format=%an <%ae> %ct", in: work) == "Ada <ada@example.com> 1700000000")
            #expect(try fixture.git("symbolic-ref", "HEAD", in: work) == "refs/heads/main")
        }
        #expect(ids[0] == ids[1])
    }

    /// A hook installed into a bare server runs on push, and its refusal stops the push.
    @Test func anInstalledHookRunsOnPush() throws {
        let fixture = try GitFixture()
        let server = try fixture.bareServer()
        try fixture.installHook("pre-receive", script: "#!/bin/sh\necho refused by the test hook >&2\nexit 1\n", in: server)
        let work = try fixture.clone(server)
        let commit = try fixture.commit(in: work, files: ["a.txt": "a\n"], message: "a")
        let push = try fixture.run(["git", "push", "origin", "main"], in: work)
        #expect(push.status != 0)
        #expect(push.stderr.contains("refused by the test hook"))
        #expect(fixture.resolve("refs/heads/main", in: server) == nil)
        #expect(fixture.resolve("HEAD", in: work) == commit)
    }
}
