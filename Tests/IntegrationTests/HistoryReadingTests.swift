import Foundation
import GitKit
import Testing
@testable import WardenCore
import WardenSecrets

/// How `scan --history` reads a history: `GitHistory.readBlobs` with scans on the readers' own threads, and the
/// `git log --raw` listing parsed byte by byte.
@Suite struct HistoryReadingTests {
    static let scanner = Result { try SecretScanner(rules: RuleSet.defaultRules(), cache: .disabled) }

    /// More blobs than the readers ask for at once and more bytes than a pipe holds, with a slow body: every blob
    /// arrives once, with its own content, paired with the next blob of its chunk (none after a chunk's last), and
    /// neither side of a pipe waits forever on the other.
    @Test func eachBlobArrivesOnceWithTheNextOfItsChunk() throws {
        let box = try Sandbox()
        let repo = "\(box.root)/repo"
        try box.must(["git", "init", "-q", repo])
        var files: [String: String] = [:]
        for index in 0..<300 {
            files[String(format: "f%03d.txt", index)] = "file \(index)\n" + String(repeating: "\(index) of 300 ", count: 2000)
        }
        try box.commit(in: repo, files: files, message: "many files")
        var contentOf: [ObjectID: String] = [:]
        for line in try box.git("ls-tree", "-r", "HEAD", in: repo).split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 1)
            let blob = try ObjectID(hex: String(fields[0].split(separator: " ")[2]))
            contentOf[blob] = files[String(fields[1])]
        }
        let blobs = contentOf.keys.sorted()
        let chunks = stride(from: 0, to: blobs.count, by: 37).map { blobs[$0..<min($0 + 37, blobs.count)] }
        var nextInChunk: [ObjectID: ObjectID?] = [:]
        for chunk in chunks {
            for (blob, next) in zip(chunk, chunk.dropFirst().map(Optional.some) + [nil]) { nextInChunk[blob] = next }
        }

        let seen = Seen()
        try GitHistory.readBlobs(chunks: chunks, readers: 2, gitDirectory: "\(repo)/.git") { read, next in
            if read.blob.hex.hasSuffix("0") { usleep(2000) }
            seen.add(read, next)
        }
        let arrived = seen.all
        #expect(arrived.count == blobs.count)
        #expect(Set(arrived.map(\.blob)) == Set(blobs))
        for entry in arrived {
            #expect(String(decoding: entry.content, as: UTF8.self) == contentOf[entry.blob], "\(entry.blob)")
            #expect(entry.next == nextInChunk[entry.blob]!, "\(entry.blob)")
            if let next = entry.next {
                #expect(String(decoding: entry.nextContent, as: UTF8.self) == contentOf[next])
            }
        }
    }

    /// Paths are taken from `git log -z` exactly as git wrote them: with spaces, non-ASCII letters, and a leading
    /// newline (which an earlier parser dropped, reporting a file that does not exist).
    @Test func findingsNameUnusualPathsExactly() throws {
        let box = try Sandbox()
        let repo = "\(box.root)/repo"
        try box.must(["git", "init", "-q", repo])
        let paths = ["dir with space/a b.env", "\nleading-newline.env", "ünïcödé.env"]
        var files: [String: String] = [:]
        for (index, path) in paths.enumerated() {
            files[path] = "TOKEN=\(ScanFixtures.githubToken(seed: 40 + UInt64(index)))\n"
        }
        try box.commit(in: repo, files: files, message: "odd names")
        let scan = GitScan(scanner: try Self.scanner.get(), options: ScanOptions(), gitDirectory: "\(repo)/.git")
        for readers in [1, 2] {
            let report = try scan.history(progress: nil, readers: readers)
            #expect(Set(report.findings.map(\.path)) == Set(paths), "readers: \(readers): \(report.findings.map(\.path))")
        }
    }
}

/// What the readers handed over, gathered from their threads.
private final class Seen: @unchecked Sendable {
    struct Entry {
        var blob: ObjectID
        var content: [UInt8]
        var next: ObjectID?
        var nextContent: [UInt8]
    }

    private let lock = NSLock()
    private var entries: [Entry] = []

    func add(_ read: GitHistory.ReadBlob, _ next: GitHistory.ReadBlob?) {
        let entry = Entry(blob: read.blob, content: read.content, next: next?.blob, nextContent: next?.content ?? [])
        lock.withLock { entries.append(entry) }
    }

    var all: [Entry] { lock.withLock { entries } }
}
