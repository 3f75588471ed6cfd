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
        var server: StatusServer?
        if let host = configuration.listenHost {
            server = try StatusServer(host: host, port: configuration.listenPort, metrics: metrics)
            logger.info("serving /metrics and /healthz", metadata: ["address": "\(host):\(server!.port)"])
        }
        defer { server?.stop() }
        let daemon = AuditDaemon(configuration: configuration, store: store, metrics: metrics, logger: logger)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: daemon)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
