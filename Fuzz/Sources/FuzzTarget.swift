import Foundation

/// A named fuzz target: one parser or scanner of untrusted bytes, driven the way the product drives it.
struct FuzzTarget: Sendable {
    let name: String
    /// What the target reads, for `warden-fuzz` usage messages and the README.
    let summary: String
    /// Runs the code under test on one input. Must not throw or print: libFuzzer calls it millions of times.
    let run: @Sendable ([UInt8]) -> Void

    /// Every target, in the order `Fuzz/run.sh` runs them.
    static let all: [FuzzTarget] = [
        .toml, .policy, .rulesOwn, .rulesGitleaks, .ignoreFile, .baseline, .preReceive,
        .signedObject, .sshsig, .openPGPPackets, .openPGPArmor, .allowedSigners, .secretScan,
    ]

    /// The target `WARDEN_FUZZ_TARGET` names; exits with the list of names when it names none.
    static let selected: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["WARDEN_FUZZ_TARGET"] ?? ""
        guard let target = all.first(where: { $0.name == name }) else {
            var message = name.isEmpty ? "WARDEN_FUZZ_TARGET is not set" : "unknown fuzz target \"\(name)\""
            message += "; set WARDEN_FUZZ_TARGET to one of:\n"
            for target in all { message += "  \(target.name): \(target.summary)\n" }
            FileHandle.standardError.write(Data(message.utf8))
            exit(2)
        }
        target.prepare()
        return target
    }()

    /// Builds the target's fixed state up front, so its cost is neither counted per input nor mistaken for a hang.
    private func prepare() {
        switch name {
        case FuzzTarget.secretScan.name: _ = SecretScanFixture.scanner
        case FuzzTarget.baseline.name: BaselineFixture.removeAtExit()
        case FuzzTarget.signedObject.name, FuzzTarget.sshsig.name, FuzzTarget.openPGPArmor.name: _ = FuzzTrust.keys
        default: break
        }
    }
}
