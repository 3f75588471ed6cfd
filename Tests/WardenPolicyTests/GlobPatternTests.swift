import Testing
@testable import WardenPolicy

@Suite struct GlobPatternTests {
    func glob(_ pattern: String) throws -> GlobPattern { try GlobPattern(pattern) }

    @Test func literalPatternMatchesOnlyItself() throws {
        let pattern = try glob("refs/heads/main")
        #expect(pattern.isLiteral)
        #expect(pattern.matches("refs/heads/main"))
        #expect(!pattern.matches("refs/heads/main2"))
        #expect(!pattern.matches("refs/heads/mai"))
        #expect(!pattern.matches("refs/heads/main/x"))
        #expect(!pattern.matches("xrefs/heads/main"))
        #expect(!pattern.matches(""))
        #expect(pattern.description == "refs/heads/main")
    }

    @Test func wildcardsAreNotLiteral() throws {
        #expect(try !glob("refs/heads/*").isLiteral)
        #expect(try !glob("refs/heads/?").isLiteral)
        #expect(try !glob("refs/heads/[ab]").isLiteral)
        #expect(try !glob("refs/**").isLiteral)
        // An escaped wildcard is a literal character.
        #expect(try glob(#"refs/heads/\*"#).isLiteral)
    }

    @Test func starStaysWithinOneSegment() throws {
        let pattern = try glob("refs/tags/*")
        #expect(pattern.matches("refs/tags/v1"))
        #expect(pattern.matches("refs/tags/v1.2.3"))
        #expect(!pattern.matches("refs/tags/v1/rc1"))
        #expect(!pattern.matches("refs/heads/v1"))
        // `*` may match the empty string.
        #expect(pattern.matches("refs/tags/"))

        let infix = try glob("refs/heads/release-*-lts")
        #expect(infix.matches("refs/heads/release-1.0-lts"))
        #expect(infix.matches("refs/heads/release--lts"))
        #expect(!infix.matches("refs/heads/release-1/0-lts"))
        #expect(!infix.matches("refs/heads/release-1.0"))
    }

    @Test func doubleStarCrossesSegments() throws {
        let pattern = try glob("refs/tags/**")
        #expect(pattern.matches("refs/tags/v1"))
        #expect(pattern.matches("refs/tags/v1/rc1"))
        #expect(pattern.matches("refs/tags/a/b/c/d"))
        #expect(!pattern.matches("refs/heads/v1"))

        let inside = try glob("refs/heads/feat**done")
        #expect(inside.matches("refs/heads/feat/x/y/done"))
        #expect(inside.matches("refs/heads/featdone"))
        #expect(!inside.matches("refs/heads/feat/x/y/don"))
    }

    @Test func doubleStarSlashMeansZeroOrMoreSegments() throws {
        let pattern = try glob("refs/**/main")
        #expect(pattern.matches("refs/main"))
        #expect(pattern.matches("refs/heads/main"))
        #expect(pattern.matches("refs/remotes/origin/main"))
        #expect(!pattern.matches("refs/heads/xmain"))
        #expect(!pattern.matches("refs/heads/main/x"))
        #expect(!pattern.matches("refsmain"))

        let leading = try glob("**/main")
        #expect(leading.matches("main"))
        #expect(leading.matches("refs/heads/main"))
        #expect(!leading.matches("refs/heads/domain"))
    }

    @Test func questionMarkMatchesOneCharacterButNotSlash() throws {
        let pattern = try glob("refs/heads/v?")
        #expect(pattern.matches("refs/heads/v1"))
        #expect(pattern.matches("refs/heads/vx"))
        #expect(!pattern.matches("refs/heads/v"))
        #expect(!pattern.matches("refs/heads/v12"))
        #expect(try !glob("refs/heads?main").matches("refs/heads/main"))
    }

    @Test func characterClasses() throws {
        let range = try glob("refs/heads/release-[0-9]")
        #expect(range.matches("refs/heads/release-0"))
        #expect(range.matches("refs/heads/release-9"))
        #expect(!range.matches("refs/heads/release-a"))
        #expect(!range.matches("refs/heads/release-10"))

        let list = try glob("refs/heads/[abc]x")
        #expect(list.matches("refs/heads/ax"))
        #expect(list.matches("refs/heads/cx"))
        #expect(!list.matches("refs/heads/dx"))

        let mixed = try glob("refs/tags/v[0-9a-f_]")
        #expect(mixed.matches("refs/tags/v7"))
        #expect(mixed.matches("refs/tags/vc"))
        #expect(mixed.matches("refs/tags/v_"))
        #expect(!mixed.matches("refs/tags/vg"))

        // A class never matches the separator.
        #expect(try !glob("refs/heads[/]main").matches("refs/heads/main"))
        #expect(try !glob("refs/heads[!a]main").matches("refs/heads/main"))
    }

    @Test func negatedClasses() throws {
        for text in ["refs/heads/[!0-9]", "refs/heads/[^0-9]"] {
            let pattern = try glob(text)
            #expect(pattern.matches("refs/heads/a"), "\(text)")
            #expect(!pattern.matches("refs/heads/5"), "\(text)")
            #expect(!pattern.matches("refs/heads/ab"), "\(text)")
        }
    }

    @Test func closingBracketAndDashAsClassMembers() throws {
        // `]` first in a class is a member, not the end.
        let bracket = try glob("refs/heads/[]a]")
        #expect(bracket.matches("refs/heads/]"))
        #expect(bracket.matches("refs/heads/a"))
        #expect(!bracket.matches("refs/heads/b"))
        // A trailing `-` is a member, not a range.
        let dash = try glob("refs/heads/[a-]")
        #expect(dash.matches("refs/heads/a"))
        #expect(dash.matches("refs/heads/-"))
        #expect(!dash.matches("refs/heads/b"))
    }

    @Test func escapesMakeWildcardsLiteral() throws {
        let star = try glob(#"refs/heads/\*"#)
        #expect(star.matches("refs/heads/*"))
        #expect(!star.matches("refs/heads/main"))

        let question = try glob(#"refs/heads/a\?"#)
        #expect(question.matches("refs/heads/a?"))
        #expect(!question.matches("refs/heads/ab"))

        let bracket = try glob(#"refs/heads/\[x]"#)
        #expect(bracket.matches("refs/heads/[x]"))
        #expect(!bracket.matches("refs/heads/x"))

        let inClass = try glob(#"refs/heads/[\]]"#)
        #expect(inClass.matches("refs/heads/]"))
        #expect(!inClass.matches(#"refs/heads/\"#))
    }

    @Test(arguments: [
        ("refs/heads/[abc", "not closed"),
        ("refs/heads/[!", "not closed"),
        (#"refs/heads/main\"#, "escape"),
        ("refs/heads/[z-a]", "reversed"),
    ])
    func invalidPatternsThrow(pattern: String, reason: String) {
        do {
            _ = try GlobPattern(pattern)
            Issue.record("'\(pattern)' should not compile")
        } catch {
            #expect(error.pattern == pattern)
            #expect(error.message.contains(reason), "\(error.message)")
            #expect(error.description.contains(pattern))
        }
    }

    @Test func pathologicalPatternFinishes() throws {
        let pattern = try glob("*a*a*a*a*a*a*a*b")
        let text = String(repeating: "a", count: 300)
        #expect(!pattern.matches(text))
        #expect(pattern.matches(text + "b"))

        let crossing = try glob("**a**a**a**a**a**a**a**b")
        let ref = "refs/heads/" + Array(repeating: String(repeating: "a", count: 20), count: 15).joined(separator: "/")
        #expect(!crossing.matches(ref))
        #expect(crossing.matches(ref + "/b"))
    }

    @Test func emptyPatternMatchesOnlyEmptyText() throws {
        let pattern = try glob("")
        #expect(pattern.matches(""))
        #expect(!pattern.matches("a"))
    }
}
