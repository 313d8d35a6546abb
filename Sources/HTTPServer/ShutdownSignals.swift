import Glibc

/// SIGTERM and SIGINT taken by a thread of their own with `sigwait(3)` rather than by a handler.
///
/// Both signals are blocked in the calling thread, and so in every thread it starts afterwards: one that
/// arrives before the waiter runs (or while the server is still starting) stays pending instead of
/// killing the process or being dropped, which a `signal(SIG_IGN)` plus an asynchronously registered
/// `DispatchSource` signal source can do. Dispatch's worker threads block all signals themselves.
public enum ShutdownSignals {
    /// Blocks SIGTERM and SIGINT and starts a detached thread that calls `action` with each one taken.
    ///
    /// Call it before starting any thread of your own (in particular before ``Server/start()``),
    /// since a thread started earlier keeps the default disposition and would be killed by the signal.
    public static func handle(_ action: @escaping @Sendable (Int32) -> Void) throws(SocketError) {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        let blocked = pthread_sigmask(SIG_BLOCK, &signals, nil)
        guard blocked == 0 else { throw SocketError(operation: "pthread_sigmask", code: blocked) }
        let waited = signals
        let thread = try spawnThread {
            var waiting = waited
            var taken: Int32 = 0
            while true {
                guard sigwait(&waiting, &taken) == 0 else { continue }
                action(taken)
            }
        }.get()
        pthread_detach(thread)
    }
}
