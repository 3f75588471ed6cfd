import Testing
@testable import WardenPolicy
import WardenTOML

@Suite struct PolicyParserTests {
    static let source = "/srv/git/repo.git/git-warden.toml"

    func parse(_ text: String) throws -> Policy { try PolicyParser.parse(text, source: Self.source) }

    /// The error a policy text produces; records an issue when it parses.
    func failure(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> TOMLError? {
        do {
            _ = try PolicyParser.parse(text, source: Self.source)
            Issue.record("the policy parsed, but an error was expected", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    /// 1-based line of the first line of `text` that contains `marker`.
    func line(of marker: String, in text: String) -> Int {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let index = lines.firstIndex(where: { $0.contains(marker) }) else { return -1 }
        return index + 1
    }

    /// Checks an error's source, line (of the first line containing `marker`), key and message.
    func expectError(_ text: String, at marker: String, key: String?, messageContains fragment: String,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        guard let error = failure(text, sourceLocation: sourceLocation) else { return }
        #expect(error.source == Self.source, sourceLocation: sourceLocation)
        #expect(error.position.line == line(of: marker, in: text), "\(error)", sourceLocation: sourceLocation)
        #expect(error.key == key, "\(error)", sourceLocation: sourceLocation)
        #expect(error.message.contains(fragment), "\(error)", sourceLocation: sourceLocation)
    }

    // MARK: Valid policies

    static let fullPolicy = #"""
    # server policy
    [[rule]]
    id = "protect-main"
    description = "main and releases are protected"
    refs = ["refs/heads/main", "refs/heads/release/**"]
    block-force-push = true
    block-deletion = true
    block-creation = true
    creators = ["admin", "release-bot"]
    require-linear-history = true
    max-file-size = "10 MiB"
    forbidden-paths = ["*.pem", "/config/prod.env", "secrets/**"]
    commit-message-pattern = '^(feat|fix): '
    author-email-pattern = '@example\.com$'
    pushers = ["alice", "bob"]
    mode = "evaluate"

    [[rule]]
    refs = "refs/tags/*"
    max-file-size = 1024
    mode = "enforce"

    [hook]
    on-error = "accept"
    timeout = "30s"
    log = false
    """#

    @Test func fullPolicyWithEveryKey() throws {
        let policy = try parse(Self.fullPolicy)
        #expect(policy.source == Self.source)
        try #require(policy.rules.count == 2)

        let main = policy.rules[0]
        #expect(main.id == "protect-main")
        #expect(main.line == line(of: "[[rule]]", in: Self.fullPolicy))
        #expect(main.refs.map(\.pattern) == ["refs/heads/main", "refs/heads/release/**"])
        #expect(main.blockForcePush)
        #expect(main.blockDeletion)
        #expect(main.blockCreation)
        #expect(main.creators == ["admin", "release-bot"])
        #expect(main.requireLinearHistory)
        #expect(main.maxFileSize == 10 * 1_048_576)
        #expect(main.forbiddenPaths.map(\.pattern) == ["*.pem", "/config/prod.env", "secrets/**"])
        #expect(main.commitMessagePattern?.pattern == "^(feat|fix): ")
        #expect(main.authorEmailPattern?.pattern == #"@example\.com$"#)
        #expect(main.pushers == ["alice", "bob"])
        #expect(main.mode == .evaluate)
        #expect(main.needsCommits)
        #expect(main.needsFiles)
        // The compiled patterns behave, not just their text.
        #expect(main.forbiddenPaths[0].matches(path: "deploy/key.pem"))
        #expect(main.commitMessagePattern?.matches("feat: x") == true)
        #expect(main.authorEmailPattern?.matches("a@example.org") == false)

        let tags = policy.rules[1]
        #expect(tags.id == "rule-2")
        #expect(tags.line == line(of: "refs = \"refs/tags/*\"", in: Self.fullPolicy) - 1)
        #expect(tags.refs.map(\.pattern) == ["refs/tags/*"])
        #expect(tags.maxFileSize == 1024)
        #expect(tags.mode == .enforce)
        #expect(!tags.blockForcePush && !tags.blockDeletion && !tags.blockCreation && !tags.requireLinearHistory)
        #expect(tags.creators.isEmpty && tags.pushers.isEmpty && tags.forbiddenPaths.isEmpty)
        #expect(tags.commitMessagePattern == nil && tags.authorEmailPattern == nil)
        #expect(tags.needsFiles && tags.needsCommits)

        #expect(policy.hook.onError == .accept)
        #expect(policy.hook.timeoutSeconds == 30)
        #expect(policy.hook.log == false)

        #expect(policy.rules(for: "refs/heads/release/1.0/hotfix").map(\.id) == ["protect-main"])
        #expect(policy.rules(for: "refs/tags/v1").map(\.id) == ["rule-2"])
        #expect(policy.rules(for: "refs/tags/v1/rc1").isEmpty)
        #expect(policy.rules(for: "refs/heads/feature").isEmpty)
    }

    @Test func defaultsForAnEmptyPolicy() throws {
        let policy = try parse("")
        #expect(policy.rules.isEmpty)
        #expect(policy.hook.onError == .reject)
        #expect(policy.hook.timeoutSeconds == 60)
        #expect(policy.hook.log == true)
    }

    @Test func defaultsForAMinimalRule() throws {
        let policy = try parse("""
        [[rule]]
        refs = ["refs/heads/main"]
        """)
        let rule = try #require(policy.rules.first)
        #expect(rule.id == "rule-1")
        #expect(rule.mode == .enforce)
        #expect(!rule.blockForcePush && !rule.blockDeletion && !rule.blockCreation && !rule.requireLinearHistory)
        #expect(rule.maxFileSize == nil)
        #expect(!rule.needsCommits && !rule.needsFiles)
        #expect(!policy.rules(for: "refs/heads/main").contains { $0.needsCommits })
    }

    @Test func needsCommitsFollowsTheRulesOfTheRef() throws {
        let policy = try parse("""
        [[rule]]
        refs = ["refs/heads/main"]
        block-force-push = true
        [[rule]]
        refs = ["refs/heads/release/*"]
        require-linear-history = true
        [[rule]]
        refs = ["refs/heads/data/*"]
        max-file-size = "1 MB"
        """)
        #expect(!policy.rules(for: "refs/heads/main").contains { $0.needsCommits })
        #expect(policy.rules(for: "refs/heads/release/1").contains { $0.needsCommits })
        #expect(policy.rules(for: "refs/heads/data/x").contains { $0.needsCommits })
        #expect(!policy.rules(for: "refs/heads/other").contains { $0.needsCommits })
    }

    @Test func singleRuleTableAndSpecialRefPatterns() throws {
        let policy = try parse("""
        [rule]
        id = "all"
        refs = ["HEAD", "**/main", "refs/heads/*"]
        """)
        #expect(policy.rules.map(\.id) == ["all"])
        #expect(policy.rules[0].refs.count == 3)
        #expect(policy.rules(for: "refs/remotes/origin/main").map(\.id) == ["all"])
    }

    @Test(arguments: [
        ("timeout = 45", 45.0),
        ("timeout = 2.5", 2.5),
        (#"timeout = "45""#, 45.0),
        (#"timeout = "30s""#, 30.0),
        (#"timeout = "1500ms""#, 1.5),
        (#"timeout = "2m""#, 120.0),
        (#"timeout = "1h""#, 3600.0),
    ])
    func hookTimeouts(assignment: String, seconds: Double) throws {
        let policy = try parse("[hook]\n\(assignment)\n")
        #expect(policy.hook.timeoutSeconds == seconds)
    }

    @Test func sizesAsIntegersAndStrings() throws {
        let policy = try parse("""
        [[rule]]
        id = "a"
        refs = ["refs/heads/a"]
        max-file-size = 0
        [[rule]]
        id = "b"
        refs = ["refs/heads/b"]
        max-file-size = "500KB"
        [[rule]]
        id = "c"
        refs = ["refs/heads/c"]
        max-file-size = "2g"
        """)
        #expect(policy.rules.map(\.maxFileSize) == [0, 500_000, 2 * 1_073_741_824])
    }

    // MARK: Errors: line and key

    @Test func unknownRuleKeySuggestsTheRightOne() {
        let text = """
        [[rule]]
        id = "main"
        refs = ["refs/heads/main"]
        block-force-pushes = true
        """
        expectError(text, at: "block-force-pushes", key: "block-force-pushes",
                    messageContains: "did you mean 'block-force-push'?")
    }

    @Test func unknownKeyWithoutCloseMatchHasNoSuggestion() {
        let text = """
        [[rule]]
        refs = ["refs/heads/main"]
        frobnicate-everything = true
        """
        guard let error = failure(text) else { return }
        #expect(error.key == "frobnicate-everything")
        #expect(error.position.line == 3)
        #expect(!error.message.contains("did you mean"))
    }

    @Test func unknownTopLevelAndHookKeys() {
        let topLevel = """
        # comment

        [[rules]]
        refs = ["refs/heads/main"]
        """
        expectError(topLevel, at: "[[rules]]", key: "rules", messageContains: "did you mean 'rule'?")

        let hook = """
        [hook]
        on-error = "reject"
        timout = 5
        """
        expectError(hook, at: "timout", key: "timout", messageContains: "did you mean 'timeout'?")
    }

    @Test(arguments: [
        (#"block-deletion = "yes""#, "block-deletion", "true or false"),
        ("block-force-push = 1", "block-force-push", "true or false"),
        ("require-linear-history = \"true\"", "require-linear-history", "true or false"),
        ("creators = 5", "creators", "array of strings"),
        (#"pushers = ["alice", 7]"#, "pushers", "array of strings"),
        ("forbidden-paths = true", "forbidden-paths", "array of strings"),
        ("commit-message-pattern = 1", "commit-message-pattern", "a string"),
        ("author-email-pattern = []", "author-email-pattern", "a string"),
        ("mode = true", "mode", "a string"),
        ("id = 3", "id", "a string"),
        ("max-file-size = true", "max-file-size", "size"),
        ("max-file-size = -1", "max-file-size", "size"),
        ("max-file-size = 1.5", "max-file-size", "size"),
    ])
    func wrongValueTypes(assignment: String, key: String, fragment: String) {
        let text = """
        [[rule]]
        refs = ["refs/heads/main"]
        \(assignment)
        """
        expectError(text, at: assignment, key: key, messageContains: fragment)
    }

    @Test func refsOfTheWrongType() {
        expectError("""
        [[rule]]
        refs = 5
        """, at: "refs = 5", key: "refs", messageContains: "array of strings")
        expectError("""
        [[rule]]
        refs = ["refs/heads/main", 3]
        """, at: "refs = [", key: "refs", messageContains: "array of strings")
    }

    @Test func missingRefsPointsAtTheRule() {
        let text = """
        [[rule]]
        id = "ok"
        refs = ["refs/heads/main"]

        [[rule]]
        id = "no-refs"
        block-deletion = true
        """
        guard let error = failure(text) else { return }
        #expect(error.source == Self.source)
        #expect(error.position.line == 5)
        #expect(error.message.contains("refs"))
    }

    /// An empty list is present in the file, so the error can (and should) name its key and line.
    @Test func emptyRefsNamesTheKey() {
        let text = """
        [[rule]]
        id = "empty"
        refs = []
        """
        guard let error = failure(text) else { return }
        #expect(error.message.contains("refs"))
        #expect(error.key == "refs")
        #expect(error.position.line == 3)
    }

    @Test(arguments: ["heads/main", "main", "refs", "/refs/heads/main", "ref/heads/main"])
    func refPatternMustBeAFullRefName(pattern: String) {
        let text = """
        [[rule]]
        id = "x"
        refs = ["refs/heads/ok", "\(pattern)"]
        """
        expectError(text, at: "refs =", key: "refs", messageContains: "'\(pattern)'")
    }

    @Test func invalidRefGlob() {
        let text = """
        [[rule]]
        id = "x"

        refs = ["refs/heads/[abc"]
        """
        expectError(text, at: "refs =", key: "refs", messageContains: "not closed")
    }

    @Test func invalidRegexInPatterns() {
        let message = """
        [[rule]]
        refs = ["refs/heads/main"]
        block-force-push = true
        commit-message-pattern = "(unclosed"
        """
        expectError(message, at: "commit-message-pattern", key: "commit-message-pattern",
                    messageContains: "(unclosed")

        let email = """
        [[rule]]
        refs = ["refs/heads/main"]
        author-email-pattern = "[a-"
        """
        expectError(email, at: "author-email-pattern", key: "author-email-pattern", messageContains: "[a-")
    }

    @Test func invalidForbiddenPath() {
        let text = """
        [[rule]]
        refs = ["refs/heads/main"]
        forbidden-paths = ["ok.txt",
          "[z-a]"]
        """
        expectError(text, at: "forbidden-paths", key: "forbidden-paths", messageContains: "reversed")
    }

    @Test(arguments: ["10 XB", "lots", "-3 MB", "10 MiBs"])
    func badSize(size: String) {
        let text = """
        [[rule]]
        refs = ["refs/heads/main"]
        max-file-size = "\(size)"
        """
        expectError(text, at: "max-file-size", key: "max-file-size", messageContains: "'\(size)' is not a size")
    }

    @Test(arguments: ["strict", "Enforce", "", "warn"])
    func badMode(mode: String) {
        let text = """
        [[rule]]
        refs = ["refs/heads/main"]
        mode = "\(mode)"
        """
        expectError(text, at: "mode =", key: "mode", messageContains: "\"enforce\" or \"evaluate\"")
    }

    @Test func duplicateRuleID() {
        let text = """
        [[rule]]
        id = "main"
        refs = ["refs/heads/main"]

        [[rule]]
        refs = ["refs/heads/release/*"]
        id = "main"
        """
        guard let error = failure(text) else { return }
        #expect(error.key == "id")
        #expect(error.position.line == 7)
        #expect(error.message.contains("'main'"))
        #expect(error.message.contains("line 1"))
    }

    @Test(arguments: ["ignore", "Reject", "", "fail-open"])
    func badOnError(value: String) {
        let text = """
        [hook]
        timeout = 10
        on-error = "\(value)"
        """
        expectError(text, at: "on-error", key: "on-error", messageContains: "\"reject\" or \"accept\"")
    }

    @Test(arguments: ["timeout = 0", "timeout = -5", "timeout = 0.0", #"timeout = "soon""#, #"timeout = "10x""#,
                      #"timeout = "0s""#, "timeout = true", "timeout = inf", "timeout = nan", "timeout = [30]",
                      #"timeout = "inf""#, #"timeout = "1e21s""#, #"timeout = "0x1p70s""#, "timeout = 1e21",
                      #"timeout = "-5s""#, #"timeout = "366d""#, "timeout = 9223372036854775807"])
    func badTimeout(assignment: String) {
        let text = """
        [hook]
        on-error = "reject"
        \(assignment)
        """
        expectError(text, at: "timeout", key: "timeout", messageContains: "must be a duration from 1ms to 365 days")
    }

    @Test func hookLogOfTheWrongType() {
        expectError("""
        [hook]
        log = "no"
        """, at: "log", key: "log", messageContains: "true or false")
    }

    @Test func hookThatIsNotATable() {
        expectError("""
        hook = 5
        """, at: "hook", key: "hook", messageContains: "a table")
    }

    @Test func syntaxErrorsKeepTheirLine() {
        let text = """
        [[rule]]
        refs = ["refs/heads/main"]
        block-deletion = true true
        """
        guard let error = failure(text) else { return }
        #expect(error.source == Self.source)
        #expect(error.position.line == 3)
    }

    // MARK: Bytes

    @Test func validBytesParse() throws {
        let policy = try PolicyParser.parse(bytes: Array(Self.fullPolicy.utf8), source: "bytes.toml")
        #expect(policy.source == "bytes.toml")
        #expect(policy.rules.map(\.id) == ["protect-main", "rule-2"])
    }

    @Test func invalidUTF8IsReportedAtItsLine() {
        var bytes = Array("[[rule]]\nrefs = [\"refs/heads/main\"]\ndescription = \"caf".utf8)
        bytes += [0xC3, 0x28]  // a lead byte followed by a byte that cannot continue it
        bytes += Array("\"\n".utf8)
        do {
            _ = try PolicyParser.parse(bytes: bytes, source: "bad.toml")
            Issue.record("invalid UTF-8 was accepted")
        } catch {
            #expect(error.source == "bad.toml")
            #expect(error.position.line == 3)
            #expect(error.position.column == 19)
            #expect(error.message.contains("UTF-8"))
        }
    }

    @Test func loneContinuationByteIsRejected() {
        let bytes = Array("[hook]\n".utf8) + [0x80] + Array("log = true\n".utf8)
        do {
            _ = try PolicyParser.parse(bytes: bytes, source: "bad.toml")
            Issue.record("invalid UTF-8 was accepted")
        } catch {
            #expect(error.position.line == 2)
            #expect(error.position.column == 1)
            #expect(error.message.contains("0x80"))
        }
    }
}
