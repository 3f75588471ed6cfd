import Foundation
import WardenAudit
import WardenStore

/// Test helper for the findings store's crash test: writes audit runs into the store at argv[1] in a loop and logs
/// each commit to stdout ("recorded RUN REPOSITORY", "finished RUN") right after it returns, until it is killed
/// with SIGKILL. It stops by itself after 60 seconds so a test that fails to kill it leaves nothing running.
guard CommandLine.arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: store-crash-helper DATABASE\n".utf8))
    exit(2)
}
let store = try FindingStore(path: CommandLine.arguments[1])
let deadline = Date().addingTimeInterval(60)

func log(_ line: String) {
    // An unbuffered write: the line is in the log file before the next transaction starts.
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

while Date() < deadline {
    let repositories = (0..<8).map { "/srv/git/repo-\($0).git" }
    let run = try store.beginRun(roots: ["/srv/git"], at: Date())
    for repository in repositories {
        let findings = [
            AuditFinding(checkID: "crash.per-run", severity: .low, repository: repository, subject: "run-\(run)",
                         title: "seen in run \(run)", evidence: String(repeating: "e", count: 200), fix: "none"),
            AuditFinding(checkID: "crash.rotating", severity: .high, repository: repository,
                         subject: "slot-\(run % 3)", title: "rotating", evidence: "", fix: "none"),
        ]
        try store.record(run: run, repository: repository, findings: findings, completeChecks: ["crash.rotating"],
                         watermark: RepositoryWatermark(refs: ["refs/heads/main": String(run)],
                                                        stateFingerprint: "run-\(run)"),
                         at: Date())
        log("recorded \(run) \(repository)")
    }
    try store.finishRun(run, repositories: repositories.count, at: Date())
    log("finished \(run)")
}
