import JSON
import Testing

@testable import KPIService

/// `/series`: points resting on fewer than 30 observations are flagged, and `minSample` leaves them out of the
/// trend, the change and the projection.
@Suite struct SmallSampleSeriesTests {
    /// Churn 10 of 100, 20 of 100, 30 of 100, then a tiny April: 2 of 2.
    static let points = [("2024-01", 10, 100), ("2024-02", 20, 100), ("2024-03", 30, 100), ("2024-04", 2, 2)]
        .map { SeriesCompareTests.churnPoint($0.0, $0.1, $0.2) }.joined(separator: ",")
    static let target = #","target":{"value":50,"direction":"atMost","deadline":"2024-06-30"}"#

    static func number(_ value: JSONValue?) -> Double? { value?.numberValue?.double }

    @Test(arguments: TestTransport.allCases)
    func aTinyMonthIsFlaggedAndMinSampleLeavesItOutOfTrendChangeAndProjection(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let flagged = try #require(try client.execute(.post, "/series", body: SeriesCompareTests.series(points: Self.points, extra: Self.target)).json)
            let points = try #require(flagged["points"]?.arrayValue)
            // n is each point's customersAtStart (the rate's denominator): only April's 2 is below 30.
            #expect(points.map { $0["smallSample"] } == [nil, nil, nil, true])
            // All four points, x = 0…3, y = 10, 20, 30, 100: x̄ = 1.5, ȳ = 40, Sxx = 5,
            // Sxy = (−1.5)(−30) + (−0.5)(−20) + 0.5(−10) + 1.5(60) = 140: slope 28; at June (x = 5) 40 + 28 × 3.5 = 138.
            #expect(Self.number(flagged["trend"]?["slope"]).map { abs($0 - 28) < 1e-9 } == true)
            #expect(Self.number(flagged["change"]?["a"]) == 30 && Self.number(flagged["change"]?["b"]) == 100)
            #expect(Self.number(flagged["goal"]?["projected"]?["value"]).map { abs($0 - 138) < 1e-9 } == true)
            #expect(flagged["warnings"]?.arrayValue?.first == "1 point rests on fewer than 30 observations, so its value is uncertain: 2024-04 (n = 2).")

            let body = SeriesCompareTests.series(points: Self.points, extra: Self.target + #","minSample":30"#)
            let kept = try #require(try client.execute(.post, "/series", body: body).json)
            // April stays in points, flagged, but the analysis reads January to March: y = 10, 20, 30 on x = 0…2,
            // slope 10; at June (x = 5) 20 + 10 × (5 − 1) = 60. The change is February → March, 20 → 30.
            #expect(kept["points"]?.arrayValue?.count == 4 && kept["points"]?.arrayValue?.last?["smallSample"] == true)
            #expect(Self.number(kept["trend"]?["slope"]).map { abs($0 - 10) < 1e-9 } == true)
            #expect(kept["trend"]?["points"] == 3)
            #expect(Self.number(kept["change"]?["a"]) == 20 && Self.number(kept["change"]?["b"]) == 30)
            #expect(Self.number(kept["goal"]?["projected"]?["value"]).map { abs($0 - 60) < 1e-9 } == true)
            // The goal itself is still judged on the last value: April's 100 against 50.
            #expect(Self.number(kept["goal"]?["gap"]) == 50)
            #expect(kept["warnings"]?.arrayValue.map { Array($0.prefix(2)) } == [
                "1 point rests on fewer than 30 observations, so its value is uncertain: 2024-04 (n = 2).",
                "Left out of the trend, the change and the projection (minSample 30): 2024-04 (n = 2).",
            ])
        }
    }

    @Test(arguments: TestTransport.allCases)
    func aKPIWithoutACountIsNeverFlaggedAndABadMinSampleIsA422(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let cac = #"{"kpi":"cac","minSample":30,"points":[{"period":"2024-01","input":{"totalSpend":100,"newCustomers":1}},{"period":"2024-02","input":{"totalSpend":300,"newCustomers":2}}]}"#
            let json = try #require(try client.execute(.post, "/series", body: cac).json)
            #expect(json["points"]?.arrayValue?.allSatisfy { $0["smallSample"] == nil } == true)
            #expect(json["change"]?["b"] == 150)
            // The edges of a count: 2⁶³ − 1, 2⁵³ + 1 and 2⁶³ − 512 are whole and leave every point out (no trend, no
            // change). Past 2⁶³ − 1, fractions and negatives are a 422.
            for edge in ["9223372036854775807", "9007199254740993", "9223372036854775296"] {
                let reply = try client.execute(.post, "/series", body: SeriesCompareTests.series(points: Self.points, extra: #","minSample":"# + edge))
                #expect(reply.status == 200 && reply.json?["trend"] == .null && reply.json?["change"] == .null, "\(edge): \(reply.text)")
            }
            for bad in ["0", "2.5", "\"30\"", "-1", "1e30", "9223372036854775808", "5e-324", "-1e308"] {
                let reply = try client.execute(.post, "/series", body: SeriesCompareTests.series(points: Self.points, extra: #","minSample":"# + bad))
                #expect(SeriesCompareTests.pointers(reply) == ["/minSample"], "\(bad)")
            }
        }
    }
}
