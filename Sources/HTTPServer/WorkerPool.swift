import Dispatch

/// A bounded pool for handlers that would hold an event loop too long (see ``ServerConfiguration/workerThreads``).
///
/// At most `width` jobs run at once; the rest wait in submission order. A job never blocks a loop: the
/// connection that submitted it stops reading until the response comes back through its loop's inbox.
final class WorkerPool: Sendable {
    private let workers: DispatchQueue
    private let admission = DispatchQueue(label: "kpi.http.worker-admission")
    private let slots: DispatchSemaphore
    private let running = DispatchGroup()

    /// A pool that runs at most `width` (≥ 1) jobs at once.
    init(width: Int) {
        workers = DispatchQueue(label: "kpi.http.workers", attributes: .concurrent)
        slots = DispatchSemaphore(value: max(1, width))
    }

    /// Runs `job` once a slot is free.
    func submit(_ job: @escaping @Sendable () -> Void) {
        running.enter()
        let (workers, slots, running) = (workers, slots, running)
        admission.async {
            // The admission queue waits here, not a loop: jobs start in order, `width` at a time.
            slots.wait()
            workers.async {
                job()
                slots.signal()
                running.leave()
            }
        }
    }

    /// Waits until every submitted job has finished.
    func waitUntilIdle() {
        running.wait()
    }
}
