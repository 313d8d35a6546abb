/// The elements of a JSON array, in document order.
public struct JSONArray: Sendable, Equatable, RandomAccessCollection, ExpressibleByArrayLiteral {
    @usableFromInline
    var values: [JSONValue]

    /// An array of `values`.
    @inlinable
    public init(_ values: [JSONValue] = []) {
        self.values = values
    }

    @inlinable
    public init(arrayLiteral elements: JSONValue...) {
        self.init(elements)
    }

    @inlinable
    public var startIndex: Int { 0 }

    @inlinable
    public var endIndex: Int { values.count }

    @inlinable
    public subscript(position: Int) -> JSONValue { values[position] }
}
