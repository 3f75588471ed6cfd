import ArgumentParser

@main
struct GitWarden: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "git-warden",
        abstract: "Guards git repositories: push policy, secret scanning, signatures and an audit trail.",
        version: "0.1.0",
        subcommands: [
            PreReceiveCommand.self, PostReceiveCommand.self, PreCommitCommand.self, CommitMsgCommand.self, PrePushCommand.self,
            ScanCommand.self, RulesCommand.self, PolicyCommand.self, VerifyCommand.self, AuditCommand.self,
            FindingsCommand.self, DaemonCommand.self, HookServerCommand.self, DebugCommand.self, LogCommand.self,
            AttestCommand.self,
            InstallCommand.self, UninstallCommand.self,
        ]
    )
}
