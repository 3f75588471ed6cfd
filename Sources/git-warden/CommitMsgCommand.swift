import ArgumentParser
import Foundation
import WardenCore

struct CommitMsgCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commit-msg",
        abstract: "Developer-side hook: check a commit message against the policy's message rules."
    )

    @Argument(help: "The file holding the proposed message, as git passes it.")
    var messageFile: String

    func run() throws {
        let hook = CommitMessageHook(environment: ProcessInfo.processInfo.environment, output: writeToStandardError)
        let status = hook.run(messageFile: messageFile, author: AuthorIdentity.current)
        try exitWith(status)
    }
}

/// The author git will record, asked of git itself (`git var GIT_AUTHOR_IDENT`: environment, then config).
enum AuthorIdentity {
    static func current() throws -> (name: String, email: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "var", "GIT_AUTHOR_IDENT"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let open = text.firstIndex(of: "<"), let close = text.firstIndex(of: ">"),
              open < close else {
            throw ValidationError("cannot tell who the author is (git var GIT_AUTHOR_IDENT failed): set user.name and user.email")
        }
        let name = text[..<open].trimmingCharacters(in: .whitespaces)
        return (name, String(text[text.index(after: open)..<close]))
    }
}
