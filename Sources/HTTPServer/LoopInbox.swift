import Glibc
import Synchronization

/// Responses that worker threads hand back to one event loop (see ``WorkerPool``).
///
/// A worker posts the response with the connection's descriptor and serial number, then wakes the loop
/// through its `eventfd`; the loop takes every posted response on its own thread and delivers each to the
/// connection that is still waiting for it (a connection closed meanwhile is gone, and its response dropped).
final class LoopInbox: Sendable {
    /// One finished handler's response, addressed to a connection.
    struct Delivery: Sendable {
        let fd: Int32
        let serial: UInt64
        let response: Response
    }

    private let wakeFD: Int32
    private let deliveries = Mutex<[Delivery]>([])

    init(wakeFD: Int32) {
        self.wakeFD = wakeFD
    }

    /// Hands `response` to the loop and wakes it.
    func post(_ delivery: Delivery) {
        deliveries.withLock { $0.append(delivery) }
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    /// Every delivery posted so far, oldest first.
    func take() -> [Delivery] {
        deliveries.withLock { list in
            defer { list = [] }
            return list
        }
    }
}
