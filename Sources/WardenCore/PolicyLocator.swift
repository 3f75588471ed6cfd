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

extension PolicyLocator {
    /// The developer-side policy: `GIT_WARDEN_POLICY`, then `.git-warden.toml` at the work tree root (a copy of the
    /// server's policy the project commits), then `$XDG_CONFIG_HOME/git-warden/policy.toml` (else
    /// `~/.config/git-warden/policy.toml`), then the embedded default. On a developer's machine the checkout is
    /// the developer's own, so reading it is fine; the server never does.
    public static func locateForClient(workTree: String?, environment: [String: String]) throws(PolicyLoadError) -> Origin {
        if let explicit = environment["GIT_WARDEN_POLICY"], !explicit.isEmpty {
            return try locate(gitDirectory: nil, environment: environment)
        }
        if let workTree {
            let candidate = (workTree as NSString).appendingPathComponent(clientFileName)
            if FileManager.default.fileExists(atPath: candidate) { return .file(candidate) }
        }
        if let directory = userConfigDirectory(environment) {
            let candidate = directory + "/policy.toml"
            if FileManager.default.fileExists(atPath: candidate) { return .file(candidate) }
        }
        return .embeddedDefault
    }

    public static let clientFileName = ".git-warden.toml"

    /// `$XDG_CONFIG_HOME/git-warden`, else `~/.config/git-warden`.
    static func userConfigDirectory(_ environment: [String: String]) -> String? {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/git-warden" }
        if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.config/git-warden" }
        return nil
    }
}
