import ArgumentParser
import Foundation
import GitKit
import WardenCore

/// Shared by install and uninstall: which hooks directory, and which binary the hooks run.
struct ClientHookOptions: ParsableArguments {
    @Flag(help: "The developer-side hooks (pre-commit, commit-msg, pre-push). Server hooks are installed by install.sh --hooks.")
    var client = false

    @Flag(help: "For every repository of this user, through git config --global core.hooksPath.")
    var global = false

    func installer() throws -> ClientHookInstaller {
        guard client else {
            throw ValidationError("say --client: this command manages developer-side hooks (server hooks: install.sh --hooks REPO)")
        }
        let environment = ProcessInfo.processInfo.environment
        let scope: ClientHookInstaller.Scope
        if global {
            guard let directory = ClientHookInstaller.globalDirectory(environment: environment) else {
                throw ValidationError("cannot tell where the global hooks go: set HOME or XDG_CONFIG_HOME")
            }
            scope = .global(directory: directory)
        } else {
            scope = .repository(try Repository.openFromEnvironment(environment))
        }
        let binary = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return ClientHookInstaller(scope: scope, binary: binary)
    }

    /// Runs install or uninstall and prints what it did.
    func perform(_ action: (inout ClientHookInstaller) throws -> Void) throws {
        var installer = try installer()
        try action(&installer)
        installer.report.forEach { print($0) }
    }
}

struct InstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install the developer-side hooks into this repository (or globally), chaining existing ones."
    )

    @OptionGroup var options: ClientHookOptions

    func run() throws {
        try options.perform { try $0.install() }
    }
}

struct UninstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uninstall",
        abstract: "Remove the developer-side hooks git-warden installed and restore the ones it chained."
    )

    @OptionGroup var options: ClientHookOptions

    func run() throws {
        try options.perform { try $0.uninstall() }
    }
}
