import ArgumentParser
import Foundation
import GitKit
import WardenCore
import WardenSecrets

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan files, staged changes, a commit range or the whole history for secrets.",
        discussion: """
            Exit status: 0 no findings, 1 findings, 2 error (including content a rule could not decide, such as a \
            regex match limit hit, when nothing was found). Fingerprints listed in .git-warden-ignore (at the \
            scanned directory or the work tree root, or the current directory for a file or stdin) are not reported.
            """
    )

    /// Where people learn about git-warden (SARIF `informationUri`).
    static let informationURI = "https://github.com/git-warden/git-warden"

    @Argument(help: "A directory (walked, .git skipped), a file, or - for standard input; with --staged, --range or --history, the repository. Default: the current directory.")
    var path: String?

    @Flag(help: "Scan the lines staged for the next commit (honours GIT_INDEX_FILE).")
    var staged = false

    @Option(help: "Scan the lines each commit of a range (A..B, or a revision and its ancestors) adds.")
    var range: String?

    @Flag(help: "Scan every version of every file reachable from any ref; each secret once, at its introducing commit.")
    var history = false

    @Option(help: "Output format: text, json or sarif.")
    var format: ScanReportFormat = .text

    @Option(help: "Write the report to this file (a summary still goes to standard error).")
    var report: String?

    @Flag(inversion: .prefixedNo, help: "Show secrets redacted (default) or in full.")
    var redact = true

    @Option(help: "A rule file (git-warden or gitleaks format) used instead of the built-in rules.")
    var config: String?

    @Flag(help: "Also scan content that looks binary (a NUL byte in its first 8000 bytes, as git decides).")
    var scanBinary = false

    @Option(help: "Bytes scanned per file or blob; the rest is skipped with a note.")
    var maxBytes: Int = ScanOptions().maxBytes

    @Option(help: "A file of accepted fingerprints, in addition to .git-warden-ignore; may be repeated.")
    var ignoreFile: [String] = []

    @Option(help: "A previous JSON report: findings it lists are not reported again.")
    var baseline: String?

    func run() throws {
        do {
            let modes = [staged, range != nil, history].filter { $0 }.count
            if modes > 1 { throw ScanInputError(message: "give only one of --staged, --range and --history") }
            if modes == 1, path == "-" { throw ScanInputError(message: "standard input cannot be a repository") }
            if maxBytes <= 0 { throw ScanInputError(message: "--max-bytes must be a positive number of bytes") }
            // Every input is read and checked before the scan, so a typo fails at once, not after an hour of history.
            let target = try resolveTarget()
            var ignored = Set<String>()
            let defaultIgnore = target.root + "/.git-warden-ignore"
            if FileManager.default.fileExists(atPath: defaultIgnore) {
                ignored = try SecretIgnoreFile.load(path: defaultIgnore)
            }
            for file in ignoreFile { ignored.formUnion(try SecretIgnoreFile.load(path: file)) }
            let accepted = try baseline.map { path throws(BaselineError) in
                try SecretScanReport.baselineFingerprints(path: path)
            } ?? []
            let scanner = try SecretScanner(rules: try config.map { path throws(SecretsError) in
                try RuleSet.load(path: path)
            } ?? RuleSet.defaultRules())
            var result = try scan(target, scanner: scanner, options: ScanOptions(maxBytes: maxBytes, scanBinary: scanBinary))
            result.suppress(ignored: ignored, baseline: accepted)
            try output(result)
            if !result.findings.isEmpty { throw ExitCode(1) }
            // A rule that could not finish on some content leaves it undecided: not a clean result.
            let undecided = result.notes.filter { if case .scan(let note) = $0.kind { note.leavesRuleUndecided != nil } else { false } }
            if !undecided.isEmpty {
                FileHandle.standardError.write(Data(("git-warden: \(undecided.count) place(s) could not be decided "
                    + "(a rule hit its regex match limit or could not run; see the notes): exit status 2\n").utf8))
                throw ExitCode(2)
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileHandle.standardError.write(Data("git-warden: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }

    /// What to scan, and the directory whose `.git-warden-ignore` applies: the scanned directory, the work tree
    /// root for git scans, the current directory for a file or standard input.
    private enum Target {
        case git(Repository, root: String)
        case directory(String)
        case file(String, root: String)
        case standardInput(root: String)

        var root: String {
            switch self {
            case .git(_, let root), .file(_, let root), .standardInput(let root): root
            case .directory(let path): path
            }
        }
    }

    private func resolveTarget() throws -> Target {
        let here = FileManager.default.currentDirectoryPath
        if staged || range != nil || history {
            // Hooks (and scripts) may name the repository with GIT_DIR instead of the working directory.
            let environment = ProcessInfo.processInfo.environment
            let repository = environment["GIT_DIR"] != nil && path == nil
                ? try Repository.openFromEnvironment(environment) : try Repository.discover(from: path ?? here)
            return .git(repository, root: repository.workDirectory.map { String($0.dropLast()) } ?? repository.gitDirectory)
        }
        let target = path ?? "."
        if target == "-" { return .standardInput(root: here) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) else {
            throw ScanInputError(message: "\(target): no such file or directory")
        }
        return isDirectory.boolValue ? .directory(target) : .file(target, root: here)
    }

    private func scan(_ target: Target, scanner: SecretScanner, options: ScanOptions) throws -> SecretScanReport {
        let files = DirectoryScan(scanner: scanner, options: options)
        switch target {
        case .git(let repository, _):
            let scan = GitScan(scanner: scanner, options: options, gitDirectory: repository.gitDirectory)
            if staged { return try scan.staged(indexPath: ProcessInfo.processInfo.environment["GIT_INDEX_FILE"]) }
            if let range { return try scan.range(range, progress: .onTerminal(unit: "commits")) }
            return try scan.history(progress: .onTerminal(unit: "file versions"))
        case .directory(let path): return files.scan(directory: path, progress: .onTerminal(unit: "files"))
        case .file(let path, _): return files.scan(file: path)
        case .standardInput: return files.scanStandardInput()
        }
    }

    private func output(_ result: SecretScanReport) throws {
        let style = ScanReportStyle(toolVersion: GitWarden.configuration.version, informationURI: Self.informationURI,
                                    showSecrets: !redact)
        let rendered = try result.rendered(as: format, style: style)
        if let report {
            do {
                try rendered.write(toFile: report, atomically: true, encoding: .utf8)
            } catch {
                throw ScanInputError(message: "cannot write report \(report): \(error.localizedDescription)")
            }
        } else {
            FileHandle.standardOutput.write(Data(rendered.utf8))
        }
        if report != nil || format != .text {
            let lines = result.noteLines().map { "note: \($0)" } + [result.summaryLine()]
            FileHandle.standardError.write(Data(lines.map { "git-warden: \($0)\n" }.joined().utf8))
        }
    }
}

extension ScanReportFormat: ExpressibleByArgument {}

/// A command-line input that cannot be used, said plainly.
struct ScanInputError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
