/// Typed reads for configuration loaders. Each failure is a `TOMLError` that names the file, the line and the
/// key, so a loader can stay a flat list of `try table.string("id")` lines.
extension TOMLTable {
    /// An error positioned at `key` (or at the table when the key is absent).
    public func error(_ message: String, key: String? = nil) -> TOMLError {
        let at = key.flatMap { entry($0)?.keyPosition } ?? position
        return TOMLError(source: source, position: at, key: key, message: message)
    }

    /// Rejects keys a loader does not know: a misspelt `block-force-pushes` must not silently disable a check.
    public func rejectUnknownKeys(allowed: Set<String>, context: String) throws(TOMLError) {
        for entry in entries where !allowed.contains(entry.key) {
            let suggestion = Self.closest(to: entry.key, among: allowed).map { " (did you mean '\($0)'?)" } ?? ""
            throw error("unknown key in \(context)\(suggestion)", key: entry.key)
        }
    }

    public func string(_ key: String) throws(TOMLError) -> String? {
        guard let node = self[key] else { return nil }
        guard case .string(let value) = node.value else { throw mismatch(key, "a string", node) }
        return value
    }

    public func bool(_ key: String) throws(TOMLError) -> Bool? {
        guard let node = self[key] else { return nil }
        guard case .boolean(let value) = node.value else { throw mismatch(key, "true or false", node) }
        return value
    }

    public func integer(_ key: String) throws(TOMLError) -> Int64? {
        guard let node = self[key] else { return nil }
        guard case .integer(let value) = node.value else { throw mismatch(key, "an integer", node) }
        return value
    }

    /// A number, integer or float (thresholds such as entropy are written either way).
    public func number(_ key: String) throws(TOMLError) -> Double? {
        guard let node = self[key] else { return nil }
        switch node.value {
        case .integer(let value): return Double(value)
        case .float(let value): return value
        default: throw mismatch(key, "a number", node)
        }
    }

    /// An array of strings. A single string is accepted too, because `refs = "refs/heads/main"` is an easy and
    /// unambiguous thing to write.
    public func strings(_ key: String) throws(TOMLError) -> [String]? {
        guard let node = self[key] else { return nil }
        switch node.value {
        case .string(let value):
            return [value]
        case .array(let elements):
            var values: [String] = []
            for element in elements {
                guard case .string(let value) = element.value else {
                    throw error("expected an array of strings, found \(element.value.typeName) at \(element.position)",
                                key: key)
                }
                values.append(value)
            }
            return values
        default:
            throw mismatch(key, "an array of strings", node)
        }
    }

    public func table(_ key: String) throws(TOMLError) -> TOMLTable? {
        guard let node = self[key] else { return nil }
        guard case .table(let value) = node.value else { throw mismatch(key, "a table", node) }
        return value
    }

    /// An array of tables (`[[rule]]`); a single `[rule]` table is accepted as an array of one.
    public func tables(_ key: String) throws(TOMLError) -> [TOMLTable]? {
        guard let node = self[key] else { return nil }
        switch node.value {
        case .table(let value):
            return [value]
        case .array(let elements):
            var values: [TOMLTable] = []
            for element in elements {
                guard case .table(let value) = element.value else {
                    throw error("expected an array of tables, found \(element.value.typeName) at \(element.position)",
                                key: key)
                }
                values.append(value)
            }
            return values
        default:
            throw mismatch(key, "an array of tables", node)
        }
    }

    private func mismatch(_ key: String, _ expected: String, _ node: TOMLNode) -> TOMLError {
        error("expected \(expected), found \(node.value.typeName)", key: key)
    }

    /// The allowed key within edit distance 3, for "did you mean" hints.
    static func closest(to key: String, among candidates: Set<String>) -> String? {
        var best: (name: String, distance: Int)?
        for candidate in candidates.sorted() {
            let distance = editDistance(Array(key), Array(candidate))
            if distance <= 3 && distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        return best?.name
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var row = [i + 1]
            for (j, y) in b.enumerated() {
                row.append(min(previous[j + 1] + 1, row[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = row
        }
        return previous[b.count]
    }
}

extension TOMLTable {
    /// A duration at `key`: a string such as "30s" or "10m", or a number of seconds. It must lie within
    /// `DurationText.range` and be at least `minimum`; otherwise the error names the file, line and key.
    public func duration(_ key: String, minimum: Double = DurationText.range.lowerBound) throws(TOMLError) -> Double? {
        guard let node = self[key] else { return nil }
        let seconds: Double? = switch node.value {
        case .integer(let value): DurationText.checked(Double(value))
        case .float(let value): DurationText.checked(value)
        case .string(let text): DurationText.seconds(text)
        default: nil
        }
        guard let seconds, seconds >= minimum else {
            throw error("\(key) must be a duration from \(Self.durationText(minimum)) to 365 days, written like \"30s\", "
                        + "\"10m\", \"1h\" or \"1500ms\" (or a number of seconds)", key: key)
        }
        return seconds
    }

    static func durationText(_ seconds: Double) -> String {
        seconds < 1 ? "\(Int((seconds * 1000).rounded()))ms" : "\(Int(seconds))s"
    }
}
