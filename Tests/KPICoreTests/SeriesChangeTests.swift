import JSON
import Testing

import NumericTestSupport
@testable import KPICore

/// `Change.between` and `SeriesAnalysis.analyze`: the change object and the series analysis of the contract,
/// against scipy 1.17.1 / statsmodels 0.15.0 (python3, commands in the comments).
@Suite("Change between two results")
struct ChangeBetweenTests {
    static func renewal(_ renewed: Int, of original: Int) throws -> KPIResult {
        try Fixture.result("renewal-rate", ["renewedSubscribers": .int(renewed), "originalSubscribers": .int(original)])
    }

    static func change(_ id: String, _ a: JSONValue, _ b: JSONValue) throws -> Change {
        let definition = try Fixture.kpi(id)
        return Change.between(
            a: try definition.evaluate(a), b: try definition.evaluate(b), kind: definition.statistics, unit: definition.unit)
    }

    /// Deals of `days` each, created 2024-01-01 (days up to 59).
    static func deals(_ days: [Int]) -> JSONValue {
        .array(JSONArray(days.enumerated().map { i, d in
            let closed = d <= 30 ? "2024-01-\(d + 1 < 10 ? "0" : "")\(d + 1)" : "2024-02-\(d - 30 < 10 ? "0" : "")\(d - 30)"
            return ["id": .string("d\(i)"), "createdAt": "2024-01-01", "closedAt": .string(closed)]
        }))
    }

    // The source article's renewal example: 900 of 1000 renew, then 600 of 1000.
    // python3 -c "from statsmodels.stats.proportion import confint_proportions_2indep as ci, proportions_ztest as zt;
    //   print([v*100 for v in ci(600,1000,900,1000,method='newcomb',compare='diff')], zt([600,900],[1000,1000]))"
    //   → [-33.51283110188545, -26.39220241674563] (-15.491933384829668, 3.93e-54)
    @Test("Renewals 900/1000 then 600/1000: −30 points, −33.3 %, Newcombe interval, z-test, significant")
    func renewalExample() throws {
        let change = Change.between(a: try Self.renewal(900, of: 1000), b: try Self.renewal(600, of: 1000), kind: .rate, unit: .percent)
        #expect(change.a == 90 && change.b == 60 && change.difference == -30)
        #expect(close(change.relative, -100.0 / 3))
        #expect(change.unit == "percentage points")
        #expect(change.substituted == "60 − 90 = −30")
        #expect(close(change.interval?.low, -33.51283110188545))
        #expect(close(change.interval?.high, -26.39220241674563))
        #expect(change.interval?.level == 0.95)
        #expect(change.test?.method == "two-proportion z")
        #expect(close(change.test?.statistic, -15.491933384829668))
        #expect(abs((change.test?.pValue ?? 1) - 3.9328331793483447e-54) <= 1e-9 * 3.9328331793483447e-54)
        #expect(change.significant == true)
        #expect(change.warnings == ["−30 percentage points, a 33.3 % relative fall"])
    }

    @Test("The contract's example reading: 12 % to 9.5 % is −2.5 points, a 20.8 % relative fall")
    func contractReading() throws {
        let change = Change.between(a: try Self.renewal(48, of: 400), b: try Self.renewal(38, of: 400), kind: .rate, unit: .percent)
        #expect(change.substituted == "9.5 − 12 = −2.5")
        #expect(close(change.relative, -20.833333333333336))
        #expect(change.warnings.first == "−2.5 percentage points, a 20.8 % relative fall")
        let rise = Change.between(a: try Self.renewal(38, of: 400), b: try Self.renewal(48, of: 400), kind: .rate, unit: .percent)
        #expect(rise.warnings.first == "2.5 percentage points, a 26.3 % relative rise")
    }

    // python3: import numpy as np, scipy.stats as st
    //   def nps(p,pa,d): n=p+pa+d; P=p/n; D=d/n; return (P-D)*100, np.sqrt((P+D-(P-D)**2)/n)*100
    //   a=nps(60,25,15); b=nps(50,20,30); diff=b[0]-a[0]; se=np.hypot(a[1],b[1]); z=diff/se
    //   print(diff, diff-st.norm.ppf(.975)*se, diff+st.norm.ppf(.975)*se, z, 2*st.norm.sf(abs(z)))
    //   → -25 -47.41139756476058 -2.5886024352394053 -2.18634734723313 0.02879020261580596
    @Test("NPS 45 then 20: −25 points, z interval and test on the two standard errors")
    func npsChange() throws {
        let change = try Self.change(
            "nps", ["promoters": 60, "passives": 25, "detractors": 15], ["promoters": 50, "passives": 20, "detractors": 30])
        #expect(close(change.difference, -25))
        #expect(change.unit == "score")
        #expect(close(change.interval?.low, -47.41139756476058))
        #expect(close(change.interval?.high, -2.5886024352394053))
        #expect(change.test?.method == "NPS z")
        #expect(close(change.test?.statistic, -2.18634734723313))
        #expect(close(change.test?.pValue, 0.02879020261580596))
        #expect(change.significant == true)
        // Not a percent KPI: no percentage-points reading.
        #expect(change.warnings.isEmpty)
    }

    // python3: A=np.array([30,40,20,10.]); B=np.array([15,12,20,9,14.]); r=st.ttest_ind(B,A,equal_var=False)
    //   ci=r.confidence_interval(0.95); print(B.mean()-A.mean(), ci.low, ci.high, r.statistic, r.pvalue, r.df)
    //   → -11.0 -30.774511303025726 8.774511303025726 -1.6403908482172023 0.18684975839475032 3.4776573505474966
    @Test("Sales cycles: Welch's t interval and test on the per-deal days")
    func welchSalesCycles() throws {
        let change = try Self.change("sales-cycle-length", ["deals": Self.deals([30, 40, 20, 10])], ["deals": Self.deals([15, 12, 20, 9, 14])])
        #expect(change.a == 25 && change.b == 14 && change.difference == -11)
        #expect(change.unit == "days")
        #expect(change.substituted == "14 − 25 = −11")
        #expect(close(change.interval?.low, -30.774511303025726, tolerance: 1e-7))
        #expect(close(change.interval?.high, 8.774511303025726, tolerance: 1e-7))
        #expect(change.test?.method == "Welch t")
        #expect(close(change.test?.statistic, -1.6403908482172023))
        #expect(close(change.test?.pValue, 0.18684975839475032, tolerance: 1e-7))
        #expect(close(change.test?.degreesOfFreedom, 3.4776573505474966))
        #expect(change.significant == false)
    }

    @Test("One record on a side: no interval, no test, a warning (never NaN)")
    func oneRecord() throws {
        let change = try Self.change("sales-cycle-length", ["deals": Self.deals([30])], ["deals": Self.deals([15, 12])])
        #expect(change.difference == -16.5)
        #expect(change.interval == nil && change.test == nil && change.significant == nil)
        #expect(change.warnings.contains { $0.contains("at least 2 records on each side (1 and 2)") })
    }

    @Test("Zero variance on both sides: no interval, no test, a warning")
    func zeroVariance() throws {
        let change = try Self.change("sales-cycle-length", ["deals": Self.deals([10, 10, 10])], ["deals": Self.deals([12, 12])])
        #expect(change.difference == 2)
        #expect(change.interval == nil && change.test == nil && change.significant == nil)
        #expect(change.warnings.contains { $0.contains("no variance") })
    }

    @Test("Both rates 0 %: Newcombe's interval still, the z-test undefined; relative from 0 is null")
    func zeroRates() throws {
        let both = try Self.change("churn-rate", ["customersLost": 0, "customersAtStart": 100], ["customersLost": 0, "customersAtStart": 200])
        #expect(both.difference == 0 && both.relative == nil)
        #expect(both.interval != nil && both.test == nil && both.significant == nil)
        #expect(both.warnings.contains { $0.contains("z-test is undefined") })
        #expect(both.warnings.first == "0 percentage points; no relative change can be given from 0 %")
        let rise = try Self.change("churn-rate", ["customersLost": 0, "customersAtStart": 100], ["customersLost": 5, "customersAtStart": 100])
        #expect(rise.relative == nil && rise.test != nil)
    }

    @Test("Every answer a promoter on both sides: no NPS interval or test")
    func npsNoSpread() throws {
        let change = try Self.change("nps", ["promoters": 10], ["promoters": 20])
        #expect(change.difference == 0 && change.interval == nil && change.test == nil)
        #expect(change.warnings.contains { $0.contains("standard errors are 0") })
    }

    @Test("No sampling model (money): interval and test null, a warning says so")
    func noSamplingModel() throws {
        let change = try Self.change("cac", ["totalSpend": 10000, "newCustomers": 10], ["totalSpend": 9000, "newCustomers": 10])
        #expect(change.difference == -100 && close(change.relative, -10))
        #expect(change.unit == "currency")
        #expect(change.interval == nil && change.test == nil && change.significant == nil)
        #expect(change.warnings == ["Customer Acquisition Cost has no sampling model, so the change has no interval and cannot be tested."])
    }

    @Test("A rate KPI computed from amounts (marketing-originated revenue) has no sample: no test")
    func rateFromAmounts() throws {
        let change = try Self.change(
            "marketing-originated", ["marketingOriginatedRevenue": 30000, "newRevenue": 120000],
            ["marketingOriginatedRevenue": 45000, "newRevenue": 120000])
        #expect(change.difference == 12.5 && change.test == nil)
        #expect(change.warnings.contains { $0.contains("was not computed from counts or records") })
    }

    @Test("A negative before value is in parentheses in substituted")
    func negativeOperand() throws {
        let change = try Self.change("net-new-revenue", ["newRevenue": 0, "churnedRevenue": 100], ["newRevenue": 50])
        #expect(change.substituted == "50 − (−100) = 150")
        #expect(close(change.relative, 150))
    }

    @Test("Every KPI's declared statistical kind matches the sample its example computes", arguments: KPIRegistry.all.map(\.id))
    func declaredKindMatchesSample(id: String) throws {
        let definition = try Fixture.kpi(id)
        let result = try definition.evaluate(definition.example)
        switch (definition.statistics, result.sample) {
        case (.rate, .proportion?), (.nps, .nps?), (.meanOverRecords, .values?), (.none, nil): break
        default: Issue.record("\(id): declared \(definition.statistics), sample \(String(describing: result.sample))")
        }
    }

    @Test("Samples: counts of a rate and an NPS, mean, n − 1 variance and count of durations")
    func samples() throws {
        #expect(try Self.renewal(900, of: 1000).sample == .proportion(successes: 900, trials: 1000))
        let nps = try Fixture.result("nps", ["scores": [10, 9, 8, 6, 10]])
        #expect(nps.sample == .nps(promoters: 3, detractors: 1, responses: 5))
        // python3 -c "import numpy as np; print(np.var([30,40,20,10], ddof=1))" → 166.66666666666666
        let cycles = try Fixture.result("sales-cycle-length", ["deals": Self.deals([30, 40, 20, 10])])
        guard case .values(let mean, let variance, let count)? = cycles.sample else {
            Issue.record("no values sample")
            return
        }
        #expect(mean == 25 && close(variance, 166.66666666666666) && count == 4)
        let one = try Fixture.result("sales-cycle-length", ["deals": Self.deals([30])])
        #expect(one.sample == .values(mean: 30, variance: 0, count: 1))
    }
}

@Suite("Series analysis")
struct SeriesAnalysisTests {
    static let lost = [12, 11, 11, 9, 9, 8]
    static let start = [400, 405, 410, 412, 415, 420]

    static func churn(_ months: [Int]) throws -> [(period: Period, result: KPIResult?)] {
        try months.enumerated().map { i, month in
            let result = try Fixture.result("churn-rate", ["customersLost": .int(lost[i]), "customersAtStart": .int(start[i])])
            return (try #require(Period(label: "2024-\(month < 10 ? "0" : "")\(month)")), result)
        }
    }

    // python3: import numpy as np, scipy.stats as st, statsmodels.api as sm
    //   y=np.array([12,11,11,9,9,8])/np.array([400,405,410,412,415,420])*100; x=np.arange(6.)
    //   lr=st.linregress(x,y); t=st.t.ppf(.975,4); print(lr.slope, lr.slope-t*lr.stderr, lr.slope+t*lr.stderr)
    //   → -0.21762215250868283 -0.2883102442098525 -0.14693406080751317
    //   m=sm.OLS(y,sm.add_constant(x)).fit(); print(m.get_prediction(np.array([[1,11.]])).summary_frame(alpha=0.05))
    //   → mean 0.5930248428360103, mean_ci_lower -0.01983180775845439, mean_ci_upper 1.205881493430475
    //   (1.5 - y[-1]) / (11 - 5) → -0.06746031746031748
    @Test("Monthly churn: OLS trend, change of the last two, goal projected at the deadline (scipy, statsmodels)")
    func monthlyChurn() throws {
        let analysis = SeriesAnalysis.analyze(
            try Self.churn([1, 2, 3, 4, 5, 6]), definition: .churnRate,
            target: Goal.Target(value: 1.5, direction: .atMost, deadline: "2024-12-31"))
        let trend = try #require(analysis.trend)
        #expect(trend.points == 6 && trend.method == "ols")
        #expect(trend.unit == "percentage points per month")
        #expect(close(trend.slope, -0.21762215250868283))
        #expect(close(trend.interval.low, -0.2883102442098525))
        #expect(close(trend.interval.high, -0.14693406080751317))
        let change = try #require(analysis.change)
        #expect(close(change.a, 9.0 / 415 * 100) && close(change.b, 8.0 / 420 * 100))
        #expect(change.test?.method == "two-proportion z" && change.significant == false)
        let goal = try #require(analysis.goal)
        #expect(goal.goal.met == false && close(goal.goal.gap, 8.0 / 420 * 100 - 1.5))
        let projected = try #require(goal.projected)
        #expect(projected.period.label == "2024-12")
        #expect(close(projected.value, 0.5930248428360103))
        #expect(close(projected.low, -0.01983180775845439))
        #expect(close(projected.high, 1.205881493430475))
        #expect(goal.onTrack == true)
        #expect(close(goal.requiredPerPeriod, -0.06746031746031748))
        #expect(analysis.warnings == [
            "2024-05 to 2024-06: −0.26 percentage points, a 12.2 % relative fall",
            "The projection at 2024-12 (−0.0198318077585 to 1.20588149343) reaches beyond what the KPI can be: a straight line does not know its limits, so read it as a direction, not a forecast.",
        ])
    }

    // python3: x=np.array([0,1,3.]); y=np.array([12/400,11/405,11/410])*100; st.linregress(x,y).slope
    //   → -0.09295823116961321
    @Test("A missing period keeps its index (gaps are not closed up)")
    func gapsKeepTheirIndex() throws {
        let analysis = SeriesAnalysis.analyze(try Self.churn([1, 2, 4]), definition: .churnRate, target: nil)
        #expect(close(analysis.trend?.slope, -0.09295823116961321))
        #expect(analysis.goal == nil)
    }

    @Test("Fewer than 3 values: no trend, no projection, warnings; points without a value are skipped")
    func tooFewPoints() throws {
        var points = try Self.churn([1, 2])
        points.append((try #require(Period(label: "2024-03")), nil))
        let analysis = SeriesAnalysis.analyze(
            points, definition: .churnRate, target: Goal.Target(value: 2, deadline: "2024-06-30"))
        #expect(analysis.trend == nil)
        #expect(analysis.change != nil)
        let goal = try #require(analysis.goal)
        #expect(goal.goal.direction == .atMost)
        #expect(goal.projected == nil && goal.onTrack == nil)
        // From index 1 (2024-02, the last value) to index 5 (2024-06).
        #expect(close(goal.requiredPerPeriod, (2 - 11.0 / 405 * 100) / 4))
        #expect(analysis.warnings.contains("Fewer than 3 points have a value (2): there is no trend."))
        #expect(analysis.warnings.contains("Without a trend there is no projection at the deadline."))
    }

    @Test("One value: no change; a deadline in its own period leaves no periods to go")
    func oneValue() throws {
        let analysis = SeriesAnalysis.analyze(
            try Self.churn([1]), definition: .churnRate, target: Goal.Target(value: 2, deadline: "2024-01-31"))
        #expect(analysis.trend == nil && analysis.change == nil)
        #expect(analysis.goal?.requiredPerPeriod == nil)
        #expect(analysis.warnings.contains("Fewer than 2 points have a value: there is no change."))
        #expect(analysis.warnings.contains { $0.hasPrefix("The deadline is in the last value's period (2024-01)") })
    }

    @Test("A perfect line has a zero-width interval, not NaN")
    func perfectLine() throws {
        let points = try (1...4).map { i in
            (period: try #require(Period(label: "202\(i)")),
             result: Optional(try Fixture.result("cac", ["totalSpend": .int(100 * i), "newCustomers": 1])))
        }
        let analysis = SeriesAnalysis.analyze(points, definition: .cac, target: Goal.Target(value: 1000, deadline: "2030-06-30"))
        #expect(analysis.trend?.slope == 100 && analysis.trend?.interval.low == 100)
        #expect(analysis.trend?.unit == "currency per year")
        #expect(analysis.goal?.projected?.value == 1000 && analysis.goal?.onTrack == true)
        #expect(analysis.change?.warnings.first?.contains("no sampling model") == true)
    }
}
