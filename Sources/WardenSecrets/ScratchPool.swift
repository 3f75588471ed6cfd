internal import CVectorscan
import Foundation

/// Vectorscan scratch spaces, one per concurrent scan.
///
/// A scratch may not be used by two scans at once, and allocating one per blob costs more than scanning a small
/// blob, so scans borrow one from this pool and give it back. The pool grows to the peak number of concurrent scans.
final class ScratchPool: @unchecked Sendable {
    private let lock = NSLock()
    private var available: [OpaquePointer]
    private let prototype: OpaquePointer

    init?(database: VectorscanDatabase) {
        guard let scratch = database.makeScratch() else { return nil }
        prototype = scratch
        available = []
    }

    deinit {
        available.forEach { hs_free_scratch($0) }
        hs_free_scratch(prototype)
    }

    /// Runs `body` with a scratch of its own; nil when memory for a new one is not available.
    func withScratch<Result>(_ body: (OpaquePointer) -> Result) -> Result? {
        lock.lock()
        var scratch = available.popLast()
        if scratch == nil {
            var clone: OpaquePointer?
            if hs_clone_scratch(prototype, &clone) == HS_SUCCESS { scratch = clone }
        }
        lock.unlock()
        guard let scratch else { return nil }
        defer {
            lock.lock()
            available.append(scratch)
            lock.unlock()
        }
        return body(scratch)
    }
}
