import Testing
@testable import GitKit

@Suite struct ObjectIDTests {
    @Test func roundTripsHex() throws {
        let hex = "0123456789abcdef0123456789abcdef01234567"
        let id = try ObjectID(hex: hex)
        #expect(id.hex == hex)
        #expect(ObjectID(id.gitOID) == id)
        #expect(try ObjectID(hex: hex.uppercased()) == id)
        #expect(id.short == "0123456789")
        #expect(ObjectID.zero.isZero)
    }

    @Test func rejectsMalformedIdsWithAReason() {
        #expect(throws: GitError.self) { try ObjectID(hex: "abc") }
        #expect(throws: GitError.self) { try ObjectID(hex: String(repeating: "g", count: 40)) }
        do {
            _ = try ObjectID(hex: String(repeating: "a", count: 64))
            Issue.record("SHA-256 id accepted")
        } catch {
            #expect(error.message.contains("SHA-256"))
        }
    }
}
