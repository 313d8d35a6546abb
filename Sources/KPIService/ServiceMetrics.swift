import CoreMetrics
import Prometheus
import Synchronization

/// The service's Prometheus metrics, recorded through swift-metrics and exposed in text format at `/metrics`.
///
/// - `http_requests_total{route,status}`: requests answered, by route label and status code.
/// - `http_request_duration_seconds{route}`: latency histogram.
/// - `http_requests_in_flight`: requests being handled now.
/// - `http_open_connections`: open client connections (read from the server at scrape time).
final class ServiceMetrics: Sendable {
    /// One route's latency timer and its request counters by status.
    private struct RouteMetrics {
        let timer: CoreMetrics.Timer
        var counters: [Int: CoreMetrics.Counter] = [:]
    }

    private let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    /// By route label: one lookup and one lock per request.
    private let routes = Mutex<[String: RouteMetrics]>([:])
    private let inFlight: CoreMetrics.Meter
    private let openConnections: CoreMetrics.Gauge

    init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5),
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
        ]
        self.factory = factory
        inFlight = CoreMetrics.Meter(label: "http_requests_in_flight", dimensions: [], factory: factory)
        openConnections = CoreMetrics.Gauge(label: "http_open_connections", dimensions: [], factory: factory)
    }

    /// Marks the start of a request.
    func requestStarted() { inFlight.increment() }

    /// Records a finished request.
    func requestFinished(route: String, status: Int, nanoseconds: Int64) {
        inFlight.decrement()
        let factory = self.factory
        let (counter, timer) = routes.withLock { routes in
            let metrics = routes[route, default: RouteMetrics(timer: CoreMetrics.Timer(
                label: "http_request_duration_seconds", dimensions: [("route", route)], factory: factory))]
            if let counter = metrics.counters[status] { return (counter, metrics.timer) }
            let counter = CoreMetrics.Counter(
                label: "http_requests_total", dimensions: [("route", route), ("status", String(status))], factory: factory)
            routes[route, default: metrics].counters[status] = counter
            return (counter, metrics.timer)
        }
        counter.increment()
        timer.recordNanoseconds(nanoseconds)
    }

    /// The Prometheus text exposition, with the open-connection gauge set to `connections` first.
    func exposition(openConnections connections: Int) -> [UInt8] {
        openConnections.record(connections)
        var bytes: [UInt8] = []
        registry.emit(into: &bytes)
        return bytes
    }
}
