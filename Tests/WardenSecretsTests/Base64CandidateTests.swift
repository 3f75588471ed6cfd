import Foundation
import Testing
@testable import WardenSecrets

/// The probing search for base64 runs finds exactly the runs a byte-by-byte walk finds: every maximal run of at
/// least 32 digits, wherever it starts or ends relative to the probes, with its `=` padding.
@Suite struct Base64CandidateTests {
    /// The definition, byte by byte.
    static func reference(_ text: [UInt8]) -> [(run: Range<Int>, padded: Int)] {
        var found: [(run: Range<Int>, padded: Int)] = []
        var index = 0
        while index < text.count {
            guard Base64Alphabet.isRunByte(text[index]) else {
                index += 1
                continue
            }
            var end = index
            while end < text.count && Base64Alphabet.isRunByte(text[end]) { end += 1 }
            var padded = end
            while padded < text.count && padded - end < 2 && text[padded] == UInt8(ascii: "=") { padded += 1 }
            if end - index >= EncodedTextFinder.minimumBase64Run { found.append((index..<end, padded)) }
            index = end
        }
        return found
    }

    static func candidates(_ text: [UInt8]) -> [(run: Range<Int>, padded: Int)] {
        text.withUnsafeBufferPointer { EncodedTextFinder.base64Candidates(in: $0) }
    }

    static func same(_ text: [UInt8]) -> Bool {
        let expected = reference(text)
        let actual = candidates(text)
        return expected.count == actual.count
            && zip(expected, actual).allSatisfy { $0.run == $1.run && $0.padded == $1.padded }
    }

    @Test func runsOfEveryLengthAtEveryOffsetAroundTheProbes() {
        let digits = Array("QUJDREVGR0hJSktMTU5PUFFSU1RVVldY+/-_0123456789abcdefghijklmnopqrstuvwxyz".utf8)
        for length in [1, 31, 32, 33, 63, 64, 65, 100, 129] {
            for offset in 0..<70 {
                for padding in ["", "=", "==", "==="] {
                    var text = [UInt8](repeating: UInt8(ascii: "."), count: offset)
                    text += (0..<length).map { digits[$0 % digits.count] }
                    text += Array(padding.utf8) + Array(" tail".utf8)
                    #expect(Self.same(text), "length \(length) at \(offset) padded '\(padding)'")
                    let expected = length >= 32 ? 1 : 0
                    #expect(Self.candidates(text).count == expected)
                }
            }
        }
    }

    @Test func randomTextOfShortAndLongRunsMatchesTheByteWalk() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ABCxyz019+/-_".utf8)
        let breakers = Array(" \n.=,\"(".utf8) + [0x00, 0xC3, 0x80, 0xFF]
        for _ in 0..<300 {
            var text: [UInt8] = []
            let size = Int.random(in: 0...600, using: &generator)
            while text.count < size {
                let run = Int.random(in: 0...80, using: &generator)
                text += (0..<run).map { _ in alphabet.randomElement(using: &generator)! }
                text += (0..<Int.random(in: 1...3, using: &generator)).map { _ in breakers.randomElement(using: &generator)! }
            }
            #expect(Self.same(text), "text \(text)")
        }
    }

    @Test func twoRunsAndARunFillingTheBuffer() {
        let run = Array(String(repeating: "AbCd", count: 9).utf8) // 36 digits
        #expect(Self.same(run))
        #expect(Self.candidates(run).map(\.run) == [0..<36])
        let two = run + Array("==,".utf8) + run
        #expect(Self.candidates(two).map(\.run) == [0..<36, 39..<75])
        #expect(Self.candidates(two).map(\.padded) == [38, 75])
        #expect(Self.candidates(Array(run.prefix(31))).isEmpty)
    }

    /// A run of exactly 32 right after another run's padding (`key=value` with both sides long enough): the probe
    /// after the first run must not land one byte past the second.
    @Test func aRunRightAfterPaddingIsFound() {
        for first in [3, 17, 40] {
            for padding in ["=", "=="] {
                let text = Array((String(repeating: "x", count: first) + padding + String(repeating: "AbCd", count: 8) + "}}").utf8)
                #expect(Self.same(text), "first run \(first) padded '\(padding)'")
                #expect(Self.candidates(text).contains { $0.run.count == 32 }, "first run \(first) padded '\(padding)'")
            }
        }
    }
}
