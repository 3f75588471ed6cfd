import Foundation
import TestSupport
import Testing
@testable import WardenSecrets

@Suite struct CacheTests {
    let rules = RuleSet(rules: [Fixtures.github, Fixtures.aws])

    func cacheFiles(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".hsdb") }
    }

    @Test func missThenHitThenCorruptionRecompiles() throws {
        let scratch = try TemporaryDirectory()
        defer { withExtendedLifetime(scratch) {} }
        let directory = scratch.path
        let first = try SecretScanner(rules: rules, cache: .directory(directory))
        #expect(first.databaseSource == .compiled(stored: true))
        let files = cacheFiles(directory)
        #expect(files.count == 1)

        let second = try SecretScanner(rules: rules, cache: .directory(directory))
        #expect(second.databaseSource == .cache)
        let text = Array("t = \(Fixtures.githubToken)".utf8)
        #expect(second.scan(text, path: "a").findings.map(\.ruleID) == ["github-pat"])

        let file = "\(directory)/\(files[0])"
        var bytes = [UInt8](FileManager.default.contents(atPath: file)!)
        for offset in [9, bytes.count / 2, bytes.count - 3] {
            var damaged = bytes
            damaged[offset] ^= 0x5A
            #expect(FileManager.default.createFile(atPath: file, contents: Data(damaged)))
            let third = try SecretScanner(rules: rules, cache: .directory(directory))
            #expect(third.databaseSource == .compiled(stored: true), "flip at \(offset)")
            #expect(third.scan(text, path: "a").findings.count == 1)
        }
        bytes.removeLast(100)
        #expect(FileManager.default.createFile(atPath: file, contents: Data(bytes)))
        #expect(try SecretScanner(rules: rules, cache: .directory(directory)).databaseSource == .compiled(stored: true))
        #expect(try SecretScanner(rules: rules, cache: .directory(directory)).databaseSource == .cache)
    }

    /// The parsed default rules come back from their cache exactly as parsed; a damaged or cut file is a miss.
    @Test func parsedDefaultRulesRoundTripAndDamageIsAMiss() throws {
        let scratch = try TemporaryDirectory()
        defer { withExtendedLifetime(scratch) {} }
        let directory = scratch.path
        let text = defaultRulesRuntimeText
        let parsed = try RuleSet.defaultRules(cache: .disabled)
        #expect(ParsedRulesCache.load(text: text, directory: directory) == nil)
        #expect(try RuleSet.defaultRules(cache: .directory(directory)) == parsed)
        #expect(ParsedRulesCache.load(text: text, directory: directory) == parsed)
        // Every field survives, examples included.
        let full = try RuleSet.defaultRulesWithExamples()
        ParsedRulesCache.store(full, text: "other", directory: directory)
        #expect(ParsedRulesCache.load(text: "other", directory: directory) == full)

        let file = ParsedRulesCache.fileName(text: text, directory: directory)
        let bytes = [UInt8](FileManager.default.contents(atPath: file)!)
        for offset in [3, 20, bytes.count / 2, bytes.count - 1] {
            var damaged = bytes
            damaged[offset] ^= 0x21
            #expect(FileManager.default.createFile(atPath: file, contents: Data(damaged)))
            #expect(ParsedRulesCache.load(text: text, directory: directory) == nil, "flip at \(offset)")
            #expect(try RuleSet.defaultRules(cache: .directory(directory)) == parsed)
        }
        #expect(FileManager.default.createFile(atPath: file, contents: Data(bytes.dropLast(7))))
        #expect(ParsedRulesCache.load(text: text, directory: directory) == nil)
    }

    @Test func otherRulesGetAnotherEntry() throws {
        let scratch = try TemporaryDirectory()
        defer { withExtendedLifetime(scratch) {} }
        let directory = scratch.path
        _ = try SecretScanner(rules: rules, cache: .directory(directory))
        let other = RuleSet(rules: [Fixtures.github])
        #expect(try SecretScanner(rules: other, cache: .directory(directory)).databaseSource == .compiled(stored: true))
        #expect(cacheFiles(directory).count == 2)
    }

    @Test func unwritableDirectoryJustCompiles() throws {
        let scratch = try TemporaryDirectory()
        defer { withExtendedLifetime(scratch) {} }
        let directory = scratch.path
        let blocker = "\(directory)/not-a-directory"
        #expect(FileManager.default.createFile(atPath: blocker, contents: Data("x".utf8)))
        let scanner = try SecretScanner(rules: rules, cache: .directory("\(blocker)/cache"))
        #expect(scanner.databaseSource == .compiled(stored: false))
        #expect(scanner.scan(Array("k = \(Fixtures.awsKey)".utf8), path: "a").findings.count == 1)
    }

    @Test func ruleSetWithoutVectorscanRulesCachesToo() throws {
        let scratch = try TemporaryDirectory()
        defer { withExtendedLifetime(scratch) {} }
        let directory = scratch.path
        let pathOnly = RuleSet(rules: [SecretRule(id: "keystore", regex: nil, path: #"\.jks$"#)])
        _ = try SecretScanner(rules: pathOnly, cache: .directory(directory))
        let loaded = try SecretScanner(rules: pathOnly, cache: .directory(directory))
        #expect(loaded.databaseSource == .cache)
        #expect(loaded.scan([], path: "a/b.jks").findings.count == 1)
    }

    @Test func concurrentScansShareOneScanner() async throws {
        let scanner = try Fixtures.scanner([Fixtures.github, Fixtures.aws])
        let text = Array((0..<200).map { "line \($0) t = \(Fixtures.githubToken) k = \(Fixtures.awsKey)" }
            .joined(separator: "\n").utf8)
        let counts = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 { group.addTask { scanner.scan(text, path: "x").findings.count } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(counts == Array(repeating: 400, count: 8))
    }
}

/// Hooks of service users run without HOME: the automatic cache falls through to the system cache and then to the
/// repository's own directory, and a scanner says where its rules came from.
@Suite struct CacheLocationTests {
    @Test func automaticOrderWithAndWithoutHome() throws {
        let scratch = try TemporaryDirectory()
        defer { withExtendedLifetime(scratch) {} }
        let directory = scratch.path
        let full = CacheLocation.automaticCandidates(
            environment: ["XDG_CACHE_HOME": "/x", "HOME": "/home/u", "GIT_DIR": directory], systemDirectory: "/sys-cache")
        let resolvedDirectory = try #require(realpath(directory, nil).map { pointer in
            defer { free(pointer) }
            return String(cString: pointer)
        })
        #expect(full == ["/x/git-warden", "/home/u/.cache/git-warden", "/sys-cache", resolvedDirectory + "/git-warden/cache"])
        // Apache's CGI environment: no HOME, GIT_DIR relative; relative XDG values are ignored.
        #expect(CacheLocation.automaticCandidates(environment: ["XDG_CACHE_HOME": "rel"], systemDirectory: "/s") == ["/s"])
    }

    @Test func compiledRulesGoToTheFirstWritableDirectoryAndAreFoundThere() throws {
        let scratch = try TemporaryDirectory()
        defer { withExtendedLifetime(scratch) {} }
        let directory = scratch.path
        let blocker = "\(directory)/file"
        #expect(FileManager.default.createFile(atPath: blocker, contents: Data("x".utf8)))
        let location = CacheLocation.directories(["\(blocker)/home-cache", "\(directory)/repo-cache"])
        let rules = RuleSet(rules: [Fixtures.aws])
        let first = try SecretScanner(rules: rules, cache: location)
        #expect(first.cacheReport.source == "compiled" && first.cacheReport.directory == "\(directory)/repo-cache")
        #expect(first.cacheReport.compileMilliseconds != nil)
        let second = try SecretScanner(rules: rules, cache: location)
        #expect(second.cacheReport == RulesCacheReport(source: "cache", directory: "\(directory)/repo-cache",
                                                       compileMilliseconds: nil))
        let nowhere = try SecretScanner(rules: rules, cache: .directories(["\(blocker)/a", "\(blocker)/b"]))
        #expect(nowhere.cacheReport.isUncached)
    }
}
