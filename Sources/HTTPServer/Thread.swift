import Glibc

/// Starts a joinable POSIX thread running `body` (the event loops, the signal waiter).
func spawnThread(_ body: @escaping @Sendable () -> Void) -> Result<pthread_t, SocketError> {
    let box = Unmanaged.passRetained(ThreadBody(body))
    var thread = pthread_t()
    let result = pthread_create(&thread, nil, { argument in
        Unmanaged<ThreadBody>.fromOpaque(argument!).takeRetainedValue().run()
        return nil
    }, box.toOpaque())
    guard result == 0 else {
        box.release()
        return .failure(SocketError(operation: "pthread_create", code: result))
    }
    return .success(thread)
}

/// A thread's entry closure, passed through `pthread_create`'s context pointer.
private final class ThreadBody: Sendable {
    let run: @Sendable () -> Void

    init(_ run: @escaping @Sendable () -> Void) {
        self.run = run
    }
}
