import Foundation
import JSON
import Reading
import Testing

@testable import KPICore

/// `groupBy`: the groups of a record KPI by any declared field or any column of the input, in JSON, NDJSON and
/// CSV. Every expected group is worked out by hand in the comments (means of day counts, shares of deals).
@Suite("groupBy (reading option)") struct GroupByTests {
    typealias Lines = RecordLinesTests

    /// `(key, count, value)` of each group, in the result's order.
    static func groups(_ result: KPIResult) -> [String] {
        (result.groups ?? []).map { "\($0.key) \($0.count) \($0.value.map { NumberFormat.string($0) } ?? "-")" }
    }

    @Test func aDeclaredFieldReplacesTheRepGroups() throws {
        // include closed: won deals of 10 and 20 days (mean 15), a lost one of 3 days.
        let body = #"{"include":"closed","groupBy":"outcome","deals":["#
            + #"{"id":"d1","createdAt":"2024-03-01","closedAt":"2024-03-11","outcome":"won","rep":"alice"},"#
            + #"{"id":"d2","createdAt":"2024-03-01","closedAt":"2024-03-21","outcome":"won","rep":"bob"},"#
            + #"{"id":"d3","createdAt":"2024-03-01","closedAt":"2024-03-04","outcome":"lost","rep":"alice"}]}"#
        let result = try ReadingOptionsTests.evaluate("sales-cycle-length", json: body).get()
        #expect(Self.groups(result) == ["lost 1 3", "won 2 15"])
        // Without groupBy, the default groups by rep: alice (10 + 3) / 2 = 6.5, bob 20.
        let byRep = try ReadingOptionsTests.evaluate("sales-cycle-length", json: body.replacing(#""groupBy":"outcome","#, with: "")).get()
        #expect(Self.groups(byRep) == ["alice 2 6.5", "bob 1 20"])
    }

    @Test func aRawCSVColumnGroupsAndAnEmptyCellIsInNoGroup() throws {
        // Enterprise: 10 and 30 days (mean 20); SMB: 4 days; d4 (2 days) has an empty cell: in no group, but in
        // the mean of all four, (10 + 4 + 30 + 2) / 4 = 11.5.
        let csv = """
            id,createdAt,closedAt,rep,Pipeline
            d1,2024-03-01,2024-03-11,alice,Enterprise
            d2,2024-03-01,2024-03-05,bob,SMB
            d3,2024-03-01,2024-03-31,alice,Enterprise
            d4,2024-03-01,2024-03-03,bob,

            """
        for unknown in ["ignore", "reject"] {
            let result = try Lines.evaluate("sales-cycle-length", .csv, csv, [("groupBy", "Pipeline"), ("unknownFields", unknown)]).get()
            #expect(result.value == 11.5)
            #expect(Self.groups(result) == ["Enterprise 2 20", "SMB 1 4"], "\(unknown)")
            // Naming the column makes it known: it is neither a problem nor an ignored name.
            #expect(!result.warnings.contains { $0.contains("Pipeline") }, "\(result.warnings)")
        }
    }

    @Test func aRawNDJSONMemberGroupsARateWithItsInterval() throws {
        // Decided deals: web 1 won of 2 (50 %), ads 1 of 1 (100 %); "" is no group; 3 won of 4 overall.
        let ndjson = """
            {"id":"a","createdAt":"2024-01-01","closedAt":"2024-01-10","outcome":"won","source":"web"}
            {"id":"b","createdAt":"2024-01-01","closedAt":"2024-01-10","outcome":"lost","source":"web"}
            {"id":"c","createdAt":"2024-01-01","closedAt":"2024-01-10","outcome":"won","source":"ads"}
            {"id":"d","createdAt":"2024-01-01","closedAt":"2024-01-10","outcome":"won","source":""}

            """
        let result = try Lines.evaluate("close-rate", .ndjson, ndjson, [("groupBy", "source")]).get()
        #expect(result.value == 75)
        #expect(Self.groups(result) == ["ads 1 100", "web 2 50"])
        // Wilson's interval, written out here: (p + z²/2n ± z √(p(1−p)/n + z²/4n²)) / (1 + z²/n), z = 1.959964.
        func wilson(_ x: Double, _ n: Double) -> (Double, Double) {
            let z = 1.959963984540054, p = x / n
            let centre = p + z * z / (2 * n), half = z * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()
            return ((centre - half) / (1 + z * z / n) * 100, (centre + half) / (1 + z * z / n) * 100)
        }
        let web = try #require(result.groups?.last?.interval)
        let (low, high) = wilson(1, 2)
        #expect(abs(web.low - low) < 1e-9 && abs(web.high - high) < 1e-9, "\(web) vs \(low) \(high)")
    }

    @Test func aRawJSONMemberNamedAfterTheRecordsIsReadToo() throws {
        // groupBy comes after the records: they are read again with its column (not a problem under the default
        // reject). region EU: 2 and 4 days (mean 3); US: 10 days; a null region is in no group.
        let body = #"{"deals":[{"createdAt":"2024-03-01","closedAt":"2024-03-03","region":"EU"},"#
            + #"{"createdAt":"2024-03-01","closedAt":"2024-03-05","region":"EU"},{"createdAt":"2024-03-01","closedAt":"2024-03-11","region":"US"},"#
            + #"{"createdAt":"2024-03-01","closedAt":"2024-03-02","region":null}],"groupBy":"region"}"#
        let result = try ReadingOptionsTests.evaluate("sales-cycle-length", json: body).get()
        #expect(Self.groups(result) == ["EU 2 3", "US 1 10"])
        // Without groupBy, the same member is an unknown field.
        let issues = Lines.issues(try ReadingOptionsTests.evaluate("sales-cycle-length", json: body.replacing(#","groupBy":"region""#, with: "")))
        #expect(issues.first == .at("/deals/0/region", "is not a known field"))
    }

    @Test func aDeclaredFieldWinsOverARawColumnOfTheSameName() throws {
        // rep is read from "Owner"; the records' own "rep" member is another column, passed over.
        let body = #"{"columns":{"rep":"Owner"},"unknownFields":"ignore","groupBy":"rep","deals":["#
            + #"{"createdAt":"2024-03-01","closedAt":"2024-03-03","Owner":"ann","rep":"x"},"#
            + #"{"createdAt":"2024-03-01","closedAt":"2024-03-05","Owner":"ann","rep":"y"}]}"#
        let result = try ReadingOptionsTests.evaluate("sales-cycle-length", json: body).get()
        #expect(Self.groups(result) == ["ann 2 3"])
    }

    @Test func npsQuotaAndNewRevenueGroupToo() throws {
        // email: 10, 9 promoters, 3 a detractor: (2 − 1) / 3 = 33.33…; sms: 10 promoter, 7 passive: 1 / 2 = 50.
        let responses = """
            score,respondedAt,channel
            10,2024-03-01,email
            9,2024-03-02,email
            3,2024-03-03,email
            7,2024-03-04,sms
            10,2024-03-05,sms

            """
        let nps = try Lines.evaluate("nps", .csv, responses, [("groupBy", "channel")]).get()
        #expect(Self.groups(nps) == ["email 3 \(NumberFormat.string(100.0 / 3))", "sms 2 50"])
        #expect(nps.groups?.allSatisfy { $0.interval != nil } == true)
        // A count field groups by its numbers' text, ordered by code points: "10" before "3".
        let byScore = try Lines.evaluate("nps", .csv, responses, [("groupBy", "score")]).get()
        #expect(byScore.groups?.map(\.key) == ["10", "3", "7", "9"])
        // Team A: (90,000 + 60,000) / (100,000 + 50,000) = 100 %; team B: 50,000 / 100,000 = 50 %.
        let reps = #"{"groupBy":"team","unknownFields":"ignore","reps":[{"rep":"alice","team":"A","actualSales":90000,"quota":100000},"#
            + #"{"rep":"bob","team":"A","actualSales":60000,"quota":50000},{"rep":"carol","team":"B","actualSales":50000,"quota":100000}]}"#
        let quota = try ReadingOptionsTests.evaluate("quota-attainment", json: reps).get()
        #expect(Self.groups(quota) == ["A 2 100", "B 1 50"])
        #expect(quota.breakdown.first { $0.name == "reps" }?.value.double == 3)
        // New customers' purchases in March: c1 (100 + 50, plan pro), c2 (30, plan basic); c0 bought in February.
        let purchases = """
            customer,at,amount,plan
            c0,2024-02-10,999,pro
            c0,2024-03-02,10,pro
            c1,2024-03-01,100,pro
            c1,2024-03-20,50,pro
            c2,2024-03-05,30,basic

            """
        let revenue = try Lines.evaluate("net-new-revenue", .csv, purchases, [("groupBy", "plan"), ("from", "2024-03-01"), ("to", "2024-03-31")]).get()
        #expect(revenue.value == 180)
        #expect(Self.groups(revenue) == ["basic 1 30", "pro 2 150"])
    }

    @Test func kpisWhoseGroupsAreNotAColumnsValuesRefuseIt() throws {
        let pipeline = #"{"stages":["lead","won"],"groupBy":"id","deals":[{"id":"d1","history":[{"stage":"lead","enteredAt":"2024-03-01"}]}]}"#
        #expect(Lines.issues(try ReadingOptionsTests.evaluate("pipeline-stages", json: pipeline)) == [.at("/groupBy",
            "is not available on this KPI: its groups are the pipeline's stages, in order; to compare segments (a pipeline, a region), send each segment's deals in its own request")])
        let mrr = #"{"groupBy":"plan","mrr":[{"customer":"a","month":"2024-01","mrr":10}]}"#
        let issues = Lines.issues(try ReadingOptionsTests.evaluate("mrr-movements", json: mrr))
        #expect(issues.first?.pointer == "/groupBy" && issues.first?.detail.hasPrefix("is not available on this KPI: its groups are the months") == true, "\(issues)")
    }

    @Test func aDateFieldAMissingColumnAndTooManyValuesAre422s() throws {
        let deal = #"{"createdAt":"2024-03-01","closedAt":"2024-03-03"}"#
        #expect(Lines.issues(try ReadingOptionsTests.evaluate("sales-cycle-length", json: #"{"groupBy":"closedAt","deals":[\#(deal)]}"#)) == [.at("/groupBy",
            #"names a date field, whose instants make no groups: to group by time, send the records to POST /series with a period; or name a field or column of text or numbers; met "closedAt""#)])
        let missing = Lines.issues(try ReadingOptionsTests.evaluate("sales-cycle-length", json: #"{"groupBy":"Pipline","deals":[\#(deal)]}"#))
        #expect(missing == [.at("/groupBy",
            #"names no field of the records and no column that any record has: name a field ("id", "createdAt", "closedAt", "outcome", "rep") or a column of the input, as written in its header or members; met "Pipline""#)])
        // 10,001 distinct values: past the 10,000 groups an answer may hold.
        var csv = "createdAt,closedAt,account\n"
        for i in 0...GroupBy.groupLimit { csv += "2024-03-01,2024-03-02,a\(i)\n" }
        #expect(Lines.issues(try Lines.evaluate("sales-cycle-length", .csv, csv, [("groupBy", "account")])) == [.at("/groupBy",
            #"names "account", which holds 10001 distinct values; at most 10000 groups are given: group by a column with fewer values"#)])
        // Exactly 10,000 are answered.
        let last = "2024-03-01,2024-03-02,a\(GroupBy.groupLimit)\n"
        let fits = try Lines.evaluate("sales-cycle-length", .csv, String(csv.dropLast(last.count)), [("groupBy", "account")]).get()
        #expect(fits.groups?.count == GroupBy.groupLimit)
    }

    @Test func anObjectInTheGroupColumnIsAProblemOfItsRecord() throws {
        let ndjson = #"{"createdAt":"2024-03-01","closedAt":"2024-03-03","team":{"name":"a"}}"# + "\n"
        #expect(Lines.issues(try Lines.evaluate("sales-cycle-length", .ndjson, ndjson, [("groupBy", "team")])) == [
            .at("/deals/0/team", "must be a string, a number or true or false: it is the groupBy column (line 1)")])
    }
}
