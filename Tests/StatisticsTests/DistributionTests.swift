import Testing

import NumericTestSupport
@testable import Statistics

@Suite("Distributions")
struct DistributionTests {
    // python3 -c "from scipy.stats import norm; print(repr(norm.cdf(z)))"   (scipy 1.17.1)
    static let normalCDFCases: [(Double, Double)] = [
        (-3, 0.0013498980316300933), (0, 0.5), (1.5, 0.9331927987311419),
    ]

    @Test("The normal CDF matches scipy's norm.cdf", arguments: normalCDFCases)
    func normalCDF(z: Double, expected: Double) {
        #expect(close(Statistics.normalCDF(z), expected, tolerance: 1e-14))
    }

    // python3 -c "from scipy.stats import norm; print(repr(2*norm.sf(abs(z))))"
    static let normalPValueCases: [(Double, Double)] = [
        (0, 1), (1.959963984540054, 0.05), (-2.5, 0.012419330651552265), (5, 5.733031437583866e-07),
        (10, 1.523970604832094e-23), (37, 1.1451142445047853e-299),
    ]

    @Test("Two-sided normal p-values match 2·norm.sf(|z|), relatively, far into the tail", arguments: normalPValueCases)
    func normalPValue(z: Double, expected: Double) {
        // The relative condition number of the tail is about z²: rounding z/√2 costs z²·ε (3e-13 at z = 37).
        let p = Statistics.twoSidedPValue(z: z)
        #expect(abs(p - expected) <= max(1e-14, 1e-15 * z * z) * expected)
    }

    // python3 -c "from scipy.stats import t; print(repr(t.cdf(x, df)), repr(2*t.sf(abs(x), df)))"
    static let studentTCases: [(x: Double, df: Double, cdf: Double, twoSided: Double)] = [
        (2.0, 1, 0.8524163823495667, 0.2951672353008665),
        (-1.5, 3.7, 0.10679908460100675, 0.2135981692020135),  // non-integer df
        (0.5, 0.3, 0.5996446036892613, 0.8007107926214775),  // df below 1
        (50, 0.05, 0.6311286393468776, 0.7377427213062449),  // tiny df: very heavy tails
        (10, 2.5, 0.9977792521163463, 0.0044414957673074235),
        (3, 30, 0.9973050179671741, 0.005389964065651945),
        (0.1, 1e4, 0.5398268349844625, 0.920346330031075),
        (-40, 5, 9.205981085886477e-08, 1.8411962171772954e-07),
        (1e-3, 2, 0.500353553302205, 0.9992928933955901),
        (1.96, 1e6, 0.9750019662073651, 0.04999606758526985),  // large df: nearly normal
        (-6, 1e8, 9.865910171576395e-10, 1.973182034315279e-09),
        (2.2, 1e9, 0.986096552372557, 0.027806895254886003),
        (2, 1e12, 0.9772498680516858, 0.04550026389662835),  // past the normal-limit threshold
    ]

    @Test("The t CDF and two-sided p-values match scipy's t.cdf and 2·t.sf", arguments: studentTCases)
    func studentT(x: Double, df: Double, cdf: Double, twoSided: Double) {
        #expect(close(Statistics.studentTCDF(x, degreesOfFreedom: df), cdf, tolerance: 1e-12))
        let p = Statistics.twoSidedPValue(t: x, degreesOfFreedom: df)
        #expect(abs(p - twoSided) <= 1e-12 * twoSided)
    }

    // python3 -c "from scipy.stats import t; print(repr(t.ppf(p, df)))"
    static let quantileCases: [(p: Double, df: Double, expected: Double)] = [
        (0.975, 1, 12.706204736174694), (0.975, 2, 4.302652729749462), (0.975, 3.5, 2.9400886379827282),
        (0.975, 7.3, 2.345066736547703), (0.975, 30, 2.0422724563012378), (0.975, 1000, 1.9623390808264083),
        (0.975, 1e6, 1.959966356814107), (0.975, 1e9, 1.959963986912325), (0.975, 1e12, 1.9599639845424262),
        (0.975, 0.5, 164.55767348048818), (0.975, 0.05, 1.1958337585475138e+25),
        (0.001, 4.2, -6.8375114863223425), (0.6, 10, 0.2601848294920803), (0.5000001, 3, 2.720699044672105e-07),
        (1e-12, 2.5, -55306.17407651582),
    ]

    @Test("t quantiles match scipy's t.ppf to 1e-10 relative", arguments: quantileCases)
    func quantile(p: Double, df: Double, expected: Double) {
        let q = Statistics.studentTQuantile(p, degreesOfFreedom: df)
        #expect(abs(q - expected) <= 1e-10 * abs(expected))
    }

    @Test("The quantile inverts the CDF and is symmetric; 0.5 is 0")
    func quantileInvertsCDF() {
        for df in [0.2, 1, 1.5, 4, 17.25, 250, 3e5] {
            for p in [1e-9, 0.01, 0.3, 0.5, 0.77, 0.975, 0.999] {
                let t = Statistics.studentTQuantile(p, degreesOfFreedom: df)
                #expect(!t.isNaN)
                #expect(abs(Statistics.studentTCDF(t, degreesOfFreedom: df) - p) <= 1e-12 * min(p, 1 - p) * 100)
                // 1 − p is rounded; 1 − (1 − p) is exact, and its quantile mirrors that of 1 − p bit for bit.
                let upper = 1 - p
                #expect(Statistics.studentTQuantile(1 - upper, degreesOfFreedom: df) == -Statistics.studentTQuantile(upper, degreesOfFreedom: df))
            }
        }
        #expect(Statistics.studentTQuantile(0.5, degreesOfFreedom: 3) == 0)
    }

    @Test("Extreme inputs give limits, never NaN")
    func extremes() {
        // t(0.975, 0.001) is about 10^1600: past the largest double.
        #expect(Statistics.studentTQuantile(0.975, degreesOfFreedom: 0.001) == .infinity)
        #expect(Statistics.studentTQuantile(0.025, degreesOfFreedom: 0.001) == -.infinity)
        #expect(Statistics.twoSidedPValue(t: 1e200, degreesOfFreedom: 3) == 0)
        #expect(Statistics.twoSidedPValue(t: 0, degreesOfFreedom: 3) == 1)
        #expect(Statistics.studentTCDF(-.infinity, degreesOfFreedom: 2) == 0)
        #expect(Statistics.studentTCDF(.infinity, degreesOfFreedom: 2) == 1)
        #expect(Statistics.twoSidedPValue(z: .infinity) == 0)
        // Infinite degrees of freedom: the normal distribution.
        #expect(close(Statistics.studentTQuantile(0.975, degreesOfFreedom: .infinity), Statistics.z95, tolerance: 1e-13))
        #expect(Statistics.studentTCDF(1.5, degreesOfFreedom: .infinity) == Statistics.normalCDF(1.5))
    }
}
