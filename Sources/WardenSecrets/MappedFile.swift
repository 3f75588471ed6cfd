import Foundation

/// A whole regular file mapped read-only into memory: what the rule caches read on every hook run.
///
/// Reading the 1.4 MB compiled database into a `Data`, copying it into an array and then into Vectorscan cost a hook
/// three copies and the zeroing of ~1,000 fresh pages; a map of the page cache costs none of that, and Vectorscan
/// copies the bytes once into its own aligned memory. Cache files are only ever replaced by `rename` (see
/// `DatabaseCache.store`), never rewritten in place, so a map stays whole while it is read; a map lives only for
/// the call that reads it.
enum MappedFile {
    /// Runs `body` on the file's bytes, mapped for the call only; nil when the file is missing, unreadable, empty
    /// or not a regular file (all read as a cache miss).
    static func withContents<Result>(of path: String, _ body: (UnsafeRawBufferPointer) -> Result?) -> Result? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size > 0 else { return nil }
        let count = Int(info.st_size)
        // MAP_POPULATE: the whole file is read anyway (checksum, then Vectorscan's copy); one call maps every page
        // instead of a fault per few pages.
        guard let base = mmap(nil, count, PROT_READ, MAP_PRIVATE | MAP_POPULATE, descriptor, 0),
              base != UnsafeMutableRawPointer(bitPattern: -1) else { return nil }
        defer { munmap(base, count) }
        return body(UnsafeRawBufferPointer(start: base, count: count))
    }
}
