internal import Metrics
internal import Prometheus

/// swift-prometheus's swift-metrics backend, plus help texts: `PrometheusMetricsFactory` registers every metric with
/// an empty help (swift-metrics has no place for one), so /metrics would lose its `# HELP` lines. Counters and gauges
/// whose name `help` describes are registered with that text; everything else goes to the stock factory unchanged.
struct PrometheusHelpFactory: MetricsFactory {
    let registry: PrometheusCollectorRegistry
    let help: [String: String]
    private let stock: PrometheusMetricsFactory

    init(registry: PrometheusCollectorRegistry, help: [String: String]) {
        self.registry = registry
        self.help = help
        self.stock = PrometheusMetricsFactory(registry: registry)
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        guard let text = help[label] else { return stock.makeCounter(label: label, dimensions: dimensions) }
        return registry.makeCounter(descriptor: Self.descriptor(label, text), labels: dimensions)
    }

    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        guard let text = help[label] else { return stock.makeFloatingPointCounter(label: label, dimensions: dimensions) }
        return registry.makeCounter(descriptor: Self.descriptor(label, text), labels: dimensions)
    }

    /// A non-aggregating recorder is swift-metrics' `Gauge`; aggregating ones become histograms, as in the stock factory.
    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        guard !aggregate, let text = help[label] else {
            return stock.makeRecorder(label: label, dimensions: dimensions, aggregate: aggregate)
        }
        return registry.makeGauge(descriptor: Self.descriptor(label, text), labels: dimensions)
    }

    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        guard let text = help[label] else { return stock.makeMeter(label: label, dimensions: dimensions) }
        return registry.makeGauge(descriptor: Self.descriptor(label, text), labels: dimensions)
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        stock.makeTimer(label: label, dimensions: dimensions)
    }

    /// The whole name as `metricName`: with no namespace, subsystem or unit, the descriptor's name is the label as given.
    static func descriptor(_ label: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: label, unitName: "", helpText: help)
    }

    func destroyCounter(_ handler: any CounterHandler) { stock.destroyCounter(handler) }

    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) { stock.destroyFloatingPointCounter(handler) }

    func destroyRecorder(_ handler: any RecorderHandler) { stock.destroyRecorder(handler) }

    func destroyMeter(_ handler: any MeterHandler) { stock.destroyMeter(handler) }

    func destroyTimer(_ handler: any TimerHandler) { stock.destroyTimer(handler) }
}
