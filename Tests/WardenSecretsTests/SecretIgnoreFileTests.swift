import Foundation
import Testing
@testable import WardenSecrets

@Suite struct SecretIgnoreFileTests {
    static let fingerprint = "0123456789abcdef0123456789abcdef"

    @Test func commentsBlankLinesAndTrailingComments() throws {
        let text = "# reviewed 2026-01\n\n\(Self.fingerprint)  # fixture key\n  ABCDEF0123456789ABCDEF0123456789\n"
        let parsed = try SecretIgnoreFile.parse(text, source: "ignore")
        #expect(parsed == [Self.fingerprint, "abcdef0123456789abcdef0123456789"])
    }

    @Test func malformedLineNamesFileAndLine() {
        #expect(throws: SecretIgnoreFile.Problem(
            source: ".git-warden-ignore", line: 3,
            message: "not a finding fingerprint: \"src/a.py:12\" (expected 32 hexadecimal digits, as git-warden scan prints them)")) {
            try SecretIgnoreFile.parse("# x\n\(Self.fingerprint)\nsrc/a.py:12\n", source: ".git-warden-ignore")
        }
        #expect(throws: SecretIgnoreFile.Problem.self) {
            try SecretIgnoreFile.parse(String(Self.fingerprint.dropLast()) + "\n", source: "f")
        }
    }

    /// A CRLF file is read line by line like an LF one: before, "\r\n" (one Swift Character) did not split, the
    /// whole file was one line, and a first-line comment silently dropped every fingerprint.
    @Test func crlfLinesAreReadAsLines() throws {
        let text = "# reviewed\r\n\(Self.fingerprint)\r\n\r\nabcdef0123456789abcdef0123456789 # ok\r\n"
        #expect(try SecretIgnoreFile.parse(text, source: "ignore") == [Self.fingerprint, "abcdef0123456789abcdef0123456789"])
        #expect(throws: SecretIgnoreFile.Problem(
            source: "ignore", line: 3,
            message: "not a finding fingerprint: \"nope\" (expected 32 hexadecimal digits, as git-warden scan prints them)")) {
            try SecretIgnoreFile.parse("# x\r\n\(Self.fingerprint)\r\nnope\r\n", source: "ignore")
        }
    }

    @Test func missingFileIsAnError() {
        #expect(throws: SecretIgnoreFile.Problem.self) { try SecretIgnoreFile.load(path: "/nonexistent/ignore") }
    }
}
