import GitKit
import WardenSecrets
import WardenSignatures

/// The message of a commit or an annotated tag, as bytes exactly as git stores it, for the secret scan.
///
/// A secret pasted into a commit message is published with the commit as surely as one in a file, so every new
/// commit's and tag's message is scanned with the same rules, fingerprints and allow mechanisms as file content.
/// A message finding's path is `commit-message` or `tag-message` (so its fingerprint does not depend on which
/// commit carries it: one entry in an ignore file accepts it everywhere), its line is the line within the message
/// (line 1 is the subject), and its commit is the commit, or the tag object, whose message it is.
enum ObjectMessage {
    static let commitPath = "commit-message"
    static let tagPath = "tag-message"

    /// The message of a raw commit object: everything after the first empty line (header continuation lines, such
    /// as a `gpgsig` signature's, begin with a space, so they never end the header early).
    static func ofCommit(raw: [UInt8]) -> [UInt8] {
        afterHeader(raw)
    }

    /// The message of a raw tag object, without the signature git appends to it (from the last line that opens a
    /// signature armor, as git splits it): the signature is not the tagger's text.
    static func ofTag(raw: [UInt8]) -> [UInt8] {
        let payload = SignedObject.extract(rawObject: raw, kind: .tag)?.payload ?? raw
        return afterHeader(payload)
    }

    /// Scans a message as text: a message has no binary form in git (`git log` prints it), so a NUL byte in it
    /// does not exempt it. The scan cap applies as to any blob.
    static func scan(_ message: [UInt8], path: String, object: String?, with scanner: SecretScanner,
                     options: ScanOptions) -> ScanResult {
        var text = options
        text.scanBinary = true
        return scanner.scan(message, path: path, commit: object, options: text)
    }

    private static func afterHeader(_ raw: [UInt8]) -> [UInt8] {
        let newline = UInt8(ascii: "\n")
        var index = raw.startIndex
        while index < raw.endIndex {
            if raw[index] == newline { return Array(raw[(index + 1)...]) }
            guard let end = raw[index...].firstIndex(of: newline) else { return [] }
            index = end + 1
        }
        return []
    }
}
