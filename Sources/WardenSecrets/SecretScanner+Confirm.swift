/// PCRE2 confirmation of Vectorscan hits, and the whole-buffer path for rules Vectorscan cannot take.
extension SecretScanner {
    /// How far before a hit's end its match may start. Long enough for a PEM private key block; a longer match
    /// is still found, from this far back.
    static let confirmWindow = 8192
    /// Bytes PCRE2 may look at past the last hit, so `\b`, `$` and look-ahead see real context.
    static let lookaheadSlack = 256

    /// Groups the hit ends of one rule into clusters and runs PCRE2 over each cluster's window. A PCRE2 match is
    /// kept only if Vectorscan reported its end: then it is a real match of the regex at that place.
    func confirm(ruleIndex: Int, ends unsorted: [Int], text: UnsafeBufferPointer<UInt8>, data: PCRE2MatchData,
                 candidates: inout [Candidate], notes: inout [ScanNote]) {
        guard let regex = regex(of: ruleIndex, notes: &notes) else { return }
        let ends = unsorted.sorted()
        var first = 0
        while first < ends.count {
            var last = first
            while last + 1 < ends.count && ends[last + 1] - ends[last] <= Self.confirmWindow { last += 1 }
            let cluster = ends[first...last]
            let windowStart = max(0, ends[first] - Self.confirmWindow)
            let subjectLength = min(text.count, ends[last] + Self.lookaheadSlack)
            iterate(regex, ruleIndex: ruleIndex, text: text, subjectLength: subjectLength, from: windowStart,
                    through: ends[last], data: data, candidates: &candidates, notes: &notes) { match in
                match.upperBound <= ends[last] && Self.sortedContains(cluster, match.upperBound)
            }
            first = last + 1
        }
    }

    /// For `.fallback` rules: every match in the scanned bytes, under the same match limits.
    func scanWhole(ruleIndex: Int, text: UnsafeBufferPointer<UInt8>, data: PCRE2MatchData,
                   candidates: inout [Candidate], notes: inout [ScanNote]) {
        guard let regex = regex(of: ruleIndex, notes: &notes) else { return }
        iterate(regex, ruleIndex: ruleIndex, text: text, subjectLength: text.count, from: 0, through: text.count,
                data: data, candidates: &candidates, notes: &notes) { _ in true }
    }

    private func regex(of ruleIndex: Int, notes: inout [ScanNote]) -> PCRE2Regex? {
        switch rules[ruleIndex].regex?.regex {
        case .success(let regex): return regex
        case .failure(let error):
            notes.append(.ruleFailed(ruleID: rules[ruleIndex].rule.id, message: error.message))
            return nil
        case nil: return nil
        }
    }

    /// Leftmost matches from `start` until one starts past `limit`. A match `accept` refuses is skipped by
    /// retrying one byte after its start, so a refused long match cannot hide a shorter real one inside it.
    ///
    /// A match limit hit costs only the candidate that caused it: the search is pinned to the start position whose
    /// attempt blew up (`pinLimitHit`), that candidate is reported as a `matchLimitExceeded` note, and the search
    /// goes on one byte later, so a real match further on is still found. After `maxLimitHits` such candidates in
    /// one buffer the rule gives up on the rest of it (`ruleAbandoned`): crafted input must not cost a million
    /// steps per byte. Either note means "could not decide" to the hooks.
    private func iterate(_ regex: PCRE2Regex, ruleIndex: Int, text: UnsafeBufferPointer<UInt8>, subjectLength: Int,
                         from start: Int, through limit: Int, data: PCRE2MatchData, candidates: inout [Candidate],
                         notes: inout [ScanNote], accept: (Range<Int>) -> Bool) {
        guard let base = text.baseAddress else { return }
        let ruleID = rules[ruleIndex].rule.id
        var offset = start
        var notEmpty = false
        var limitHits = 0
        while offset <= limit && offset <= subjectLength {
            switch regex.match(base, length: subjectLength, from: offset, notEmptyAtStart: notEmpty, into: data) {
            case .match:
                break
            case .noMatch:
                return
            case .failed(let code):
                notes.append(.ruleFailed(ruleID: ruleID, message: PCRE2Regex.message(for: code)))
                return
            case .limitExceeded:
                switch pinLimitHit(regex, base: base, subjectLength: subjectLength, from: offset, through: limit,
                                   notEmpty: notEmpty, data: data) {
                case .matched:
                    break
                case .blewUp(let position):
                    notes.append(.matchLimitExceeded(ruleID: ruleID, offset: position))
                    limitHits += 1
                    if limitHits >= Self.maxLimitHits {
                        notes.append(.ruleAbandoned(ruleID: ruleID, offset: position + 1))
                        return
                    }
                    offset = position + 1
                    notEmpty = false
                    continue
                case .clear(let next):
                    // Nothing undecided, but it cost a limit's worth of steps: it counts against the budget.
                    limitHits += 1
                    if limitHits >= Self.maxLimitHits {
                        notes.append(.ruleAbandoned(ruleID: ruleID, offset: next))
                        return
                    }
                    offset = next
                    notEmpty = false
                    continue
                case .failed(let code):
                    notes.append(.ruleFailed(ruleID: ruleID, message: PCRE2Regex.message(for: code)))
                    return
                }
            }
            guard let match = data.range(of: 0), match.lowerBound <= limit else { return }
            guard accept(match) else {
                offset = match.lowerBound + 1
                notEmpty = false
                continue
            }
            if let secret = secretRange(ruleIndex: ruleIndex, captureCount: regex.captureCount, data: data) {
                candidates.append(Candidate(ruleIndex: ruleIndex, match: match, secret: secret))
            }
            offset = match.upperBound
            notEmpty = match.isEmpty
        }
    }

    /// Limit hits one rule may take in one buffer before giving up on the rest of it.
    static let maxLimitHits = 16
    /// How far anchored attempts walk to find the start position behind a limit hit before the stretch walked is
    /// counted as one unfinished candidate.
    static let pinSpan = 256

    private enum Pinned {
        /// An anchored attempt matched: `data` holds the match (the leftmost, as every earlier start failed).
        case matched
        /// The attempt starting here hit the limit: that is the unfinished candidate.
        case blewUp(Int)
        /// No start position up to `next` matches or blows up alone: search on from there.
        case clear(next: Int)
        case failed(Int32)
    }

    /// An unanchored attempt that hits the limit does not say which start position caused it, so try the start
    /// positions one by one, anchored, each under the same limits.
    private func pinLimitHit(_ regex: PCRE2Regex, base: UnsafePointer<UInt8>, subjectLength: Int, from offset: Int,
                             through limit: Int, notEmpty: Bool, data: PCRE2MatchData) -> Pinned {
        let last = min(limit, subjectLength, offset + Self.pinSpan)
        var position = offset
        while position <= last {
            let outcome = regex.match(base, length: subjectLength, from: position,
                                      notEmptyAtStart: notEmpty && position == offset, anchored: true, into: data)
            switch outcome {
            case .match: return .matched
            case .noMatch: position += 1
            case .limitExceeded: return .blewUp(position)
            case .failed(let code): return .failed(code)
            }
        }
        // The whole stretch was clean start by start: only the unanchored search as a whole blew up (each start
        // costing a little). Nothing in it matches, so carry on after it.
        return .clear(next: last + 1)
    }

    /// The configured group; by default the first group that matched something, else the whole match.
    private func secretRange(ruleIndex: Int, captureCount: Int, data: PCRE2MatchData) -> Range<Int>? {
        if let group = rules[ruleIndex].rule.secretGroup { return data.range(of: group) }
        if captureCount > 0 {
            for group in 1...captureCount {
                if let range = data.range(of: group), !range.isEmpty { return range }
            }
        }
        return data.range(of: 0)
    }

    static func sortedContains(_ values: ArraySlice<Int>, _ value: Int) -> Bool {
        var low = values.startIndex
        var high = values.endIndex
        while low < high {
            let middle = (low + high) / 2
            if values[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < values.endIndex && values[low] == value
    }
}
