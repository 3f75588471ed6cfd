import Foundation

/// A JSON value as JSON has it: booleans are not numbers, integers are not doubles (Foundation's
/// `JSONSerialization` blurs both on Linux, which would let a schema check pass what it must reject).
indirect enum JSONValue: Hashable, Decodable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int.self) { self = .integer(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    static func parse(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    var object: [String: JSONValue]? { if case .object(let value) = self { value } else { nil } }
    var array: [JSONValue]? { if case .array(let value) = self { value } else { nil } }
    var string: String? { if case .string(let value) = self { value } else { nil } }

    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Integers are numbers too; a double with no fraction counts as an integer (JSON Schema's rule).
    func hasType(_ name: String) -> Bool {
        switch (name, self) {
        case ("number", .integer), ("number", .number): true
        case ("integer", .number(let value)): value.rounded() == value
        default: typeName == name
        }
    }

    var numericValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }
}

/// Validates JSON against a JSON Schema (draft-04/07 subset): exactly the keywords the SARIF 2.1.0 schema uses.
/// A keyword it does not know is itself an error, so the check can never pass by ignoring part of a schema.
struct JSONSchemaValidator {
    static let annotations: Set<String> = ["$schema", "id", "$id", "title", "description", "default", "format",
                                           "definitions"]
    static let assertions: Set<String> = ["$ref", "type", "properties", "required", "additionalProperties",
                                          "items", "enum", "minimum", "maximum", "minItems", "uniqueItems",
                                          "pattern", "oneOf", "anyOf"]

    let root: JSONValue

    /// Every violation, as "path: what is wrong"; empty means valid.
    func validate(_ instance: JSONValue) -> [String] {
        var errors: [String] = []
        check(instance, against: root, at: "$", errors: &errors)
        return errors
    }

    private func check(_ instance: JSONValue, against schema: JSONValue, at path: String, errors: inout [String]) {
        guard let rules = schema.object else {
            errors.append("\(path): schema is not an object")
            return
        }
        for key in rules.keys where !Self.annotations.contains(key) && !Self.assertions.contains(key) {
            errors.append("\(path): unsupported schema keyword \(key)")
        }
        if let reference = rules["$ref"]?.string {
            guard let target = resolve(reference) else {
                errors.append("\(path): unresolvable $ref \(reference)")
                return
            }
            check(instance, against: target, at: path, errors: &errors)
        }
        if let type = rules["type"] {
            let names = type.array?.compactMap(\.string) ?? [type.string].compactMap { $0 }
            if !names.contains(where: instance.hasType) {
                errors.append("\(path): expected \(names.joined(separator: " or ")), found \(instance.typeName)")
                return
            }
        }
        if let allowed = rules["enum"]?.array, !allowed.contains(instance) {
            errors.append("\(path): \(instance) is not one of the allowed values")
        }
        if let value = instance.numericValue {
            if let minimum = rules["minimum"]?.numericValue, value < minimum {
                errors.append("\(path): \(value) is below the minimum \(minimum)")
            }
            if let maximum = rules["maximum"]?.numericValue, value > maximum {
                errors.append("\(path): \(value) is above the maximum \(maximum)")
            }
        }
        if let text = instance.string, let pattern = rules["pattern"]?.string {
            let regex = try? NSRegularExpression(pattern: pattern)
            let range = NSRange(text.startIndex..., in: text)
            if regex?.firstMatch(in: text, range: range) == nil {
                errors.append("\(path): \(text.debugDescription) does not match \(pattern)")
            }
        }
        if let items = instance.array {
            if let minimum = rules["minItems"]?.numericValue, Double(items.count) < minimum {
                errors.append("\(path): \(items.count) items, fewer than \(Int(minimum))")
            }
            if rules["uniqueItems"] == .bool(true), Set(items).count != items.count {
                errors.append("\(path): items are not unique")
            }
            if let itemSchema = rules["items"] {
                for (index, item) in items.enumerated() {
                    check(item, against: itemSchema, at: "\(path)[\(index)]", errors: &errors)
                }
            }
        }
        if let members = instance.object { checkObject(members, rules: rules, at: path, errors: &errors) }
        for (keyword, needsExactlyOne) in [("oneOf", true), ("anyOf", false)] {
            guard let options = rules[keyword]?.array else { continue }
            let passing = options.filter { option in
                var optionErrors: [String] = []
                check(instance, against: option, at: path, errors: &optionErrors)
                return optionErrors.isEmpty
            }.count
            if needsExactlyOne ? passing != 1 : passing == 0 {
                errors.append("\(path): matches \(passing) of the \(keyword) alternatives")
            }
        }
    }

    private func checkObject(_ members: [String: JSONValue], rules: [String: JSONValue], at path: String,
                             errors: inout [String]) {
        for name in rules["required"]?.array?.compactMap(\.string) ?? [] where members[name] == nil {
            errors.append("\(path): missing required property \(name)")
        }
        let properties = rules["properties"]?.object ?? [:]
        for (name, value) in members.sorted(by: { $0.key < $1.key }) {
            if let propertySchema = properties[name] {
                check(value, against: propertySchema, at: "\(path).\(name)", errors: &errors)
            } else if let additional = rules["additionalProperties"] {
                if additional == .bool(false) {
                    errors.append("\(path): property \(name) is not allowed")
                } else if additional.object != nil {
                    check(value, against: additional, at: "\(path).\(name)", errors: &errors)
                }
            }
        }
    }

    /// Only local references (`#/definitions/name`), which is all the SARIF schema has.
    private func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#/") else { return nil }
        var node = root
        for part in reference.dropFirst(2).split(separator: "/") {
            guard let next = node.object?[String(part)] else { return nil }
            node = next
        }
        return node
    }
}
