import WardenTOML

extension PolicyParser {
    static let attestKeys: Set<String> = ["key", "repository-uri", "verifier-id", "refs", "notes-ref", "properties"]

    static func parseAttest(_ table: TOMLTable) throws(TOMLError) -> AttestSettings {
        try table.rejectUnknownKeys(allowed: attestKeys, context: "[attest]")
        func required(_ key: String, _ example: String) throws(TOMLError) -> String {
            guard let value = try table.string(key), !value.isEmpty else {
                throw table.error("[attest] needs '\(key)', e.g. \(key) = \"\(example)\"", key: table[key] == nil ? nil : key)
            }
            return value
        }
        let key = besidePolicy(try required("key", "/etc/git-warden/attest.key"), source: table.source)
        let uri = try required("repository-uri", "git+ssh://git.example.com/project.git")
        guard uri.hasPrefix("git+https://") || uri.hasPrefix("git+ssh://") || uri.hasPrefix("git+http://") else {
            throw table.error("repository-uri must be a git+https:// or git+ssh:// URI (the repository as consumers fetch it), not \"\(uri)\"",
                              key: "repository-uri")
        }
        let verifier = try required("verifier-id", "https://git.example.com/git-warden")
        guard verifier.contains("://"), !verifier.contains(where: \.isWhitespace) else {
            throw table.error("verifier-id must be a URI naming this server, not \"\(verifier)\"", key: "verifier-id")
        }
        guard let refTexts = try table.strings("refs"), !refTexts.isEmpty else {
            throw table.error("[attest] needs 'refs', the refs that get evidence, e.g. [\"refs/heads/main\", \"refs/tags/**\"]",
                              key: table["refs"] == nil ? nil : "refs")
        }
        var refs: [GlobPattern] = []
        for text in refTexts {
            guard text.hasPrefix("refs/") else {
                throw table.error("ref pattern '\(text)' must be a full ref name such as 'refs/heads/\(text)'", key: "refs")
            }
            refs.append(try pattern(text, key: "refs", in: table, GlobPattern.init))
        }
        var settings = AttestSettings(key: key, repositoryURI: uri, verifierID: verifier, refs: refs)
        settings.line = table.position.line
        if let notes = try table.string("notes-ref") {
            guard notes.hasPrefix("refs/notes/"), notes.count > "refs/notes/".count,
                  !notes.contains(where: { "*?[ ~^:\\".contains($0) }) else {
                throw table.error("notes-ref must be a ref under refs/notes/, such as \"refs/notes/commits\"", key: "notes-ref")
            }
            settings.notesRef = notes
        }
        if let properties = try table.table("properties") {
            for entry in properties.entries {
                let name = entry.key
                guard name.hasPrefix("ORG_SOURCE_"), name.count > "ORG_SOURCE_".count,
                      name.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }) else {
                    throw properties.error("property '\(name)' must be named ORG_SOURCE_ followed by capitals, digits and _ (SLSA reserves every other name)",
                                           key: name)
                }
                guard let text = try properties.string(name) else { continue }
                guard let control = Control(rawValue: text) else {
                    let known = Control.allCases.map(\.rawValue).joined(separator: ", ")
                    throw properties.error("property \(name) names '\(text)', which is not a control; use one of: \(known)",
                                           key: name)
                }
                settings.properties.append((name, control))
            }
        }
        return settings
    }
}
