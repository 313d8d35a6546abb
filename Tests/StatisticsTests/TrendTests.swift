import Testing

import NumericTestSupport
@testable import Statistics

@Suite("Trend")
struct TrendTests {
    // python3: r=scipy.stats.linregress(x, y); q=scipy.stats.t.ppf(0.975, n-2); slope ± q*r.stderr;
    //   s=sqrt(sum((y-(r.intercept+r.slope*x))**2)/(n-2)); Sxx=sum((x-mean(x))**2);
    //   fitted at x0: yh=r.intercept+r.slope*x0 ± q*s*sqrt(1/n+(x0-mean(x))**2/Sxx)   (scipy 1.17.1)
    struct Case: Sendable, CustomTestStringConvertible {
        var x: [Double]
        var y: [Double]
        var slope: (value: Double, low: Double, high: Double)
        var intercept: Double
        var slopeStandardError: Double
        var residualStandardError: Double
        var sumOfSquaresX: Double
        var fitted: [(x0: Double, value: Double, low: Double, high: Double)]
        var testDescription: String { "\(x.count) points" }
    }

    static let cases: [Case] = [
        Case(
            x: [0, 1, 2, 3, 4, 5], y: [10, 12, 15, 13, 18, 21],
            slope: (2.0285714285714285, 0.9370441660431119, 3.120098691099745), intercept: 9.761904761904763,
            slopeStandardError: 0.39313842743905303, residualStandardError: 1.644616035663615, sumOfSquaresX: 17.5,
            fitted: [(5, 19.904761904761905, 16.59999900186098, 23.20952480766283),
                     (6, 21.933333333333334, 17.682445375100897, 26.18422129156577)]),
        // Missing periods keep their index: 2, 5 and 6 are gaps.
        Case(
            x: [0, 1, 3, 4, 7], y: [5, 4.5, 4, 3.2, 1],
            slope: (-0.56, -0.7784352673516767, -0.34156473264832343), intercept: 5.220000000000001,
            slopeStandardError: 0.06863753427324633, residualStandardError: 0.37594325812991153, sumOfSquaresX: 30,
            fitted: [(7, 1.3000000000000003, 0.27544777951244703, 2.3245522204875533),
                     (10, -0.3799999999999999, -1.9999592992618485, 1.2399592992618487)]),
        // n = 3: one degree of freedom, t(0.975, 1) = 12.706.
        Case(
            x: [0, 1, 2], y: [1, 4, 2],
            slope: (0.5, -17.839826812022395, 18.839826812022395), intercept: 1.8333333333333335,
            slopeStandardError: 1.4433756729740645, residualStandardError: 2.0412414523193148, sumOfSquaresX: 2,
            fitted: [(3, 3.3333333333333335, -36.285220674141726, 42.9518873408084)]),
    ]

    @Test("Slope, intercept, standard errors and intervals match scipy's linregress and t.ppf", arguments: cases)
    func fit(c: Case) throws {
        let trend = try #require(Statistics.trend(x: c.x, y: c.y))
        #expect(trend.count == c.x.count)
        #expect(close(trend.slope.value, c.slope.value))
        #expect(close(trend.slope.low, c.slope.low))
        #expect(close(trend.slope.high, c.slope.high))
        #expect(close(trend.intercept, c.intercept))
        #expect(close(trend.slopeStandardError, c.slopeStandardError))
        #expect(close(trend.residualStandardError, c.residualStandardError))
        #expect(close(trend.sumOfSquaresX, c.sumOfSquaresX))
        #expect(close(trend.meanX, c.x.reduce(0, +) / Double(c.x.count)))
        for f in c.fitted {
            let estimate = trend.fitted(at: f.x0)
            #expect(close(estimate.value, f.value))
            #expect(close(estimate.low, f.low))
            #expect(close(estimate.high, f.high))
        }
    }

    @Test("A perfect fit has zero-width intervals, not NaN")
    func perfectFit() throws {
        let trend = try #require(Statistics.trend(x: [0, 1, 2, 3], y: [1, 3, 5, 7]))
        #expect(trend.slope == Statistics.Estimate(value: 2, low: 2, high: 2))
        #expect(trend.intercept == 1)
        #expect(trend.residualStandardError == 0 && trend.slopeStandardError == 0)
        #expect(trend.fitted(at: 4) == Statistics.Estimate(value: 9, low: 9, high: 9))
        // A flat series: slope 0 exactly.
        let flat = try #require(Statistics.trend(x: [0, 2, 5], y: [4, 4, 4]))
        #expect(flat.slope == Statistics.Estimate(value: 0, low: 0, high: 0))
    }

    @Test("No trend from fewer than 3 points or a single x")
    func undefined() {
        #expect(Statistics.trend(x: [0, 1], y: [1, 2]) == nil)
        #expect(Statistics.trend(x: [], y: []) == nil)
        #expect(Statistics.trend(x: [3, 3, 3], y: [1, 2, 3]) == nil)
    }
}
