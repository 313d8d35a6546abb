import CHTTPShims

extension Server {
    /// Makes every allocation from 128 KiB up (request bodies, large responses, record columns) a mapping of
    /// its own that goes back to the system when freed. glibc otherwise raises that threshold after each
    /// such free, up to 32 MiB, after which big buffers come from the heap and stay in the process: one
    /// 8 MiB body left RSS 50–250 MiB higher for good (`Benchmarks/hostile-bodies.sh`, "RSS after"). Call
    /// once at start-up, before any thread starts.
    public static func returnLargeAllocationsToTheSystem() {
        chttp_return_large_allocations(128 * 1024, 1024 * 1024)
    }
}
