import Foundation

/// A scrape in the Prometheus text exposition format (0.0.4), parsed strictly: `# HELP` and `# TYPE` lines, samples
/// `name{label="value",...} value [timestamp]` with the format's escapes; any other line is an error naming it.
struct PrometheusExposition {
    struct Malformed: Error, CustomStringConvertible {
        var line: Int
        var text: String
        var description: String { "line \(line) is not Prometheus text: \(text)" }
    }

    private(set) var help: [String: String] = [:]
    private(set) var types: [String: String] = [:]
    /// Sample values by metric name and label set.
    private(set) var samples: [String: [[String: String]: Double]] = [:]

    init(parsing text: String) throws {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let malformed = Malformed(line: index + 1, text: String(line))
            if line.isEmpty { continue }
            if line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
                guard parts.count == 4, Self.isName(parts[2]) else { throw malformed }
                if parts[1] == "HELP" {
                    help[String(parts[2])] = String(parts[3])
                } else {
                    guard ["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[3]) else { throw malformed }
                    types[String(parts[2])] = String(parts[3])
                }
                continue
            }
            if line.hasPrefix("#") { continue }
            guard let (name, labels, value) = Self.sample(Substring(line)) else { throw malformed }
            samples[name, default: [:]][labels] = value
        }
    }

    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? { samples[name]?[labels] }

    static func isName(_ text: Substring) -> Bool {
        guard let first = text.first, !first.isNumber else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":") }
    }

    static func sample(_ line: Substring) -> (String, [String: String], Double)? {
        var rest = line
        let name = rest.prefix { $0 != "{" && $0 != " " }
        guard isName(name) else { return nil }
        rest = rest.dropFirst(name.count)
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest = rest.dropFirst()
            while rest.first != "}" {
                let label = rest.prefix { $0 != "=" }
                guard isName(label), !label.contains(":") else { return nil }
                rest = rest.dropFirst(label.count)
                guard rest.hasPrefix("=\"") else { return nil }
                rest = rest.dropFirst(2)
                var value = ""
                while let character = rest.first, character != "\"" {
                    rest = rest.dropFirst()
                    guard character == "\\" else { value.append(character); continue }
                    switch rest.first {
                    case "\\": value.append("\\")
                    case "\"": value.append("\"")
                    case "n": value.append("\n")
                    default: return nil
                    }
                    rest = rest.dropFirst()
                }
                guard rest.first == "\"" else { return nil }
                rest = rest.dropFirst()
                labels[String(label)] = value
                if rest.first == "," { rest = rest.dropFirst() } else if rest.first != "}" { return nil }
            }
            rest = rest.dropFirst()
        }
        let fields = rest.split(separator: " ")
        guard rest.first == " ", (1...2).contains(fields.count) else { return nil }
        let value: Double? = switch fields[0] {
        case "+Inf": .infinity
        case "-Inf": -.infinity
        case "NaN": .nan
        default: Double(fields[0])
        }
        guard let value, fields.count == 1 || Int64(fields[1]) != nil else { return nil }
        return (String(name), labels, value)
    }
}
