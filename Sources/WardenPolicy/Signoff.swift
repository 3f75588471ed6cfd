/// The Developer Certificate of Origin trailer: `Signed-off-by: Name <email>`.
enum Signoff {
    /// True when a `Signed-off-by:` line names the commit's author email (case-insensitively) and, when the author
    /// name is known, that name too. Any line counts, as git's own `interpret-trailers` is lenient about placement.
    static func certifies(_ commit: CommitFacts) -> Bool {
        let prefix = "signed-off-by:"
        for line in commit.message.split(whereSeparator: \.isNewline) {
            let text = line.trimmingCharacters(in: " \t")
            guard text.lowercased().hasPrefix(prefix) else { continue }
            let value = text.dropFirst(prefix.count).trimmingCharacters(in: " \t")
            guard let open = value.lastIndex(of: "<"), let close = value.lastIndex(of: ">"), open < close else { continue }
            let email = value[value.index(after: open)..<close]
            let name = value[..<open].trimmingCharacters(in: " \t")
            guard email.lowercased() == commit.authorEmail.lowercased() else { continue }
            if commit.authorName.isEmpty || name == commit.authorName { return true }
        }
        return false
    }
}
