import Foundation
import JSON
import KPICore
import Testing

@testable import KPIService

/// The `source` presets end to end: each vendor's sample file (under `Samples/`, written from the vendor's
/// documented columns, words and layouts) posted as downloaded with `?source=<id>` and only what a user must
/// add, against the KPI computed here from the rows of the file.
@Suite("Source presets (GET /sources and the sample exports)")
struct SourcePresetsTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Samples")

    /// The sample file at `path` under `Samples/`, as the vendor wrote it (a byte-order mark included).
    static func sample(_ path: String) throws -> String {
        String(decoding: try Data(contentsOf: samples.appendingPathComponent(path)), as: UTF8.self)
    }

    static func value(_ reply: Reply) -> Double? { reply.json?["value"]?.numberValue?.double }

    /// Salesforce Data Loader extract of 12 opportunities: 5 `Closed Won`, 3 `Closed Lost`, 4 open stages.
    /// `CLOSEDATE` is a date alone, so a cycle is the calendar days from the UTC date of `CREATEDDATE`:
    /// Jan 8 → Feb 14 = 37, Jan 15 → Mar 1 = 46 (2024 is a leap year), Feb 5 → Feb 20 = 15,
    /// Feb 12 → Mar 28 = 45, Mar 4 → Mar 29 = 25 (counted by hand). Open deals need `asOf`.
    @Test(arguments: TestTransport.allCases)
    func aSalesforceExtractGivesTheCycleAndTheCloseRate(transport: TestTransport) throws {
        let file = try Self.sample("salesforce/opportunity-extract.csv")
        try Application.testing().test(transport) { client in
            let cycle = try client.execute(.post, "/sales-cycle-length?source=salesforce-opportunities&asOf=2024-04-15", body: file, contentType: "text/csv")
            #expect(cycle.status == 200, "\(cycle.text)")
            let won: [Double] = [37, 46, 15, 45, 25]
            #expect(Self.value(cycle).map { abs($0 - won.reduce(0, +) / Double(won.count)) < 1e-9 } == true, "\(cycle.text)")
            #expect(cycle.json?["breakdown"]?["lostDeals"]?.numberValue?.double == 3)
            #expect(cycle.json?["breakdown"]?["openDeals"]?.numberValue?.double == 4)
            // Decided basis: won / (won + lost) = 5 / 8.
            let rate = try client.execute(.post, "/close-rate?source=salesforce-opportunities", body: file, contentType: "text/csv")
            #expect(rate.status == 200, "\(rate.text)")
            #expect(Self.value(rate).map { abs($0 - 100.0 * 5 / 8) < 1e-9 } == true, "\(rate.text)")
        }
    }

    /// Delighted export of 20 responses written with the account's offset (`2024-04-11 12:10:00 +0530`):
    /// 11 scores of 9 or 10, 5 of 0 to 6 (10, 9, 10, 9, 10, 9, 10, 9, 10, 9, 10 and 3, 6, 0, 5, 2, counted by
    /// hand from the Score column), so NPS = (11 − 5) / 20 × 100 = 30.
    @Test(arguments: TestTransport.allCases)
    func aDelightedExportGivesTheNPS(transport: TestTransport) throws {
        let file = try Self.sample("delighted/survey-responses.csv")
        try Application.testing().test(transport) { client in
            let reply = try client.execute(.post, "/nps?source=delighted-responses", body: file, contentType: "text/csv")
            #expect(reply.status == 200, "\(reply.text)")
            #expect(Self.value(reply).map { abs($0 - 30) < 1e-9 } == true, "\(reply.text)")
            let warning = reply.json?["warnings"]?.arrayValue?.first?.stringValue ?? ""
            #expect(warning.hasPrefix("ignored 7 names in the records that this KPI does not read"), "\(warning)")
        }
    }

    /// ChartMogul invoice line items (the import's CSV: `amount_in_cents`, service periods in UTC), read as
    /// `invoices` although the KPIs' first record array is `mrr` (the preset's `records` decides), in cents
    /// (the preset's `amountUnit`). By hand, each line counts in the months whose end falls in its service
    /// period, a whole month's line at its amount, the annual one at 1188 / 12 = 99:
    /// cus_001 49 (Jan–Mar), cus_002 99 (Jan) then 149 (Feb, Mar), cus_003 99 (Jan–Dec), cus_004 59 EUR × 1.08
    /// = 63.72 (Mar); the `one_time` line has no service period (a row problem, skipped). So MRR is
    /// Jan 247, Feb 297, Mar 360.72, Apr 99 (only the annual line left): March gains cus_004 (+63.72), April
    /// churns cus_001, cus_002 and cus_004 (49 + 149 + 63.72 = 261.72), NRR for April 99 / 360.72; cohorts
    /// Jan {001, 002, 003} and Mar {004}: 3 of the 4 customers are still paying a month after their first.
    @Test(arguments: TestTransport.allCases)
    func aChartMogulFileGivesTheMRRMovementsRetentionAndCohorts(transport: TestTransport) throws {
        let file = try Self.sample("chartmogul/invoice-lines.csv")
        let options = "source=chartmogul-invoice-lines&currency=USD&fxRates.EUR=1.08&invalidRows=skip"
        try Application.testing().test(transport) { client in
            let march = try client.execute(.post, "/mrr-movements?" + options + "&from=2024-03&to=2024-03", body: file, contentType: "text/csv")
            #expect(march.status == 200, "\(march.text)")
            let breakdown = march.json?["breakdown"]
            #expect(breakdown?["mrrFrom"] == "invoices")
            #expect(breakdown?["startingMrr"]?.numberValue?.double == 297)  // 49 + 149 + 99
            #expect(breakdown?["newMrr"]?.numberValue?.double == 63.72)
            #expect(breakdown?["endingMrr"]?.numberValue?.double == 360.72)
            #expect(march.json?["skipped"]?["rows"]?.numberValue?.double == 1, "\(march.text)")
            let april = try client.execute(.post, "/revenue-retention?" + options + "&from=2024-04&to=2024-04", body: file, contentType: "text/csv")
            #expect(april.status == 200, "\(april.text)")
            #expect(april.json?["breakdown"]?["churnedMrr"]?.numberValue?.double == 261.72)
            #expect(Self.value(april).map { abs($0 - 100 * 99 / 360.72) < 1e-9 } == true, "\(april.text)")
            let cohorts = try client.execute(.post, "/cohort-retention?" + options, body: file, contentType: "text/csv")
            #expect(cohorts.status == 200, "\(cohorts.text)")
            #expect(Self.value(cohorts) == 75, "\(cohorts.text)")
            // `amountUnit` beside the preset wins: the cents read as units are 100 times the MRR.
            let units = try client.execute(.post, "/mrr-movements?" + options + "&amountUnit=units&from=2024-04&to=2024-04", body: file, contentType: "text/csv")
            #expect(units.json?["breakdown"]?["endingMrr"]?.numberValue?.double == 9900, "\(units.text)")
        }
    }

    /// The billing preset in the other forms: NDJSON lines with ChartMogul's member names are `invoices` too, a
    /// JSON body's `invoices` take the preset's names and `amountUnit` (whether `source` comes first or last),
    /// and its `mrr` rows keep their own names and take no `amountUnit` (the preset reads `invoices` only). By
    /// hand: 4900 cents over Jan 5 → Feb 5 is 49 in January, the one month; acme's rows end at 30.
    @Test func theBillingPresetReadsInvoicesInEveryForm() throws {
        let line = #"{"customer_external_id":"c1","service_period_start":"2024-01-05T00:00:00Z","service_period_end":"2024-02-05T00:00:00Z","amount_in_cents":4900,"currency":"USD"}"#
        try Application.testing().test(.inProcess) { client in
            let ndjson = try client.execute(.post, "/mrr-movements?source=chartmogul-invoice-lines", body: line + "\n", contentType: "application/x-ndjson")
            #expect(ndjson.status == 200, "\(ndjson.text)")
            #expect(ndjson.json?["breakdown"]?["endingMrr"]?.numberValue?.double == 49, "\(ndjson.text)")
            for body in [#"{"source":"chartmogul-invoice-lines","invoices":["# + line + "]}",
                         #"{"invoices":["# + line + #"],"source":"chartmogul-invoice-lines"}"#] {
                let json = try client.execute(.post, "/mrr-movements", body: body)
                #expect(json.status == 200, "\(json.text)")
                #expect(json.json?["breakdown"]?["endingMrr"]?.numberValue?.double == 49, "\(json.text)")
            }
            let rows = try client.execute(.post, "/mrr-movements", body: #"{"source":"chartmogul-invoice-lines","mrr":[{"customer":"acme","month":"2024-01","mrr":10},{"customer":"acme","month":"2024-02","mrr":30}]}"#)
            #expect(rows.status == 200, "\(rows.text)")
            #expect(rows.json?["breakdown"]?["mrrFrom"] == "rows")
            #expect(rows.json?["breakdown"]?["endingMrr"]?.numberValue?.double == 30, "\(rows.text)")
        }
    }

    /// A Salesforce OpportunityHistory extract (Data Loader, UTC times): three opportunities, one won
    /// (Prospecting → Qualification, an amount edit repeating Qualification, Proposal/Price Quote, Closed Won),
    /// one lost (Prospecting → Qualification → `Closed Lost`, the preset's `lostStage`), one still prospecting.
    /// By hand: 3 entered Prospecting and 1 Closed Won, so conversion 1 / 3; stays run to the next different
    /// stage: Prospecting 3 d 18:55:49 and 8 d 02:17:15, Qualification 17 d 06:20 (the repeated row collapsed)
    /// and 14 d 20:30 (ended by Closed Lost), Proposal/Price Quote 16 d 01:25.
    @Test(arguments: TestTransport.allCases)
    func aSalesforceHistoryGivesThePipelineStages(transport: TestTransport) throws {
        let file = try Self.sample("salesforce/opportunity-history-extract.csv")
        let days = { (d: Double, h: Double, m: Double, s: Double) in d + (h + (m + s / 60) / 60) / 24 }
        try Application.testing().test(transport) { client in
            let reply = try client.execute(
                .post, "/pipeline-stages?source=salesforce-opportunity-history&stages=Prospecting,Qualification,Proposal/Price%20Quote,Closed%20Won",
                body: file, contentType: "text/csv")
            #expect(reply.status == 200, "\(reply.text)")
            #expect(Self.value(reply).map { abs($0 - 100.0 / 3) < 1e-9 } == true, "\(reply.text)")
            let breakdown = reply.json?["breakdown"]
            #expect(breakdown?["wonDeals"]?.numberValue?.double == 1)
            #expect(breakdown?["lostDeals"]?.numberValue?.double == 1)
            #expect(breakdown?["openDeals"]?.numberValue?.double == 1)
            let groups = reply.json?["groups"]?.arrayValue.map(Array.init) ?? []
            #expect(groups.map { $0["count"]?.numberValue?.double } == [3, 2, 1, 1], "\(reply.text)")
            let means = [(days(3, 18, 55, 49) + days(8, 2, 17, 15)) / 2, (days(17, 6, 20, 0) + days(14, 20, 30, 0)) / 2, days(16, 1, 25, 0)]
            for (group, mean) in zip(groups, means) {
                #expect((group["meanDays"]?.numberValue?.double).map { abs($0 - mean) < 1e-9 } == true, "\(group)")
            }
            #expect(reply.json?["warnings"]?.arrayValue?.contains { $0.stringValue?.hasPrefix("Collapsed 1 history row") == true } == true, "\(reply.text)")
        }
    }

    /// `lostStage` (set by the Salesforce history preset, or given): an entry at it ends the stay before it and,
    /// last, makes a deal without an outcome lost; a given outcome wins; it may not be one of `stages`.
    @Test func aLostStageEndsTheDealAndIsNoStage() throws {
        let deals = #"[{"id":"a","history":[{"stage":"lead","enteredAt":"2024-03-01"},{"stage":"gone","enteredAt":"2024-03-04"}]},"#
            + #"{"id":"b","history":[{"stage":"lead","enteredAt":"2024-03-01"},{"stage":"won","enteredAt":"2024-03-03"}]},"#
            + #"{"id":"c","outcome":"open","history":[{"stage":"lead","enteredAt":"2024-03-02"},{"stage":"gone","enteredAt":"2024-03-03"}]}]"#
        try Application.testing().test(.inProcess) { client in
            let reply = try client.execute(.post, "/pipeline-stages", body: #"{"stages":["lead","won"],"lostStage":"gone","deals":"# + deals + "}")
            #expect(reply.status == 200, "\(reply.text)")
            #expect(reply.json?["breakdown"]?["lostDeals"]?.numberValue?.double == 1, "\(reply.text)")
            #expect(reply.json?["breakdown"]?["wonDeals"]?.numberValue?.double == 1)
            #expect(reply.json?["breakdown"]?["openDeals"]?.numberValue?.double == 1)
            // Days at lead: a 3 (to gone), b 2 (to won), c 1 (to gone).
            #expect(reply.json?["groups"]?.arrayValue?.first?["meanDays"]?.numberValue?.double == 2, "\(reply.text)")
            let inStages = try client.execute(.post, "/pipeline-stages", body: #"{"stages":["lead","gone","won"],"lostStage":"gone","deals":"# + deals + "}")
            #expect(inStages.status == 422)
            #expect(inStages.json?["errors"]?.arrayValue?.first?["pointer"] == "/lostStage", "\(inStages.text)")
        }
    }

    /// HubSpot, Pipedrive and Zendesk export local times without an offset (in the account's zone): with the preset
    /// every column, stage word and the byte-order mark are read, and what is left is the zone of those times, which
    /// only the user knows. Without `timeZone` every problem is about a date column's missing offset; with
    /// `timeZone=America/New_York` the files compute. The expected values are Python's zoneinfo on the sample rows
    /// (`(datetime.strptime(b, fmt).replace(tzinfo=ZoneInfo("America/New_York")).timestamp() - …(a)…) / 86400`, the
    /// won deals' mean; hours for the solved tickets): daylight saving starts on 10 March 2024, so HubSpot's
    /// Wayne (12 Feb 11:05 → 28 Mar 10:10) lasts 44.920139 days, not the 44.961806 the clocks show, and Zendesk's
    /// ticket 4108 (8 Mar 16:00 → 11 Mar 10:00) 65 hours, not 66.
    @Test(arguments: [
        ("hubspot-deals", "/sales-cycle-length", "hubspot/deals-export.csv", ["Create Date", "Close Date"], 33.59319444444444),
        ("hubspot-deals", "/close-rate", "hubspot/deals-export.csv", ["Create Date", "Close Date"], 62.5),
        ("pipedrive-deals", "/sales-cycle-length", "pipedrive/deals-export.csv", ["Deal - Deal created", "Deal - Deal closed on"], 35.68671296296296),
        ("zendesk-tickets", "/resolution-time", "zendesk/tickets-export.csv", ["Created at", "Solved at"], 20.583333333333332),
    ])
    func localTimeExportsNeedTheirTimeZoneAndThenCompute(source: String, route: String, path: String, dateColumns: [String], expected: Double) throws {
        let file = try Self.sample(path)
        try Application.testing().test(.inProcess) { client in
            let reply = try client.execute(.post, route + "?source=" + source + "&asOf=2024-06-01", body: file, contentType: "text/csv")
            #expect(reply.status == 422, "\(reply.text)")
            let grouped = reply.json?["grouped"]?.arrayValue.map(Array.init) ?? []
            #expect(!grouped.isEmpty, "\(reply.text)")
            for group in grouped {
                #expect(dateColumns.contains(group["field"]?.stringValue ?? ""), "\(group)")
                #expect(group["detail"]?.stringValue?.contains("timeZone") == true, "\(group)")
            }
            // Open deals need an asOf on /sales-cycle-length; the other routes take none.
            let asOf = route == "/sales-cycle-length" ? "&asOf=2024-06-01" : ""
            let zoned = try client.execute(.post, route + "?source=" + source + asOf + "&timeZone=America/New_York", body: file, contentType: "text/csv")
            #expect(zoned.status == 200, "\(zoned.text)")
            #expect(Self.value(zoned).map { abs($0 - expected) < 1e-9 } == true, "\(zoned.text)")
            #expect(zoned.json?["breakdown"]?["timeZone"] == "America/New_York")
        }
    }

    /// `GET /sources` lists every preset with the members the contract names, and each preset's columns
    /// are fields of the records of every KPI it feeds, its words declared values, its layouts readable.
    @Test func theListNamesEveryPresetWithItsColumnsAndDocument() throws {
        try Application.testing().test(.inProcess) { client in
            let reply = try client.execute(.get, "/sources", body: nil, contentType: nil)
            #expect(reply.status == 200)
            let sources = try #require(reply.json?["sources"]?.arrayValue.map(Array.init))
            #expect(sources.map { $0["id"]?.stringValue } == SourcePreset.ids)
            let hubSpot = try #require(sources.first { $0["id"] == "hubspot-deals" })
            #expect(hubSpot["name"] == "HubSpot deals export")
            #expect(hubSpot["kpis"] == ["sales-cycle-length", "close-rate"])
            #expect(hubSpot["records"] == "deals")
            #expect(hubSpot["mediaTypes"] == ["text/csv"])
            #expect(hubSpot["columns"]?["createdAt"] == "Create Date")
            #expect(hubSpot["values"]?["outcome"]?["Closed Won"] == "won")
            #expect(hubSpot["dateFormat"] == "iso")
            #expect(hubSpot["numberFormat"] == "plain")
            #expect(hubSpot["document"]?["url"]?.stringValue?.hasPrefix("https://knowledge.hubspot.com/") == true)
            #expect(hubSpot["options"] == nil)
            let chartMogul = try #require(sources.first { $0["id"] == "chartmogul-invoice-lines" })
            #expect(chartMogul["records"] == "invoices")
            #expect(chartMogul["options"]?["amountUnit"] == "cents")
        }
        for preset in SourcePreset.all {
            for id in preset.kpis {
                let kpi = try #require(KPIRegistry.all.first { $0.id == id })
                let records = try #require(kpi.recordInputs.first { $0.name == preset.records }, "\(preset.id) → \(id)")
                guard case .records(let fields) = records.kind else { continue }
                // A long form's entry fields (`stage`, `enteredAt`) are columns too.
                let columns = fields + kpi.lineFields
                for (field, _) in preset.columns { #expect(columns.contains { $0.name == field }, "\(preset.id): \(field)") }
                for (name, _) in preset.options { #expect(kpi.inputs.contains { $0.name == name }, "\(preset.id): \(name)") }
                for (field, words) in preset.values {
                    let spec = try #require(fields.first { $0.name == field })
                    guard case .choice(let options) = spec.kind else { Issue.record("\(preset.id): \(field) is no choice"); continue }
                    for (word, value) in words { #expect(options.contains(value), "\(preset.id): \(word)") }
                }
                #expect(kpi.recordFormats.contains(.csv) || !preset.mediaTypes.contains("text/csv"), "\(preset.id) → \(id)")
            }
            #expect(preset.document.url.hasPrefix("https://"), "\(preset.id)")
        }
    }

    /// The presets written ahead of their input (``SourcePreset/awaiting``) are not served, and each one's
    /// sample file (from its vendor's document) has a header naming every column it reads.
    @Test(arguments: [("stripe-invoices", "stripe/invoices-export.csv")])
    func awaitingPresetsAreNotServedAndMatchTheirSamples(id: String, path: String) throws {
        #expect(!SourcePreset.ids.contains(id))
        let preset = try #require(SourcePreset.awaiting.first { $0.id == id })
        let header = try #require(try Self.sample(path).split(whereSeparator: \.isNewline).first)
        let names = header.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"\u{FEFF}")) }
        for (field, column) in preset.columns { #expect(names.contains(column), "\(id): \(field) → \(column)") }
    }

    /// Options beside `source` win key by key: a `columns` entry replaces that one field's column (the
    /// rest stay the preset's), and a `values` word is added to the preset's words.
    @Test func optionsBesideTheSourceMergeIntoItKeyByKey() throws {
        let renamed = try Self.sample("salesforce/opportunity-extract.csv").replacingOccurrences(of: "\"OWNERID\"", with: "\"Owner\"")
            .replacingOccurrences(of: "\"Qualification\"", with: "\"Discovery\"")
        try Application.testing().test(.inProcess) { client in
            let unmapped = try client.execute(.post, "/close-rate?source=salesforce-opportunities", body: renamed, contentType: "text/csv")
            #expect(unmapped.status == 422, "\(unmapped.text)")
            #expect(unmapped.text.contains("Discovery"), "\(unmapped.text)")
            let reply = try client.execute(
                .post, "/close-rate?source=salesforce-opportunities&columns.rep=Owner&values.outcome.Discovery=open",
                body: renamed, contentType: "text/csv")
            #expect(reply.status == 200, "\(reply.text)")
            #expect(Self.value(reply).map { abs($0 - 62.5) < 1e-9 } == true)
            // Three reps in groups: OWNERID was read from the renamed column.
            #expect(reply.json?["groups"]?.arrayValue?.count == 3, "\(reply.text)")
        }
    }

    /// An unknown `source` names the known ones and the nearest; a preset for other KPIs names the KPIs it
    /// feeds; in a JSON body too.
    @Test func anUnknownOrForeignSourceIsA422ThatSaysWhichToUse() throws {
        try Application.testing().test(.inProcess) { client in
            let unknown = try client.execute(.post, "/sales-cycle-length?source=hubspot", body: "id\n1\n", contentType: "text/csv")
            #expect(unknown.status == 422)
            let detail = unknown.json?["errors"]?.arrayValue?.first { $0["pointer"] == "/source" }?["detail"]?.stringValue ?? ""
            #expect(detail.contains("\"salesforce-opportunities\"") && detail.hasSuffix("the nearest is \"hubspot-deals\""), "\(detail)")
            #expect(detail.contains("; met \"hubspot\""), "\(detail)")
            let foreign = try client.execute(
                .post, "/nps", body: #"{"source":"zendesk-tickets","responses":[{"score":9,"respondedAt":"2024-03-01"}]}"#)
            #expect(foreign.status == 422)
            let problem = foreign.json?["errors"]?.arrayValue?.first { $0["pointer"] == "/source" }?["detail"]?.stringValue
            #expect(problem == #"is "zendesk-tickets", a preset for /resolution-time, not /nps (presets for /nps: "delighted-responses", "delighted-responses-api", "surveymonkey-responses")"#)
            let number = try client.execute(.post, "/nps", body: #"{"source":7,"responses":[{"score":9,"respondedAt":"2024-03-01"}]}"#)
            #expect(number.json?["errors"]?.arrayValue?.first?["pointer"] == "/source", "\(number.text)")
        }
    }

    /// In a JSON body the preset maps member names too, whether `source` comes before or after the records.
    @Test func aPresetMapsTheMembersOfAJSONBody() throws {
        let records = #"[{"Response ID":1,"Score":10,"Response timestamp":"2024-04-11 12:10:00 +0530","Email":"a@example.com"},{"Response ID":2,"Score":3,"Response timestamp":"2024-04-12 08:00:00 +0530"}]"#
        for body in [#"{"source":"delighted-responses","responses":"# + records + "}", #"{"responses":"# + records + #","source":"delighted-responses"}"#] {
            try Application.testing().test(.inProcess) { client in
                let reply = try client.execute(.post, "/nps", body: body)
                #expect(reply.status == 200, "\(reply.text)")
                #expect(Self.value(reply) == 0)  // one promoter, one detractor of two
            }
        }
    }
}

/// API payloads posted as they came: `recordsAt` finds the records, JSON-Pointer columns reach into each.
@Suite("API payloads (recordsAt, JSON-Pointer columns)")
struct PayloadTests {
    /// A HubSpot CRM search response for 8 deals (written from HubSpot's documented response: `total`,
    /// `results` with `id` and `properties`, `paging`): 4 `closedwon`, 2 `closedlost`, 2 open stages. Each won
    /// deal closes at its creation's time of day, so its cycle is whole days: Jan 8 → Feb 14 = 37,
    /// Jan 15 → Mar 1 = 46, Feb 5 → Feb 20 = 15, Feb 12 → Mar 28 = 45 (by hand); the close rate is 4 / 6.
    @Test(arguments: TestTransport.allCases)
    func aHubSpotSearchResponseGoesInAsItCame(transport: TestTransport) throws {
        let file = try SourcePresetsTests.sample("hubspot/deals-search-response.json")
        try Application.testing().test(transport) { client in
            let cycle = try client.execute(.post, "/sales-cycle-length?source=hubspot-deals-api&asOf=2024-04-15", body: file)
            #expect(cycle.status == 200, "\(cycle.text)")
            #expect(SourcePresetsTests.value(cycle).map { abs($0 - (37.0 + 46 + 15 + 45) / 4) < 1e-9 } == true, "\(cycle.text)")
            #expect(cycle.json?["breakdown"]?["openDeals"]?.numberValue?.double == 2)
            let rate = try client.execute(.post, "/close-rate?source=hubspot-deals-api", body: file)
            #expect(rate.status == 200, "\(rate.text)")
            #expect(SourcePresetsTests.value(rate).map { abs($0 - 100.0 * 4 / 6) < 1e-9 } == true, "\(rate.text)")
            #expect(rate.json?["groups"]?.arrayValue?.count == 3, "\(rate.text)")
        }
    }

    /// A Delighted API listing of 12 responses (the payload is the array; `created_at` in Unix seconds):
    /// scores 10, 9, 0, 7, 10, 6, 9, 8, 10, 3, 9, 10 give 7 promoters and 3 detractors (by hand), so
    /// NPS = (7 − 3) / 12 × 100.
    @Test(arguments: TestTransport.allCases)
    func aDelightedListingGoesInAsItCame(transport: TestTransport) throws {
        let file = try SourcePresetsTests.sample("delighted/survey-responses-api.json")
        try Application.testing().test(transport) { client in
            let reply = try client.execute(.post, "/nps?source=delighted-responses-api", body: file)
            #expect(reply.status == 200, "\(reply.text)")
            #expect(SourcePresetsTests.value(reply).map { abs($0 - 100.0 * 4 / 12) < 1e-9 } == true, "\(reply.text)")
        }
    }

    /// Without a preset: `recordsAt` and pointer columns given as query parameters; a payload that is the
    /// array itself is `recordsAt=` (the whole document); pointers in problems point into the record.
    @Test func recordsAtAndPointerColumnsWithoutAPreset() throws {
        let payload = #"{"data":{"items":[{"ticket":{"id":1,"times":{"opened":"2024-03-01T09:00:00Z","solved":"2024-03-01T13:00:00Z"}}},{"ticket":{"id":2,"times":{"opened":"2024-03-02T09:00:00Z","solved":"2024-03-02T11:00:00Z"}}}]},"meta":{"count":2}}"#
        let columns = "&columns.id=/ticket/id&columns.openedAt=/ticket/times/opened&columns.resolvedAt=/ticket/times/solved&unknownFields=ignore"
        try Application.testing().test(.inProcess) { client in
            let reply = try client.execute(.post, "/resolution-time?recordsAt=/data/items" + columns, body: payload)
            #expect(reply.status == 200, "\(reply.text)")
            #expect(SourcePresetsTests.value(reply) == 3)  // (4 h + 2 h) / 2
            let array = #"[{"t":{"o":"2024-03-01T09:00:00Z","s":"2024-03-01T10:00:00Z"}},{"t":{"s":"2024-03-02T11:00:00Z"}}]"#
            let missing = try client.execute(.post, "/resolution-time?recordsAt=&columns.openedAt=/t/o&columns.resolvedAt=/t/s&unknownFields=ignore", body: array)
            #expect(missing.status == 422)
            #expect(missing.json?["errors"]?.arrayValue?.contains { $0["pointer"] == "/tickets/1/t/o" && $0["detail"] == "is required" } == true, "\(missing.text)")
            let nowhere = try client.execute(.post, "/resolution-time?recordsAt=/data/tickets" + columns, body: payload)
            #expect(nowhere.status == 422)
            #expect(nowhere.json?["errors"]?.arrayValue?.first?["pointer"] == "/recordsAt", "\(nowhere.text)")
            let notAPointer = try client.execute(.post, "/resolution-time?recordsAt=data" + columns, body: payload)
            #expect(notAPointer.json?["errors"]?.arrayValue?.first?["pointer"] == "/recordsAt", "\(notAPointer.text)")
            let inTheBody = try client.execute(.post, "/resolution-time", body: #"{"recordsAt":"/x","tickets":[{"openedAt":"2024-03-01T09:00:00Z","resolvedAt":"2024-03-01T10:00:00Z"}]}"#)
            #expect(inTheBody.status == 422)
            #expect(inTheBody.json?["errors"]?.arrayValue?.first?["pointer"] == "/recordsAt", "\(inTheBody.text)")
            let broken = try client.execute(.post, "/resolution-time?recordsAt=/data/items" + columns, body: payload + "]")
            #expect(broken.status == 400, "\(broken.text)")
            // NDJSON lines take pointer columns too; `recordsAt` beside lines is a problem of its own.
            let lines = #"{"ticket":{"id":1,"times":{"opened":"2024-03-01T09:00:00Z","solved":"2024-03-01T13:00:00Z"}}}"# + "\n"
                + #"{"ticket":{"id":2,"times":{"opened":"2024-03-02T09:00:00Z","solved":"2024-03-02T11:00:00Z"}}}"# + "\n"
            let ndjson = try client.execute(.post, "/resolution-time?" + columns.dropFirst(), body: lines, contentType: "application/x-ndjson")
            #expect(ndjson.status == 200, "\(ndjson.text)")
            #expect(SourcePresetsTests.value(ndjson) == 3)
            let beside = try client.execute(.post, "/resolution-time?recordsAt=/x" + columns, body: lines, contentType: "application/x-ndjson")
            #expect(beside.json?["errors"]?.arrayValue?.first?["pointer"] == "/recordsAt", "\(beside.text)")
        }
    }
}
