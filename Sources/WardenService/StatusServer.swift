import Foundation

/// A minimal HTTP/1.0 server for /metrics and /healthz on a local address: one thread, one short request at a
/// time, `Connection: close`. Scrapers and health probes need nothing more, and it keeps a web framework out of a
/// security tool.
public final class StatusServer: @unchecked Sendable {
    let metrics: DaemonMetrics
    private let socket: Int32
    /// The port actually bound (useful when 0 asked the kernel to pick one).
    public let port: UInt16
    private let thread: Thread

    public init(host: String, port: UInt16, metrics: DaemonMetrics) throws {
        self.metrics = metrics
        let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw StatusServerError(message: "socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            close(descriptor)
            throw StatusServerError(message: "listen address \(host) is not an IPv4 address")
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw StatusServerError(message: "cannot listen on \(host):\(port): \(reason)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.socket = descriptor
        self.port = UInt16(bigEndian: actual.sin_port)
        let metrics = self.metrics
        thread = Thread { Self.serve(descriptor, metrics: metrics) }
        thread.name = "git-warden status server"
        thread.start()
    }

    /// Stops accepting; the thread ends when `accept` fails on the shut-down socket.
    public func stop() {
        shutdown(socket, Int32(SHUT_RDWR))
        close(socket)
    }

    static func serve(_ listener: Int32, metrics: DaemonMetrics) {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            var timeout = timeval(tv_sec: 2, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            respond(client, metrics: metrics)
            close(client)
        }
    }

    static func respond(_ client: Int32, metrics: DaemonMetrics) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(client, &buffer, buffer.count)
        guard count > 0 else { return }
        let requestLine = String(decoding: buffer[..<count].prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") },
                                 as: UTF8.self)
        let parts = requestLine.split(separator: " ")
        let (status, contentType, body): (String, String, String)
        if parts.count < 2 || (parts[0] != "GET" && parts[0] != "HEAD") {
            (status, contentType, body) = ("405 Method Not Allowed", "text/plain", "only GET\n")
        } else {
            switch parts[1].split(separator: "?").first.map(String.init) ?? "" {
            case "/metrics":
                (status, contentType, body) = ("200 OK", "text/plain; version=0.0.4", metrics.prometheusText)
            case "/healthz":
                let health = metrics.health
                (status, contentType, body) = (health.healthy ? "200 OK" : "503 Service Unavailable", "text/plain", health.text)
            default:
                (status, contentType, body) = ("404 Not Found", "text/plain", "not found: try /metrics or /healthz\n")
            }
        }
        let payload = Data(body.utf8)
        var response = Data("HTTP/1.0 \(status)\r\nContent-Type: \(contentType)\r\nContent-Length: \(payload.count)\r\nConnection: close\r\n\r\n".utf8)
        if parts.first != "HEAD" { response += payload }
        response.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = send(client, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
                if written <= 0 { return }
                offset += written
            }
        }
    }
}

public struct StatusServerError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
