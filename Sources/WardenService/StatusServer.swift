import Foundation
internal import Hummingbird
import Logging
internal import NIOCore
import ServiceLifecycle
import Synchronization

/// The daemon's HTTP endpoint (Hummingbird, HTTP/1.1): /metrics in the Prometheus text format and /healthz, on a
/// local IPv4 address. A Service in the daemon's ServiceGroup: it listens while the group runs and, on graceful
/// shutdown (SIGTERM), stops accepting, finishes the requests in flight and closes its port. The group shuts its
/// services down in reverse order, so with the audit daemon listed after it, /metrics keeps answering until the
/// audit has stopped.
public struct StatusServer: Service {
    let host: String
    let port: UInt16
    let metrics: DaemonMetrics
    let logger: Logger

    /// - Parameter port: 0 lets the kernel pick a free port; the one bound is logged ("serving /metrics and /healthz",
    ///   `address` host:port).
    public init(host: String, port: UInt16, metrics: DaemonMetrics, logger: Logger) throws(StatusServerError) {
        var address = in_addr()
        guard inet_pton(AF_INET, host, &address) == 1 else {
            throw StatusServerError(message: "listen address \(host) is not an IPv4 address", underlying: nil)
        }
        self.host = host
        self.port = port
        self.metrics = metrics
        self.logger = logger
    }

    public func run() async throws {
        let started = Atomic<Bool>(false)
        let (host, logger) = (self.host, self.logger)
        // Hummingbird's own start-up line would repeat ours; its warnings and errors still show.
        var libraryLogger = logger
        libraryLogger.logLevel = max(logger.logLevel, .notice)
        let application = Application(
            router: Self.router(metrics: metrics),
            // A scrape or a probe is one short request; an idle connection is closed rather than kept.
            server: .http1(configuration: .init(idleTimeout: .seconds(10))),
            configuration: ApplicationConfiguration(address: .hostname(host, port: Int(port)), backlog: 16),
            onServerRunning: { channel in
                started.store(true, ordering: .releasing)
                logger.info("serving /metrics and /healthz",
                            metadata: ["address": "\(host):\(channel.localAddress?.port ?? 0)"])
            },
            logger: libraryLogger
        )
        do {
            try await application.run()
        } catch {
            let what = started.load(ordering: .acquiring) ? "the status server on \(host):\(port) failed"
                                                          : "cannot listen on \(host):\(port)"
            throw StatusServerError(message: what, underlying: error)
        }
    }

    /// GET (and HEAD) /metrics and /healthz; 404 for any other path, 405 for any other method.
    static func router(metrics: DaemonMetrics) -> Router<BasicRequestContext> {
        let router = Router(options: .autoGenerateHeadEndpoints)
        router.add(middleware: StatusPagesMiddleware())
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.prometheusText)))
        }
        router.get("/healthz") { _, _ in
            let health = metrics.health
            return text(health.healthy ? .ok : .serviceUnavailable, health.text)
        }
        return router
    }

    static func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}

/// The answers for what the routes do not serve, as plain text like the rest (Hummingbird's own are JSON).
struct StatusPagesMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head else {
            var response = StatusServer.text(.methodNotAllowed, "only GET\n")
            response.headers[.allow] = "GET, HEAD"
            return response
        }
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            return StatusServer.text(.notFound, "not found: try /metrics or /healthz\n")
        }
    }
}

/// Why the status server could not start or stopped; `underlying` is the network library's error, if any.
public struct StatusServerError: Error, CustomStringConvertible {
    public var message: String
    public var underlying: (any Error)?
    public var description: String { underlying.map { "\(message): \($0)" } ?? message }
}
