/// The `[secrets]` section: whether pushed content is scanned for secrets, on which refs, and with what.
///
/// Scanning is on (enforce) when the section is absent: a guard installed without configuration should stop the
/// most common leak, as forges' push protection does. `scan = "off"` turns it off explicitly.
public struct SecretSettings: Sendable {
    public enum Scan: String, Sendable {
        case enforce, evaluate, off
    }

    public var scan: Scan = .enforce
    /// Refs whose new content is scanned. Empty means every ref.
    public var refs: [GlobPattern] = []
    /// Extra rules (git-warden or gitleaks format) added to the defaults; absolute path.
    public var config: String?
    /// Fingerprints of reviewed false positives, one per line; absolute path. When not set, `git-warden-ignore`
    /// next to the policy file is used if it exists.
    public var ignoreFile: String?
    /// Whether a `git-warden:allow` / `gitleaks:allow` marker on a line exempts it. On by default so developers
    /// can mark a false positive themselves; an administrator who wants every exception reviewed turns it off.
    public var inlineAllow = true
    /// Bytes scanned per blob; the rest of a larger blob is not scanned and the pusher is told so.
    public var maxScanSize = 10 << 20
    /// Scan binary blobs too (git's rule: a NUL among the first 8000 bytes). Off by default: binaries give noise,
    /// not findings, and each skipped one is reported. A binary blob has no lines to diff, so when this is on it is
    /// scanned whole, up to `maxScanSize`.
    public var scanBinary = false
    /// The policy line of the section, for messages.
    public var line = 0

    public init() {}

    /// True when new content pushed to `ref` is scanned.
    public func covers(_ ref: String) -> Bool {
        scan != .off && (refs.isEmpty || refs.contains { $0.matches(ref) })
    }

    /// The enforcement mode findings carry.
    public var mode: EnforcementMode { scan == .evaluate ? .evaluate : .enforce }
}
