import Foundation
import Testing
@testable import WardenTOML

/// Hostile sizes and shapes: deep nesting, long dotted keys, many headers. Each must end in a parsed document or
/// a `TOMLError` naming the file and line, never a crash (these used to exhaust the stack with SIGSEGV).
@Suite struct TOMLLimitsTests {
    func failure(_ text: String) -> TOMLError? {
        do { _ = try TOMLDocument.parse(text, source: "deep.toml"); return nil } catch { return error }
    }

    @Test func tenThousandNestedArraysAreAnErrorAtTheirLine() throws {
        let text = "ok = 1\nx = " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n"
        let error = try #require(failure(text))
        #expect(error.position.line == 2)
        #expect(error.description.hasPrefix("deep.toml:2:"))
        #expect(error.message.contains("nested more than 128 levels"))
    }

    @Test func fiveThousandNestedInlineTablesAreAnErrorAtTheirLine() throws {
        let text = "\n\nx = " + String(repeating: "{a=", count: 5_000) + "1" + String(repeating: "}", count: 5_000) + "\n"
        let error = try #require(failure(text))
        #expect(error.position.line == 3)
        #expect(error.message.contains("nested more than 128 levels"))
    }

    @Test func fourteenThousandPartKeysAndHeadersAreErrors() throws {
        let parts = Array(repeating: "a", count: 14_000).joined(separator: ".")
        let dotted = try #require(failure("\(parts) = 1\n"))
        #expect(dotted.position.line == 1 && dotted.message.contains("more than 128 parts"))
        let header = try #require(failure("x = 1\n[\(parts)]\n"))
        #expect(header.position.line == 2 && header.message.contains("more than 128 parts"))
        let arrayHeader = try #require(failure("x = 1\n\n[[\(parts)]]\n"))
        #expect(arrayHeader.position.line == 3)
    }

    /// Depth counts tables and arrays together, however they were made: a header, then a dotted key, then
    /// inline tables, each well within the limit alone, still cannot go deeper than 128 levels.
    @Test func depthAddsUpAcrossHeadersDottedKeysAndInlineTables() throws {
        let fifty = Array(repeating: "a", count: 50).joined(separator: ".")
        let text = "[\(fifty)]\n\(fifty) = " + String(repeating: "{b=", count: 50) + "1" + String(repeating: "}", count: 50) + "\n"
        let error = try #require(failure(text))
        #expect(error.position.line == 2)
        // Up to the limit is fine: 128 nested arrays, a 128-part key.
        #expect(failure(Self.nestedArrays(128)) == nil)
        #expect(failure(Self.nestedArrays(129))?.message.contains("nested more than 128 levels") == true)
        #expect(failure(Array(repeating: "k", count: 128).joined(separator: ".") + " = 1\n") == nil)
        #expect(failure(Array(repeating: "k", count: 129).joined(separator: ".") + " = 1\n") != nil)
    }

    static func nestedArrays(_ count: Int) -> String {
        "x = " + String(repeating: "[", count: count) + String(repeating: "]", count: count) + "\n"
    }

    /// The deepest document allowed needs little stack: arrays and inline tables are read with an explicit stack,
    /// so it parses on a 256 KiB thread (half a secondary thread's default on macOS), even in a debug build.
    @Test func theDeepestAllowedDocumentParsesOnASmallStack() throws {
        let inline = "y = " + String(repeating: "{a=", count: 128) + "1" + String(repeating: "}", count: 128) + "\n"
        let dotted = Array(repeating: "k", count: 128).joined(separator: ".") + " = 1\n"
        let text = Self.nestedArrays(128) + inline + dotted
        nonisolated(unsafe) var parsed: TOMLTable?
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            parsed = try? TOMLDocument.parse(text, source: "deep.toml")
            done.signal()
        }
        thread.stackSize = 256 * 1024
        thread.start()
        done.wait()
        #expect(parsed?["x"] != nil && parsed?["y"] != nil && parsed?["k"] != nil)
    }

    /// 100,000 `[[rule]]` headers used to take over a minute (each append copied the whole array); now they parse
    /// in linear time (see BENCHMARKS.md, "TOML parse"). The test asserts the result; its time limit is only a
    /// backstop twenty times above what a loaded debug build needs (~9 s), far below the quadratic ~10 minutes.
    @Test(.timeLimit(.minutes(3))) func oneHundredThousandArrayOfTablesHeadersParse() throws {
        var text = ""
        for index in 0..<100_000 { text += "[[rule]]\nid = \"r\(index)\"\n[rule.limits]\nsize = \(index)\n" }
        let table = try TOMLDocument.parse(text, source: "many.toml")
        let rules = try #require(try table.tables("rule"))
        #expect(rules.count == 100_000)
        #expect(try rules[99_999].string("id") == "r99999")
        #expect(try rules[99_999].table("limits")?.integer("size") == 99_999)
        #expect(rules[99_999].position.line == 399_997)
    }
}
