import Testing

import NumericTestSupport
@testable import Statistics

@Suite("Statistics")
struct StatisticsTests {
    // Expected bounds from scipy 1.17:
    // python3 -c "from scipy.stats import binomtest; ci=binomtest(k,n).proportion_ci(method='wilson'); print(ci.low*100, ci.high*100)"
    static let wilsonCases: [(Double, Double, Double, Double)] = [
        (30.0, 100.0, 21.894885294932763, 39.584854633346666),
        (0, 10, 0, 27.753279986288927),
        (10, 10, 72.24672001371108, 100),
        (1, 1, 20.654931437723747, 100),
        (900, 1000, 87.98480368046515, 91.70905564069042),
        (50, 1000, 3.813026239274881, 6.531382024425081),
        (1, 3, 6.1491944720396265, 79.23403991979524),
    ]

    @Test("Wilson intervals match scipy's binomtest(...).proportion_ci(method='wilson')", arguments: wilsonCases)
    func wilson(successes: Double, trials: Double, low: Double, high: Double) {
        let interval = Statistics.wilson(successes: successes, trials: trials)
        #expect(close(interval.low, low))
        #expect(close(interval.high, high))
    }

    // python3: p=P/n; d=D/n; se=math.sqrt((p+d-(p-d)**2)/n); nps=(p-d)*100; nps ± 1.959963984540054*se*100
    static let npsIntervalCases: [(Double, Double, Double, Double, Double)] = [
        (0.60, 0.15, 100.0, 30.49759087485794, 59.502409125142044),
        (0.5, 1.0 / 6, 6, -26.30647145723856, 92.97313812390523),
        (0, 1, 5, -100, -100),
        (1, 0, 5, 100, 100),
    ]

    @Test("NPS intervals follow nps ± z·se·100, clamped to [−100, 100]", arguments: npsIntervalCases)
    func npsInterval(p: Double, d: Double, n: Double, low: Double, high: Double) {
        let interval = Statistics.npsInterval(promoters: p, detractors: d, responses: n)
        #expect(close(interval.low, low))
        #expect(close(interval.high, high))
    }

    // python3 -c "import numpy as np; xs=[...]; print(np.mean(xs), np.percentile(xs,50), np.percentile(xs,90))"
    static let summaryCases: [([Double], Double, Double, Double)] = [
        ([30.0, 10], 20.0, 20.0, 28.0),
        ([1, 2, 3, 4], 2.5, 2.5, 3.7),
        ([5], 5, 5, 5),
        ([3, 1, 4, 1, 5, 9, 2, 6], 3.875, 3.5, 6.8999999999999995),
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5.5, 5.5, 9.1),
        ([2, 2, 2, 2], 2, 2, 2),
    ]

    @Test("Median and p90 interpolate linearly between closest ranks like numpy.percentile", arguments: summaryCases)
    func summary(values: [Double], mean: Double, median: Double, p90: Double) {
        var sample = values
        let summary = Statistics.summary(&sample)
        #expect(close(summary.mean, mean))
        #expect(close(summary.median, median))
        #expect(close(summary.p90, p90))
        #expect(summary.min == values.min())
        #expect(summary.max == values.max())
    }

    @Test("Selection finds every rank of a shuffled sample with repeats")
    func selection() {
        let values = (0..<500).map { Double(($0 * 7919) % 97) }
        let sorted = values.sorted()
        for rank in stride(from: 0, to: 500, by: 13) {
            var sample = values
            #expect(Statistics.select(&sample, rank: rank) == sorted[rank])
        }
    }
}
