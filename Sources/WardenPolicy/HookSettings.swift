/// The `[hook]` section: how the server hook behaves when it cannot decide.
public struct HookSettings: Sendable {
    /// What happens when the guard fails (internal error, unreadable repository, timeout):
    /// reject (fail closed, the default) or accept (fail open, for a migration period only).
    public enum OnError: String, Sendable {
        case reject, accept
    }

    public var onError: OnError = .reject
    /// How long the hook may take before it gives up (and then follows `onError`).
    public var timeoutSeconds: Double = 60
    /// Whether to append each decision to `$GIT_DIR/git-warden/decisions.jsonl`.
    public var log = true

    public init() {}
}
