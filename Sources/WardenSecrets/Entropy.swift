import Foundation

/// Shannon entropy of a byte string, in bits per byte.
///
/// Real keys are random; `password = changeme` is not. Rules with a broad regex set a minimum so that words and
/// placeholders that fit the shape are not reported.
enum Entropy {
    static func shannon(_ bytes: some Collection<UInt8>) -> Double {
        guard !bytes.isEmpty else { return 0 }
        var counts = [Int](repeating: 0, count: 256)
        for byte in bytes { counts[Int(byte)] += 1 }
        let total = Double(bytes.count)
        var entropy = 0.0
        for count in counts where count > 0 {
            let p = Double(count) / total
            entropy -= p * log2(p)
        }
        return entropy
    }
}
