import Testing

import NumericTestSupport
@testable import Statistics

/// Expected values from scipy 1.17.1 and statsmodels 0.14 (python3), differences always b − a.
@Suite("Change tests")
struct ChangeTests {
    // Worked example: renewals 900/1000 before, 600/1000 after.
    // python3 -c "from statsmodels.stats.proportion import confint_proportions_2indep as ci, proportions_ztest as zt;
    //   print([v*100 for v in ci(600,1000,900,1000,method='newcomb',compare='diff')], zt([600,900],[1000,1000]))"
    @Test("Worked example: 900/1000 then 600/1000 renewals is −30 points, −33.33 %, significant")
    func renewalExample() throws {
        let change = Statistics.proportionDifference(successesA: 900, trialsA: 1000, successesB: 600, trialsB: 1000)
        #expect(close(change.value, -30))
        #expect(close(change.low, -33.51283110188545))
        #expect(close(change.high, -26.39220241674563))
        #expect(close(Statistics.relativeChange(from: 90, to: 60), -100.0 / 3))
        let test = try #require(Statistics.twoProportionZTest(successesA: 900, trialsA: 1000, successesB: 600, trialsB: 1000))
        #expect(close(test.statistic, -15.49193338482967))
        #expect(abs(test.pValue - 3.9328331793483447e-54) <= 1e-12 * 3.9328331793483447e-54)
    }

    @Test("Relative change is against |a| and undefined from 0")
    func relativeChange() {
        #expect(Statistics.relativeChange(from: 0, to: 5) == nil)
        #expect(Statistics.relativeChange(from: -20, to: -10) == 50)
        #expect(Statistics.relativeChange(from: 40, to: 50) == 25)
    }

    // Newcombe (1998), "Interval estimation for the difference between independent proportions",
    // Statistics in Medicine 17:873–890, Table II, method 10, examples (a)–(h), as p1 − p2 = b − a;
    // full precision from python3: pa=xa/na; pb=xb/nb; (la,ua),(lb,ub)=Wilson 95 % intervals
    //   (scipy binomtest(x,n).proportion_ci(method='wilson')); d=pb-pa;
    //   d-sqrt((pb-lb)**2+(ua-pa)**2), d+sqrt((ub-pb)**2+(pa-la)**2)   (times 100)
    static let newcombeCases: [(xa: Int64, na: Int64, xb: Int64, nb: Int64, low: Double, high: Double, paper: (Double, Double))] = [
        (48, 80, 56, 70, 5.243147240236482, 33.38726540369059, (0.0524, 0.3339)),  // (a) 56/70 − 48/80 = 0.2000
        (3, 10, 9, 10, 17.052272393450302, 80.90179735354882, (0.1705, 0.8090)),  // (b)
        (2, 7, 6, 7, 5.822792748231221, 80.62496375242279, (0.0582, 0.8062)),  // (c)
        (0, 29, 5, 56, -3.813714790353688, 19.25600138551116, (-0.0381, 0.1926)),  // (d)
        (0, 20, 0, 10, -16.112515805281934, 27.753279986288927, (-0.1611, 0.2775)),  // (e) both 0 %
        (0, 10, 0, 10, -27.753279986288927, 27.753279986288927, (-0.2775, 0.2775)),  // (f) equal samples
        (0, 20, 10, 10, 67.90860371419147, 100, (0.6791, 1.0000)),  // (g) 0 % to 100 %
        (0, 10, 10, 10, 60.75093504305242, 100, (0.6075, 1.0000)),  // (h)
    ]

    @Test("Newcombe's hybrid score interval reproduces his Table II (method 10)", arguments: newcombeCases)
    func newcombe(xa: Int64, na: Int64, xb: Int64, nb: Int64, low: Double, high: Double, paper: (Double, Double)) {
        let change = Statistics.proportionDifference(successesA: xa, trialsA: na, successesB: xb, trialsB: nb)
        #expect(close(change.value, (Double(xb) / Double(nb) - Double(xa) / Double(na)) * 100))
        #expect(close(change.low, low))
        #expect(close(change.high, high))
        #expect(abs(change.low / 100 - paper.0) <= 0.00005 && abs(change.high / 100 - paper.1) <= 0.00005)
    }

    @Test("Swapping the sides mirrors the Newcombe interval; n = 1 and 100 % are fine")
    func newcombeEdges() {
        let forward = Statistics.proportionDifference(successesA: 48, trialsA: 80, successesB: 56, trialsB: 70)
        let backward = Statistics.proportionDifference(successesA: 56, trialsA: 70, successesB: 48, trialsB: 80)
        #expect(close(backward.low, -forward.high) && close(backward.high, -forward.low))
        // python3: as above with xa=na=1, xb=0, nb=1 → -100, 12.210872068194178 (statsmodels agrees)
        let single = Statistics.proportionDifference(successesA: 1, trialsA: 1, successesB: 0, trialsB: 1)
        #expect(single.value == -100 && close(single.low, -100) && close(single.high, 12.210872068194178))
        // python3: as above with 5/5 and 5/5 → 0, ±43.448246478317486
        let full = Statistics.proportionDifference(successesA: 5, trialsA: 5, successesB: 5, trialsB: 5)
        #expect(full.value == 0 && close(full.low, -43.448246478317486) && close(full.high, 43.448246478317486))
    }

    // python3 -c "from statsmodels.stats.proportion import proportions_ztest; print(proportions_ztest([xb,xa],[nb,na]))"
    // (the same as p=(xa+xb)/(na+nb); z=(xb/nb-xa/na)/sqrt(p*(1-p)*(1/na+1/nb)); 2*norm.sf(abs(z)))
    static let zTestCases: [(xa: Int64, na: Int64, xb: Int64, nb: Int64, z: Double, p: Double)] = [
        (48, 80, 56, 70, 2.6501719512585336, 0.00804508136819656),
        (3, 10, 9, 10, 2.738612787525831, 0.006169899320544151),
        (0, 29, 5, 56, 1.6586488692392285, 0.09718656817057973),
        (0, 20, 10, 10, 5.47722557505166, 4.320463057827506e-08),  // 0 % and 100 %: pooled variance > 0
        (1, 1, 0, 1, -1.414213562373095, 0.15729920705028516),  // n = 1
        (7, 9, 7, 9, 0, 1),  // equal samples
    ]

    @Test("The pooled two-proportion z-test matches statsmodels' proportions_ztest", arguments: zTestCases)
    func zTest(xa: Int64, na: Int64, xb: Int64, nb: Int64, z: Double, p: Double) throws {
        let test = try #require(Statistics.twoProportionZTest(successesA: xa, trialsA: na, successesB: xb, trialsB: nb))
        #expect(close(test.statistic, z))
        #expect(abs(test.pValue - p) <= 1e-12 * p)
    }

    @Test("No z-test when the pooled variance is 0: both 0 % or both 100 %")
    func zTestUndefined() {
        #expect(Statistics.twoProportionZTest(successesA: 0, trialsA: 20, successesB: 0, trialsB: 10) == nil)
        #expect(Statistics.twoProportionZTest(successesA: 5, trialsA: 5, successesB: 3, trialsB: 3) == nil)
    }

    // python3: p=P/n; d=D/n; se=math.sqrt((p+d-(p-d)**2)/n)*100; nps=(p-d)*100;
    //   diff=npsB-npsA; s=math.hypot(seA,seB); diff∓1.959963984540054*s; z=diff/s; 2*norm.sf(abs(z))
    static let npsCases: [(a: (Double, Double, Double), b: (Double, Double, Double), se: (Double, Double), diff: Double, low: Double, high: Double, z: Double?, p: Double?)] = [
        ((60, 15, 100), (40, 24, 80), (7.399324293474371, 9.746794344808963), -25, -48.98454624125595, -1.0154537587440373,
         -2.0429446161135916, 0.041057920993097435),
        // One side all promoters (se 0): the other side's se alone.
        ((5, 0, 5), (3, 1, 6), (0, 30.429030972509224), -66.66666666666666, -126.30647145723856, -7.026861876094763,
         -2.1908902300206643, 0.028459736916310565),
        // Equal samples.
        ((300, 100, 1000), (300, 100, 1000), (1.8973665961010275, 1.8973665961010275), 0, -5.25913524345949, 5.25913524345949, 0, 1),
        // Both all promoters: no spread, no test.
        ((5, 0, 5), (5, 0, 5), (0, 0), 0, 0, 0, nil, nil),
    ]

    @Test("NPS differences: diff ± z·√(seA² + seB²) and a z-test, none without spread", arguments: npsCases)
    func npsDifference(
        a: (Double, Double, Double), b: (Double, Double, Double), se: (Double, Double),
        diff: Double, low: Double, high: Double, z: Double?, p: Double?
    ) {
        let seA = Statistics.npsStandardError(promoters: a.0 / a.2, detractors: a.1 / a.2, responses: a.2)
        let seB = Statistics.npsStandardError(promoters: b.0 / b.2, detractors: b.1 / b.2, responses: b.2)
        #expect(close(seA, se.0) && close(seB, se.1))
        let result = Statistics.npsDifference(
            npsA: (a.0 - a.1) / a.2 * 100, standardErrorA: seA, npsB: (b.0 - b.1) / b.2 * 100, standardErrorB: seB)
        #expect(close(result.difference.value, diff))
        #expect(close(result.difference.low, low))
        #expect(close(result.difference.high, high))
        #expect(close(result.test?.statistic ?? .nan, z ?? .nan) || (result.test == nil && z == nil))
        #expect(close(result.test?.pValue ?? .nan, p ?? .nan) || (result.test == nil && p == nil))
    }

    // python3 -c "from scipy.stats import ttest_ind; r=ttest_ind(B, A, equal_var=False);
    //   print(r.statistic, r.pvalue, r.df, r.confidence_interval(0.95))"  (means and ddof=1 variances from numpy)
    static let welchCases: [(a: (Double, Double, Int), b: (Double, Double, Int), t: Double, p: Double, df: Double, low: Double, high: Double)] = [
        // A = [1, 2, 3, 4, 5], B = [2, 4, …, 14]: non-integer df
        ((3, 2.5, 5), (8, 18.666666666666668, 7), 2.809757434745082, 0.02274725527967092, 8.037105751391467,
         0.8997309224375414, 9.100269077562459),
        // A = [1, 3], B = [4, 10]: n = 2, df 1.22
        ((2, 2, 2), (7, 18, 2), 1.5811388300841895, 0.325100191977509, 1.2195121951219512, -21.544217779094623, 31.544217779094623),
        // A = [5, 5, 5] (variance 0), B = [1, 2, 3, 4]: df = nB − 1
        ((5, 0, 3), (2.5, 1.6666666666666667, 4), -3.872983346207417, 0.030466291662170977, 3, -4.554260256760521,
         -0.4457397432394794),
        // Equal samples [1, 2, 3, 4]
        ((2.5, 1.6666666666666667, 4), (2.5, 1.6666666666666667, 4), 0, 1, 6, -2.2337146951647133, 2.2337146951647133),
        // A = [2.5, 3.1, 2.2, 4.8, 3.3, 2.9], B = [3.9, 4.4, 2.8, 5.1, 4.6]
        ((3.133333333333333, 0.8266666666666664, 6), (4.160000000000001, 0.7629999999999999, 5), 1.905231587057445,
         0.0900071731989225, 8.766605257665901, -0.19730053613158405, 2.25063386946492),
        // Large samples, df ≈ 2e6 (nearly normal): ttest_ind_from_stats(50.03, sqrt(120), 10**6, 50, 10, 10**6,
        // equal_var=False); df by the Welch–Satterthwaite formula; interval with t.ppf(0.975, df)
        ((50, 100, 1_000_000), (50.03, 120, 1_000_000), 2.022599587389803, 0.04311458068927777, 1983604.5737704919,
         0.0009290183875239506, 0.05907098161247833),
    ]

    @Test("Welch's t-test matches scipy's ttest_ind(equal_var=False)", arguments: welchCases)
    func welch(a: (Double, Double, Int), b: (Double, Double, Int), t: Double, p: Double, df: Double, low: Double, high: Double) throws {
        let result = try #require(
            Statistics.welch(meanA: a.0, varianceA: a.1, countA: a.2, meanB: b.0, varianceB: b.1, countB: b.2))
        #expect(close(result.difference.value, b.0 - a.0))
        #expect(close(result.degreesOfFreedom, df))
        #expect(close(result.test.statistic, t))
        #expect(abs(result.test.pValue - p) <= 1e-9 * p)
        // The large-sample bounds are small differences of large means: compare them to the interval's width.
        let width = high - low
        #expect(abs(result.difference.low - low) <= 1e-9 * width)
        #expect(abs(result.difference.high - high) <= 1e-9 * width)
    }

    @Test("No Welch test with a side of fewer than 2 or no variance at all")
    func welchUndefined() {
        #expect(Statistics.welch(meanA: 1, varianceA: 0, countA: 1, meanB: 2, varianceB: 1, countB: 5) == nil)
        #expect(Statistics.welch(meanA: 1, varianceA: 1, countA: 5, meanB: 2, varianceB: 0, countB: 1) == nil)
        #expect(Statistics.welch(meanA: 1, varianceA: 0, countA: 4, meanB: 2, varianceB: 0, countB: 9) == nil)
        // Tiny variances: shares of the standard error, not squares that underflow.
        let tiny = Statistics.welch(meanA: 0, varianceA: 1e-300, countA: 3, meanB: 1e-150, varianceB: 1e-300, countB: 3)
        #expect(tiny.map { close($0.degreesOfFreedom, 4) } == true)
    }
}
