import Foundation

/// Runs the `git` executable on a repository (through `GitRunner`) and streams its standard output.
///
/// Whole-history reads are where git itself is far ahead of libgit2: `git log --raw` computes ten thousand tree
/// diffs in a fraction of a second, and `git cat-file --batch` fed blobs in pack order inflates them with a large
/// delta-base cache (measured on a 10,000-commit repository: libgit2 lookups spent ~90% of a history scan in zlib
/// rebuilding delta chains; git read the same blobs 8x faster). Everything else stays on libgit2.
struct GitProcess {
    let gitDirectory: String
    /// The child's whole environment when the caller's is not this process's (see `Repository.explicitEnvironment`).
    var environment: [String: String]? = nil

    /// Hardened like every git run (`GitRunner.hardening`), with the repository named by `--git-dir`. The caller's
    /// environment and working directory are kept: inside pre-receive, git hands the hook the quarantined objects of
    /// the push through `GIT_OBJECT_DIRECTORY` and `GIT_ALTERNATE_OBJECT_DIRECTORIES`, and reading them is the point.
    var runner: GitRunner {
        GitRunner(gitDirectory: gitDirectory, workingDirectory: FileManager.default.currentDirectoryPath,
                  environment: environment.map { .exactly($0) } ?? .inherited)
    }

    /// Starts `git --git-dir=DIR ARGUMENTS`; `input`, when given, is written to its standard input from another
    /// thread so that neither side can block on a full pipe.
    func start(_ arguments: [String], input: Data? = nil) throws(GitError) -> RunningGit {
        try runner.start(arguments, input: input)
    }

    /// Starts `git --git-dir=DIR ARGUMENTS` with its standard input left open for the caller to write and close.
    func launch(_ arguments: [String]) throws(GitError) -> (RunningGit, FileHandle) {
        try runner.launch(arguments)
    }

    /// Runs git to completion and returns all of its standard output.
    func output(_ arguments: [String]) throws(GitError) -> [UInt8] {
        let running = try start(arguments)
        var reader = running.reader()
        var bytes: [UInt8] = []
        while let chunk = try reader.nextChunk() { bytes += chunk }
        try running.finish()
        return bytes
    }
}

/// A started git process: its output is read through `reader()`, then `finish()` checks how it ended.
final class RunningGit: @unchecked Sendable {
    let process: Process
    let output: Int32
    let arguments: [String]
    private let errorGroup = DispatchGroup()
    private var errorText = Data()

    init(process: Process, output: Int32, arguments: [String], errors: Pipe) {
        self.process = process
        self.output = output
        self.arguments = arguments
        let handle = errors.fileHandleForReading
        DispatchQueue.global().async(group: errorGroup) { [self] in errorText = handle.readDataToEndOfFile() }
    }

    /// The git subcommand, for messages (`cat-file` in `-c key=value cat-file --batch`).
    var name: String { arguments.first { !$0.hasPrefix("-") && !$0.contains("=") } ?? "git" }

    func reader() -> PipeReader { PipeReader(descriptor: output, command: name) }

    func finish() throws(GitError) {
        let (status, message) = wait()
        guard status == 0 else {
            throw GitError(operation: "git \(name)", code: status,
                           message: message.isEmpty ? "exited with status \(status)" : message)
        }
    }

    /// Waits for git to exit (its output must have been read to the end) and returns its exit status and its
    /// standard error without surrounding white space.
    func wait() -> (status: Int32, errors: String) {
        process.waitUntilExit()
        errorGroup.wait()
        return (process.terminationStatus,
                String(decoding: errorText, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// Buffered reads from a pipe: whole lines, exact byte counts, or whatever arrived.
struct PipeReader {
    let descriptor: Int32
    let command: String
    /// Bytes `start..<end` of `buffer` are read but not yet consumed.
    private var buffer = [UInt8](repeating: 0, count: 1 << 20)
    private var start = 0
    private var end = 0
    private var ended = false

    init(descriptor: Int32, command: String) {
        self.descriptor = descriptor
        self.command = command
    }

    /// The next bytes available (buffered first), or nil at the end.
    mutating func nextChunk() throws(GitError) -> [UInt8]? {
        if start == end, try !fill() { return nil }
        defer { start = end }
        return Array(buffer[start..<end])
    }

    /// One line without its `\n`, or nil at the end of the output.
    mutating func line() throws(GitError) -> [UInt8]? {
        var searched = 0 // bytes after `start` known to hold no newline; `fill` keeps them after `start`
        while true {
            if let newline = buffer[(start + searched)..<end].firstIndex(of: UInt8(ascii: "\n")) {
                defer { start = newline + 1 }
                return Array(buffer[start..<newline])
            }
            searched = end - start
            guard try fill() else {
                guard start < end else { return nil }
                defer { start = end }
                return Array(buffer[start..<end])
            }
        }
    }

    /// Exactly `count` bytes; the output ending first is an error. What is not buffered yet is read straight into
    /// the result, so a large blob is copied once.
    mutating func bytes(_ count: Int) throws(GitError) -> [UInt8] {
        let buffered = min(count, end - start)
        var failure: GitError?
        let result = [UInt8](unsafeUninitializedCapacity: count) { destination, initialized in
            buffer.withUnsafeBytes { source in
                if buffered > 0 {
                    UnsafeMutableRawBufferPointer(destination).copyMemory(
                        from: UnsafeRawBufferPointer(rebasing: source[start..<start + buffered]))
                }
            }
            initialized = buffered
            while initialized < count {
                let got = read(descriptor, destination.baseAddress! + initialized, count - initialized)
                if got < 0 && errno == EINTR { continue }
                if got <= 0 {
                    failure = GitError(operation: "git \(command)", message: got == 0 ? "output ended early"
                                       : "cannot read output: \(String(cString: strerror(errno)))")
                    return
                }
                initialized += got
            }
        }
        start += buffered
        if let failure { throw failure }
        return result
    }

    /// Reads more after the unconsumed bytes (moved to the front, the buffer doubled when they fill it); false at
    /// the end of the output.
    private mutating func fill() throws(GitError) -> Bool {
        if ended { return false }
        if start > 0 {
            buffer.withUnsafeMutableBytes { raw in
                raw.baseAddress!.copyMemory(from: raw.baseAddress! + start, byteCount: end - start)
            }
            end -= start
            start = 0
        }
        if end == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) }
        while true {
            let got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + end, $0.count - end) }
            if got < 0 && errno == EINTR { continue }
            if got < 0 {
                throw GitError(operation: "git \(command)", message: "cannot read output: \(String(cString: strerror(errno)))")
            }
            if got == 0 { ended = true }
            end += got
            return got > 0
        }
    }
}
