import Foundation
import GitKit
import Testing
import WardenPolicy
@testable import WardenCore

/// New content read and scanned on several threads (`ContentSecretScan.readAndScan`) reads exactly as one thread's
/// run: findings in commit order and file order, each blob attributed to the oldest commit that brings it, and a
/// piece that cannot be read fails the scan.
@Suite struct ParallelContentTests {
    static let aws = "AKIA" + "Z7QH3KX5TN2WPL4M"

    /// A chain of `commits` commits in a bare repository, each adding four files; `secretAt` says which (commit,
    /// file) gets a token on its second line. Commit 4 (when there is one) also adds a copy of commit 1's secret
    /// file under another name: same blob, attributed to commit 1 only.
    static func chain(_ fixture: HookFixture, _ server: String, commits: Int,
                      secretAt: Set<[Int]>) throws -> [String] {
        var ids: [String] = []
        var files: [String: String] = [:]
        for commit in 0..<commits {
            for file in 0..<4 {
                let secret = secretAt.contains([commit, file])
                files["dir\(file)/c\(commit)-f\(file).py"] = "x = \(commit * 10 + file)\n"
                    + (secret ? "TOKEN = \"\(Synthetic.token)\"\n" : "y = 2\n")
            }
            if commit == 4, let copied = files["dir1/c1-f1.py"] { files["copy/again.py"] = copied }
            ids.append(try fixture.commit(in: server, files: files, parents: ids.suffix(1), message: "commit \(commit)"))
        }
        return ids
    }

    static func findings(_ server: String, tip: String) throws -> [SecretFacts] {
        let repository = try Repository.open(at: server)
        let scan = try ContentSecretScan(repository: repository, settings: SecretSettings(), ignoredFingerprints: [])
        return try scan.secrets(bringing: try ObjectID(hex: tip), hiding: [])
    }

    @Test func manyPiecesGiveTheFindingsOfOneThreadInOrder() throws {
        let fixture = try HookFixture()
        let server = try fixture.bare()
        // 8 commits x 4 files = 32 pieces: read on every core (at least 4 per thread).
        let secrets: Set<[Int]> = [[1, 1], [3, 0], [3, 3], [6, 2]]
        let ids = try Self.chain(fixture, server, commits: 8, secretAt: secrets)
        let found = try Self.findings(server, tip: ids.last!)
        #expect(found.map(\.path) == ["dir1/c1-f1.py", "dir0/c3-f0.py", "dir3/c3-f3.py", "dir2/c6-f2.py"])
        #expect(found.map(\.commit) == [ids[1], ids[3], ids[3], ids[6]])
        #expect(found.allSatisfy { $0.line == 2 && $0.ruleID == "github-pat" })
        #expect(!found.map(\.redacted).contains(Synthetic.token))

        // The copy in commit 4 is commit 1's blob: already scanned in this push, so not reported again.
        #expect(!found.contains { $0.path == "copy/again.py" })
    }

    @Test func aBrokenPieceFailsTheWholeScan() throws {
        let fixture = try HookFixture()
        let server = try fixture.bare()
        let ids = try Self.chain(fixture, server, commits: 6, secretAt: [[2, 2]])
        // A blob of the fifth commit goes missing (as in a corrupt repository): the scan throws, never skips it.
        let blob = try fixture.git(["rev-parse", "\(ids[4]):dir3/c4-f3.py"], environment: ["GIT_DIR": server])
        try FileManager.default.removeItem(atPath: "\(server)/objects/\(blob.prefix(2))/\(blob.dropFirst(2))")
        #expect(throws: GitError.self) { try Self.findings(server, tip: ids.last!) }
    }
}
