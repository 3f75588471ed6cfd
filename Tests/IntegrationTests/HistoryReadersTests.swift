import Foundation
import GitKit
import Testing
@testable import WardenCore
import WardenSecrets

/// `scan --history` read by two `git cat-file` processes, chunk by chunk, finds exactly what one reader of the
/// whole history finds: the same secrets at the same introducing commits, lines and columns.
@Suite struct HistoryReadersTests {
    static let scanner = Result { try SecretScanner(rules: RuleSet.defaultRules(), cache: .disabled) }

    /// 40 files, 70 commits changing three of them each (about 250 blob versions: several chunks per reader),
    /// with secrets introduced early and kept, added deep in a later version, removed again, and copied to a
    /// second path.
    func history(_ box: Sandbox) throws -> (repo: String, introduced: [String: String]) {
        let repo = "\(box.root)/repo"
        try box.must(["git", "init", "-q", repo])
        var files: [String: String] = [:]
        for index in 0..<40 {
            files["src/file\(index).txt"] = (0..<30).map { "line \($0) of file \(index)" }.joined(separator: "\n") + "\n"
        }
        var introduced: [String: String] = [:]
        try box.commit(in: repo, files: files, message: "start")
        for step in 1..<70 {
            var changed: [String: String] = [:]
            for offset in 0..<3 {
                let path = "src/file\((step * 7 + offset * 13) % 40).txt"
                changed[path] = files[path]! + "edit \(step).\(offset)\n"
            }
            switch step {
            case 10: changed["src/file5.txt"] = files["src/file5.txt"]! + "TOKEN = \"\(ScanFixtures.githubToken(seed: 31))\"\n"
            case 40:
                let before = changed["src/file21.txt"] ?? files["src/file21.txt"]!
                changed["src/file21.txt"] = before + "key: \(ScanFixtures.githubToken(seed: 32))\n"
                introduced["line"] = "\(before.split(separator: "\n").count + 1)"
            case 55: changed["conf/removed.env"] = "GH=\(ScanFixtures.githubToken(seed: 33))\n"
            case 60: try box.must(["git", "rm", "-q", "conf/removed.env"], in: repo)
            case 62: changed["copy/file5.txt"] = files["src/file5.txt"]
            default: break
            }
            for (path, content) in changed { files[path] = content }
            let commit = try box.commit(in: repo, files: changed, message: "step \(step)")
            if [10, 40, 55, 62].contains(step) { introduced["\(step)"] = commit }
        }
        return (repo, introduced)
    }

    @Test func twoReadersFindWhatOneReaderFinds() throws {
        let box = try Sandbox()
        let (repo, introduced) = try history(box)
        let scan = GitScan(scanner: try Self.scanner.get(), options: ScanOptions(), gitDirectory: "\(repo)/.git")
        let one = try scan.history(progress: nil, readers: 1)
        let two = try scan.history(progress: nil, readers: 2)
        #expect(Set(one.findings) == Set(two.findings))
        #expect(one.findings.count == two.findings.count)
        #expect(one.itemsScanned == two.itemsScanned)

        let tokens = two.findings.filter { $0.ruleID.hasPrefix("github") }
        func commit(of path: String) -> String? { tokens.first { $0.path == path }?.commit }
        #expect(tokens.count == 4, "\(two.findings)")
        #expect(commit(of: "src/file5.txt") == introduced["10"])
        #expect(commit(of: "src/file21.txt") == introduced["40"])
        #expect(commit(of: "conf/removed.env") == introduced["55"])
        #expect(commit(of: "copy/file5.txt") == introduced["62"])
        #expect(tokens.first { $0.path == "src/file21.txt" }.map { "\($0.line)" } == introduced["line"])
        // Several chunks for two readers, one for one.
        #expect(GitScan.chunks(of: Array(repeating: ObjectID.zero, count: 250), readers: 2).count > 2)
        #expect(GitScan.chunks(of: Array(repeating: ObjectID.zero, count: 250), readers: 1).count == 1)
    }

    @Test func aMissingBlobFailsTheScanWithAnyNumberOfReaders() throws {
        let box = try Sandbox()
        let (repo, _) = try history(box)
        let blob = try box.git("rev-parse", "HEAD~20:src/file3.txt", in: repo)
        try FileManager.default.removeItem(atPath: "\(repo)/.git/objects/\(blob.prefix(2))/\(blob.dropFirst(2))")
        let scan = GitScan(scanner: try Self.scanner.get(), options: ScanOptions(), gitDirectory: "\(repo)/.git")
        for readers in [1, 2] {
            #expect(throws: GitError.self, "readers: \(readers)") { try scan.history(progress: nil, readers: readers) }
            do {
                _ = try scan.history(progress: nil, readers: readers)
            } catch {
                #expect("\(error)".contains(blob), "\(error)")
            }
        }
    }
}
