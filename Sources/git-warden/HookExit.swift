import ArgumentParser
import Foundation

/// Hook output goes to standard error (git shows it to the user, prefixed "remote: " on a server), one line per call.
@Sendable func writeToStandardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// A hook's exit status as the command's: 0 lets git go on, anything else stops it.
func exitWith(_ status: Int32) throws {
    if status != 0 { throw ExitCode(status) }
}

/// Ends the process at once with a hook's status: what the watchdog calls when a run times out, from its own thread,
/// while the hook's thread may be stuck in a call that never returns (WardenCore itself never exits).
@Sendable func endProcess(_ status: Int32) {
    exit(status)
}
