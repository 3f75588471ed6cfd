import Testing
@testable import WardenPolicy

@Suite struct PathPatternTests {
    func path(_ pattern: String) throws -> PathPattern { try PathPattern(pattern) }

    @Test func unanchoredNamePatternMatchesAtAnyDepth() throws {
        let pem = try path("*.pem")
        #expect(pem.matches(path: "key.pem"))
        #expect(pem.matches(path: "a/b/key.pem"))
        #expect(!pem.matches(path: "key.pem.txt"))
        #expect(!pem.matches(path: "a/b/key.pub"))
        #expect(pem.description == "*.pem")
    }

    @Test func anchoredDoubleStarPattern() throws {
        let secrets = try path("secrets/**")
        #expect(secrets.matches(path: "secrets/x"))
        #expect(secrets.matches(path: "secrets/x/y"))
        #expect(!secrets.matches(path: "app/secrets/x"))
        #expect(!secrets.matches(path: "secretsx/y"))
        #expect(!secrets.matches(path: "README.md"))
    }

    @Test func directoryNameMatchesEverythingBelowIt() throws {
        let modules = try path("node_modules")
        #expect(modules.matches(path: "a/node_modules/b.js"))
        #expect(modules.matches(path: "node_modules/x/y/z.js"))
        #expect(modules.matches(path: "node_modules"))
        #expect(!modules.matches(path: "a/node_modules2/b.js"))
        #expect(!modules.matches(path: "a/my_node_modules/b.js"))
    }

    @Test func leadingSlashAnchorsAtTheRoot() throws {
        let prod = try path("/config/prod.env")
        #expect(prod.matches(path: "config/prod.env"))
        #expect(!prod.matches(path: "app/config/prod.env"))
        #expect(!prod.matches(path: "config/prod.env.example"))
        #expect(!prod.matches(path: "config/dev.env"))

        // A single-segment pattern with a leading slash is anchored too.
        let rootPem = try path("/*.pem")
        #expect(rootPem.matches(path: "key.pem"))
        #expect(!rootPem.matches(path: "a/key.pem"))
    }

    @Test func anchoredDirectoryCoversFilesBelowIt() throws {
        let config = try path("config/private")
        #expect(config.matches(path: "config/private/a.key"))
        #expect(config.matches(path: "config/private/deep/b.key"))
        #expect(config.matches(path: "config/private"))
        #expect(!config.matches(path: "config/privately/a.key"))
        #expect(!config.matches(path: "x/config/private/a.key"))

        let trailingSlash = try path("/build/")
        #expect(trailingSlash.matches(path: "build/out.o"))
        #expect(!trailingSlash.matches(path: "src/build/out.o"))
    }

    @Test func trailingSlashWithoutOtherSlashMatchesDirectoriesAtAnyDepth() throws {
        let logs = try path("logs/")
        #expect(logs.matches(path: "logs/a.txt"))
        #expect(logs.matches(path: "app/logs/a.txt"))
        #expect(!logs.matches(path: "app/catalogs/a.txt"))
    }

    /// gitignore: "If there is a separator at the end of the pattern then the pattern will only match
    /// directories". Paths judged here are files, so `logs/` must not match a file named `logs`.
    @Test func trailingSlashPatternDoesNotMatchAFileOfThatName() throws {
        let logs = try path("logs/")
        #expect(!logs.matches(path: "logs"))
        #expect(!logs.matches(path: "app/logs"))
    }

    @Test func doubleStarSlashPrefixMatchesAtAnyDepth() throws {
        let env = try path("**/.env")
        #expect(env.matches(path: ".env"))
        #expect(env.matches(path: "a/b/.env"))
        #expect(!env.matches(path: "a/b/.envrc"))
    }

    @Test func classesAndQuestionMarkInPaths() throws {
        let id = try path("id_[rd]sa")
        #expect(id.matches(path: "home/.ssh/id_rsa"))
        #expect(id.matches(path: "id_dsa"))
        #expect(!id.matches(path: "id_ecdsa"))
        let single = try path("?.key")
        #expect(single.matches(path: "x/a.key"))
        #expect(!single.matches(path: "x/ab.key"))
    }

    @Test(arguments: ["", "/", "[abc", #"secret\"#, "/a/[z-a]"])
    func invalidPathPatternsThrow(pattern: String) {
        #expect(throws: PatternError.self) { try PathPattern(pattern) }
    }
}

@Suite struct MessagePatternTests {
    @Test func isASearchNotAWholeMatch() throws {
        let pattern = try MessagePattern("JIRA-[0-9]+")
        #expect(pattern.matches("fix the parser (JIRA-123)"))
        #expect(pattern.matches("JIRA-1"))
        #expect(!pattern.matches("fix the parser"))
        #expect(!pattern.matches("JIRA-x"))
        #expect(pattern.description == "JIRA-[0-9]+")
    }

    @Test func caretConstrainsTheStartOfTheWholeMessage() throws {
        let pattern = try MessagePattern("^feat: ")
        #expect(pattern.matches("feat: add x"))
        #expect(pattern.matches("feat: add x\n\nlonger body"))
        #expect(!pattern.matches("wip feat: add x"))
        // A later line starting with the prefix does not satisfy `^`.
        #expect(!pattern.matches("fix: y\n\nfeat: add x"))
    }

    @Test func conventionalCommitAlternation() throws {
        let pattern = try MessagePattern(#"^(feat|fix|docs)(\([a-z]+\))?: .+"#)
        #expect(pattern.matches("feat(parser): handle tabs"))
        #expect(pattern.matches("docs: readme"))
        #expect(!pattern.matches("chore: bump"))
        #expect(!pattern.matches("feat:missing space"))
    }

    @Test func emailPattern() throws {
        let pattern = try MessagePattern(#"@example\.com$"#)
        #expect(pattern.matches("alice@example.com"))
        #expect(!pattern.matches("alice@example.com.evil.org"))
        #expect(!pattern.matches("alice@exampleXcom"))
    }

    /// git stores a commit message with its final newline (GitKit reads it with git_commit_message_raw), so a
    /// pattern ending in `$`, the natural way to write `^(feat|fix): .+$`, must accept "feat: x\n"; otherwise it
    /// rejects every commit. (Perl and PCRE let `$` match before a final newline.)
    @Test func dollarAcceptsTheFinalNewlineOfAGitMessage() throws {
        let pattern = try MessagePattern("^(feat|fix): .+$")
        #expect(pattern.matches("feat: x"))
        #expect(pattern.matches("feat: x\n"))
    }

    @Test(arguments: ["(unclosed", "[a-", "*x", "a{2,1}"])
    func invalidRegexThrows(pattern: String) {
        #expect(throws: PatternError.self) { try MessagePattern(pattern) }
    }
}

@Suite struct ByteSizeTests {
    @Test(arguments: [
        ("10 MiB", 10 * 1_048_576),
        ("10MiB", 10 * 1_048_576),
        ("10 mib", 10 * 1_048_576),
        ("500KB", 500_000),
        ("500 kb", 500_000),
        ("500 KiB", 500 * 1024),
        ("2g", 2 * 1_073_741_824),
        ("2G", 2 * 1_073_741_824),
        ("2 GB", 2_000_000_000),
        ("3m", 3 * 1_048_576),
        ("3 MB", 3_000_000),
        ("4k", 4096),
        ("123", 123),
        ("123 B", 123),
        ("0", 0),
        ("1.5 MiB", 1_572_864),
        ("  7 kb  ", 7000),
    ])
    func parsesSizes(text: String, bytes: Int) {
        #expect(ByteSize.parse(text) == bytes, "\(text)")
    }

    @Test(arguments: ["", "MiB", "10 XB", "10 MiBs", "10 bytes", "-1", "-5 MB", "1.2.3 MB", "ten", "1e3",
                      "99999999999 GiB"])
    func rejectsBadSizes(text: String) {
        #expect(ByteSize.parse(text) == nil, "\(text)")
    }

    @Test func describesSizes() {
        #expect(ByteSize.describe(0) == "0 B")
        #expect(ByteSize.describe(512) == "512 B")
        #expect(ByteSize.describe(1023) == "1023 B")
        #expect(ByteSize.describe(1024) == "1.0 KiB")
        #expect(ByteSize.describe(1536) == "1.5 KiB")
        #expect(ByteSize.describe(10 * 1_048_576) == "10.0 MiB")
        #expect(ByteSize.describe(3 * 1_073_741_824) == "3.0 GiB")
    }
}
