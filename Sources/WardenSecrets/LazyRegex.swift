import Foundation

/// A rule regex compiled (with JIT) on first use.
///
/// A hook typically scans a few small blobs that wake a handful of rules; JIT-compiling all ~200 rule regexes
/// up front would cost more than the scan. The lock only guards the one-time compile; matching is lock-free.
final class LazyRegex: @unchecked Sendable {
    let pattern: String
    private let lock = NSLock()
    private var compiled: Result<PCRE2Regex, PCRE2Regex.CompileError>?

    init(_ pattern: String) {
        self.pattern = pattern
    }

    var regex: Result<PCRE2Regex, PCRE2Regex.CompileError> {
        lock.lock()
        defer { lock.unlock() }
        if let compiled { return compiled }
        let result = Result { () throws(PCRE2Regex.CompileError) in try PCRE2Regex(pattern, jit: true) }
        compiled = result
        return result
    }
}
