import Dispatch

extension Array where Element: Sendable {
    /// Maps on every core, keeping order: for CPU-bound work on values (signature verification), never for
    /// anything touching a libgit2 handle, which is not thread-safe.
    func parallelMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
        guard count > 1 else { return map(transform) }
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        let output = UncheckedBuffer(base: results)
        let chunks = Swift.min(count, 64)
        let elements = self
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var index = chunk * elements.count / chunks
            let end = (chunk + 1) * elements.count / chunks
            while index < end {
                // Each index is written by exactly one chunk.
                output.base[index] = transform(elements[index])
                index += 1
            }
        }
        return results.map { $0! }
    }
}

/// Lets disjoint slices of one buffer be filled from several threads.
private struct UncheckedBuffer<T>: @unchecked Sendable {
    let base: UnsafeMutableBufferPointer<T?>
}
