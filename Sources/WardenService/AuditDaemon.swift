import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import UnixSignals
import WardenStore

/// The audit daemon: re-audits the configured roots every interval and at once on SIGHUP, one audit at a time
/// (triggers that arrive during an audit collapse into one more run after it), and on graceful shutdown (SIGTERM)
/// stops between repositories: every repository already recorded stays recorded, and the run is marked interrupted.
public struct AuditDaemon: Service {
    let configuration: DaemonConfiguration
    let session: AuditSession
    let metrics: DaemonMetrics
    let logger: Logger

    public init(configuration: DaemonConfiguration, store: FindingStore, metrics: DaemonMetrics, logger: Logger) {
        self.configuration = configuration
        self.session = AuditSession(store: store, lockDirectory: StoreLocation.lockDirectory(forStore: configuration.store),
                                    parallelism: configuration.parallelism)
        self.metrics = metrics
        self.logger = logger
    }

    public func run() async throws {
        let (triggers, trigger) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(1))
        let stopping = StopFlag()
        let interval = configuration.intervalSeconds
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    while (try? await Task.sleep(for: .seconds(interval))) != nil {
                        trigger.yield("interval")
                    }
                }
                group.addTask {
                    for await _ in await UnixSignalsSequence(trapping: .sighup) { trigger.yield("SIGHUP") }
                }
                trigger.yield("start")
                for await reason in triggers {
                    if stopping.isSet { break }
                    await audit(reason: reason, stopping: stopping)
                }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            stopping.set()
            trigger.finish()
        }
        logger.info("stopped")
    }

    /// Runs the blocking audit on a thread of its own, so the cooperative pool keeps serving signals and timers.
    func audit(reason: String, stopping: StopFlag) async {
        logger.info("audit started", metadata: ["reason": .string(reason), "roots": .array(configuration.roots.map { .string($0) })])
        metrics.auditStarted()
        let started = ContinuousClock.now
        let session = self.session
        let roots = configuration.roots
        let shouldStop: @Sendable () -> Bool = { stopping.isSet }
        let result: Result<AuditSession.Outcome, any Error> = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(returning: Result { try session.run(roots: roots, fix: false, shouldStop: shouldStop) })
            }
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        switch result {
        case .success(let outcome):
            metrics.auditFinished(outcome: outcome, seconds: seconds)
            logger.info(outcome.stopped ? "audit interrupted by shutdown" : "audit finished", metadata: [
                "run": .stringConvertible(outcome.run ?? 0), "repositories": .stringConvertible(outcome.report.repositories),
                "findings": .stringConvertible(outcome.report.entries.count),
                "resolved": .stringConvertible(outcome.report.resolved ?? 0), "seconds": .stringConvertible(seconds),
                "busy": .stringConvertible(outcome.busy.count), "failed": .stringConvertible(outcome.failures.count),
            ])
            for (path, reason) in outcome.failures {
                logger.warning("repository could not be audited", metadata: ["repository": .string(path), "error": .string(reason)])
            }
            for (path, reason) in outcome.unreadable {
                logger.warning("directory under a root cannot be read", metadata: ["path": .string(path), "error": .string(reason)])
            }
            if outcome.report.repositories == 0 && outcome.busy.isEmpty && !outcome.stopped {
                logger.warning("no repositories found under the roots: nothing was audited")
            }
        case .failure(let error):
            metrics.auditFailed("\(error)")
            logger.error("audit failed", metadata: ["error": .string("\(error)")])
        }
    }
}

/// Set once, by the graceful-shutdown handler; read by the audit between repositories.
final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    var isSet: Bool { flag.load(ordering: .acquiring) }

    func set() { flag.store(true, ordering: .releasing) }
}
