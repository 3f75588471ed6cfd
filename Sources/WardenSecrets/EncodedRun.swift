import Foundation
import WardenFormats

/// How text was encoded when the scanner found a secret inside it.
public enum TextEncoding: String, Sendable, Hashable, Codable {
    /// RFC 4648 section 4 (`+` and `/`), padded or not.
    case base64
    /// RFC 4648 section 5 (`-` and `_`), as JWTs, Kubernetes tooling and URLs use it.
    case base64url
    /// RFC 3986 percent-encoding (`%3A%2F%2F`), `+` left as is.
    case percent
}

/// One run of encoded text in a scanned buffer and the bytes it decodes to.
///
/// Only runs that decode to text are kept: base64 of an image or a hash decodes to bytes no rule can match, and
/// scanning them would cost time and report nothing.
struct EncodedRun {
    /// The encoded characters in the scanned buffer.
    var source: Range<Int>
    var encoding: TextEncoding
    var decoded: [UInt8]
    /// For percent-encoding, the source offset of each decoded byte; base64 maps by arithmetic (3 bytes per 4).
    var sourceOffsets: [Int]?

    /// The offset in the scanned buffer of the encoded text that decodes to `decodedOffset`.
    func sourceOffset(ofDecoded decodedOffset: Int) -> Int {
        if let sourceOffsets { return sourceOffsets[min(max(0, decodedOffset), sourceOffsets.count - 1)] }
        return min(source.upperBound - 1, source.lowerBound + decodedOffset / 3 * 4)
    }
}

/// Finds candidate runs of encoded text and decodes them one level deep, within fixed bounds.
///
/// Costs are bounded three ways: a base64 run must be `minimumBase64Run` characters long (shorter ones decode to
/// fewer bytes than the shortest secret a rule can recognise with its context), a run is first probed on its first
/// `probeLength` characters and dropped unless they decode to text, and no more than `maximumDecodedBytes` bytes
/// are decoded per blob (the caller reports the cut). Base64 runs are found by probing every `minimumBase64Run`th
/// byte: a run that long must cover one of the probes, so ordinary prose costs a fraction of a byte read per byte.
struct EncodedTextFinder {
    static let minimumBase64Run = 32
    static let probeLength = 64
    static let maximumRunLength = 64 << 10
    static let minimumPercentEscapes = 2

    let maximumDecodedBytes: Int
    /// Set when some candidate was not decoded because the per-blob budget ran out.
    private(set) var capped = false
    private var budget: Int

    init(maximumDecodedBytes: Int) {
        self.maximumDecodedBytes = maximumDecodedBytes
        budget = maximumDecodedBytes
    }

    /// Every run of `text` that decodes to text, in source order.
    mutating func runs(in text: UnsafeBufferPointer<UInt8>) -> [EncodedRun] {
        var found = base64Runs(in: text) + percentRuns(in: text)
        found.sort { $0.source.lowerBound < $1.source.lowerBound }
        return found
    }

    private mutating func take(_ count: Int) -> Bool {
        guard count <= budget else {
            capped = true
            return false
        }
        budget -= count
        return true
    }

    // MARK: base64

    private mutating func base64Runs(in text: UnsafeBufferPointer<UInt8>) -> [EncodedRun] {
        var runs: [EncodedRun] = []
        for candidate in Self.base64Candidates(in: text) {
            if let run = base64Run(text, candidate.run, padded: candidate.padded) { runs.append(run) }
        }
        return runs
    }

    /// Every maximal run of at least `minimumBase64Run` base64 digits in `text`, with the end of the `=` padding
    /// (at most 2) after it.
    ///
    /// Found by probing every `minimumBase64Run`th byte: a run that long covers one of the probes, so ordinary text
    /// costs a fraction of a byte read per byte. After a run the probes start again one step minus one after its
    /// padding, so a run that starts right after the padding is probed too. (Measured against classifying every
    /// byte 16 at a time with Swift's SIMD types and bit masks: the probes were 1.5-2x faster, since SIMD compares
    /// compile lane by lane and a mask costs more than the few bytes a probe walks.)
    static func base64Candidates(in text: UnsafeBufferPointer<UInt8>) -> [(run: Range<Int>, padded: Int)] {
        var candidates: [(run: Range<Int>, padded: Int)] = []
        let step = minimumBase64Run
        let table = Base64Alphabet.values
        var probe = step - 1
        while probe < text.count {
            guard table[Int(text[probe])] < 64 else {
                probe += step
                continue
            }
            var start = probe
            while start > 0 && table[Int(text[start - 1])] < 64 { start -= 1 }
            var end = probe + 1
            while end < text.count && table[Int(text[end])] < 64 { end += 1 }
            var padded = end
            while padded < text.count && padded - end < 2 && text[padded] == UInt8(ascii: "=") { padded += 1 }
            if end - start >= step { candidates.append((start..<end, padded)) }
            probe = padded + step - 1
        }
        return candidates
    }

    private mutating func base64Run(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, padded: Int) -> EncodedRun? {
        guard range.count <= Self.maximumRunLength,
              Base64Alphabet.decodesToText(text, from: range.lowerBound, count: min(range.count, Self.probeLength)),
              let encoding = Base64Alphabet.encoding(of: text[range]) else { return nil }
        guard take(range.count / 4 * 3 + 2) else { return nil }
        guard let decoded = Base64Alphabet.decode(text[range], encoding), Printable.isText(decoded) else { return nil }
        return EncodedRun(source: range.lowerBound..<padded, encoding: encoding, decoded: decoded, sourceOffsets: nil)
    }

    // MARK: percent

    private mutating func percentRuns(in text: UnsafeBufferPointer<UInt8>) -> [EncodedRun] {
        guard let base = text.baseAddress else { return [] }
        var runs: [EncodedRun] = []
        var offset = 0
        while offset < text.count, let hit = memchr(base + offset, Int32(UInt8(ascii: "%")), text.count - offset) {
            let percent = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            guard percent + 2 < text.count, Hex.value(text[percent + 1]) != nil, Hex.value(text[percent + 2]) != nil
            else {
                offset = percent + 1
                continue
            }
            var start = percent
            while start > 0 && percent - start < Self.maximumRunLength && Printable.isURLByte(text[start - 1]) { start -= 1 }
            var end = percent + 3
            while end < text.count && end - start < Self.maximumRunLength && Printable.isURLByte(text[end]) { end += 1 }
            if let run = percentRun(text, start..<end) { runs.append(run) }
            offset = end
        }
        return runs
    }

    private mutating func percentRun(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> EncodedRun? {
        var decoded: [UInt8] = []
        var offsets: [Int] = []
        var escapes = 0
        var index = range.lowerBound
        while index < range.upperBound {
            if text[index] == UInt8(ascii: "%"), index + 2 < range.upperBound,
               let high = Hex.value(text[index + 1]), let low = Hex.value(text[index + 2]) {
                decoded.append(high << 4 | low)
                offsets.append(index)
                escapes += 1
                index += 3
            } else {
                decoded.append(text[index])
                offsets.append(index)
                index += 1
            }
        }
        guard escapes >= Self.minimumPercentEscapes, Printable.isText(decoded), take(decoded.count) else { return nil }
        return EncodedRun(source: range, encoding: .percent, decoded: decoded, sourceOffsets: offsets)
    }
}
