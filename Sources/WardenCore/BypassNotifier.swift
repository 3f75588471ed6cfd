import Foundation
import WardenPolicy

/// Tells the `[notify] command` of a granted bypass: the program runs directly (no shell), with the event as one
/// JSON object on standard input and only `PATH` in its environment, under `[notify] timeout`. It cannot block or
/// change the push: whatever happens is returned as one line for the push log (`notified`).
public enum BypassNotifier {
    /// The JSON object the program reads.
    public struct Event: Codable, Sendable {
        public var event = "bypass"
        public var time: String
        public var repository: String
        public var pusher: String
        public var reason: String
        public var updates: [Decision.Update]
        public var bypassed: [Violation]
    }

    /// Runs the command; returns "ok", or what went wrong (exit status, timeout, cannot start).
    public static func notify(_ settings: NotifySettings, event: Event) -> String {
        signal(SIGPIPE, SIG_IGN)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let payload = try? encoder.encode(event) else { return "failed: cannot encode the event" }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: settings.command[0])
        process.arguments = Array(settings.command.dropFirst())
        process.environment = ["PATH": "/usr/local/bin:/usr/bin:/bin"]
        let stdin = Pipe()
        process.standardInput = stdin
        // The program's output would reach the pusher's terminal as "remote:" lines: it goes nowhere.
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let ended = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in ended.signal() }
        do {
            try process.run()
        } catch {
            return "failed: cannot run \((settings.command[0] as NSString).lastPathComponent): \(error.localizedDescription)"
        }
        let writer = stdin.fileHandleForWriting
        DispatchQueue.global().async {
            try? writer.write(contentsOf: payload + Data("\n".utf8))
            try? writer.close()
        }
        guard ended.wait(timeout: .now() + settings.timeoutSeconds) == .success else {
            kill(process.processIdentifier, SIGKILL)
            ended.wait()
            return "failed: no answer within \(settings.timeoutSeconds) s (killed)"
        }
        switch (process.terminationReason, process.terminationStatus) {
        case (.exit, 0): return "ok"
        case (.exit, let status): return "failed: exited with status \(status)"
        case (_, let signal): return "failed: killed by signal \(signal)"
        }
    }
}
