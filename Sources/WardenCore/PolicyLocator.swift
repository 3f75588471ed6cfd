import Foundation
import Synchronization
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
    ///
    /// A location counts as taken when anything exists there (`lstat`: a dangling symbolic link, a directory, a
    /// fifo, an unreadable file): `load` then fails on it. Falling through to the next location instead would let
    /// a broken policy file quietly hand the repository to a weaker policy or to the embedded default.
    public static func locate(gitDirectory: String?, environment: [String: String]) throws(PolicyLoadError) -> Origin {
        if let explicit = environment["GIT_WARDEN_POLICY"], !explicit.isEmpty {
            guard try isPresent(explicit, role: "GIT_WARDEN_POLICY") else {
                throw PolicyLoadError(message: "GIT_WARDEN_POLICY names \(explicit), which does not exist")
            }
            return .file(explicit)
        }
        if let gitDirectory {
            let candidate = (gitDirectory as NSString).appendingPathComponent(repositoryFileName)
            if try isPresent(candidate, role: "the repository policy") { return .file(candidate) }
        }
        if try isPresent(systemPath, role: "the system policy") { return .file(systemPath) }
        return .embeddedDefault
    }

    /// Whether anything exists at `path`, without following a final symbolic link. Only "no such file" (or a
    /// path component that is not a directory) means absent; any other failure cannot tell, so it is an error.
    static func isPresent(_ path: String, role: String) throws(PolicyLoadError) -> Bool {
        var info = stat()
        if lstat(path, &info) == 0 { return true }
        let code = errno
        if code == ENOENT || code == ENOTDIR { return false }
        throw PolicyLoadError(message: "cannot tell whether \(role) \(path) exists: \(String(cString: strerror(code)))")
    }

    public static func load(_ origin: Origin) throws(PolicyLoadError) -> Policy {
        switch origin {
        case .embeddedDefault:
            do {
                return try PolicyParser.parse(DefaultPolicy.text, source: "(embedded default policy)")
            } catch {
                throw PolicyLoadError(message: "embedded default policy: \(error)", underlying: error)
            }
        case .file(let path):
            return try load(path: path)
        }
    }

    public static func load(path: String) throws(PolicyLoadError) -> Policy {
        let bytes = try readPolicyFile(path)
        // post-receive reads the policy for the landed record's checkpoint and again for the evidence: the same
        // bytes are parsed once per process (the file is read each time, so an edited policy is seen).
        if let hit = parsed.withLock({ $0[path] }), hit.bytes == bytes { return hit.policy }
        do {
            let policy = try PolicyParser.parse(bytes: bytes, source: path)
            parsed.withLock { $0[path] = (bytes, policy) }
            return policy
        } catch {
            throw PolicyLoadError(message: "invalid policy: \(error)", underlying: error)
        }
    }

    private static let parsed = Mutex<[String: (bytes: [UInt8], policy: Policy)]>([:])

    /// The bytes of a policy file, or an error saying exactly why they cannot be had. Opened non-blocking and
    /// checked to be a regular file before reading, so a fifo or a device planted at a policy path fails at once
    /// instead of hanging the hook.
    static func readPolicyFile(_ path: String) throws(PolicyLoadError) -> [UInt8] {
        func failure(_ reason: String) -> PolicyLoadError {
            PolicyLoadError(message: "cannot read policy \(path): \(reason)")
        }
        var linkInfo = stat()
        let isLink = lstat(path, &linkInfo) == 0 && (linkInfo.st_mode & S_IFMT) == S_IFLNK
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            switch code {
            case ENOENT where isLink: throw failure("it is a symbolic link whose target does not exist")
            case ENOENT: throw failure("no such file")
            case ELOOP: throw failure("a loop of symbolic links")
            case EACCES: throw failure("permission denied")
            default: throw failure(String(cString: strerror(code)))
            }
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw failure(String(cString: strerror(errno))) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw failure("it is a directory, not a file")
        case S_IFIFO: throw failure("it is a fifo, not a regular file")
        default: throw failure("it is not a regular file")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(String(cString: strerror(errno)))
            }
            bytes += chunk[..<count]
        }
        return bytes
    }
}

public struct PolicyLoadError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// The parser's error (with its file, line and key) when the policy does not parse.
    public var underlying: (any Error)?
    public var description: String { message }

    public init(message: String, underlying: (any Error)? = nil) {
        self.message = message
        self.underlying = underlying
    }
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
            if try isPresent(candidate, role: "the project policy") { return .file(candidate) }
        }
        if let directory = userConfigDirectory(environment) {
            let candidate = directory + "/policy.toml"
            if try isPresent(candidate, role: "the user policy") { return .file(candidate) }
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
