import Foundation
import TestSupport
import Testing
@testable import WardenCore

/// post-receive's reading of the decision log's tail: which decisions still wait for a landed record. It reads a
/// few fields of each line first and decodes only the pending decisions whole; the answer must be the one a whole
/// decoding of every line gives.
@Suite struct PendingDecisionTests {
    static func decision(_ time: String, outcome: String, failedOpen: Bool? = nil, updates: Int = 1) -> String {
        let list = (0..<updates).map { #"{"ref":"refs/heads/b\#($0)","old":"\#(String(repeating: "0", count: 40))","new":"\#(String(repeating: "a", count: 40))"}"# }
        return #"{"time":"\#(time)","repository":"/srv/x.git","policy":"p","outcome":"\#(outcome)","#
            + (failedOpen.map { #""failedOpen":\#($0),"# } ?? "")
            + #""updates":[\#(list.joined(separator: ","))],"violations":[],"warnings":[],"durationMilliseconds":1}"#
    }

    static func landed(_ decisionTime: String) -> String {
        #"{"event":"landed","time":"t","repository":"/srv/x.git","decisionTime":"\#(decisionTime)","refs":[{"ref":"refs/heads/b0","new":"\#(String(repeating: "a", count: 40))","landed":true}]}"#
    }

    @Test func onlyAcceptedOrFailedOpenDecisionsWithoutALandedRecordArePending() {
        let log = [
            Self.decision("T1", outcome: "accepted"),
            Self.landed("T1"),
            Self.decision("T2", outcome: "accepted", updates: 2),
            Self.decision("T3", outcome: "rejected"),
            Self.decision("T4", outcome: "error", failedOpen: true),
            Self.decision("T5", outcome: "error", failedOpen: false),
            Self.decision("T6", outcome: "accepted", updates: 0),
            "not json at all \"accepted\"",
            #"{"event":"landed","decisionTime":"T9"}"#,
            Self.decision("T7", outcome: "accepted"),
            Self.landed("T7"),
        ].joined(separator: "\n")
        let pending = PostReceiveRecorder.pendingDecisions(logText: log)
        #expect(pending.map(\.time) == ["T2", "T4"])
        #expect(pending.first?.updates.count == 2)
    }

    @Test func theTailTakesWholeLinesOnly() throws {
        let directory = try TemporaryDirectory(prefix: "pending")
        let path = directory.path + "/log"
        // Longer than the 256 KiB window: the window's first, partial line must not be read as a line.
        let lines = (0..<3000).map { "line \($0) " + String(repeating: "x", count: 100) }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let tail = PostReceiveRecorder.tail(of: path).split(separator: "\n").map(String.init)
        #expect(tail == Array(lines.suffix(PostReceiveRecorder.tailLines)))
        let short = directory.path + "/short"
        try "a\nb\n\n".write(toFile: short, atomically: true, encoding: .utf8)
        #expect(PostReceiveRecorder.tail(of: short) == "a\nb")
        #expect(PostReceiveRecorder.tail(of: directory.path + "/missing") == "")
    }
}
