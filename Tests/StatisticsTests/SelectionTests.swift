import Testing

import NumericTestSupport
@testable import Statistics

@Suite("Selection")
struct SelectionTests {
    /// Selects `rank` in a copy of `values` and checks it against sorting, and that nothing before the rank is
    /// greater and nothing after it is less.
    static func expectSelects(_ values: [Double], rank: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        var sample = values
        let selected = Statistics.select(&sample, rank: rank)
        let sorted = values.sorted()
        #expect(selected == sorted[rank], sourceLocation: sourceLocation)
        #expect(sample.sorted() == sorted, "a permutation", sourceLocation: sourceLocation)
        #expect(sample[..<rank].allSatisfy { $0 <= selected } && sample[(rank + 1)...].allSatisfy { $0 >= selected },
                sourceLocation: sourceLocation)
    }

    @Test("Every rank of one and two elements")
    func tiny() {
        Self.expectSelects([7], rank: 0)
        for pair in [[1.0, 2], [2, 1], [3, 3]] {
            for rank in 0..<2 { Self.expectSelects(pair, rank: rank) }
        }
    }

    @Test("Every rank of all-equal samples and of samples with many repeats")
    func repeats() {
        for rank in 0..<40 { Self.expectSelects(Array(repeating: 4.5, count: 40), rank: rank) }
        var generator = SplitMix64(seed: 1)
        let fewValues = (0..<300).map { _ in Double(Int.random(in: 0..<4, using: &generator)) }
        for rank in 0..<300 { Self.expectSelects(fewValues, rank: rank) }
    }

    @Test("Random samples of many sizes, at the median, p90 and random ranks, agree with sorting")
    func random() {
        var generator = SplitMix64(seed: 2)
        for n in [3, 4, 5, 9, 10, 11, 24, 25, 26, 99, 100, 1000, 5000] {
            for _ in 0..<4 {
                let values = (0..<n).map { _ in Double.random(in: -1e6...1e6, using: &generator).rounded() }
                for rank in [0, n / 2, Int(Double(n - 1) * 0.9), n - 1, Int.random(in: 0..<n, using: &generator)] {
                    Self.expectSelects(values, rank: rank)
                }
            }
        }
    }

    @Test("The median-of-medians pivots (forced from the start) select correctly too")
    func medianOfMediansOnly() {
        var generator = SplitMix64(seed: 3)
        for n in [10, 11, 49, 50, 51, 777, 4096] {
            let values = (0..<n).map { _ in Double(Int.random(in: 0..<(n / 3 + 1), using: &generator)) }
            let sorted = values.sorted()
            for rank in [0, n / 3, n / 2, n - 1] {
                var sample = values
                #expect(Selection.select(&sample, rank: rank, budget: 0, by: <) == sorted[rank])
                #expect(sample[(rank + 1)...].allSatisfy { $0 >= sorted[rank] })
            }
        }
    }
}
