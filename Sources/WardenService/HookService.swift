import Foundation
import Logging
import ServiceLifecycle
import WardenCore

/// The hook service (`HookServer`) as a lifecycle `Service`: it serves on its own thread (accept and the hooks
/// block; they are not async code) until graceful shutdown, which stops accepting and removes the socket. Hooks
/// already accepted finish on their threads; new ones meanwhile run alone through their relay.
public struct HookService: Service {
    let server: HookServer
    let logger: Logger

    public init(server: HookServer, logger: Logger) {
        self.server = server
        self.logger = logger
    }

    public func run() async throws {
        let server = self.server
        await withGracefulShutdownHandler {
            await withCheckedContinuation { (finished: CheckedContinuation<Void, Never>) in
                let thread = Thread {
                    server.serve()
                    finished.resume()
                }
                thread.stackSize = 1 << 20
                thread.start()
            }
        } onGracefulShutdown: {
            server.stop()
        }
        if server.stoppedForReplacement {
            logger.notice("the executable was replaced: stopped so that the new one can be started")
        }
    }
}
