import Crypto
import Foundation
import WardenFormats

/// One lock file per repository (named by a hash of its path) in a directory of the auditor's own, held with
/// `flock`: the kernel releases it when the process dies, so a killed audit never leaves a repository locked.
struct RepositoryLocks: Sendable {
    let directory: String

    final class Held: Sendable {
        let descriptor: Int32

        init(descriptor: Int32) { self.descriptor = descriptor }

        func release() {
            flock(descriptor, LOCK_UN)
            close(descriptor)
        }
    }

    /// nil when another audit holds it.
    func acquire(_ repository: String) throws -> Held? {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let name = Hex.encode(SHA256.hash(data: Data(repository.utf8)).prefix(12))
        let path = directory + "/" + name + ".lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw LockError(message: "cannot open the audit lock \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        return Held(descriptor: descriptor)
    }
}

struct LockError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
