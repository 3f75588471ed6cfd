import Foundation

/// Bounds how long a hook may run. A stuck guard must not hold a push (and the server's ref locks) forever;
/// at the deadline it reports, and exits as the policy's `on-error` says.
enum Watchdog {
    static func start(seconds: Double, onTimeout: @escaping @Sendable () -> Never) {
        let queue = DispatchQueue(label: "git-warden.watchdog")
        queue.asyncAfter(deadline: .now() + seconds) { onTimeout() }
    }
}
