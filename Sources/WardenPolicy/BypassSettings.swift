/// The `[bypass]` section: who may break the glass.
///
///     [bypass]
///     pushers = ["alice", "oncall-bot"]
///
/// A pusher named here may push with `git push -o git-warden.bypass="reason"`: the push's rejections become
/// warnings, and the reason, the pusher and every bypassed violation are recorded (push log, provenance). Without
/// the section nobody may bypass.
public struct BypassSettings: Sendable, Equatable {
    /// Pusher names, as the pusher identity resolves them (the same names `[[rule]] pushers` uses).
    public var pushers: [String]
    /// The policy line of the section, for messages.
    public var line = 0

    public init(pushers: [String]) {
        self.pushers = pushers
    }
}

/// The `[notify]` section: a program told of every bypass.
///
///     [notify]
///     command = ["/usr/local/bin/page-security", "--channel", "git"]
///     timeout = "5s"
///
/// The program runs with the bypass event as one JSON object on its standard input; it cannot block or change the
/// push (its failure or timeout is recorded in the push log and shown to the pusher as a warning).
public struct NotifySettings: Sendable, Equatable {
    /// The program and its arguments, run directly (no shell); an absolute path, or relative to the policy file.
    public var command: [String]
    public var timeoutSeconds: Double = 10
    public var line = 0

    public init(command: [String]) {
        self.command = command
    }
}
