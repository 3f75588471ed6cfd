import Foundation

/// Writes a report where `--report` names it.
///
/// A regular file (or a new one) is replaced atomically, so a reader never sees half a report. Anything else that
/// already exists at the path (`/dev/null`, a fifo, a terminal, a symbolic link) is written through in place, as a
/// shell's `>` would: an atomic write renames a temporary file over the path, which once turned `/dev/null` into a
/// regular file for the whole machine.
enum ReportFile {
    static func write(_ text: String, to path: String) throws {
        var status = stat()
        if lstat(path, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG {
            // O_TRUNC empties a file behind a link and is ignored by devices and fifos, as with `>`.
            let descriptor = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            try handle.write(contentsOf: Data(text.utf8))
            return
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
