/// The decoding layer: secrets inside base64 or percent-encoded text, found with the same rules.
///
/// A Kubernetes `Secret` keeps its values in base64, `.dockerconfigjson` wraps a whole `config.json`, a private key
/// is often pasted base64-wrapped into YAML, and URLs carry credentials percent-encoded. Each run of such text that
/// decodes to text is decoded once (never twice: `decodedLayer`), all of a blob's decoded runs are scanned in one
/// pass of the same database, and every finding is moved back onto the encoded text, marked with its encoding.
extension SecretScanner {
    func scanEncodedText(_ text: UnsafeBufferPointer<UInt8>, path: String, commit: String?, spans: [LineSpan]?,
                         options: ScanOptions, into result: inout ScanResult) {
        var finder = EncodedTextFinder(maximumDecodedBytes: options.maxDecodedBytes)
        let runs = finder.runs(in: text)
        if finder.capped { result.notes.append(.decodingCapped(limit: options.maxDecodedBytes)) }
        guard !runs.isEmpty else { return }

        // One buffer, one run per "line": the finding's line number is then the run's index (1-based) and its
        // column the position inside the run, which is all the way back needs.
        var decoded: [UInt8] = []
        var runSpans: [LineSpan] = []
        for (index, run) in runs.enumerated() {
            if !decoded.isEmpty { decoded += [0x0A, 0x0A] }
            let start = decoded.count
            decoded += run.decoded
            runSpans.append(LineSpan(line: index + 1, range: start..<decoded.count))
        }
        var inner = options
        inner.scanBinary = true
        inner.maxBytes = decoded.count
        let found = decoded.withUnsafeBufferPointer {
            scan($0, path: path, commit: commit, spans: runSpans, options: inner, decodedLayer: true)
        }
        for note in found.notes where !result.notes.contains(note) { result.notes.append(note) }

        var locator = LineLocator(text: text, spans: spans)
        for var finding in found.findings {
            guard finding.line >= 1 && finding.line <= runs.count else { continue }
            let run = runs[finding.line - 1]
            let encodedOffset = run.sourceOffset(ofDecoded: Self.byteOffset(ofColumn: finding.column, in: run.decoded))
            if options.honorInlineMarkers && hasInlineMarker(around: encodedOffset, in: text) { continue }
            let position = locator.position(of: encodedOffset)
            finding.line = position.line
            finding.column = position.column
            finding.decoded = run.encoding
            result.findings.append(finding)
        }
    }

    /// The inverse of `LineLocator`'s column: the byte offset of the `column`th scalar (1-based).
    static func byteOffset(ofColumn column: Int, in bytes: [UInt8]) -> Int {
        var scalars = 1
        for (offset, byte) in bytes.enumerated() where byte & 0xC0 != 0x80 {
            if scalars == column { return offset }
            scalars += 1
        }
        return max(0, bytes.count - 1)
    }

    /// A `git-warden:allow` marker on the line of the encoded text accepts what is decoded from it, as it accepts
    /// the line's literal text.
    private func hasInlineMarker(around offset: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = offset
        let floor = max(0, offset - Self.lineContext)
        while start > floor && text[start - 1] != 0x0A { start -= 1 }
        var end = offset
        let ceiling = min(text.count, offset + Self.lineContext)
        while end < ceiling && text[end] != 0x0A { end += 1 }
        let line = Array(text[start..<end])[...]
        return Self.markers.contains { Bytes.contains(line, $0) }
    }
}
