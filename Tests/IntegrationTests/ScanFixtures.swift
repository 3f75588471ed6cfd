import Foundation

/// Secrets that look real to the rules (right shape, high entropy) but are made up, and a way to run
/// `git-warden scan` in a sandbox with a shared rule cache (compiling the rules in every test would dominate).
enum ScanFixtures {
    /// A GitHub classic token shape: `ghp_` and 36 letters and digits, different for each seed.
    static func githubToken(seed: UInt64) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var state = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        var text = "ghp_"
        for _ in 0..<36 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            text.append(alphabet[Int((state >> 33) % UInt64(alphabet.count))])
        }
        return text
    }

    static let cacheDirectory = FileManager.default.temporaryDirectory.path + "/git-warden-tests/rule-cache"

    /// Runs `git-warden scan ARGUMENTS` in `directory`.
    static func scan(_ box: Sandbox, _ arguments: [String], in directory: String, input: String? = nil,
                     environment: [String: String] = [:]) throws -> Sandbox.Result {
        try box.run([Sandbox.binary] + arguments, in: directory, input: input,
                    extraEnvironment: ["XDG_CACHE_HOME": cacheDirectory].merging(environment) { $1 })
    }

    static func json(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }

    static func findings(_ report: [String: Any]) -> [[String: Any]] {
        report["findings"] as? [[String: Any]] ?? []
    }
}
