import Foundation
import TestSupport
import Testing

/// The runner every test target relies on: it must not deadlock on full pipes, must not hang on a command that
/// never ends, and must report what the command did.
@Suite struct ProcessRunnerTests {
    /// A child that fills both output pipes (far beyond a pipe's 64 KiB) before it reads all of a large input:
    /// a runner reading one stream at a time, or writing its input before reading, would wait forever here.
    @Test func fullPipesInBothDirectionsDoNotDeadlock() throws {
        let megabyte = 1 << 20
        let input = [UInt8]((0..<(2 * megabyte)).map { UInt8(truncatingIfNeeded: $0 % 251) })
        let script = "head -c \(megabyte) /dev/zero; head -c \(megabyte) /dev/zero >&2; wc -c"
        let result = try ProcessRunner.run(["sh", "-c", script], input: input, timeout: 60)
        #expect(result.status == 0)
        #expect(result.stderrBytes.count == megabyte)
        #expect(result.stdoutBytes.count > megabyte)
        #expect(result.stdout.hasSuffix("\(2 * megabyte)\n"), "wc -c counted all the input")
    }

    /// At the timeout the whole process group goes, the grandchild too, and the error names the command and
    /// shows what it had written.
    @Test func aCommandThatNeverEndsFailsAtItsTimeoutAndItsGroupIsKilled() throws {
        let scratch = try TemporaryDirectory()
        defer { withExtendedLifetime(scratch) {} }
        let pidFile = scratch.subpath("grandchild.pid")
        let script = "sleep 300 & echo $! > '\(pidFile)'; echo started; wait"
        let started = Date()
        #expect {
            try ProcessRunner.run(["sh", "-c", script], timeout: 1)
        } throws: { error in
            guard let timedOut = error as? CommandTimedOut else { return false }
            return timedOut.description.contains("sh -c") && timedOut.description.contains("did not finish within 1.0 s")
                && timedOut.partial.stdout == "started\n"
        }
        #expect(Date().timeIntervalSince(started) < 60, "the runner returned instead of waiting for sleep 300")
        let grandchild = try #require(pid_t(try String(contentsOfFile: pidFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        // Killed with its group; gone once init has reaped it.
        var gone = false
        for _ in 0..<100 where !gone {
            gone = kill(grandchild, 0) != 0 || (try? String(contentsOfFile: "/proc/\(grandchild)/stat", encoding: .utf8))?
                .split(separator: ")").last?.split(separator: " ").first == "Z"
            if !gone { usleep(50_000) }
        }
        #expect(gone, "the grandchild \(grandchild) outlived the timeout")
    }

    @Test func exitStatusSignalOutputsDirectoryAndEnvironmentAreReported() throws {
        let scratch = try TemporaryDirectory()
        defer { withExtendedLifetime(scratch) {} }
        let result = try ProcessRunner.run(["sh", "-c", "pwd; printf '%s' \"$ONLY_HERE\" >&2; exit 3"],
                                           in: scratch.path, environment: ["ONLY_HERE": "yes", "PATH": "/usr/bin:/bin"])
        #expect(result.status == 3 && result.signal == nil)
        #expect(result.stdout == scratch.path + "\n")
        #expect(result.stderr == "yes")
        let killed = try ProcessRunner.run(["sh", "-c", "kill -TERM $$"])
        #expect(killed.signal == SIGTERM && killed.status == 128 + SIGTERM)
        #expect(throws: CommandFailed.self) { try ProcessRunner.require(["false"]) }
        #expect(throws: TestSupportError.self) { try ProcessRunner.run(["true"], in: scratch.subpath("missing")) }
    }

    /// A child that exits without reading its input is not an error of the runner (no SIGPIPE, no hang).
    @Test func inputTheChildDoesNotReadIsDropped() throws {
        let result = try ProcessRunner.run(["true"], input: [UInt8](repeating: 65, count: 4 << 20), timeout: 60)
        #expect(result.status == 0)
    }

    /// Only the three standard streams reach the child: no descriptor of the test process (another test's pipe).
    @Test func theChildInheritsNoOtherDescriptor() throws {
        let result = try ProcessRunner.run(["sh", "-c", "ls /proc/$$/fd"])
        let descriptors = Set(result.stdout.split(separator: "\n").map(String.init))
        #expect(descriptors.isSubset(of: ["0", "1", "2", "10", "255"]), "\(descriptors)")
    }
}
