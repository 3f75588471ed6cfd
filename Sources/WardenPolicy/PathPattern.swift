/// A forbidden-path pattern with gitignore's reading: a pattern without '/' matches a file or directory name at
/// any depth (`*.pem`, `node_modules`); a pattern with '/' is anchored at the repository root (`secrets/**`,
/// `/config/prod.env`). A pattern that matches a directory covers everything below it; a trailing '/' (`logs/`)
/// matches directories only, as in gitignore.
public struct PathPattern: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    private let glob: GlobPattern
    private let anchored: Bool
    private let directoriesOnly: Bool

    public var description: String { pattern }

    public init(_ pattern: String) throws(PatternError) {
        self.pattern = pattern
        var body = pattern
        directoriesOnly = body.hasSuffix("/")
        if directoriesOnly { body.removeLast() }
        anchored = body.contains("/")
        if body.hasPrefix("/") { body.removeFirst() }
        guard !body.isEmpty else { throw PatternError(pattern: pattern, message: "the pattern is empty") }
        glob = try GlobPattern(body)
    }

    public func matches(path: String) -> Bool {
        var components = path.split(separator: "/", omittingEmptySubsequences: true)
        // The last component of a file path names the file itself, which a directory pattern cannot match.
        if directoriesOnly { components = components.dropLast() }
        if anchored {
            var prefix = ""
            for component in components {
                prefix = prefix.isEmpty ? String(component) : prefix + "/" + component
                if glob.matches(prefix) { return true }
            }
            return false
        }
        return components.contains { glob.matches(String($0)) }
    }
}
