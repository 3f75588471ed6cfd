import Foundation
import WardenSecrets

/// `git-warden scan PATH`: every regular file below a directory, one file, or standard input.
///
/// The walk does not follow symbolic links (a link cannot lead the scan in circles or out of the tree) and skips
/// `.git`. Files are read and scanned on every core; each file is read only up to `maxBytes`, so a huge dump costs
/// no more than the cap and still leaves a note saying it was cut.
public struct DirectoryScan: Sendable {
    public let scanner: SecretScanner
    public let options: ScanOptions

    public init(scanner: SecretScanner, options: ScanOptions) {
        self.scanner = scanner
        self.options = options
    }

    public func scan(directory root: String, progress: ScanProgress? = nil) -> SecretScanReport {
        let started = Date()
        var walk = FileWalk()
        walk.collect(root: root)
        progress?.expect(walk.files.count)
        let results = walk.files.parallelMap { relative -> FileOutcome in
            let outcome = scanFile(at: root + "/" + relative, reportedAs: relative)
            progress?.advance(bytes: outcome.result.scannedBytes)
            return outcome
        }
        progress?.finish()
        var report = SecretScanReport(target: "directory \(root)", notes: walk.notes)
        for outcome in results { report.add(outcome) }
        report.seconds = Date().timeIntervalSince(started)
        report.sortFindings()
        return report
    }

    /// One file, reported under the path the user gave.
    public func scan(file path: String) -> SecretScanReport {
        let started = Date()
        var report = SecretScanReport(target: "file \(path)")
        report.add(scanFile(at: path, reportedAs: path))
        report.seconds = Date().timeIntervalSince(started)
        report.sortFindings()
        return report
    }

    /// Standard input, reported as `stdin`. Read up to the cap and then drained, so a writer never blocks.
    public func scanStandardInput() -> SecretScanReport {
        let started = Date()
        var report = SecretScanReport(target: "standard input")
        report.add(scanFile(at: "/dev/stdin", reportedAs: "stdin"))
        report.seconds = Date().timeIntervalSince(started)
        report.sortFindings()
        return report
    }

    struct FileOutcome: Sendable {
        var result = ScanResult()
        var notes: [SecretScanReport.Note] = []
        var path: String
    }

    func scanFile(at path: String, reportedAs shown: String) -> FileOutcome {
        var outcome = FileOutcome(path: shown)
        do {
            let content = try FileReader.read(path: path, limit: max(0, options.maxBytes))
            outcome.result = scanner.scan(content.bytes, path: shown, options: options)
            if content.total > content.bytes.count && !outcome.result.notes.contains(.binarySkipped) {
                outcome.notes.append(.init(path: shown, kind: .scan(.truncated(scanned: content.bytes.count,
                                                                               total: content.total))))
            }
        } catch {
            outcome.notes.append(.init(path: shown, kind: .unreadable(error.description)))
        }
        return outcome
    }
}

extension SecretScanReport {
    mutating func add(_ outcome: DirectoryScan.FileOutcome) {
        itemsScanned += 1
        bytesScanned += outcome.result.scannedBytes
        findings += outcome.result.findings
        notes += outcome.result.notes.map { Note(path: outcome.path, kind: .scan($0)) } + outcome.notes
    }
}
