internal import CLibFuzzer
import Foundation

/// The fuzz binary: one executable for every target, `WARDEN_FUZZ_TARGET` naming the one to run (`Fuzz/run.sh`
/// sets it), so the package is built and linked with the sanitizers once, not once per target.
///
/// `main` picks the target and prepares its fixed state (a compiled rule database, trusted keys), then gives its
/// arguments to libFuzzer's driver, which parses libFuzzer's flags and calls `testOneInput` once per input.
@main
enum WardenFuzz {
    static func main() {
        _ = FuzzTarget.selected
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, testOneInput))
    }

    /// One input. A crash, an ASan report, a hang past `-timeout` or memory past `-rss_limit_mb` is a finding;
    /// errors thrown at bad input are the expected answer and are ignored by the targets.
    private static let testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt = { data, size in
        let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
        FuzzTarget.selected.run(bytes)
        return 0
    }
}
