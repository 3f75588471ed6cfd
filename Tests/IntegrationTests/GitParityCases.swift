import Foundation

/// The crafted objects of the differential suite: commits and tags git itself writes only with
/// `git hash-object --literally`, each built at test time from these texts. `{T}` is the empty tree,
/// `{P}` a real parent commit; bytes given as `\u{..}` escapes land as UTF-8 unless `latin1` is set.
struct ParityCase {
    enum Signing { case none, header(String), trailer(String), twoHeaders(String) }

    var name: String
    var kind: String
    var text: String
    var signing: Signing = .none
    /// Encode `text` as ISO-8859-1 instead of UTF-8 (odd encodings).
    var latin1 = false

    static let plainAuthor = "author Ada <ada@example.com> 1700000000 +0000\n"
    static let plainCommitter = "committer Ada <ada@example.com> 1700000000 +0000\n"

    static func commit(_ name: String, _ identities: String, body: String = "\nsubject\n", signing: Signing = .none,
                       latin1: Bool = false) -> ParityCase {
        ParityCase(name: name, kind: "commit", text: "tree {T}\n" + identities + body, signing: signing, latin1: latin1)
    }

    static func tag(_ name: String, _ text: String, signing: Signing = .none) -> ParityCase {
        ParityCase(name: name, kind: "tag", text: "object {P}\ntype commit\n" + text, signing: signing)
    }

    static let all: [ParityCase] = [
        commit("plain", plainAuthor + plainCommitter),
        commit("plain-signed", plainAuthor + plainCommitter, signing: .header("alice")),
        commit("two-committers-mallory-as-alice", plainAuthor
               + "committer Mallory <mallory@example.com> 1700000000 +0000\ncommitter Alice <alice@example.com> 1700000000 +0000\n",
               signing: .header("mallory")),
        commit("author-after-committer", plainAuthor + plainCommitter + "author Mallory <mallory@example.com> 1 +0000\n"),
        commit("two-authors", plainAuthor + "author Mallory <mallory@example.com> 1 +0000\n" + plainCommitter),
        commit("no-author", plainCommitter),
        commit("no-committer", plainAuthor),
        commit("no-timezone", plainAuthor + "committer Ada <ada@example.com> 1700000000\n"),
        commit("no-timezone-signed", plainAuthor + "committer Alice <alice@example.com> 1700000000\n", signing: .header("alice")),
        commit("date-zero", plainAuthor + "committer Ada <ada@example.com> 0 +0000\n"),
        commit("date-zero-signed", plainAuthor + "committer Alice <alice@example.com> 0 +0000\n", signing: .header("alice")),
        commit("date-negative", plainAuthor + "committer Ada <ada@example.com> -5 +0000\n"),
        commit("tab-before-date", plainAuthor + "committer Ada <ada@example.com>\t1700000000 +0000\n"),
        commit("plus-timestamp", plainAuthor + "committer Ada <ada@example.com> +1700000000 +0000\n"),
        commit("plus-timestamp-signed", plainAuthor + "committer Alice <alice@example.com> +1700000000 +0000\n",
               signing: .header("alice")),
        commit("beyond-2038", plainAuthor + "committer Ada <ada@example.com> 4102444800 +0000\n"),
        commit("int64-max", plainAuthor + "committer Ada <ada@example.com> 9223372036854775807 +0000\n"),
        commit("two-to-the-63", plainAuthor + "committer Ada <ada@example.com> 9223372036854775808 +0000\n"),
        commit("beyond-64-bits", plainAuthor + "committer Ada <ada@example.com> 18446744073709551616 +0000\n"),
        commit("zero-padded-date", plainAuthor + "committer Ada <ada@example.com> 0017 +0000\n"),
        commit("minus-zero-zone", plainAuthor + "committer Ada <ada@example.com> 1700000000 -0000\n"),
        commit("odd-zone", plainAuthor + "committer Ada <ada@example.com> 1700000000 +1445\n"),
        commit("three-digit-zone", plainAuthor + "committer Ada <ada@example.com> 1700000000 +000\n"),
        commit("unsigned-zone", plainAuthor + "committer Ada <ada@example.com> 1700000000 0000\n"),
        commit("six-digit-zone", plainAuthor + "committer Ada <ada@example.com> 1700000000 +00000\n"),
        commit("cr-after-zone", plainAuthor + "committer Ada <ada@example.com> 1700000000 +0000\r\n"),
        commit("two-spaces-before-date", plainAuthor + "committer Ada <ada@example.com>  1700000000 +0000\n"),
        commit("no-space-before-email", plainAuthor + "committer Ada<ada@example.com> 1700000000 +0000\n"),
        commit("empty-name", plainAuthor + "committer  <ada@example.com> 1700000000 +0000\n"),
        commit("no-name", plainAuthor + "committer <ada@example.com> 1700000000 +0000\n"),
        commit("space-in-email", plainAuthor + "committer Ada <ada lovelace@example.com> 1700000000 +0000\n"),
        commit("double-close", plainAuthor + "committer Ada <ada@example.com>> 1700000000 +0000\n"),
        commit("no-email", plainAuthor + "committer Ada ada@example.com 1700000000 +0000\n"),
        commit("nul-in-header", plainAuthor + "committer Ada\u{0} <ada@example.com> 1700000000 +0000\n"),
        commit("nul-in-message", plainAuthor + plainCommitter, body: "\nsubject\u{0}hidden\n"),
        ParityCase(name: "unterminated-header", kind: "commit", text: "tree {T}\n" + plainAuthor
                   + "committer Ada <ada@example.com> 1700000000 +0000"),
        commit("latin1-encoded", "author Ad\u{E9} <ada@example.com> 1700000000 +0000\n" + plainCommitter
               + "encoding ISO-8859-1\n", latin1: true),
        commit("latin1-bytes-no-encoding", plainAuthor + "committer Ada <ad\u{E9}@example.com> 1700000000 +0000\n",
               latin1: true),
        commit("utf8-encoded", "author Ad\u{E9} <ada@example.com> 1700000000 +0000\n" + plainCommitter + "encoding UTF-8\n"),
        commit("signature-in-message", plainAuthor + plainCommitter,
               body: "\nsubject\n\n-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----\n"),
        commit("two-signature-headers", plainAuthor + "committer Alice <alice@example.com> 1700000000 +0000\n",
               signing: .twoHeaders("alice")),
        commit("custom-header", plainAuthor + plainCommitter + "x-custom value\n"),
        commit("mergetag", plainAuthor + plainCommitter + "mergetag object {P}\n type commit\n tag v0\n"
               + " tagger Mallory <mallory@example.com> 1 +0000\n \n a tag\n"),
        ParityCase(name: "missing-tree", kind: "commit", text: plainAuthor + plainCommitter + "\nm\n"),
        ParityCase(name: "short-tree", kind: "commit", text: "tree 4b825dc642cb6eb9a060e54bf8d69288fbee490\n"
                   + plainAuthor + plainCommitter + "\nm\n"),
        commit("committer-without-space", plainAuthor + "committer\n"),
        tag("tag-plain", "tag v1\ntagger Ada <ada@example.com> 1700000000 +0000\n\nrelease\n"),
        tag("tag-signed", "tag v2\ntagger Alice <alice@example.com> 1700000000 +0000\n\nrelease\n", signing: .trailer("alice")),
        tag("tag-no-tagger", "tag v3\n\nrelease\n"),
        tag("tag-two-taggers", "tag v4\ntagger Mallory <mallory@example.com> 1 +0000\ntagger Ada <ada@example.com> 1 +0000\n\nr\n"),
        tag("tag-bad-name", "tag v5..x\ntagger Ada <ada@example.com> 1700000000 +0000\n\nrelease\n"),
        tag("tag-no-timezone", "tag v6\ntagger Ada <ada@example.com> 1700000000\n\nrelease\n"),
        tag("tag-nul-in-message", "tag v7\ntagger Ada <ada@example.com> 1700000000 +0000\n\nrel\u{0}ease\n"),
        tag("tag-extra-header", "tag v8\ntagger Ada <ada@example.com> 1700000000 +0000\nx-extra y\n\nrelease\n"),
        tag("tag-date-zero-signed", "tag v9\ntagger Alice <alice@example.com> 0 +0000\n\nrelease\n", signing: .trailer("alice")),
    ]
}
