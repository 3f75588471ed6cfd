internal import Crypto
import WardenFormats

/// Turning a rule set into modes and a database: the slow path that the cache exists to skip.
extension SecretScanner {
    static func validate(_ ruleSet: RuleSet) throws(SecretsError) {
        var seen = Set<String>()
        for rule in ruleSet.rules {
            guard !rule.id.isEmpty else { throw .invalidRule(ruleID: "", message: "a rule has an empty id") }
            guard seen.insert(rule.id).inserted else { throw .invalidRule(ruleID: rule.id, message: "duplicate id") }
            guard rule.regex != nil || rule.path != nil else {
                throw .invalidRule(ruleID: rule.id, message: "needs a regex, a path, or both")
            }
            if let group = rule.secretGroup, !(0..<100).contains(group) {
                throw .invalidRule(ruleID: rule.id, message: "secret-group \(group) is out of range")
            }
        }
    }

    /// Depends on every regex (in order: ids are indices), the Vectorscan version and the CPU features.
    package static func cacheKey(_ ruleSet: RuleSet) -> String {
        var hasher = SHA256()
        hasher.update(data: Array("git-warden vectorscan cache v1\n".utf8))
        hasher.update(data: Array(VectorscanDatabase.platformSignature.utf8))
        for rule in ruleSet.rules {
            hasher.update(data: [0])
            hasher.update(data: Array((rule.regex.map { "R" + $0 } ?? "P").utf8))
        }
        return Hex.encode(hasher.finalize().prefix(16))
    }

    /// Checks each regex with PCRE2, asks Vectorscan how it can take it, then compiles all Vectorscan rules at
    /// once. A rule the multi-pattern compile still rejects is demoted (exact, then prefilter, then fallback) and
    /// the compile retried, so one odd rule cannot disable secret scanning.
    static func build(_ ruleSet: RuleSet) throws(SecretsError) -> (modes: [RuleMode], database: VectorscanDatabase?) {
        var modes: [RuleMode] = []
        for rule in ruleSet.rules {
            guard let regex = rule.regex else {
                modes.append(.pathOnly)
                continue
            }
            let pcre: PCRE2Regex
            do {
                pcre = try PCRE2Regex(regex, jit: false)
            } catch {
                throw .invalidRegex(ruleID: rule.id, field: "regex", message: error.message, offset: error.offset)
            }
            if let group = rule.secretGroup, group > pcre.captureCount {
                throw .invalidRule(ruleID: rule.id,
                                   message: "secret-group \(group), but the regex has \(pcre.captureCount) groups")
            }
            let support = VectorscanDatabase.support(for: regex)
            modes.append(support.error != nil ? .fallback : support.prefilter ? .prefilter : .exact)
        }
        while true {
            let indices = modes.indices.filter { modes[$0].usesVectorscan }
            guard !indices.isEmpty else { return (modes, nil) }
            let patterns = indices.map {
                VectorscanDatabase.Pattern(expression: ruleSet.rules[$0].regex ?? "", id: UInt32($0),
                                           prefilter: modes[$0] == .prefilter)
            }
            do {
                return (modes, try VectorscanDatabase.compile(patterns))
            } catch {
                guard let culprit = error.patternIndex else { throw .vectorscan(error.message) }
                let index = indices[culprit]
                modes[index] = modes[index] == .exact ? .prefilter : .fallback
            }
        }
    }
}
