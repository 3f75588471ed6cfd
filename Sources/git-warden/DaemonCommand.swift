import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import WardenService
import WardenStore

struct DaemonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Re-audit the configured roots on an interval (and on SIGHUP); serve /metrics and /healthz.",
        discussion: "SIGTERM or SIGINT stop it gracefully between two repositories. See contrib/git-warden-daemon.service."
    )

    @Option(help: "The daemon configuration file (TOML: roots, interval, store, listen, log-format, parallelism).")
    var config: String = "/etc/git-warden/daemon.toml"

    func run() async throws {
        let configuration: DaemonConfiguration
        do {
            configuration = try DaemonConfiguration.load(path: config)
        } catch {
            FileHandle.standardError.write(Data("git-warden daemon: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let json = configuration.jsonLogs
        LoggingSystem.bootstrap { label in
            json ? JSONLogHandler(label: label) as any LogHandler : StreamLogHandler.standardError(label: label)
        }
        let logger = Logger(label: "git-warden.daemon")
        let store = try FindingStore(path: configuration.store)
        let metrics = DaemonMetrics()
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let host = configuration.listenHost {
            // Listed first, so it is shut down last: /metrics answers until the audit has stopped. If it cannot
            // listen, the whole daemon stops (gracefully) and says why rather than audit unobserved.
            let server: StatusServer
            do {
                server = try StatusServer(host: host, port: configuration.listenPort, metrics: metrics, logger: logger)
            } catch {
                FileHandle.standardError.write(Data("git-warden daemon: \(error)\n".utf8))
                throw ExitCode(2)
            }
            services.append(.init(service: server, successTerminationBehavior: .gracefullyShutdownGroup,
                                  failureTerminationBehavior: .gracefullyShutdownGroup))
        }
        let daemon = AuditDaemon(configuration: configuration, store: store, metrics: metrics, logger: logger)
        services.append(.init(service: daemon))
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            logger.error("stopped on an error", metadata: ["error": .string("\(error)")])
            FileHandle.standardError.write(Data("git-warden daemon: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
