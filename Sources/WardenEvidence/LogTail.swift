import Foundation

/// The end of a push log as an appender needs it: the last complete line and whether a torn (newline-less)
/// fragment follows it. Read backwards in blocks, so an append costs the same on a log of any length.
struct LogTail {
    var lastLine: Data?
    /// Bytes after the last newline (a line whose write never finished).
    var tornBytes: Int
    /// The file's length up to and including the last newline.
    var completeLength: Int

    static func read(descriptor: Int32) throws -> LogTail {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw PushLog.Failure.system("cannot read the push log", errno) }
        let size = Int(status.st_size)
        guard size > 0 else { return LogTail(lastLine: nil, tornBytes: 0, completeLength: 0) }
        var collected = Data()
        var end = size
        var newlines: [Int] = []
        // Until two newlines are seen (the end of the last complete line and the one before it) or the file starts.
        while end > 0 {
            let start = max(0, end - (1 << 16))
            var block = [UInt8](repeating: 0, count: end - start)
            let read = block.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(start)) }
            guard read == end - start else { throw PushLog.Failure.system("cannot read the push log", errno) }
            collected.insert(contentsOf: block, at: 0)
            end = start
            newlines = positions(in: collected, offset: start)
            if newlines.count >= 2 { break }
        }
        let offset = size - collected.count
        guard let lastNewline = newlines.last else {
            return LogTail(lastLine: nil, tornBytes: size, completeLength: 0)
        }
        let torn = size - (lastNewline + 1)
        let lineStart = newlines.count >= 2 ? newlines[newlines.count - 2] + 1 : 0
        let line = collected[(collected.startIndex + lineStart - offset)..<(collected.startIndex + lastNewline - offset)]
        return LogTail(lastLine: Data(line), tornBytes: torn, completeLength: lastNewline + 1)
    }

    /// The file offsets of the last two newlines of `data` (which starts at file offset `offset`), in file order;
    /// fewer when it has fewer. Only those two are used, and a log's last line is short: scanning backwards from
    /// the end reads a few hundred bytes instead of the whole block (it was 3% of a served hook, byte by byte
    /// through `Data`'s iterator).
    private static func positions(in data: Data, offset: Int) -> [Int] {
        data.withUnsafeBytes { bytes in
            var found: [Int] = []
            var index = bytes.count - 1
            while index >= 0 && found.count < 2 {
                if bytes[index] == UInt8(ascii: "\n") { found.insert(offset + index, at: 0) }
                index -= 1
            }
            return found
        }
    }
}
