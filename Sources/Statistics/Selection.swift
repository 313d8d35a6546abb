/// The element of a given rank, found by partial reordering in worst-case linear time (introselect).
enum Selection {
    /// How many elements, as a multiple of the range, median-of-three partitions may scan before the pivots
    /// switch to medians of medians. Typical data needs about 2.75 (Knuth: median-of-three quickselect of the
    /// median), so only inputs built against median-of-three (Musser's "median-of-3 killer") reach it.
    static let quickselectBudget = 4

    /// Rearranges `values` so that `values[rank]` holds the element of that rank in the order `less` (a strict
    /// weak order), with no element after it less than it and none before it greater, and returns it.
    ///
    /// Hoare's quickselect with a median-of-three pivot while it makes progress; once its partitions have
    /// scanned ``quickselectBudget`` times the range, each pivot is the median of the medians of groups of five
    /// (Blum, Floyd, Pratt, Rivest, Tarjan), which leaves at most about 7/10 of a range to search: O(n)
    /// comparisons for every input. `rank` must be an index of `values`; `budget` replaces ``quickselectBudget``
    /// (0: medians of medians from the start).
    static func select<T>(_ values: inout [T], rank: Int, budget: Int = quickselectBudget, by less: (T, T) -> Bool) -> T {
        precondition(values.indices.contains(rank), "rank out of range")
        return values.withUnsafeMutableBufferPointer { v in
            introselect(v, low: 0, high: v.count - 1, rank: rank, budget: budget, by: less)
            return v[rank]
        }
    }

    /// Puts the element of rank `rank` (an index within `low...high`) in place within `v[low...high]`.
    private static func introselect<T>(
        _ v: UnsafeMutableBufferPointer<T>, low: Int, high: Int, rank: Int, budget multiple: Int, by less: (T, T) -> Bool
    ) {
        var low = low
        var high = high
        var budget = multiple * (high - low + 1)
        while high > low {
            let pivot: T
            if budget > 0 {
                budget -= high - low + 1
                pivot = medianOfThree(v, low: low, high: high, by: less)
            } else {
                pivot = medianOfMedians(v, low: low, high: high, budget: multiple, by: less)
            }
            // Hoare's partition. The pivot is an element of the range and `less` is irreflexive, so each scan stops
            // at the pivot's position at the latest, and after a swap at the element just swapped: no scan leaves
            // the range, and the first swap always happens, so the range shrinks.
            var i = low
            var j = high
            while i <= j {
                while less(v[i], pivot) { i += 1 }
                while less(pivot, v[j]) { j -= 1 }
                if i <= j {
                    v.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if rank <= j {
                high = j
            } else if rank >= i {
                low = i
            } else {
                return
            }
        }
    }

    /// Orders `v[low]`, `v[mid]`, `v[high]` and returns the middle one, left at `mid`.
    private static func medianOfThree<T>(_ v: UnsafeMutableBufferPointer<T>, low: Int, high: Int, by less: (T, T) -> Bool) -> T {
        let mid = low + (high - low) / 2
        if less(v[mid], v[low]) { v.swapAt(mid, low) }
        if less(v[high], v[low]) { v.swapAt(high, low) }
        if less(v[high], v[mid]) { v.swapAt(high, mid) }
        return v[mid]
    }

    /// The median of the medians of the groups of five in `v[low...high]` (median of three below two groups).
    /// The medians are gathered at the front of the range and the median among them selected in place, so it
    /// stays an element of the range.
    private static func medianOfMedians<T>(
        _ v: UnsafeMutableBufferPointer<T>, low: Int, high: Int, budget: Int, by less: (T, T) -> Bool
    ) -> T {
        let groups = (high - low + 1) / 5
        guard groups >= 2 else { return medianOfThree(v, low: low, high: high, by: less) }
        for g in 0..<groups {
            let start = low + 5 * g
            sortFive(v, start, by: less)
            // Position `low + g` is at or before this group, in one already done.
            v.swapAt(low + g, start + 2)
        }
        let middle = low + groups / 2
        introselect(v, low: low, high: low + groups - 1, rank: middle, budget: budget, by: less)
        return v[middle]
    }

    /// Sorts `v[start ..< start + 5]` by insertion (at most 10 comparisons).
    private static func sortFive<T>(_ v: UnsafeMutableBufferPointer<T>, _ start: Int, by less: (T, T) -> Bool) {
        for k in start + 1..<start + 5 {
            var m = k
            while m > start, less(v[m], v[m - 1]) {
                v.swapAt(m, m - 1)
                m -= 1
            }
        }
    }
}
