#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable stack of elements in manually managed memory, used by the parser to collect the
/// children of every open container before moving them, exactly sized, into their final array.
///
/// Growth uses `realloc` (Swift values are bitwise movable), so a huge array never copies; pushes
/// skip the uniqueness checks of `Array.append`.
struct JSONStack<Element>: ~Copyable {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    /// Number of elements on the stack.
    private(set) var count = 0

    /// A stack with room for `capacity` elements; with 0 it allocates nothing until the first push (a
    /// ``JSONCursor`` builds no values).
    init(capacity: Int) {
        self.capacity = max(capacity, 0)
        base = self.capacity == 0 ? Self.unallocated : Self.reallocate(nil, capacity: self.capacity)
    }

    deinit {
        base.deinitialize(count: count)
        if capacity > 0 { free(base) }
    }

    /// A suitably aligned, never dereferenced address for a stack with no storage yet.
    private static var unallocated: UnsafeMutablePointer<Element> {
        UnsafeMutablePointer(bitPattern: MemoryLayout<Element>.alignment)!
    }

    @inline(__always)
    mutating func push(_ element: consuming Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    /// Removes and returns the top element.
    @inline(__always)
    mutating func pop() -> Element {
        count -= 1
        return (base + count).move()
    }

    /// The element at `index` (must be below `count`).
    @inline(__always)
    subscript(index: Int) -> Element { base[index] }

    /// Moves the elements from `start` to the top into a new array of exactly that size.
    @inline(__always)
    mutating func popArray(from start: Int) -> [Element] {
        let moved = count - start
        let source = base + start
        count = start
        return [Element](unsafeUninitializedCapacity: moved) { buffer, initialized in
            buffer.baseAddress!.moveInitialize(from: source, count: moved)
            initialized = moved
        }
    }

    /// Moves the top elements of `self` (names) and `values` from `start`/`valueStart` into members.
    @inline(__always)
    mutating func popMembers(
        from start: Int, values: inout JSONStack<JSONValue>, from valueStart: Int
    ) -> [JSONObject.Member] where Element == String {
        let moved = count - start
        let names = base + start
        count = start
        // `reserveCapacity` + `append` stays specialized; `init(unsafeUninitializedCapacity:)`
        // looks the array metadata up at run time on every call (measured ~35% slower for 4 members).
        return values.withPopped(from: valueStart) { values in
            var members = [JSONObject.Member]()
            members.reserveCapacity(moved)
            for index in 0..<moved {
                members.append(JSONObject.Member(key: (names + index).move(), value: (values + index).move()))
            }
            return members
        }
    }

    /// Lowers the stack to `start` and lends the removed, still initialized elements to `body`,
    /// which must move every one of them out.
    @inline(__always)
    mutating func withPopped<R>(from start: Int, _ body: (UnsafeMutablePointer<Element>) -> R) -> R {
        count = start
        return body(base + start)
    }

    @inline(never)
    private mutating func grow() {
        let old = capacity
        capacity = max(capacity * 2, 4)
        base = Self.reallocate(old == 0 ? nil : base, capacity: capacity)
    }

    private static func reallocate(_ pointer: UnsafeMutablePointer<Element>?, capacity: Int) -> UnsafeMutablePointer<Element> {
        let bytes = capacity * MemoryLayout<Element>.stride
        guard let raw = realloc(pointer, bytes) else { fatalError("JSON reader: out of memory (\(bytes) bytes)") }
        return raw.bindMemory(to: Element.self, capacity: capacity)
    }
}
