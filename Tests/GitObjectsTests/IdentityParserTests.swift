import Foundation
import GitObjects
import Testing

/// The identity splitter and the fsck checks against git's rules (ident.c, fsck.c of git 2.39), byte by byte.
/// The differential suite (IntegrationTests/GitParityTests) checks the same against the real git binary.
@Suite struct IdentityParserTests {
    static func line(_ text: String) -> IdentityLine? { IdentityLine(Array(text.utf8)) }

    @Test func splitsLikeGit() throws {
        let plain = try #require(Self.line("Ada Lovelace <ada@example.com> 1700000000 +0100"))
        #expect(plain.nameText == "Ada Lovelace")
        #expect(plain.emailText == "ada@example.com")
        #expect(plain.timestamp == 1_700_000_000)
        #expect(plain.timezone == Array("+0100".utf8))
        // Any whitespace separates, the date follows the LAST '>', the email ends at the first.
        let tabs = try #require(Self.line("Ada <ada@x>\t17 \t-0000"))
        #expect(tabs.timestamp == 17)
        let twoCloses = try #require(Self.line("Ada <ada@x>junk> 5 +0000"))
        #expect(twoCloses.emailText == "ada@x")
        #expect(twoCloses.timestamp == 5)
        // Trailing spaces of the name go, leading ones stay.
        #expect(Self.line("  Ada \t<a@x> 1 +0000")?.nameText == "  Ada")
    }

    @Test func personOnlyWhereGitSeesNoDate() {
        // No timezone, a sign before the date, nothing after the email: git sees a person without a date.
        for text in ["Ada <a@x> 1700000000", "Ada <a@x> +5 +0000", "Ada <a@x> -5 +0000", "Ada <a@x>", "Ada <a@x> 5 +"] {
            let line = Self.line(text)
            #expect(line != nil, "\(text)")
            #expect(line?.timestamp == nil, "\(text)")
            #expect(line?.signatureTime == nil, "\(text)")
        }
        #expect(Self.line("Ada a@x 5 +0000") == nil)
        #expect(Self.line("Ada <a@x 5 +0000") == nil)
    }

    @Test func zeroMeansNowForSignaturesAndOverflowSaturates() {
        #expect(Self.line("Ada <a@x> 0 +0000")?.timestamp == 0)
        #expect(Self.line("Ada <a@x> 0 +0000")?.signatureTime == nil)
        #expect(Self.line("Ada <a@x> 99999999999999999999999 +0000")?.timestamp == UInt64.max)
    }

    static func commit(_ header: String, body: String = "\nmessage\n") -> [UInt8] {
        Array(("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n" + header + body).utf8)
    }

    static func ids(_ raw: [UInt8], _ kind: GitObjectKind = .commit) -> [String] {
        ObjectChecker().problems(in: raw, kind: kind).map(\.id.rawValue)
    }

    @Test func fsckIdsOfCommits() {
        let good = "author A <a@x> 1 +0000\ncommitter C <c@x> 2 -0130\n"
        #expect(Self.ids(Self.commit(good)) == [])
        let cases: [(String, String)] = [
            ("author A <a@x> 1 +0000\ncommitter C <c@x> 2\n", "badDate"),
            ("author A <a@x> 1 +0000\ncommitter C <c@x> 2 +000\n", "badTimezone"),
            ("author A <a@x> 1 +0000\ncommitter C <c@x> 2 0000\n", "badTimezone"),
            ("author A <a@x> 1 +0000\ncommitter C <c@x>\t2 +0000\n", "missingSpaceBeforeDate"),
            ("author A <a@x> 01 +0000\ncommitter C <c@x> 2 +0000\n", "zeroPaddedDate"),
            ("author A <a@x> -1 +0000\ncommitter C <c@x> 2 +0000\n", "badDateOverflow"),
            ("author A <a@x> 18446744073709551616 +0000\ncommitter C <c@x> 2 +0000\n", "badDateOverflow"),
            ("author A <a@x> 9223372036854775808 +0000\ncommitter C <c@x> 2 +0000\n", "badDateOverflow"),
            ("author A <a@x> 1 +0000\nauthor B <b@x> 1 +0000\ncommitter C <c@x> 2 +0000\n", "multipleAuthors"),
            ("committer C <c@x> 2 +0000\n", "missingAuthor"),
            ("author A <a@x> 1 +0000\n", "missingCommitter"),
            ("author <a@x> 1 +0000\ncommitter C <c@x> 2 +0000\n", "missingNameBeforeEmail"),
            ("author A a@x 1 +0000\ncommitter C <c@x> 2 +0000\n", "missingEmail"),
            ("author A<a@x> 1 +0000\ncommitter C <c@x> 2 +0000\n", "missingSpaceBeforeEmail"),
            ("author A> <a@x> 1 +0000\ncommitter C <c@x> 2 +0000\n", "badName"),
            ("author A <a<x> 1 +0000\ncommitter C <c@x> 2 +0000\n", "badEmail"),
            ("author A <a@x> 1 +0000\ncommitter C <c@x> 2 +0000\ncommitter M <m@x> 2 +0000\n", "wardenMultipleCommitters"),
            ("author A <a@x> 1 +0000\ncommitter C <c@x> 2 +0000\nauthor M <m@x> 2 +0000\n", "wardenLateAuthor"),
            ("author A <a@x> +1 +0000\ncommitter C <c@x> 2 +0000\n", "wardenDateNotDigits"),
            ("author A <a@x>  1 +0000\ncommitter C <c@x> 2 +0000\n", "wardenDateNotDigits"),
        ]
        for (header, expected) in cases {
            #expect(Self.ids(Self.commit(header)).first == expected, "\(header)")
        }
        #expect(Self.ids(Array("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@x> 1 +0000".utf8)) == ["unterminatedHeader"])
        #expect(Self.ids(Self.commit(good.replacingOccurrences(of: "C <", with: "C\u{0} <"))) == ["nulInHeader"])
        #expect(Self.ids(Self.commit(good, body: "\nmessage\u{0}hidden\n")) == ["nulInCommit"])
        #expect(Self.ids(Array("tree 4b825dc642cb6eb9a060e54bf8d69288fbee490\n\(good)\nm\n".utf8)) == ["badTreeSha1"])
        #expect(Self.ids(Array("parent 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n\(good)\nm\n".utf8)) == ["missingTree"])
    }

    static func tag(_ text: String) -> [UInt8] {
        Array(("object 4b825dc642cb6eb9a060e54bf8d69288fbee4904\ntype tree\n" + text).utf8)
    }

    @Test func fsckIdsOfTags() {
        #expect(Self.ids(Self.tag("tag v1\ntagger T <t@x> 1 +0000\n\nmsg\n"), .tag) == [])
        #expect(Self.ids(Self.tag("tag v1\n\nmsg\n"), .tag) == ["missingTaggerEntry"])
        #expect(Self.ids(Self.tag("tag v1..2\ntagger T <t@x> 1 +0000\n\nmsg\n"), .tag) == ["badTagName"])
        #expect(Self.ids(Self.tag("tag v1\ntagger T <t@x> 1 +0000\ntagger M <m@x> 1 +0000\n\nmsg\n"), .tag) == ["extraHeaderEntry"])
        #expect(Self.ids(Self.tag("tagger T <t@x> 1 +0000\n\nmsg\n"), .tag) == ["missingTagEntry"])
        #expect(Self.ids(Self.tag("tag v1\ntagger T <t@x> 1 +0000\n\nmsg\u{0}\n"), .tag) == ["wardenNulInTag"])
        #expect(Self.ids(Array("object 4b825dc642cb6eb9a060e54bf8d69288fbee4904\ntype spoon\ntag v\n\n".utf8), .tag) == ["badType"])
    }

    @Test func gitShowsTheLastIdentityAndSignsTheFirst() throws {
        let raw = Self.commit("author A <a@x> 1 +0000\ncommitter Mallory <m@x> 2 +0000\ncommitter Alice <alice@x> 3 +0000\n")
        let parsed = ParsedObject(raw: raw, kind: .commit)
        #expect(parsed.committer?.emailText == "alice@x")
        guard case .identity(let signer) = ParsedObject.signerLine(payload: raw, kind: .commit) else {
            Issue.record("no signer line"); return
        }
        #expect(signer.emailText == "m@x")
        #expect(ParsedObject.signerLine(payload: Self.commit("author A <a@x> 1 +0000\n"), kind: .commit) == .unreadable)
    }
}
