/// From confirmed matches to findings: keywords, entropy, allowlists and markers decide, overlaps are merged,
/// then each survivor gets its place, redaction and fingerprint.
extension SecretScanner {
    /// Inline markers a developer puts on a line to accept what is on it (gitleaks' marker is honoured too, so
    /// repositories that already use it keep working).
    static let markers = [Array("git-warden:allow".utf8), Array("gitleaks:allow".utf8)]
    /// How much of a long line around a match counts as "the line" for markers and line allowlists (minified
    /// files have megabyte lines), and how far from the match a keyword may be.
    static let lineContext = 512

    func findings(from candidates: [Candidate], text: UnsafeBufferPointer<UInt8>, path: String, commit: String?,
                  spans: [LineSpan]?, options: ScanOptions) -> [SecretFinding] {
        var kept: [(candidate: Candidate, entropy: Double)] = []
        for candidate in candidates {
            guard !candidate.secret.isEmpty else { continue }
            let rule = rules[candidate.ruleIndex]
            let line = Array(text[lineRange(around: candidate.match, in: text)])[...]
            if !rule.keywords.isEmpty {
                let lowered = Bytes.lowercased(text[keywordRange(around: candidate.match, in: text)])[...]
                guard rule.keywords.contains(where: { Bytes.contains(lowered, $0) }) else { continue }
            }
            let secret = Array(text[candidate.secret])[...]
            let entropy = Entropy.shannon(secret)
            // A threshold is exceeded, not met, as in gitleaks, so imported rules keep their meaning.
            if let minimum = rule.rule.entropy, entropy <= minimum { continue }
            let lowered = Bytes.lowercased(secret)
            let match = Array(text[candidate.match])[...]
            if rule.allowlist.allows(secret: secret, lowercasedSecret: lowered, match: match, line: line)
                || globalAllowlist.allows(secret: secret, lowercasedSecret: lowered, match: match, line: line) {
                continue
            }
            if options.honorInlineMarkers && Self.markers.contains(where: { Bytes.contains(line, $0) }) { continue }
            kept.append((candidate, entropy))
        }
        var locator = LineLocator(text: text, spans: spans)
        var findings: [SecretFinding] = []
        for (candidate, entropy) in deduplicated(kept, keepingGeneric: options.keepsGenericOverlaps) {
            let rule = rules[candidate.ruleIndex].rule
            let bytes = Array(text[candidate.secret])
            let fingerprint = Fingerprint.make(path: path, ruleID: rule.id, secret: bytes)
            guard !options.ignoredFingerprints.contains(fingerprint) else { continue }
            let secret = String(decoding: bytes, as: UTF8.self)
            let position = locator.position(of: candidate.secret.lowerBound)
            findings.append(SecretFinding(
                ruleID: rule.id, ruleDescription: rule.description, path: path, line: position.line,
                column: position.column, commit: commit, secret: secret, redacted: Redaction.redact(secret),
                entropy: entropy, fingerprint: fingerprint, tags: rule.tags))
        }
        return findings
    }

    /// One report per place: a rule's overlapping matches keep the first, and a generic rule's match gives way
    /// to a specific rule's match over the same bytes.
    private func deduplicated(_ kept: [(candidate: Candidate, entropy: Double)], keepingGeneric: Bool)
        -> [(candidate: Candidate, entropy: Double)] {
        let sorted = kept.sorted {
            ($0.candidate.secret.lowerBound, $0.candidate.ruleIndex) < ($1.candidate.secret.lowerBound, $1.candidate.ruleIndex)
        }
        // Specific matches by start, with the furthest end seen so far: a generic match overlaps one of them
        // exactly when, among those starting before its end, the furthest end lies past its start.
        let specific = sorted.filter { !rules[$0.candidate.ruleIndex].isGeneric }.map(\.candidate.secret)
        let starts = specific.map(\.lowerBound)
        var furthestEnd: [Int] = []
        for range in specific { furthestEnd.append(max(furthestEnd.last ?? 0, range.upperBound)) }
        var lastEnd: [Int: Int] = [:]
        var result: [(candidate: Candidate, entropy: Double)] = []
        for entry in sorted {
            let candidate = entry.candidate
            if let end = lastEnd[candidate.ruleIndex], candidate.secret.lowerBound < end { continue }
            if !keepingGeneric && rules[candidate.ruleIndex].isGeneric {
                let before = Self.countBelow(starts, candidate.secret.upperBound)
                if before > 0 && furthestEnd[before - 1] > candidate.secret.lowerBound { continue }
            }
            lastEnd[candidate.ruleIndex] = candidate.secret.upperBound
            result.append(entry)
        }
        return result
    }

    /// How many of the sorted `values` are below `bound`.
    static func countBelow(_ values: [Int], _ bound: Int) -> Int {
        var low = 0
        var high = values.count
        while low < high {
            let middle = (low + high) / 2
            if values[middle] < bound { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Where a rule's keyword must occur: `lineContext` bytes either side of the match, across line breaks. The
    /// keyword is often the key of a nested YAML or JSON object a line or two above (`adyen:\n  api_key: …`);
    /// gitleaks looks at the whole file, which lets a keyword anywhere wake a broad rule everywhere.
    private func keywordRange(around match: Range<Int>, in text: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        max(0, match.lowerBound - Self.lineContext)..<min(text.count, match.upperBound + Self.lineContext)
    }

    /// The lines holding `match`, clipped to `lineContext` bytes on each side.
    private func lineRange(around match: Range<Int>, in text: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var start = match.lowerBound
        let floor = max(0, match.lowerBound - Self.lineContext)
        while start > floor && text[start - 1] != 0x0A { start -= 1 }
        var end = match.upperBound
        let ceiling = min(text.count, match.upperBound + Self.lineContext)
        while end < ceiling && text[end] != 0x0A { end += 1 }
        return start..<end
    }
}
