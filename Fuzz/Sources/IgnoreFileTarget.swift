import WardenSecrets

extension FuzzTarget {
    /// `.git-warden-ignore` / `--ignore-file`: accepted finding fingerprints, one per line, read as the loader
    /// reads the file (bytes decoded as UTF-8 with replacement).
    static let ignoreFile = FuzzTarget(name: "ignore-file", summary: "SecretIgnoreFile.parse") { bytes in
        _ = try? SecretIgnoreFile.parse(String(decoding: bytes, as: UTF8.self), source: "fuzz-ignore")
    }
}
