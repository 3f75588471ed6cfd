import WardenTOML

extension FuzzTarget {
    /// The TOML reader every policy, rule file and daemon configuration goes through, on raw file bytes (invalid
    /// UTF-8 included, as a file on disk may hold it). A parsed document is walked in full, as the loaders walk it.
    static let toml = FuzzTarget(name: "toml", summary: "TOMLDocument.parse(bytes:) and a walk of the result") { bytes in
        guard let table = try? TOMLDocument.parse(bytes: bytes, source: "fuzz.toml") else { return }
        TOMLWalk.visit(table)
    }
}

/// Reads every key, position and value of a parsed document, as the loaders and their error messages do.
enum TOMLWalk {
    static func visit(_ table: TOMLTable) {
        _ = table.position.description
        for key in table.keys {
            guard let node = table[key] else { continue }
            visit(node)
        }
    }

    static func visit(_ node: TOMLNode) {
        _ = node.position.description
        switch node.value {
        case .table(let table): visit(table)
        case .array(let nodes): for child in nodes { visit(child) }
        case .string(let text): _ = text.utf8.count
        case .integer, .float, .boolean, .dateTime: _ = node.value.typeName
        }
    }
}
