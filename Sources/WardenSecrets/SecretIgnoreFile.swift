import Foundation

/// A list of finding fingerprints that people have reviewed and accepted (`.git-warden-ignore`).
///
/// One fingerprint per line; `#` starts a comment (a whole line or the rest of one), blank lines are skipped.
/// Anything else on a line is an error naming the file and line: a typo must not silently stop ignoring a finding,
/// nor hide that the file is not what its author thinks.
public enum SecretIgnoreFile {
    /// A line that is not a fingerprint, or a file that cannot be read.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var source: String
        /// 1-based; 0 when the file itself could not be read.
        public var line: Int
        public var message: String

        public var description: String {
            line > 0 ? "\(source):\(line): \(message)" : "\(source): \(message)"
        }
    }

    /// Fingerprints are the first 16 bytes of a SHA-256 in lower-case hex (see `Fingerprint`).
    static let fingerprintLength = 32

    public static func load(path: String) throws(Problem) -> Set<String> {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Problem(source: path, line: 0, message: "cannot read ignore file (no such file or not readable)")
        }
        return try parse(String(decoding: data, as: UTF8.self), source: path)
    }

    public static func parse(_ text: String, source: String) throws(Problem) -> Set<String> {
        var fingerprints = Set<String>()
        // CRLF files are read as LF files: "\r\n" is one Swift Character, so splitting on "\n" alone would read
        // the whole file as one line, and a first-line comment would silently drop every fingerprint.
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let content = rawLine.prefix { $0 != "#" }.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !content.isEmpty else { continue }
            let fingerprint = content.lowercased()
            guard isFingerprint(fingerprint) else {
                throw Problem(source: source, line: index + 1, message: "not a finding fingerprint: \(content.debugDescription) "
                              + "(expected \(fingerprintLength) hexadecimal digits, as git-warden scan prints them)")
            }
            fingerprints.insert(fingerprint)
        }
        return fingerprints
    }

    static func isFingerprint(_ text: String) -> Bool {
        text.utf8.count == fingerprintLength && text.utf8.allSatisfy {
            ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "f"))
        }
    }
}
