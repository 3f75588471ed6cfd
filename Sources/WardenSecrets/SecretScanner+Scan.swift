internal import CVectorscan
import Foundation

/// The scan path: skip decisions, one Vectorscan pass, PCRE2 confirmation, then filtering into findings.
extension SecretScanner {
    /// A NUL byte among the first 8000 bytes marks content as binary: git's own rule (`buffer_is_binary` in
    /// xdiff-interface.c), so what git shows as text is scanned as text.
    public static let binaryProbeLength = 8000

    /// Whether git would call these bytes (the start of a file or blob, not a piece of its middle) binary.
    public static func looksBinary(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        return memchr(base, 0, min(bytes.count, binaryProbeLength)) != nil
    }

    func scan(_ buffer: UnsafeBufferPointer<UInt8>, path: String, commit: String?, spans: [LineSpan]?,
              options: ScanOptions) -> ScanResult {
        var result = ScanResult()
        let pathBytes = Array(path.utf8)
        if globalAllowlist.allowsPath(pathBytes) {
            result.notes.append(.pathAllowlisted)
            return result
        }
        var applicable = [Bool](repeating: true, count: rules.count)
        for index in pathConditioned { applicable[index] = rules[index].applies(toPath: pathBytes) }
        for index in pathOnly where applicable[index] {
            let rule = rules[index]
            let fingerprint = Fingerprint.make(path: path, ruleID: rule.rule.id, secret: [])
            guard !options.ignoredFingerprints.contains(fingerprint) else { continue }
            result.findings.append(SecretFinding(
                ruleID: rule.rule.id, ruleDescription: rule.rule.description, path: path, line: 0, column: 0,
                commit: commit, secret: "", redacted: "(whole file)", entropy: 0, fingerprint: fingerprint,
                tags: rule.rule.tags))
        }
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return result }
        if !options.scanBinary && Self.looksBinary(UnsafeRawBufferPointer(buffer)) {
            result.notes.append(.binarySkipped)
            return result
        }
        // Vectorscan takes a 32-bit length.
        let length = min(buffer.count, max(0, options.maxBytes), Int(UInt32.max))
        if length < buffer.count { result.notes.append(.truncated(scanned: length, total: buffer.count)) }
        result.scannedBytes = length
        guard length > 0 else { return result }
        let text = UnsafeBufferPointer(start: base, count: length)

        var candidates: [Candidate] = []
        var matchData: PCRE2MatchData?
        func data() -> PCRE2MatchData {
            if let matchData { return matchData }
            let created = PCRE2MatchData(pairs: 100)
            matchData = created
            return created
        }
        if let database, let scratch {
            let collector = HitCollector(ruleCount: rules.count)
            let status = scratch.withScratch { scratchSpace in
                hs_scan(database.pointer, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), UInt32(length),
                        0, scratchSpace, { id, _, end, _, context in
                            Unmanaged<HitCollector>.fromOpaque(context!).takeUnretainedValue()
                                .record(rule: Int(id), end: Int(end))
                            return 0
                        }, Unmanaged.passUnretained(collector).toOpaque())
            }
            if status != HS_SUCCESS {
                result.notes.append(.ruleFailed(ruleID: "*", message: "vectorscan scan failed (\(status.map(String.init) ?? "no scratch"))"))
            }
            for index in collector.rulesHit where applicable[index] {
                if collector.overflowed.contains(index) {
                    scanWhole(ruleIndex: index, text: text, data: data(), candidates: &candidates, notes: &result.notes)
                    continue
                }
                confirm(ruleIndex: index, ends: collector.ends[index], text: text, data: data(),
                        candidates: &candidates, notes: &result.notes)
            }
        }
        var lowercasedText: [UInt8]?
        for index in fallback where applicable[index] {
            let rule = rules[index]
            if !rule.keywords.isEmpty {
                let lowered = lowercasedText ?? Bytes.lowercased(text)
                lowercasedText = lowered
                guard rule.keywords.contains(where: { Bytes.contains(lowered[...], $0) }) else { continue }
            }
            scanWhole(ruleIndex: index, text: text, data: data(), candidates: &candidates, notes: &result.notes)
        }
        result.findings += findings(from: candidates, text: text, path: path, commit: commit, spans: spans,
                                    options: options)
        return result
    }
}
