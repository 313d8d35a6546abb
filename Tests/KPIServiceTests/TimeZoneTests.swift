import JSON
import Testing

@testable import KPIService

/// The `timeZone` reading option through the routes (in process and over a socket): local date-times and
/// dates alone read in the zone, real elapsed time across daylight-saving changes, `/series` periods on the
/// zone's calendar, a date-only `asOf`, and the 422s.
///
/// Instants are worked out by hand from the US rules (EST −05:00 until the second Sunday of March at 02:00,
/// EDT −04:00 until the first Sunday of November at 02:00; 2024: 10 March and 3 November), and checked with
/// Python's zoneinfo (`datetime(2024,3,9,22, tzinfo=ZoneInfo("America/New_York")).timestamp()`).
@Suite("timeZone")
struct TimeZoneTests {
    /// Two tickets across the changes of 2024, written as a help desk exports them (local, no offset):
    /// t1 opened Saturday 9 March 22:00 EST (03:00Z) and resolved Sunday 04:00 EDT (08:00Z): 5 real hours,
    /// not the 6 the clocks show; t2 opened 2 November 22:00 EDT (02:00Z) and resolved 3 November 04:00 EST
    /// (09:00Z): 7 hours. Mean 6, min 5, max 7.
    static let tickets = "id,openedAt,resolvedAt\r\nt1,2024-03-09 22:00,2024-03-10 04:00\r\nt2,2024-11-02 22:00,2024-11-03 04:00\r\n"

    @Test(arguments: TestTransport.allCases)
    func ticketsAcrossADaylightSavingChangeLastTheirRealHours(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let reply = try client.execute(.post, "/resolution-time?timeZone=America/New_York", body: Self.tickets, contentType: "text/csv")
            #expect(reply.status == 200, "\(reply.text)")
            #expect(reply.json?["value"] == 6)
            #expect(reply.json?["breakdown"]?["minHours"] == 5)
            #expect(reply.json?["breakdown"]?["maxHours"] == 7)
            #expect(reply.json?["breakdown"]?["timeZone"] == "America/New_York")
            // The same local times read in Berlin (changes on 31 March and 27 October): 6 hours each.
            let berlin = try client.execute(.post, "/resolution-time?timeZone=Europe%2FBerlin", body: Self.tickets, contentType: "text/csv")
            #expect(berlin.json?["value"] == 6 && berlin.json?["breakdown"]?["timeZone"] == "Europe/Berlin")
        }
    }

    /// Without `timeZone`, a local time is a 422 that names the option (and no `timeZone` is echoed with
    /// offsets); a KPI that has no such option does not name it.
    @Test(arguments: TestTransport.allCases)
    func aLocalTimeWithoutAZoneIsAProblemThatNamesTheOption(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let reply = try client.execute(.post, "/resolution-time", body: Self.tickets, contentType: "text/csv")
            #expect(reply.status == 422)
            let detail = reply.json?["errors"]?.arrayValue?.first?["detail"]?.stringValue ?? ""
            #expect(detail.contains("timeZone") && detail.contains("2024-03-09 22:00"), "\(detail)")
            let json = try client.execute(.post, "/sales-cycle-length", body: #"{"deals":[{"createdAt":"2024-03-01T09:00","closedAt":"2024-03-02"}]}"#)
            #expect(json.status == 422)
            #expect(json.json?["errors"]?.arrayValue?.first?["pointer"] == "/deals/0/createdAt")
            let offsets = try client.execute(.post, "/sales-cycle-length", body: #"{"deals":[{"createdAt":"2024-03-01T09:00Z","closedAt":"2024-03-02T09:00Z"}]}"#)
            #expect(offsets.status == 200 && offsets.json?["breakdown"]?["timeZone"] == nil)
            // cohort-retention reads its customers with the reading options too: its problem names the option.
            let cohorts = try client.execute(.post, "/cohort-retention", body: #"{"customers":[{"id":"a","startedAt":"2024-01-31T22:00:00"}]}"#)
            let named = cohorts.json?["errors"]?.arrayValue?.first?["detail"]?.stringValue ?? ""
            #expect(cohorts.status == 422 && named.contains("timeZone"), "\(named)")
            // A KPI without records (a target's deadline) has no timeZone to name.
            let deadline = try client.execute(.post, "/cac", body: #"{"totalSpend":100,"newCustomers":1,"target":{"value":50,"deadline":"2024-12-31T22:00:00"}}"#)
            let plain = deadline.json?["errors"]?.arrayValue?.first?["detail"]?.stringValue ?? ""
            #expect(deadline.status == 422 && plain.hasPrefix("must have a time zone offset") && !plain.contains("timeZone"), "\(plain)")
        }
    }

    @Test(arguments: TestTransport.allCases)
    func anUnknownZoneIsAProblemAtTimeZone(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            for zone in ["Mars/Olympus_Mons", "../../etc/passwd", "america/new_york", "America"] {
                let body = #"{"timeZone":"\#(zone)","deals":[{"createdAt":"2024-03-01","closedAt":"2024-03-02"}]}"#
                let reply = try client.execute(.post, "/sales-cycle-length", body: body)
                #expect(reply.status == 422, "\(zone)")
                let error = reply.json?["errors"]?.arrayValue?.first
                #expect(error?["pointer"] == "/timeZone", "\(zone)")
                let detail = error?["detail"]?.stringValue ?? ""
                #expect(detail.contains("America/New_York") && detail.contains(#"met "\#(zone)""#), "\(detail)")
            }
        }
    }

    /// Issue 25's example: two New Year's Eve answers from New York (20:00 and 21:30 local, already 1 January
    /// in UTC) belong to December on New York's calendar. December: 10, 0, 9 → (2 − 1) / 3 = 33.33…;
    /// January: 7 → 0. Read in UTC, December would hold the 10 alone (100) and January 0, 9, 7 (0).
    @Test(arguments: TestTransport.allCases)
    func newYearsEveInNewYorkIsInDecember(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let responses = #"[{"score":10,"respondedAt":"2024-12-05T10:00:00"},{"score":0,"respondedAt":"2024-12-31T20:00:00"},"#
                + #"{"score":9,"respondedAt":"2024-12-31 21:30"},{"score":7,"respondedAt":"2025-01-02T09:00:00"}]"#
            let local = try client.execute(.post, "/series", body: #"{"kpi":"nps","period":"month","input":{"timeZone":"America/New_York","responses":\#(responses)}}"#)
            #expect(local.status == 200, "\(local.text)")
            let points = local.json?["points"]?.arrayValue ?? []
            #expect(points.map { $0["period"] } == ["2024-12", "2025-01"])
            #expect(points.map { $0["result"]?["breakdown"]?["responses"] } == [3, 1])
            #expect(points.first?["result"]?["breakdown"]?["timeZone"] == "America/New_York")
            let december = points.first?["result"]?["value"]?.numberValue?.double ?? 0
            #expect(abs(december - 100.0 / 3) < 1e-9)
            // The same instants written in UTC, without the option: UTC's calendar puts them in January.
            let utc = #"[{"score":10,"respondedAt":"2024-12-05T15:00:00Z"},{"score":0,"respondedAt":"2025-01-01T01:00:00Z"},"#
                + #"{"score":9,"respondedAt":"2025-01-01T02:30:00Z"},{"score":7,"respondedAt":"2025-01-02T14:00:00Z"}]"#
            let inUTC = try client.execute(.post, "/series", body: #"{"kpi":"nps","period":"month","input":{"responses":\#(utc)}}"#)
            #expect(inUTC.json?["points"]?.arrayValue?.map { $0["result"]?["breakdown"]?["responses"] } == [1, 3])
            // And with the option, the UTC-written instants land in December again: the zone sets the calendar.
            let utcInNewYork = try client.execute(.post, "/series", body: #"{"kpi":"nps","period":"month","input":{"responses":\#(utc),"timeZone":"America/New_York"}}"#)
            #expect(utcInNewYork.json?["points"]?.arrayValue?.map { $0["result"]?["breakdown"]?["responses"] } == [3, 1])
        }
    }

    /// `from` and `to` of the records form are on the input's calendar too: local date-times read in its zone,
    /// and a 422 at `/from` that names the option without one. From 20:00 on New Year's Eve in New York, the
    /// December point holds the two late answers only.
    @Test(arguments: TestTransport.allCases)
    func theWindowOfASeriesIsOnTheInputsCalendar(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let responses = #"[{"score":10,"respondedAt":"2024-12-05T10:00:00"},{"score":0,"respondedAt":"2024-12-31T20:00:00"},"#
                + #"{"score":9,"respondedAt":"2024-12-31 21:30"}]"#
            let window = #""from":"2024-12-31T20:00","to":"2024-12-31""#
            let local = try client.execute(.post, "/series", body: #"{"kpi":"nps","period":"month",\#(window),"input":{"timeZone":"America/New_York","responses":\#(responses)}}"#)
            #expect(local.status == 200, "\(local.text)")
            #expect(local.json?["points"]?.arrayValue?.map { $0["result"]?["breakdown"]?["responses"] } == [2])
            let noZone = try client.execute(.post, "/series", body: #"{"kpi":"nps","period":"month",\#(window),"input":{"responses":[{"score":9,"respondedAt":"2024-12-31T20:00:00Z"}]}}"#)
            #expect(noZone.status == 422)
            let error = noZone.json?["errors"]?.arrayValue?.first
            #expect(error?["pointer"] == "/from" && error?["detail"]?.stringValue?.contains("timeZone") == true, "\(noZone.text)")
        }
    }

    /// A date alone as `asOf` is the end of that day: a deal created during it is not "after asOf", and the
    /// day is New York's with the option (23:30 EDT on 15 April is 03:30Z on the 16th).
    @Test(arguments: TestTransport.allCases)
    func aDateAloneAsOfIsTheEndOfThatDay(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let won = #"{"id":"w","createdAt":"2024-04-01","closedAt":"2024-04-11"}"#
            let sameDay = #"{"deals":[\#(won),{"id":"o","createdAt":"2024-04-15T10:00:00Z"}],"asOf":"2024-04-15"}"#
            let reply = try client.execute(.post, "/sales-cycle-length", body: sameDay)
            #expect(reply.status == 200, "\(reply.text)")
            #expect(reply.json?["breakdown"]?["openDeals"] == 1)
            let late = #"{"id":"o","createdAt":"2024-04-15T23:30:00-04:00"}"#
            let utc = try client.execute(.post, "/sales-cycle-length", body: #"{"deals":[\#(won),\#(late)],"asOf":"2024-04-15"}"#)
            #expect(utc.status == 422)
            #expect(utc.json?["errors"]?.arrayValue?.first?["pointer"] == "/deals/1/createdAt")
            // asOf given before the option in the body: still read in the zone.
            let newYork = try client.execute(.post, "/sales-cycle-length", body: #"{"asOf":"2024-04-15","deals":[\#(won),\#(late)],"timeZone":"America/New_York"}"#)
            #expect(newYork.status == 200, "\(newYork.text)")
            // And as a query parameter beside CSV, with a local asOf.
            let csv = "id,createdAt,closedAt\nw,2024-04-01,2024-04-11\no,2024-04-15 23:30,\n"
            let query = try client.execute(.post, "/sales-cycle-length?asOf=2024-04-15&timeZone=America%2FNew_York", body: csv, contentType: "text/csv")
            #expect(query.status == 200, "\(query.text)")
            #expect(query.json?["breakdown"]?["openDeals"] == 1)
            // A local asOf, in the query and in a body before the option: 23:45 in New York, after the deal's 23:30.
            let local = try client.execute(.post, "/sales-cycle-length?asOf=2024-04-15T23:45&timeZone=America%2FNew_York", body: csv, contentType: "text/csv")
            #expect(local.status == 200, "\(local.text)")
            let body = try client.execute(.post, "/sales-cycle-length", body: #"{"asOf":"2024-04-15 23:45","deals":[\#(won),\#(late)],"timeZone":"America/New_York"}"#)
            #expect(body.status == 200, "\(body.text)")
            let early = try client.execute(.post, "/sales-cycle-length", body: #"{"asOf":"2024-04-15 23:00","deals":[\#(won),\#(late)],"timeZone":"America/New_York"}"#)
            #expect(early.json?["errors"]?.arrayValue?.first?["pointer"] == "/deals/1/createdAt")
        }
    }

    /// When one end is a date alone, a duration counts calendar days in the zone: created 9 March 23:30 in New
    /// York (04:30Z on the 10th) and closed "10 March" lasts 1 day there, 0 days in UTC.
    @Test(arguments: TestTransport.allCases)
    func dateOnlyDurationsCountDaysInTheZone(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let deals = #"[{"createdAt":"2024-03-09T23:30:00-05:00","closedAt":"2024-03-10"}]"#
            let utc = try client.execute(.post, "/sales-cycle-length", body: #"{"deals":\#(deals)}"#)
            #expect(utc.json?["value"] == 0)
            let newYork = try client.execute(.post, "/sales-cycle-length", body: #"{"deals":\#(deals),"timeZone":"America/New_York"}"#)
            #expect(newYork.json?["value"] == 1, "\(newYork.text)")
        }
    }

    /// A SurveyMonkey-style pattern without `Z` reads its local times in the zone: Sunday 24 March 2024 11:50 PM
    /// in New York (EDT) is 03:50Z on Monday the 25th, yet the answer is in New York's week 2024-W12 (Monday 18
    /// March to Sunday 24 March).
    @Test(arguments: TestTransport.allCases)
    func aPatternWithoutAnOffsetReadsLocalTimes(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let input = #"{"dateFormat":"MM/DD/YYYY hh:mm:ss A","timeZone":"America/New_York","responses":[{"score":10,"respondedAt":"03/24/2024 11:50:00 PM"}]}"#
            let series = try client.execute(.post, "/series", body: #"{"kpi":"nps","period":"week","input":\#(input)}"#)
            #expect(series.status == 200, "\(series.text)")
            #expect(series.json?["points"]?.arrayValue?.map { $0["period"] } == ["2024-W12"])
        }
    }

    /// Billing lines and cohorts on the zone's calendar. A line paid for 31 January 22:00 → 29 February 22:00 in
    /// New York (both on their months' last days at the same local time: one whole month) holds one month end,
    /// 1 February 00:00 local: it is January's MRR. Read in UTC (1 February 03:00Z → 1 March 03:00Z) the same
    /// instants make it February's. A customer who started 31 January 22:00 in New York (1 February 03:00Z) is in
    /// the January cohort with b (10 January): the cohort that reaches month 1 holds 2 customers; in UTC it would
    /// hold b alone.
    @Test(arguments: TestTransport.allCases)
    func billingLinesAndCohortsFollowTheZonesCalendar(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let local = try client.execute(.post, "/mrr-movements", body: #"{"timeZone":"America/New_York","invoices":[{"customer":"acme","periodStart":"2024-01-31T22:00:00","periodEnd":"2024-02-29T22:00:00","amount":100}]}"#)
            #expect(local.status == 200, "\(local.text)")
            #expect(local.json?["warnings"]?.arrayValue?.first == "The lines cover one month (2024-01): there are no movements.", "\(local.text)")
            let utc = try client.execute(.post, "/mrr-movements", body: #"{"invoices":[{"customer":"acme","periodStart":"2024-02-01T03:00:00Z","periodEnd":"2024-03-01T03:00:00Z","amount":100}]}"#)
            #expect(utc.json?["warnings"]?.arrayValue?.first == "The lines cover one month (2024-02): there are no movements.", "\(utc.text)")
            let customers = #"[{"id":"a","startedAt":"2024-01-31T22:00:00"},{"id":"b","startedAt":"2024-01-10"},{"id":"c","startedAt":"2024-02-10"}]"#
            let cohorts = try client.execute(.post, "/cohort-retention", body: #"{"timeZone":"America/New_York","customers":"# + customers + "}")
            #expect(cohorts.status == 200, "\(cohorts.text)")
            #expect(cohorts.json?["breakdown"]?["customersAtMonth0"] == 2, "\(cohorts.text)")
            let inUTC = try client.execute(.post, "/cohort-retention", body: #"{"customers":[{"id":"a","startedAt":"2024-02-01T03:00:00Z"},{"id":"b","startedAt":"2024-01-10"},{"id":"c","startedAt":"2024-02-10"}]}"#)
            #expect(inUTC.json?["breakdown"]?["customersAtMonth0"] == 1, "\(inUTC.text)")
        }
    }
}
