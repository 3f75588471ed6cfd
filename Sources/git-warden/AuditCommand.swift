import ArgumentParser
import Foundation
import WardenAudit
import WardenCore
import WardenService
import WardenStore

extension Severity: ExpressibleByArgument {}

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit the repositories under the given roots: configuration, hooks, permissions, policy, history, source evidence and the push log.",
        discussion: """
            Repositories (bare or not) are found under each PATH. Findings are kept in the findings store with their \
            life cycle (new, open, resolved, reopened); history is audited incrementally from the last audit. \
            Exit status: 0, or 1 when a finding at or above --fail-on was found, 2 on error.
            """
    )

    @Argument(help: "Directories holding repositories (searched recursively), or repositories.")
    var paths: [String]

    @Option(help: "text, json or sarif.")
    var format: ScanReportFormat = .text

    @Option(name: .customLong("fail-on"), help: "Exit 1 when a finding has this severity or a higher one (info, low, medium, high, critical).")
    var failOn: Severity = .high

    @Flag(help: "Apply safe fixes (configuration values and file modes; never history) and say what changed.")
    var fix = false

    @Option(help: "The findings database (default: GIT_WARDEN_STORE, /var/lib/git-warden/findings.sqlite as root, else ~/.local/state/git-warden/findings.sqlite).")
    var store: String?

    @Flag(name: .customLong("no-store"), help: "Do not remember anything: audit whole histories, no life cycle.")
    var noStore = false

    @Option(help: "Write the report to this file instead of standard output.")
    var report: String?

    func run() throws {
        do {
            let storePath = store ?? StoreLocation.defaultPath()
            let findingStore = noStore ? nil : try FindingStore(path: storePath)
            let session = AuditSession(store: findingStore, lockDirectory: StoreLocation.lockDirectory(forStore: storePath))
            let outcome = try session.run(roots: paths, fix: fix)
            let text: String
            switch format {
            case .text: text = outcome.report.text()
            case .json: text = try outcome.report.json()
            case .sarif: text = try outcome.report.sarif(toolVersion: GitWarden.configuration.version,
                                                         informationURI: ScanCommand.informationURI)
            }
            if let report {
                try ReportFile.write(text, to: report)
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
            for path in outcome.busy { warn("\(path): skipped, another audit of it is running") }
            // Exit 2 on anything that kept the audit from seeing what it was asked to: a repository that failed, a
            // directory it could not list, or no repository at all (a typo in a path must not read as "all fine").
            let problems = outcome.problems
            for problem in problems {
                warn(problem == "no repositories found under the roots"
                     ? "git-warden audit: no repositories found under \(paths.joined(separator: ", ")): nothing was audited"
                     : problem)
            }
            if !problems.isEmpty { throw ExitCode(2) }
            // Acknowledged findings are reported but do not fail the run (until they expire or change).
            if outcome.report.entries.contains(where: { $0.finding.severity >= failOn && $0.acknowledged == nil }) {
                throw ExitCode(1)
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            warn("git-warden audit: \(error)")
            throw ExitCode(2)
        }
    }

    func warn(_ line: String) { writeToStandardError(line) }
}
