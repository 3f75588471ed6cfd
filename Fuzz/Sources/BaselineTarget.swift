#if canImport(Glibc)
import Glibc
#endif
import Foundation
import WardenCore

extension FuzzTarget {
    /// `scan --baseline FILE`: the fingerprints of a previous JSON report. The reader takes a path, so each input
    /// is written to one scratch file (in /dev/shm when there is one) and read back through the real function.
    static let baseline = FuzzTarget(name: "baseline", summary: "SecretScanReport.baselineFingerprints(path:)") { bytes in
        guard BaselineFixture.write(bytes) else { return }
        _ = try? SecretScanReport.baselineFingerprints(path: BaselineFixture.path)
    }
}

enum BaselineFixture {
    /// One file per process: libFuzzer runs inputs one at a time in a process, and parallel jobs are processes.
    static let path: String = {
        let directory = FileManager.default.isWritableFile(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        return "\(directory)/warden-fuzz-baseline-\(getpid()).json"
    }()

    /// Removes the scratch file when libFuzzer exits normally (a crash leaves it, beside the crash input).
    static func removeAtExit() {
        atexit { unlink(BaselineFixture.path) }
    }

    static func write(_ bytes: [UInt8]) -> Bool {
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
    }
}
