/// One secret found by one rule at one place.
///
/// The secret itself is `package`: the git layer may need it (an operator's explicit "show secrets"), but every
/// textual form of a finding — `description`, `debugDescription`, `dump` — shows only the redacted form.
public struct SecretFinding: Sendable, Hashable {
    public var ruleID: String
    public var ruleDescription: String
    public var path: String
    /// 1-based line of the secret's first byte; 0 when a path-only rule flags the file as a whole.
    public var line: Int
    /// 1-based column in Unicode scalars (bytes that are not UTF-8 continuation bytes); 0 for a whole file.
    public var column: Int
    public var commit: String?
    package var secret: String
    /// A prefix, an ellipsis and the length: safe to print.
    public var redacted: String
    /// Shannon entropy of the secret in bits per byte.
    public var entropy: Double
    /// Path, rule and secret hashed (see `Fingerprint`): survives the secret moving within its file.
    public var fingerprint: String
    public var tags: [String]
    /// Set when the secret was found inside encoded text; `line`/`column` then point at the encoded text.
    public var decoded: TextEncoding? = nil
}

extension SecretFinding: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        let place = line > 0 ? "\(path):\(line):\(column)" : path
        let mark = decoded.map { " (decoded: \($0.rawValue))" } ?? ""
        return "\(place): \(ruleID) \(redacted)\(mark) [\(fingerprint)]"
    }

    public var debugDescription: String { description }

    /// Keeps the secret out of `dump` and debugger summaries.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "ruleID": ruleID, "path": path, "line": line, "column": column, "commit": commit as Any,
            "redacted": redacted, "entropy": entropy, "fingerprint": fingerprint,
            "decoded": decoded as Any,
        ])
    }
}
