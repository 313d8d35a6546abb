import Testing

@testable import Statistics

/// Selection stays linear on inputs built against median-of-three quickselect.
@Suite("Selection worst case")
struct SelectionWorstCaseTests {
    /// Musser's "median-of-3 killer" for the median-of-three quickselect KPICore used before introselect
    /// (``oldQuickselect``): every partition picks the second smallest element of its range as the pivot, so it
    /// only peels two elements off a range it scans in full, which makes selecting the median quadratic.
    ///
    /// Built by simulating that algorithm on element ids: each round gives the elements at `low` and `mid` the
    /// two smallest values not yet used, and the partition then only swaps `low + 1` with `mid` (the pivot).
    /// Every other element gets a larger value afterwards, in id order, so the one that stays at the end is the
    /// largest of all, as each round assumes.
    static func medianOfThreeKiller(_ n: Int) -> [Double] {
        var at = Array(0..<n)
        var value = [Double](repeating: .nan, count: n)
        var next = 0.0
        var low = 0
        let high = n - 1
        while high - low >= 4 {
            let mid = low + (high - low) / 2
            value[at[low]] = next
            value[at[mid]] = next + 1
            next += 2
            at.swapAt(low + 1, mid)
            low += 2
        }
        for id in 0..<n where value[id].isNaN {
            value[id] = next
            next += 1
        }
        return value
    }

    /// The selection KPICore used before (Hoare's quickselect, median-of-three pivot): `Selection.select` with a
    /// budget it never exhausts, so its pivots never switch to medians of medians. This is also the phase of
    /// introselect that the killer is built against.
    static func oldQuickselect(_ v: inout [Double], rank: Int, by less: (Double, Double) -> Bool) -> Double {
        Selection.select(&v, rank: rank, budget: Int.max / v.count, by: less)
    }

    /// The number of comparisons `select` makes for the median of `values`, after checking its answer.
    static func medianComparisons(
        _ values: [Double], _ select: (inout [Double], Int, (Double, Double) -> Bool) -> Double
    ) -> Int {
        var sample = values
        var comparisons = 0
        let median = select(&sample, values.count / 2) { comparisons += 1; return $0 < $1 }
        #expect(median == Double(values.count / 2), "the killer holds 0 ..< n once each")
        return comparisons
    }

    @Test("The killer makes the old median-of-three quickselect quadratic")
    func killerDefeatsMedianOfThree() {
        // Measured: 754 011 comparisons for n = 2 000 (377·n) and 3 008 011 for n = 4 000 (752·n), about 3n²/16:
        // some 1.9e9 (18 750·n) for the 100 000 elements below, too slow to run here. Introselect makes
        // 1 128 873 (11.3·n) there; on random samples about 2.7·n.
        let small = Self.medianComparisons(Self.medianOfThreeKiller(2_000)) { Self.oldQuickselect(&$0, rank: $1, by: $2) }
        let large = Self.medianComparisons(Self.medianOfThreeKiller(4_000)) { Self.oldQuickselect(&$0, rank: $1, by: $2) }
        #expect(small > 20 * 2_000)
        #expect(large > 3 * small, "doubling n about quadruples the work")
    }

    @Test("Introselect finds the median of a 100 000-element killer in at most 20·n comparisons")
    func introselectOnKiller() {
        let n = 100_000
        let comparisons = Self.medianComparisons(Self.medianOfThreeKiller(n)) { Selection.select(&$0, rank: $1, by: $2) }
        #expect(comparisons <= 20 * n, "\(comparisons) comparisons")
    }

    /// McIlroy's adversary ("A Killer Adversary for Quicksort", 1999): values are decided as the algorithm
    /// compares them. All start as "gas", above every decided value; comparing two gas elements freezes one (the
    /// likely pivot) to the next smallest value. Any algorithm that can be driven quadratic by some input is
    /// driven quadratic by this one (it makes the old median-of-three quickselect as slow as the killer does).
    final class Adversary {
        private static let gas = Int.max
        private(set) var values: [Int]
        private(set) var comparisons = 0
        private var frozen = 0
        private var candidate = -1

        init(count: Int) { values = Array(repeating: Self.gas, count: count) }

        /// Compares the elements with ids `x` and `y`.
        func less(_ x: Int, _ y: Int) -> Bool {
            comparisons += 1
            if values[x] == Self.gas, values[y] == Self.gas {
                values[x == candidate ? x : y] = frozen
                frozen += 1
            }
            if values[x] == Self.gas { candidate = x } else if values[y] == Self.gas { candidate = y }
            return values[x] < values[y]
        }

        /// Freezes what is still gas, in id order, above everything frozen so far.
        func freezeRest() {
            for id in values.indices where values[id] == Self.gas {
                values[id] = frozen
                frozen += 1
            }
        }
    }

    @Test("No input, even one chosen while the comparisons are made, makes introselect exceed 20·n comparisons")
    func introselectAgainstAdversary() {
        // Measured: 1 067 740 comparisons (10.7·n).
        let n = 100_000
        let adversary = Adversary(count: n)
        var ids = Array(0..<n)
        let median = Selection.select(&ids, rank: n / 2, by: adversary.less)
        #expect(adversary.comparisons <= 20 * n, "\(adversary.comparisons) comparisons")
        adversary.freezeRest()
        #expect(adversary.values[median] == n / 2, "the answer holds for the values decided")
    }
}
