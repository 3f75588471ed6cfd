import Foundation
import WardenPolicy
import WardenTOML

/// Finds and loads the server's policy. Server policy never comes from pushed content: only the environment, the
/// repository's own git directory (which pushes cannot write) and /etc are consulted, in that order.
public enum PolicyLocator {
    public static let systemPath = "/etc/git-warden/policy.toml"
    public static let repositoryFileName = "git-warden.toml"
    /// The embedded default policy's text, a starting point for a policy file.
    public static var embeddedDefaultText: String { DefaultPolicy.text }

    public enum Origin: Sendable, Equatable {
        case file(String)
        /// No policy file exists: the embedded default protects the usual default branches.
        case embeddedDefault
    }

    /// Where the policy comes from, or a thrown error when a named file is missing.
    public static func locate(gitDirectory: String?, environment: [String: String]) throws(PolicyLoadError) -> Origin {
        if let explicit = environment["GIT_WARDEN_POLICY"], !explicit.isEmpty {
            guard FileManager.default.fileExists(atPath: explicit) else {
                throw PolicyLoadError(message: "GIT_WARDEN_POLICY names \(explicit), which does not exist")
            }
            return .file(explicit)
        }
        if let gitDirectory {
            let candidate = (gitDirectory as NSString).appendingPathComponent(repositoryFileName)
            if FileManager.default.fileExists(atPath: candidate) { return .file(candidate) }
        }
        if FileManager.default.fileExists(atPath: systemPath) { return .file(systemPath) }
        return .embeddedDefault
    }

    public static func load(_ origin: Origin) throws(PolicyLoadError) -> Policy {
        switch origin {
        case .embeddedDefault:
            do {
                return try PolicyParser.parse(DefaultPolicy.text, source: "(embedded default policy)")
            } catch {
                throw PolicyLoadError(message: "embedded default policy: \(error)")
            }
        case .file(let path):
            return try load(path: path)
        }
    }

    public static func load(path: String) throws(PolicyLoadError) -> Policy {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PolicyLoadError(message: "cannot read policy \(path): "
                + (FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file"))
        }
        do {
            return try PolicyParser.parse(bytes: Array(data), source: path)
        } catch {
            throw PolicyLoadError(message: "invalid policy: \(error)")
        }
    }
}

public struct PolicyLoadError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
