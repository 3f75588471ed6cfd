#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether a process id belongs to a running process on this machine.
enum ProcessLiveness {
    static func isAlive(pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        // Signal 0 only checks existence and permission; EPERM means it exists under another user.
        return kill(pid, 0) == 0 || errno == EPERM
    }
}
