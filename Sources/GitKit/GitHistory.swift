import Foundation
import WardenFormats

/// A whole history read through the `git` executable, for scans of every version of every file.
public struct GitHistory: Sendable {
    /// One file version a commit brings in (compared with its first parent).
    public struct FileVersion: Sendable, Hashable {
        /// Index into `paths`.
        public var path: Int
        public var blob: ObjectID
        /// Index into `commits`.
        public var commit: Int
    }

    /// Commits reachable from any ref, parents before children.
    public var commits: [ObjectID]
    /// Every path a version is found at, each once, in the order first met.
    public var paths: [String]
    /// Blob versions each commit adds or changes, in commit order; deletions and submodules left out.
    public var versions: [FileVersion]

    /// Reads the commits of all refs and the files each changes relative to its first parent (a root commit:
    /// all its files). One `git log --raw`, no content read.
    ///
    /// The output is parsed in place, byte by byte, and each path is made a `String` once: a history of 10,000
    /// commits lists 200,000 file versions, and splitting it into fields and strings took longer than git wrote it.
    public static func ofAllRefs(gitDirectory: String) throws(GitError) -> GitHistory {
        let output = try GitProcess(gitDirectory: gitDirectory).output([
            "log", "--all", "--topo-order", "--reverse", "--no-renames", "--raw", "--no-abbrev",
            "--diff-merges=first-parent", "-z", "--format=commit %H",
        ])
        var history = GitHistory(commits: [], paths: [], versions: [])
        var pathIndex: [PathKey: Int] = [:]
        var index = output.startIndex
        /// The bytes up to the next NUL (or the end), and `index` moved past it.
        func field() -> ArraySlice<UInt8> {
            let end = output[index...].firstIndex(of: 0) ?? output.endIndex
            defer { index = min(end + 1, output.endIndex) }
            return output[index..<end]
        }
        while index < output.endIndex {
            // git ends each commit's block with a newline before the next `commit` line.
            while index < output.endIndex, output[index] == UInt8(ascii: "\n") { index += 1 }
            guard index < output.endIndex else { break }
            let token = field()
            if token.first == UInt8(ascii: ":") {
                let path = field()
                guard let commit = history.commits.indices.last else {
                    throw GitError(operation: "read git log", subject: String(decoding: path, as: UTF8.self),
                                   message: "a file change before any commit")
                }
                guard let blob = try newBlob(entry: token, path: path) else { continue }
                let key = PathKey(bytes: path)
                let number: Int
                if let known = pathIndex[key] {
                    number = known
                } else {
                    number = history.paths.count
                    pathIndex[key] = number
                    history.paths.append(String(decoding: path, as: UTF8.self))
                }
                history.versions.append(FileVersion(path: number, blob: blob, commit: commit))
            } else if token.starts(with: "commit ".utf8) {
                history.commits.append(try objectID(token.dropFirst(7)))
            }
        }
        return history
    }

    /// The blob of `:old-mode new-mode old-id new-id status` for the file at `path`; nil for a deletion or a
    /// submodule. git writes modes as six octal digits and full ids as 40, so the fields sit at fixed places.
    private static func newBlob(entry: ArraySlice<UInt8>, path: ArraySlice<UInt8>) throws(GitError) -> ObjectID? {
        let start = entry.startIndex
        let space = UInt8(ascii: " ")
        guard entry.count >= 98, entry[start + 7] == space, entry[start + 14] == space, entry[start + 55] == space,
              entry[start + 96] == space else {
            throw GitError(operation: "read git log", subject: String(decoding: path, as: UTF8.self),
                           message: "unexpected raw diff line")
        }
        let mode = entry[(start + 8)..<(start + 14)], status = entry[start + 97]
        guard status != UInt8(ascii: "D"), !mode.elementsEqual("160000".utf8), !mode.elementsEqual("000000".utf8)
        else { return nil }
        return try objectID(entry[(start + 56)..<(start + 96)])
    }

    /// 40 hexadecimal digits as an id; anything else fails as `ObjectID(hex:)` says why (a SHA-256 repository).
    private static func objectID(_ digits: ArraySlice<UInt8>) throws(GitError) -> ObjectID {
        if let id = ObjectID(hexDigits: digits) { return id }
        return try ObjectID(hex: String(decoding: digits, as: UTF8.self))
    }

    /// Path bytes as a dictionary key, hashed in one pass.
    private struct PathKey: Hashable {
        let bytes: ArraySlice<UInt8>

        func hash(into hasher: inout Hasher) {
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        }

        static func == (left: PathKey, right: PathKey) -> Bool {
            left.bytes.count == right.bytes.count && left.bytes.withUnsafeBytes { a in
                right.bytes.withUnsafeBytes { b in a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 }
            }
        }
    }
}

extension ObjectID {
    /// Exactly 40 hexadecimal digits (either case) as bytes; nil for anything else.
    init?(hexDigits digits: ArraySlice<UInt8>) {
        guard digits.count == 40 else { return nil }
        var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var index = digits.startIndex
        for word in 0..<3 {
            var value: UInt64 = 0
            for _ in 0..<(word == 2 ? 8 : 16) {
                guard let nibble = Hex.value(digits[index]) else { return nil }
                value = value << 4 | UInt64(nibble)
                index += 1
            }
            switch word {
            case 0: words.0 = value
            case 1: words.1 = value
            default: words.2 = value
            }
        }
        self.init(high: words.0, middle: words.1, low: UInt32(truncatingIfNeeded: words.2))
    }

    /// Appends the 40 lowercase hexadecimal digits, without building a string.
    func appendHex(to bytes: inout [UInt8]) {
        for (word, width) in [(high, 64), (middle, 64), (UInt64(low), 32)] {
            for shift in stride(from: width - 4, through: 0, by: -4) {
                bytes.append(Self.hexDigits[Int((word >> UInt64(shift)) & 0xF)])
            }
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
