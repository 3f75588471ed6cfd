import Foundation

extension GitHistory {
    /// A blob read, and the one read after it in the same chunk (nil for a chunk's last blob).
    public typealias ReadBlob = (blob: ObjectID, content: [UInt8])

    /// Hands each blob's content to `body` from `readers` threads, each with its own `git cat-file --batch`.
    ///
    /// `body` runs on the reader's own thread, so the work done with a blob (the scan) runs on as many cores as
    /// there are readers while each reader's git inflates the next blobs into its pipe. Handing each blob to
    /// another thread instead cost more than it gave: on swift-nio's history (13,210 small blob versions) the
    /// hand-off through a semaphore and the global dispatch queue left the scan at 0.5 CPUs, blocked on wake-ups.
    ///
    /// Each reader takes the next chunk nobody has taken yet, so a chunk of large files on one reader does not leave
    /// the other idle; the blobs of a chunk are read in the order given, and `body` gets each with the one that
    /// follows it in its chunk (so a version can be compared with the older one). Chunks come in no particular
    /// order. The first error (a missing blob, git failing) stops every reader and is thrown once they stopped.
    ///
    /// Give each file's versions together, newest first: git stores the newest version whole and older ones as
    /// deltas against newer ones, so in that order each read is one delta away from a cached base. Measured on a
    /// 10,000-commit repository (300 MiB of versions) with one reader: 2.0 s of CPU in that order, 3.0 s in pack
    /// order, 8.5 s in hash order. Readers do not share delta bases, so a base used by files in two readers'
    /// chunks is inflated twice: more CPU in all, for less wall time when both cores are there to spend it.
    public static func readBlobs(chunks: [ArraySlice<ObjectID>], readers: Int, gitDirectory: String,
                                 _ body: @escaping @Sendable (_ blob: ReadBlob, _ next: ReadBlob?) -> Void)
        throws(GitError) {
        let shared = ChunkQueue(count: chunks.count)
        let finished = DispatchGroup()
        for _ in 0..<max(1, min(readers, chunks.count)) {
            finished.enter()
            // Threads of their own: a reader blocks on its pipe, which must not hold the threads of the global
            // queue that other work (the message scan) runs on.
            let thread = Thread {
                defer { finished.leave() }
                do throws(GitError) {
                    try readChunks(chunks, from: shared, gitDirectory: gitDirectory, body)
                } catch {
                    shared.fail(error)
                }
            }
            thread.stackSize = 8 << 20 // the scans run here: a main thread's stack
            thread.start()
        }
        finished.wait()
        if let error = shared.failure { throw error }
    }

    /// One reader. Its `cat-file` is asked for blobs ahead of the one being read, never more requests than its
    /// input pipe holds, so writing a request never blocks (and neither side can wait on the other); its output
    /// pipe is enlarged so that git keeps inflating while `body` works on a blob.
    private static func readChunks(_ chunks: [ArraySlice<ObjectID>], from shared: ChunkQueue, gitDirectory: String,
                                   _ body: (ReadBlob, ReadBlob?) -> Void) throws(GitError) {
        let git = GitProcess(gitDirectory: gitDirectory)
        // git's default 96 MiB delta-base cache thrashes on long delta chains of big files (see `readBlobs`).
        let (running, input) = try git.launch(["-c", "core.deltaBaseCacheLimit=256m", "cat-file", "--batch"])
        PipeCapacity.enlarge(running.output, to: PipeCapacity.output)
        var requests = try BatchRequests(input, command: running.name)
        var reader = running.reader()
        var asked: [(chunk: Int, blob: ObjectID)] = []
        var answered = 0
        // Enough requests ahead that git never waits for one, few enough that the last chunks are still shared.
        let ahead = 256
        var current: (chunk: Int, rest: ArraySlice<ObjectID>)?
        // The last blob read, held until the next one shows whether it was its chunk's last.
        var held: (chunk: Int, blob: ReadBlob)?
        var failure: GitError?
        while failure == nil {
            while asked.count - answered < ahead {
                if current == nil || current!.rest.isEmpty {
                    guard !shared.stopped, let next = shared.take() else { break }
                    current = (next, chunks[next])
                    continue
                }
                let blob = current!.rest.removeFirst()
                asked.append((current!.chunk, blob))
                requests.queue(blob)
            }
            guard answered < asked.count else { break }
            do throws(GitError) { try requests.send(through: requests.queued - (asked.count - answered)) } catch {
                failure = error
                break
            }
            let (chunk, expected) = asked[answered]
            answered += 1
            if answered == asked.count {
                asked.removeAll(keepingCapacity: true)
                answered = 0
            }
            do throws(GitError) {
                let read = (blob: expected, content: try readObject(expected, from: &reader))
                if let before = held { body(before.blob, before.chunk == chunk ? read : nil) }
                held = (chunk, read)
            } catch {
                failure = error
            }
        }
        if failure == nil, !shared.stopped, let last = held { body(last.blob, nil) }
        try? input.close()
        do throws(GitError) { try running.finish() } catch { failure = failure ?? error }
        if let failure { throw failure }
    }

    /// The content of the `<id> blob <size>` answer `cat-file --batch` gives next; a missing object is an error.
    static func readObject(_ expected: ObjectID, from reader: inout PipeReader) throws(GitError) -> [UInt8] {
        guard let header = try reader.line() else {
            throw GitError(operation: "git cat-file", subject: expected.hex, message: "output ended early")
        }
        let fields = header.split(separator: UInt8(ascii: " "))
        guard fields.count == 3, let size = Int(String(decoding: fields[2], as: UTF8.self)) else {
            throw GitError(operation: "read blob", subject: expected.hex, message: String(decoding: header, as: UTF8.self))
        }
        let content = try reader.bytes(size)
        _ = try reader.bytes(1) // the newline after each object
        return content
    }
}

/// Which chunks are taken, and the first error any reader met.
private final class ChunkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private let count: Int
    private var next = 0
    private var error: GitError?

    init(count: Int) { self.count = count }

    func take() -> Int? {
        lock.withLock {
            guard error == nil, next < count else { return nil }
            defer { next += 1 }
            return next
        }
    }

    func fail(_ failure: GitError) { lock.withLock { if error == nil { error = failure } } }

    var stopped: Bool { lock.withLock { error != nil } }
    var failure: GitError? { lock.withLock { error } }
}

