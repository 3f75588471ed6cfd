import Foundation
import WardenStore
import WardenTOML

/// The daemon's configuration file (TOML), e.g. /etc/git-warden/daemon.toml:
///
///     roots = ["/srv/git"]            # where repositories live (required)
///     interval = "10m"                # time between audits (SIGHUP starts one at once)
///     store = "/var/lib/git-warden/findings.sqlite"
///     listen = "127.0.0.1:9419"       # /metrics and /healthz (an IPv4 address); "off" for none
///     log-format = "json"             # or "text"
///     parallelism = 2                 # repositories audited at once (default: the number of cores)
public struct DaemonConfiguration: Sendable {
    public var roots: [String]
    public var intervalSeconds: Double = 600
    public var store: String
    public var listenHost: String? = "127.0.0.1"
    public var listenPort: UInt16 = 9419
    public var jsonLogs = false
    public var parallelism = ProcessInfo.processInfo.activeProcessorCount

    static let keys: Set<String> = ["roots", "interval", "store", "listen", "log-format", "parallelism"]

    public static func load(path: String) throws -> DaemonConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TOMLError(source: path, position: TOMLPosition(line: 1, column: 1), message: "cannot read the daemon configuration")
        }
        return try parse(bytes: Array(data), source: path)
    }

    public static func parse(bytes: [UInt8], source: String) throws(TOMLError) -> DaemonConfiguration {
        let table = try TOMLDocument.parse(bytes: bytes, source: source)
        try table.rejectUnknownKeys(allowed: keys, context: "the daemon configuration")
        guard let roots = try table.strings("roots"), !roots.isEmpty else {
            throw table.error("'roots' must list the directories holding repositories, e.g. [\"/srv/git\"]",
                              key: table["roots"] == nil ? nil : "roots")
        }
        var configuration = DaemonConfiguration(roots: roots, store: try table.string("store") ?? StoreLocation.defaultPath())
        if let seconds = try table.duration("interval", minimum: 1) { configuration.intervalSeconds = seconds }
        if let listen = try table.string("listen") {
            if listen == "off" {
                configuration.listenHost = nil
            } else {
                let parts = listen.split(separator: ":")
                var address = in_addr()
                guard parts.count == 2, let port = UInt16(parts[1]), inet_pton(AF_INET, String(parts[0]), &address) == 1 else {
                    throw table.error("listen must be \"ADDRESS:PORT\" with an IPv4 address (e.g. \"127.0.0.1:9419\"; "
                                      + "port 0 lets the system pick one) or \"off\"", key: "listen")
                }
                configuration.listenHost = String(parts[0])
                configuration.listenPort = port
            }
        }
        if let format = try table.string("log-format") {
            guard format == "json" || format == "text" else {
                throw table.error("log-format must be \"json\" or \"text\"", key: "log-format")
            }
            configuration.jsonLogs = format == "json"
        }
        if let parallelism = try table.integer("parallelism") {
            guard parallelism >= 1 else { throw table.error("parallelism must be at least 1", key: "parallelism") }
            configuration.parallelism = Int(parallelism)
        }
        return configuration
    }
}
