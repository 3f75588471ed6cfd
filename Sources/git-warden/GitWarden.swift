import ArgumentParser

@main
struct GitWarden: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "git-warden",
        abstract: "Guards git repositories: push policy, protected refs and an audit trail.",
        version: "0.1.0",
        subcommands: [PreReceiveCommand.self, PolicyCommand.self, VerifyCommand.self, ScanCommand.self, RulesCommand.self]
    )
}
