import ArgumentParser
import Foundation
import WardenSecrets

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List or check secret detection rules.",
        subcommands: [List.self, Check.self, Compile.self]
    )

    enum Format: String, ExpressibleByArgument { case text, json }

    static func load(_ file: String?) throws -> RuleSet {
        try file.map { path throws(SecretsError) in try RuleSet.load(path: path) } ?? RuleSet.defaultRulesWithExamples()
    }

    static func fail(_ error: Error) -> ExitCode {
        FileHandle.standardError.write(Data("git-warden: \(error)\n".utf8))
        return ExitCode(2)
    }

    /// `install.sh` runs this once into the system cache: hooks of service users without `HOME` load from there.
    struct Compile: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compile the built-in rules into a cache directory (default: the system cache).")

        @Option(help: "The cache directory.")
        var cache: String = CacheLocation.systemDirectory

        func run() throws {
            let report: RulesCacheReport
            do { report = try SecretScanner.compileDefaultRules(into: cache) } catch { throw RulesCommand.fail(error) }
            guard let directory = report.directory else {
                throw RulesCommand.fail(ValidationError("cannot write the compiled rules into \(cache)"))
            }
            print(report.source == "cache" ? "the compiled rules in \(directory) are current"
                  : "compiled the built-in rules into \(directory)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List rules: id, description, keywords, tags.")

        @Option(help: "A rule file (git-warden or gitleaks format). Default: the built-in rules.")
        var config: String?

        @Option(help: "Output format: text or json.")
        var format: Format = .text

        func run() throws {
            let rules: RuleSet
            do { rules = try RulesCommand.load(config) } catch { throw RulesCommand.fail(error) }
            switch format {
            case .text:
                for rule in rules.rules {
                    var line = "\(rule.id)\t\(rule.description)"
                    if !rule.keywords.isEmpty { line += "\tkeywords: \(rule.keywords.joined(separator: ","))" }
                    if !rule.tags.isEmpty { line += "\ttags: \(rule.tags.joined(separator: ","))" }
                    print(line)
                }
            case .json:
                let objects = rules.rules.map { rule -> [String: Any] in
                    ["id": rule.id, "description": rule.description, "keywords": rule.keywords, "tags": rule.tags]
                }
                let data = try JSONSerialization.data(withJSONObject: objects,
                                                      options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
                print(String(decoding: data, as: UTF8.self))
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a rule file (default: the built-in rules): regexes compile, examples behave. Exit 1 on errors.")

        @Argument(help: "The rule file to check.")
        var file: String?

        func run() throws {
            let rules: RuleSet
            do { rules = try RulesCommand.load(file) } catch { throw RulesCommand.fail(error) }
            let source = file ?? "default-rules.toml"
            let problems = rules.check()
            for problem in problems {
                print("\(source): \(problem.ruleID): \(problem.isError ? "error" : "warning"): \(problem.message)")
            }
            let errors = problems.filter(\.isError).count
            let warnings = problems.count - errors
            print("\(source): \(rules.rules.count) rules, \(errors) error\(errors == 1 ? "" : "s"), "
                  + "\(warnings) warning\(warnings == 1 ? "" : "s")")
            if errors > 0 { throw ExitCode(1) }
        }
    }
}
