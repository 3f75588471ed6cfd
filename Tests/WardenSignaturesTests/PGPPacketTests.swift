import Testing
@testable import WardenSignatures

/// Packet framing details that real gpg output does not exercise.
@Suite struct PGPPacketTests {
    @Test func partialLengthsJoinOnDataPackets() throws {
        // Literal data (tag 11): a 2-byte partial chunk, then a final 1-byte chunk.
        let packets = try PGPPacket.parseAll([0xCB, 0xE1, 0x61, 0x62, 0x01, 0x63])
        #expect(packets.count == 1)
        #expect(packets[0].tag == 11)
        #expect(packets[0].body == [0x61, 0x62, 0x63])
    }

    @Test func partialLengthsAreRefusedElsewhere() {
        #expect(throws: SignatureParseError("partial length on OpenPGP packet tag 2")) {
            try PGPPacket.parseAll([0xC2, 0xE1, 0x04, 0x00, 0x01, 0x63])
        }
    }

    @Test func truncationAndBadHeadersAreErrors() {
        #expect(throws: SignatureParseError("invalid OpenPGP packet header")) { try PGPPacket.parseAll([0x02]) }
        #expect(throws: SignatureParseError("truncated OpenPGP packet")) { try PGPPacket.parseAll([0xC2, 0x05, 0x04]) }
        #expect(throws: SignatureParseError("truncated OpenPGP packet")) { try PGPPacket.parseAll([0xC2, 0xFF, 0x00]) }
    }

    /// Every armor gpg writes in the other suites checks the CRC on real data; this pins the initial value.
    @Test func crc24OfEmptyInputIsTheInitialValue() {
        #expect(CRC24.checksum([]) == 0xB704CE)
    }
}
