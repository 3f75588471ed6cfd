import Foundation
import TestSupport
import Testing
@testable import WardenEvidence

/// The push log's hash chain: every kind of tampering is named at the first bad entry; concurrent writers and
/// killed writers leave one valid chain.
@Suite struct PushLogTests {
    static var helper: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("pushlog-helper").path
    }

    /// A temporary directory (TestSupport) standing for a repository, with its push log inside.
    typealias Directory = TemporaryDirectory

    func appendEntries(_ count: Int, to log: String) throws {
        for index in 1...count {
            try PushLog.append(object: Data("{\"event\":\"test\",\"index\":\(index)}".utf8), to: log) { appended in
                try Checkpoint(entries: appended.seq, head: appended.hash, time: "t\(appended.seq)").write(forLog: log, key: nil)
            }
        }
    }

    func lines(_ log: String) throws -> [String] {
        try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    func rewrite(_ log: String, _ lines: [String]) throws {
        try (lines.joined(separator: "\n") + "\n").write(toFile: log, atomically: false, encoding: .utf8)
    }

    func checkpointProblem(_ log: String) throws -> String? {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: log))
        guard case .unsigned(let checkpoint) = Checkpoint.read(forLog: log, key: nil) else {
            Issue.record("no checkpoint")
            return nil
        }
        return checkpoint.problem(with: PushLog.verify(bytes: bytes), logBytes: bytes)
    }

    @Test func appendedEntriesFormOneChain() throws {
        let directory = try Directory()
        try appendEntries(5, to: directory.log)
        let all = try lines(directory.log)
        #expect(all[0].hasPrefix("{\"prev\":\"\(PushLog.genesis)\",\"seq\":1,\"event\":\"test\""))
        #expect(all[1].hasPrefix("{\"prev\":\"\(PushLog.sha256Hex(Data(all[0].utf8)))\",\"seq\":2,"))
        let result = try PushLog.verify(file: directory.log)
        #expect(result.isValid && result.entries == 5 && result.head == PushLog.sha256Hex(Data(all[4].utf8)))
        #expect(try checkpointProblem(directory.log) == nil)
        // Other readers still decode the entries.
        let object = try JSONSerialization.jsonObject(with: Data(all[2].utf8)) as? [String: Any]
        #expect(object?["index"] as? Int == 3)
    }

    @Test func anEditedEntryIsNamed() throws {
        let directory = try Directory()
        try appendEntries(5, to: directory.log)
        var all = try lines(directory.log)
        all[2] = all[2].replacingOccurrences(of: "\"index\":3", with: "\"index\":9")
        try rewrite(directory.log, all)
        let result = try PushLog.verify(file: directory.log)
        #expect(result.firstBad?.line == 3)
        #expect(result.firstBad?.reason.contains("entry 3 was altered") == true)
    }

    @Test func anEditedLastEntryIsCaughtByTheCheckpoint() throws {
        let directory = try Directory()
        try appendEntries(4, to: directory.log)
        var all = try lines(directory.log)
        all[3] = all[3].replacingOccurrences(of: "\"index\":4", with: "\"index\":7")
        try rewrite(directory.log, all)
        #expect(try PushLog.verify(file: directory.log).isValid)
        #expect(try checkpointProblem(directory.log)?.contains("entry 4 differs") == true)
    }

    @Test func aRemovedEntryIsNamed() throws {
        let directory = try Directory()
        try appendEntries(5, to: directory.log)
        var all = try lines(directory.log)
        all.remove(at: 1)
        try rewrite(directory.log, all)
        let result = try PushLog.verify(file: directory.log)
        #expect(result.firstBad?.line == 2)
        #expect(result.firstBad?.reason.contains("entry 2 is missing") == true)
        // Removing the first entry is named too.
        try rewrite(directory.log, Array(try lines(directory.log).dropFirst()))
        #expect(try PushLog.verify(file: directory.log).firstBad?.line == 1)
    }

    @Test func reorderedEntriesAreNamed() throws {
        let directory = try Directory()
        try appendEntries(5, to: directory.log)
        var all = try lines(directory.log)
        all.swapAt(2, 3)
        try rewrite(directory.log, all)
        let result = try PushLog.verify(file: directory.log)
        #expect(result.firstBad?.line == 3)
        #expect(result.firstBad?.reason.contains("line 3 holds entry 4") == true)
    }

    @Test func anEntryWithItsChainRewrittenIsStillCaught() throws {
        // An attacker who edits entry 2 and recomputes its own prefix cannot fix entry 3's record of it.
        let directory = try Directory()
        try appendEntries(4, to: directory.log)
        var all = try lines(directory.log)
        all[1] = all[1].replacingOccurrences(of: "\"index\":2", with: "\"index\":2,\"note\":\"x\"")
        try rewrite(directory.log, all)
        #expect(try PushLog.verify(file: directory.log).firstBad?.line == 2)
    }

    @Test func truncationIsCaughtByTheCheckpoint() throws {
        let directory = try Directory()
        try appendEntries(6, to: directory.log)
        try rewrite(directory.log, Array(try lines(directory.log).prefix(4)))
        #expect(try PushLog.verify(file: directory.log).isValid)
        let problem = try checkpointProblem(directory.log)
        #expect(problem?.contains("entries 5-6 were removed") == true, "\(problem ?? "none")")
    }

    @Test func aTornLastLineIsReportedThenRemovedByTheNextAppend() throws {
        let directory = try Directory()
        try appendEntries(3, to: directory.log)
        let handle = try #require(FileHandle(forWritingAtPath: directory.log))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"prev\":\"abc".utf8))
        try handle.close()
        let torn = try PushLog.verify(file: directory.log)
        #expect(torn.isValid && torn.entries == 3 && torn.tornBytes == 12)
        try appendEntries(1, to: directory.log)
        let repaired = try PushLog.verify(file: directory.log)
        #expect(repaired.isValid && repaired.entries == 4 && repaired.tornBytes == 0)
        #expect(try lines(directory.log)[3].contains("\"seq\":4,\"repairedBytes\":12,"))
    }

    @Test func linesFromBeforeTheChainOpenIt() throws {
        let directory = try Directory()
        try FileManager.default.createDirectory(atPath: directory.path + "/git-warden", withIntermediateDirectories: true)
        try rewrite(directory.log, ["{\"old\":1}", "{\"old\":2}"])
        try appendEntries(2, to: directory.log)
        let all = try lines(directory.log)
        #expect(all[2].hasPrefix("{\"prev\":\"\(PushLog.sha256Hex(Data(all[1].utf8)))\",\"seq\":3,"))
        let result = try PushLog.verify(file: directory.log)
        #expect(result.isValid && result.unchainedPrefix == 2 && result.entries == 4)
        // An unchained line after the chain began is an insertion.
        try rewrite(directory.log, all + ["{\"inserted\":true}"])
        #expect(try PushLog.verify(file: directory.log).firstBad?.line == 5)
    }

    @Test func concurrentWritersLeaveOneChain() throws {
        let directory = try Directory()
        #expect(FileManager.default.isExecutableFile(atPath: Self.helper), "built beside the tests: \(Self.helper)")
        var processes: [Process] = []
        for _ in 0..<200 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.helper)
            process.arguments = [directory.log, "1", "100"]
            try process.run()
            processes.append(process)
        }
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        let result = try PushLog.verify(file: directory.log)
        #expect(result.isValid && result.entries == 200, "\(result.firstBad?.reason ?? "")")
        #expect(try checkpointProblem(directory.log) == nil)
        let pids = Set(try lines(directory.log).compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["pid"] as? Int
        })
        #expect(pids.count == 200)
    }

    @Test func killedWritersLeaveAValidChain() throws {
        let directory = try Directory()
        for _ in 0..<4 {
            let output = Pipe()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.helper)
            process.arguments = [directory.log, "0", "400000"]
            process.standardOutput = output
            try process.run()
            // Wait for the first entry, then kill at a random moment of the loop.
            _ = output.fileHandleForReading.availableData
            usleep(UInt32.random(in: 0..<50_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
            let result = try PushLog.verify(file: directory.log)
            #expect(result.isValid, "\(result.firstBad?.reason ?? "")")
            #expect(try checkpointProblem(directory.log) == nil)
        }
        let before = try PushLog.verify(file: directory.log).entries
        try appendEntries(1, to: directory.log)
        let after = try PushLog.verify(file: directory.log)
        #expect(after.isValid && after.entries == before + 1 && after.tornBytes == 0)
    }
}

extension TemporaryDirectory {
    /// Where the push log of a repository in this directory lives.
    fileprivate var log: String { path + "/git-warden/decisions.jsonl" }
}
