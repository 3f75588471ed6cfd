import Foundation

/// A fresh directory under the system temporary directory (`…/git-warden-tests/<prefix>-XXXXXX`, made by
/// `mkdtemp`, so parallel tests never share one), removed with everything in it when the value goes away.
public final class TemporaryDirectory: @unchecked Sendable {
    /// The folder every test directory is made in; also where per-run caches shared by tests live.
    public static let base = FileManager.default.temporaryDirectory.path + "/git-warden-tests"

    public let path: String

    public init(prefix: String = "tmp") throws {
        try FileManager.default.createDirectory(atPath: Self.base, withIntermediateDirectories: true)
        var template = Array("\(Self.base)/\(prefix)-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw TestSupportError("cannot make a temporary directory under \(Self.base): \(String(cString: strerror(errno)))")
        }
        path = String(cString: made)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// `relative` inside this directory.
    public func subpath(_ relative: String) -> String { path + "/" + relative }
}

/// Files as the tests write and read them: text, with missing parent directories made.
public enum TestFiles {
    public static func write(_ path: String, _ text: String) throws {
        try write(path, Array(text.utf8))
    }

    public static func write(_ path: String, _ bytes: [UInt8]) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// The file's text, or nil when it cannot be read.
    public static func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Sets the file's permission bits (hooks and wrapper scripts must be executable).
    public static func setMode(_ path: String, _ mode: Int) throws {
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }
}

/// A failure of the test support itself (not of the code under test), with what went wrong in words.
public struct TestSupportError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
