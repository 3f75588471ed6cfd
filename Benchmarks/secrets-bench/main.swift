import Foundation
import WardenSecrets

/// Measures the secret engine on real text: `secrets-bench DIR [RULES.toml]`.
///
/// Prints the rule compile time, the cache store and load times (CPU seconds), and scan throughput over every regular file
/// under DIR (each file scanned as one blob, as a hook scans blobs). Run it on a release build; numbers from a
/// debug build mean little.
/// CPU time of this thread, not wall time: the 2-core build machines are shared, and wall time under load
/// measures the neighbours.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
    let start = now()
    try body()
    return now() - start
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: secrets-bench DIR [RULES.toml]\n".utf8))
    exit(2)
}
let rules = try arguments.count > 2 ? RuleSet.load(path: arguments[2]) : RuleSet.defaultRules()
var blobs: [(path: String, bytes: [UInt8])] = []
let enumerator = FileManager.default.enumerator(atPath: arguments[1])
while let relative = enumerator?.nextObject() as? String {
    let path = arguments[1] + "/" + relative
    var isDirectory: ObjCBool = false
    guard !relative.hasPrefix(".git/"), FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
          !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else { continue }
    blobs.append((relative, [UInt8](data)))
}
let totalBytes = blobs.reduce(0) { $0 + $1.bytes.count }
print("rules: \(rules.rules.count), files: \(blobs.count), bytes: \(totalBytes)")

var scanner: SecretScanner?
let compile = try seconds { scanner = try SecretScanner(rules: rules, cache: .disabled) }
print(String(format: "compile (no cache): %.3f s", compile))
let cacheDirectory = NSTemporaryDirectory() + "secrets-bench-\(getpid())"
defer { try? FileManager.default.removeItem(atPath: cacheDirectory) }
let store = try seconds { _ = try SecretScanner(rules: rules, cache: .directory(cacheDirectory)) }
var loaded: SecretScanner?
let load = try seconds { loaded = try SecretScanner(rules: rules, cache: .directory(cacheDirectory)) }
print(String(format: "compile + cache store: %.3f s, scanner from cache: %.2f ms (%@)", store, load * 1000,
             "\(loaded!.databaseSource)"))

// The SHA-256 digests of the hook path (swift-crypto): the Vectorscan cache key over every rule's regex, computed at
// each scanner load, and a finding's fingerprint (path, rule, secret).
var digestBytes = 0
let cacheKeys = seconds { for _ in 0..<200 { digestBytes &+= SecretScanner.cacheKey(rules).utf8.count } }
let fingerprints = seconds {
    for index in 0..<100_000 {
        digestBytes &+= Fingerprint.make(path: "src/dir/config-\(index % 100).py", ruleID: "github-pat",
                                         secret: Array("ghp_0123456789abcdefghijABCDEFGHIJ\(index)".utf8)).utf8.count
    }
}
print(String(format: "digests: cache key %.3f ms, fingerprint %.2f µs (%d hex digits)", cacheKeys / 200 * 1000,
             fingerprints / 100_000 * 1e6, digestBytes))

for round in 1...3 {
    var findings = 0
    var notes = 0
    let elapsed = seconds {
        for blob in blobs {
            let result = scanner!.scan(blob.bytes, path: blob.path)
            findings += result.findings.count
            notes += result.notes.count
        }
    }
    print(String(format: "round %d: %.3f s, %.1f MB/s, %d findings, %d notes", round, elapsed,
                 Double(totalBytes) / elapsed / 1e6, findings, notes))
}
let joined = blobs.flatMap(\.bytes)
let single = seconds { _ = scanner!.scan(joined, path: "all.txt", options: ScanOptions(maxBytes: Int.max)) }
print(String(format: "one %d-byte buffer: %.3f s, %.1f MB/s", joined.count, single, Double(joined.count) / single / 1e6))

var problems: [RuleProblem] = []
let check = seconds { problems = rules.check() }
print(String(format: "rules check: %.3f s, %d errors, %d warnings", check, problems.filter(\.isError).count,
             problems.filter { !$0.isError }.count))
for problem in problems { print("  \(problem)") }
