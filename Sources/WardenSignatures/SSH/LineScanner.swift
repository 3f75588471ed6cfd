/// Splits an `allowed_signers` / key line into whitespace-separated tokens, keeping double-quoted runs whole
/// (quoted principals and option values may contain spaces).
struct LineScanner {
    private var rest: Substring

    init(_ line: String) {
        rest = Substring(line)
    }

    /// The next token with surrounding quotes removed from a fully quoted token; nil at end of line.
    mutating func token() -> String? {
        rest = rest.drop(while: { $0 == " " || $0 == "\t" })
        guard !rest.isEmpty else { return nil }
        var token = "", quoted = false
        while let character = rest.first {
            if !quoted && (character == " " || character == "\t") { break }
            if character == "\"" { quoted.toggle() }
            token.append(character)
            rest = rest.dropFirst()
        }
        if token.count >= 2, token.hasPrefix("\""), token.hasSuffix("\""), token.dropFirst().dropLast().allSatisfy({ $0 != "\"" }) {
            return String(token.dropFirst().dropLast())
        }
        return token
    }
}
