@preconcurrency import Dispatch  // DispatchSourceTimer is thread-safe but not yet annotated Sendable
import Glibc
import JSON
import Synchronization

/// A buffered writer of log lines to a file descriptor (standard output by default).
///
/// Request threads write each line straight into a buffer under a short lock; a background timer writes the
/// buffer out every 10 ms, so no request waits on the terminal or a pipe. A buffer past 256 KiB is written at once
/// by the thread that filled it, so memory stays bounded when output is slow.
public final class LogSink: Sendable {
    private let fd: Int32
    /// Lines not yet written; request threads append here.
    private let buffer = Mutex(JSONWriter(capacity: LogSink.initialCapacity))
    /// The flusher's buffer, swapped with `buffer` at each flush: both keep their capacity, so filling
    /// them never allocates (or page-faults) again once warm. Its lock also keeps flushes in order.
    private let spare = Mutex(JSONWriter(capacity: LogSink.initialCapacity))
    private let timer: any DispatchSourceTimer
    private static let flushThreshold = 256 << 10
    private static let initialCapacity = 64 << 10

    /// A sink writing to `fd`; standard output by default.
    public init(fd: Int32 = STDOUT_FILENO) {
        self.fd = fd
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "kpi-service.log-sink"))
        timer.schedule(deadline: .now() + .milliseconds(10), repeating: .milliseconds(10), leeway: .milliseconds(5))
        timer.setEventHandler { [weak self] in self?.flush() }
        timer.resume()
    }

    deinit {
        timer.cancel()
        flush()
    }

    /// Appends one line of UTF-8 formatted elsewhere (a newline is added).
    public func write(line: UnsafeBufferPointer<UInt8>) {
        append { $0.appendLine(line) }
    }

    /// Appends one JSON line that `body` writes straight into the buffer (one JSON value; the newline is
    /// added): no line of its own is built and copied. `body` runs under the sink's lock, so it must be short
    /// and must not log.
    public func writeJSONLine(_ body: (inout JSONWriter) -> Void) {
        append { writer in
            body(&writer)
            writer.endLine()
        }
    }

    private func append(_ body: (inout JSONWriter) -> Void) {
        let full = buffer.withLock { buffer in
            body(&buffer)
            return buffer.byteCount >= Self.flushThreshold
        }
        if full { flush() }
    }

    /// Writes out everything buffered so far.
    public func flush() {
        spare.withLock { pending in
            pending.removeAll()
            buffer.withLock { swap(&$0, &pending) }
            pending.withBytes { writeAll($0) }
        }
    }

    private func writeAll(_ bytes: UnsafeBufferPointer<UInt8>) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written > 0 {
                offset += written
            } else if written < 0, errno == EINTR || errno == EAGAIN {
                continue
            } else {
                return  // the log destination is gone; dropping lines beats crashing the service
            }
        }
    }
}
