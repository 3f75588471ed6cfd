import ArgumentParser
import Foundation
import HookWire
import Logging
import ServiceLifecycle
import WardenCore
import WardenService

struct HookServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook-server",
        abstract: "Serve this user's hooks from a resident process (hooks reach it through git-warden-hook-relay).",
        discussion: """
            Run it as the user git runs hooks as (the service account of the server, or a developer). Hooks find it \
            at $GIT_WARDEN_HOOK_SOCKET, else /tmp/git-warden-UID/hook.sock; without it they run alone, as before. \
            SIGTERM or SIGINT stop it; when its executable is replaced (an upgrade) it stops with status 75 so that \
            the service manager starts the new one. See contrib/git-warden-hook-server.service.
            """
    )

    @Option(help: "The socket to listen on (default: $GIT_WARDEN_HOOK_SOCKET, else /tmp/git-warden-UID/hook.sock).")
    var socket: String?

    @Option(help: "Hooks served at once; more run alone.")
    var concurrent: Int = max(8, 4 * ProcessInfo.processInfo.activeProcessorCount)

    func run() async throws {
        let setting = socket ?? ProcessInfo.processInfo.environment[HookSocketPath.environmentKey]
        guard let path = HookSocketPath.resolve(setting, uid: geteuid()) else {
            FileHandle.standardError.write(Data("git-warden hook-server: \(HookSocketPath.environmentKey) is off; nothing to serve\n".utf8))
            throw ExitCode(2)
        }
        guard concurrent > 0 else { throw ValidationError("--concurrent must be at least 1") }
        let server: HookServer
        do {
            server = try HookServer(socketPath: path, mostConcurrent: concurrent) { line in
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
        } catch {
            FileHandle.standardError.write(Data("git-warden hook-server: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let logger = Logger(label: "git-warden.hook-server")
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: HookService(server: server, logger: logger),
                             successTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        if server.stoppedForReplacement { throw ExitCode(75) }
    }
}
