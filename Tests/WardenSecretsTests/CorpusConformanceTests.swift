import Foundation
import Testing
@testable import WardenSecrets

/// The default rules against an external labelled corpus (gitleaks' own rule samples, one JSON object a line:
/// `{"rule", "expect": "secret" | "not-secret", "text", "path"?}`), measured as the project's issue states it:
/// each sample is the whole content of one file, named by its `path` when it has one, and a sample counts as
/// found when the scan reports anything in it. The corpus is not part of the repository: the test is skipped
/// when it is absent (set `GIT_WARDEN_CORPUS` to point at it, or keep it at `../shared/corpus/` beside the
/// package).
@Suite struct CorpusConformanceTests {
    static let minimumRecall = 0.99
    static let maximumFalsePositiveRate = 0.05
    /// The file name of a sample without a path: no rule's path condition or allowlist singles it out.
    static let neutralName = "sample.txt"

    static let corpusPath: String? = {
        if let path = ProcessInfo.processInfo.environment["GIT_WARDEN_CORPUS"], !path.isEmpty {
            return FileManager.default.fileExists(atPath: path) ? path : nil
        }
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = packageRoot.appendingPathComponent("../shared/corpus/gitleaks-samples.jsonl").standardized.path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }()

    struct Sample: Decodable {
        let rule: String
        let expect: String
        let text: String
        let path: String?
    }

    @Test(.enabled(if: corpusPath != nil, "corpus not found (GIT_WARDEN_CORPUS or ../shared/corpus)"))
    func defaultRulesMeetTheRecallAndFalsePositiveTargets() throws {
        let path = try #require(Self.corpusPath)
        let samples = try Self.load(path)
        let scanner = try SecretScanner(rules: RuleSet.defaultRules(), cache: .disabled)
        var found = 0, secrets = 0, flagged = 0, nonSecrets = 0
        var report: [String] = []
        for (index, sample) in samples.enumerated() {
            let result = scanner.scan(Array(sample.text.utf8), path: sample.path ?? Self.neutralName)
            for note in result.notes {
                if case .ruleFailed = note { Issue.record("corpus line \(index + 1): \(note)") }
            }
            let rules = Set(result.findings.map(\.ruleID)).sorted().joined(separator: ",")
            let location = "corpus line \(index + 1) [\(sample.rule)]\(sample.path.map { " " + $0 } ?? "")"
            if sample.expect == "secret" {
                secrets += 1
                if result.findings.isEmpty { report.append("missed: \(location)") } else { found += 1 }
            } else {
                nonSecrets += 1
                if !result.findings.isEmpty {
                    flagged += 1
                    report.append("false positive: \(location) -> \(rules)")
                }
            }
        }
        let recall = Double(found) / Double(max(secrets, 1))
        let falsePositiveRate = Double(flagged) / Double(max(nonSecrets, 1))
        print("corpus \(path): recall \(found)/\(secrets) = \(Self.percent(recall)), "
              + "false positives \(flagged)/\(nonSecrets) = \(Self.percent(falsePositiveRate))")
        report.forEach { print("  \($0)") }
        #expect(secrets > 0 && nonSecrets > 0, "the corpus has no \(secrets == 0 ? "secret" : "not-secret") rows")
        #expect(recall >= Self.minimumRecall, "recall \(Self.percent(recall)) is below \(Self.percent(Self.minimumRecall))")
        #expect(falsePositiveRate <= Self.maximumFalsePositiveRate,
                "false-positive rate \(Self.percent(falsePositiveRate)) is above \(Self.percent(Self.maximumFalsePositiveRate))")
    }

    static func load(_ path: String) throws -> [Sample] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let decoder = JSONDecoder()
        var samples: [Sample] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.allSatisfy(\.isWhitespace) {
            do {
                samples.append(try decoder.decode(Sample.self, from: Data(line.utf8)))
            } catch {
                throw CorpusError(message: "\(path):\(number + 1): not a corpus row: \(error)")
            }
        }
        return samples
    }

    static func percent(_ value: Double) -> String { String(format: "%.2f%%", value * 100) }

    struct CorpusError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
