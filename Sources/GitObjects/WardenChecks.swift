/// git-warden's own checks, run after git's fsck checks pass: objects git's fsck accepts but git reads in two
/// ways, so that no reading of them can be trusted for a policy decision.
enum WardenChecks {
    static func problems(in raw: [UInt8], kind: GitObjectKind) -> [FsckProblem] {
        let headers = ObjectHeaders(raw)
        var problems: [FsckProblem] = []
        let identityKeys = kind == .commit ? ["author", "committer"] : ["tagger"]
        let identities = identityKeys.flatMap { headers.named($0) }
        if kind == .commit {
            // `git log` shows the LAST author/committer line (pretty.c), the signature check and libgit2 the first.
            if headers.named("committer").count > 1 {
                problems.append(FsckProblem(.wardenMultipleCommitters,
                    "more than one 'committer' line: git shows the last one but verifies signatures against the first"))
            }
            if headers.named("author").count > 1 {
                problems.append(FsckProblem(.wardenLateAuthor,
                    "an 'author' line after the 'committer' line: git shows it instead of the first one"))
            }
        } else if raw.contains(0) {
            problems.append(FsckProblem(.wardenNulInTag, "NUL byte in the tag object: git's tools stop reading there"))
        }
        for field in identities {
            if let close = field.value.firstIndex(of: UInt8(ascii: ">")),
               !IdentityLine.isDigit(field.value.dropFirst(close - field.value.startIndex + 2).first ?? 0)
            {
                problems.append(FsckProblem(.wardenDateNotDigits,
                    "the \(field.key) date does not start with a digit: fsck reads a date, git log and signature checks none"))
            }
            if String(decoding: field.value, as: UTF8.self).utf8.elementsEqual(field.value) == false {
                problems.append(FsckProblem(.wardenIdentityNotUTF8,
                    "the \(field.key) line is not valid UTF-8: its name and email cannot be compared reliably"))
            }
        }
        if kind == .commit, let encoding = headers.named("encoding").first {
            let name = String(decoding: encoding.value, as: UTF8.self).lowercased()
            if name != "utf-8" && name != "utf8", identities.contains(where: { $0.value.contains { $0 >= 0x80 } }) {
                problems.append(FsckProblem(.wardenIdentityReencoded,
                    "non-ASCII identity in a commit encoded as '\(name)': git re-encodes it before showing it"))
            }
        }
        return problems
    }
}
