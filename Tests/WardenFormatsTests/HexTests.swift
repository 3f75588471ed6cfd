import Testing
import WardenFormats

/// The project's one hex encoder: the digits every object id, digest and fingerprint is printed with.
@Suite struct HexTests {
    @Test func encodesBytesInOrderTwoDigitsEach() {
        #expect(Hex.encode([UInt8]()) == "")
        #expect(Hex.encode([0x00, 0x0f, 0xa5, 0xff]) == "000fa5ff")
        #expect(Hex.encode([0x00, 0x0f, 0xa5, 0xff], uppercase: true) == "000FA5FF")
        #expect(Hex.encode(UInt8(0x7f)) == "7f")
        #expect(Hex.encode(UInt8(0x0a), uppercase: true) == "0A")
        #expect(Hex.encode(Array(0...255)).count == 512)
    }

    @Test func decodesDigitsOfEitherCaseOnly() {
        #expect(Hex.value(UInt8(ascii: "0")) == 0)
        #expect(Hex.value(UInt8(ascii: "9")) == 9)
        #expect(Hex.value(UInt8(ascii: "a")) == 10)
        #expect(Hex.value(UInt8(ascii: "F")) == 15)
        for byte in [UInt8(ascii: "g"), UInt8(ascii: "G"), UInt8(ascii: "/"), UInt8(ascii: ":"), 0x00, 0xff] {
            #expect(Hex.value(byte) == nil)
        }
        let bytes = Array(UInt8(0)...UInt8(255))
        let text = Array(Hex.encode(bytes).utf8)
        let decoded = stride(from: 0, to: text.count, by: 2).map { Hex.value(text[$0])! << 4 | Hex.value(text[$0 + 1])! }
        #expect(decoded == bytes)
    }
}
