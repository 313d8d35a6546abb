/// The elements of a JSON array, in document order.
///
/// Long arrays of plain whole numbers (score lists such as `[9,10,3,…]`) are held by the reader as
/// `Int64`s: a trivially destructible buffer a third the size of the same `JSONValue`s, filled and freed
/// without a call per element. Every other array holds its values. Both read the same through the
/// collection interface, and two arrays with the same elements are equal whichever way they are held.
@frozen
public struct JSONArray: Sendable, Equatable, RandomAccessCollection, ExpressibleByArrayLiteral {
    // One of the two is always empty. Two plain fields rather than an enum: an element is read without
    // binding (and retaining) the storage first.
    @usableFromInline
    var values: [JSONValue]
    @usableFromInline
    var integers: [Int64]

    /// An array of `values`.
    @inlinable
    public init(_ values: [JSONValue] = []) {
        self.values = values
        self.integers = []
    }

    /// An array of whole numbers, held compactly.
    @inlinable
    public init(integers: [Int64]) {
        self.values = []
        self.integers = integers
    }

    @inlinable
    public init(arrayLiteral elements: JSONValue...) {
        self.init(elements)
    }

    /// The elements as `Int64`s when the array is held compactly, for loops over large integer arrays;
    /// `nil` when it holds values (even if every one of them is an integer): read those by index.
    @inlinable
    public var compactIntegers: [Int64]? { integers.isEmpty ? nil : integers }

    @inlinable
    public var startIndex: Int { 0 }

    @inlinable
    public var endIndex: Int { values.count + integers.count }

    @inlinable
    public subscript(position: Int) -> JSONValue {
        _read {
            if integers.isEmpty {
                yield values[position]
            } else {
                yield .number(JSONNumber(integers[position]))
            }
        }
    }

    @inlinable
    public static func == (lhs: JSONArray, rhs: JSONArray) -> Bool {
        if lhs.integers.isEmpty, rhs.integers.isEmpty { return lhs.values == rhs.values }
        if lhs.values.isEmpty, rhs.values.isEmpty { return lhs.integers == rhs.integers }
        return lhs.elementsEqual(rhs)
    }
}
