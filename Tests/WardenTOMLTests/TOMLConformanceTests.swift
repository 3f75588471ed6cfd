import Foundation
import Testing
@testable import WardenTOML

/// Runs toml-test's TOML 1.0 cases (see toml-test/README.md): every invalid document must be rejected, every
/// valid one must parse to exactly the tagged JSON beside it. No case is skipped.
@Suite struct TOMLConformanceTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("toml-test")

    /// Paths under `toml-test/<directory>` ending in `.toml`, sorted, relative to `toml-test`.
    static func cases(_ directory: String) -> [String] {
        let base = root.appendingPathComponent(directory).path
        let files = FileManager.default.enumerator(atPath: base)?.compactMap { $0 as? String } ?? []
        return files.filter { $0.hasSuffix(".toml") }.map { "\(directory)/\($0)" }.sorted()
    }

    static func bytes(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent(relative)))
    }

    @Test func theCasesAreThere() {
        // Guards the runner itself: an empty or misplaced directory must not pass as "no failures".
        #expect(Self.cases("valid").count == 210)
        #expect(Self.cases("invalid").count == 499)
    }

    @Test func everyInvalidDocumentIsRejected() throws {
        var accepted: [String] = []
        for path in Self.cases("invalid") {
            let bytes = try Self.bytes(path)
            do {
                _ = try TOMLDocument.parse(bytes: bytes, source: path)
                accepted.append(path)
            } catch {
                #expect(error.source == path && error.position.line >= 1, "\(error)")
            }
        }
        #expect(accepted.isEmpty, "accepted \(accepted.count) invalid documents: \(accepted)")
    }

    @Test func everyValidDocumentParsesToItsExpectation() throws {
        var failures: [String] = []
        for path in Self.cases("valid") {
            let jsonPath = String(path.dropLast(".toml".count)) + ".json"
            let expected = try JSONSerialization.jsonObject(with: Data(try Self.bytes(jsonPath)), options: [.fragmentsAllowed])
            let bytes = try Self.bytes(path)
            do {
                let table = try TOMLDocument.parse(bytes: bytes, source: path)
                if let mismatch = TaggedComparison.compare(table, expected, at: "") {
                    failures.append("\(path): \(mismatch)")
                }
            } catch {
                failures.append("\(path): rejected: \(error)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) valid documents failed:\n\(failures.joined(separator: "\n"))")
    }
}

/// Compares a parsed document with toml-test's tagged JSON (`{"type": "integer", "value": "42"}` for values,
/// plain objects and arrays for tables and arrays). Returns the first difference, or nil.
enum TaggedComparison {
    static func compare(_ table: TOMLTable, _ expected: Any, at path: String) -> String? {
        guard let object = expected as? [String: Any], !isTagged(object) else {
            return "\(path): a table where the expectation has \(expected)"
        }
        guard table.entries.count == object.count else {
            return "\(path): keys \(table.keys.sorted()) but expected \(object.keys.sorted())"
        }
        for entry in table.entries {
            guard let want = object[entry.key] else { return "\(path): unexpected key '\(entry.key)'" }
            if let mismatch = compare(entry.node.value, want, at: "\(path).\(entry.key)") { return mismatch }
        }
        return nil
    }

    static func isTagged(_ object: [String: Any]) -> Bool {
        object.count == 2 && object["type"] is String && object["value"] is String
    }

    static func compare(_ value: TOMLValue, _ expected: Any, at path: String) -> String? {
        switch value {
        case .table(let table):
            return compare(table, expected, at: path)
        case .array(let elements):
            guard let array = expected as? [Any], array.count == elements.count else {
                return "\(path): an array of \(elements.count) where the expectation has \(expected)"
            }
            for (index, element) in elements.enumerated() {
                if let mismatch = compare(element.value, array[index], at: "\(path)[\(index)]") { return mismatch }
            }
            return nil
        default:
            guard let object = expected as? [String: Any], isTagged(object),
                  let type = object["type"] as? String, let text = object["value"] as? String
            else { return "\(path): \(value) where the expectation has \(expected)" }
            return scalarMatches(value, type: type, text: text) ? nil : "\(path): \(value) is not \(type) \(text)"
        }
    }

    static func scalarMatches(_ value: TOMLValue, type: String, text: String) -> Bool {
        switch value {
        case .string(let string):
            // Scalar by scalar: Swift's String equality would call canonically equivalent texts equal.
            return type == "string" && Array(string.unicodeScalars) == Array(text.unicodeScalars)
        case .integer(let integer):
            return type == "integer" && Int64(text) == integer
        case .float(let float):
            guard type == "float" else { return false }
            switch text {
            case "nan", "+nan", "-nan": return float.isNaN
            case "inf", "+inf": return float == .infinity
            case "-inf": return float == -.infinity
            default: return Double(text) == float
            }
        case .boolean(let boolean):
            return type == "bool" && text == (boolean ? "true" : "false")
        case .dateTime(let dateTime):
            let kind: String? = switch TOMLDateTime.kind(of: dateTime) {
            case .offsetDateTime: "datetime"
            case .localDateTime: "datetime-local"
            case .localDate: "date-local"
            case .localTime: "time-local"
            case nil: nil
            }
            return kind == type && normalized(dateTime) == normalized(text)
        case .array, .table:
            return false
        }
    }

    /// RFC 3339 spellings of one instant compare equal: `T`/`t`/space, `Z`/`z`/`+00:00`, and fractions to the
    /// millisecond toml-test requires (longer fractions are truncated, as TOML allows).
    static func normalized(_ text: String) -> String {
        var result = text.uppercased().replacingOccurrences(of: " ", with: "T")
        for zero in ["+00:00", "-00:00"] where result.hasSuffix(zero) {
            result = String(result.dropLast(zero.count)) + "Z"
        }
        // The seconds are the two digits after the time's second colon; a fraction may follow.
        var characters = Array(result)
        guard let firstColon = characters.firstIndex(of: ":"), firstColon + 6 <= characters.count else { return result }
        let fractionStart = firstColon + 6
        var fractionEnd = fractionStart
        if fractionStart < characters.count, characters[fractionStart] == "." {
            fractionEnd += 1
            while fractionEnd < characters.count, characters[fractionEnd].isNumber { fractionEnd += 1 }
        }
        let fraction = fractionEnd > fractionStart ? Array(characters[(fractionStart + 1)..<fractionEnd]) : []
        let millis = Array((fraction + Array("000")).prefix(3))
        characters.replaceSubrange(fractionStart..<fractionEnd, with: ["."] + millis)
        return String(characters)
    }
}
