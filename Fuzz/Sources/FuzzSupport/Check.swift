// What every fuzz target shares beyond its entry point (CFuzzerDriver): the invariant check.

/// Traps with `invariant violated: <message>` (libFuzzer then saves the input as a crash) unless `condition`.
@inlinable
public func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("invariant violated: \(message())") }
}
