import Foundation
import JSON
import Testing

import NumericTestSupport
@testable import KPICore

/// Billing lines as NDJSON and CSV (options as query parameters), a Stripe-shaped export, the budget and the
/// month-window series over lines.
@Suite("Billing lines as NDJSON, CSV and a Stripe export")
struct BillingLinesFormatsTests {
    typealias Lines = RecordLinesTests

    /// The options of ``BillingLinesTests/year`` as query parameters (codes in any case).
    static let parameters: [(name: String, value: String)] = [("currency", "USD"), ("fxRates.eur", "1.10")]

    @Test("NDJSON and CSV lines with currency and fxRates as query parameters give the JSON body's result")
    func linesGiveTheJSONResult() throws {
        let expected = Lines.text(try Fixture.result("mrr-movements", BillingLinesTests.year))
        let lines = try #require(BillingLinesTests.year["invoices"]?.arrayValue)
        let ndjson = lines.map { String(decoding: $0.serialized(), as: UTF8.self) }.joined(separator: "\n")
        #expect(Lines.text(try Lines.evaluate("mrr-movements", .ndjson, ndjson, Self.parameters).get()) == expected)
        // The header names periodStart and periodEnd: the lines are invoices, not mrr rows.
        let csv = "customer,periodStart,periodEnd,amount,currency,status\r\n" + lines.map { line in
            ["customer", "periodStart", "periodEnd", "amount", "currency", "status"].map { name -> String in
                switch line[name] {
                case .string(let text)?: text
                case .number(let number)?: String(number.double.formatted)
                default: ""
                }
            }.joined(separator: ",")
        }.joined(separator: "\r\n")
        #expect(Lines.text(try Lines.evaluate("mrr-movements", .csv, csv, Self.parameters).get()) == expected)
        // A header of mrr rows is read as rows, as before.
        let rows = try Lines.evaluate("mrr-movements", .csv, "customer,month,mrr\r\na,2024-01,10\r\na,2024-02,12\r\n").get()
        #expect(rows.breakdown.first { $0.name == "mrrFrom" }?.text == "rows" && rows.value == 2)
    }

    @Test("Line problems keep their pointers and name their line; invalidRows=skip leaves a bad line out")
    func problemsAndSkips() throws {
        let csv = "customer,periodStart,periodEnd,amount\r\na,2024-01-01,2024-03-01,20\r\nb,2024-02-01,2024-01-01,5\r\nc,2024-01-01,2024-02-01,3\r\n"
        #expect(Lines.issues(try Lines.evaluate("mrr-movements", .csv, csv)) == [
            .at("/invoices/1/periodEnd", "must be after periodStart: a line pays for the period (periodStart, periodEnd] (line 3, column 3)"),
        ])
        // Skipped: a 10 a month in Jan and Feb, c 3 in January only: February's movements: c churned 3.
        let skipped = try Lines.evaluate("mrr-movements", .csv, csv, [("invalidRows", "skip")]).get()
        #expect(skipped.skipped?.rows == 1 && skipped.value == -3)
        // A currency without a rate, given as query parameters.
        let euros = "customer,periodStart,periodEnd,amount,currency\r\na,2024-01-01,2024-03-01,20,EUR\r\n"
        #expect(Lines.issues(try Lines.evaluate("mrr-movements", .ndjson, #"{"customer":"a","periodStart":"2024-01-01","periodEnd":"2024-03-01","amount":20,"currency":"EUR"}"#, [("currency", "usd")])) == [
            .at("/fxRates/EUR", "is required: /invoices/0/currency is EUR; give fxRates.EUR, the value of 1 EUR in USD"),
        ])
        #expect(Lines.issues(try Lines.evaluate("mrr-movements", .csv, euros, [("currency", "usd"), ("fxRates.EUR", "0")])).first?.pointer == "/fxRates/EUR")
    }

    /// `docs/samples/stripe-invoice-lines.csv`: invoice lines as Stripe's API documents them (an invoice line item's
    /// `amount` in the currency's smallest unit, lower-case `currency`, `period.start` and `period.end` in Unix
    /// seconds, the invoice's `customer` and `status`: draft, open, paid, uncollectible or void), one row per line.
    /// Expected MRR worked out by hand, and by `python3 docs/samples/stripe-invoice-lines.py` (Decimal arithmetic,
    /// its own month walk), in USD with EUR at 1.08 and JPY at 0.0067:
    ///
    ///     cus_PaA01  120000 usd cents, a year from 2024-01-01: 1200 / 12 = 100, Jan … Dec 2024
    ///     cus_PaB02  2500 eur cents monthly: 25 × 1.08 = 27, Jan … Mar; the April line is uncollectible: churn 27 in April
    ///     cus_PaC03  4900 usd cents from Feb 15 monthly: 49 Feb, Mar; 9900 from Apr 15: 99 (expansion 50); the May line is a draft: churn 99 in May
    ///     cus_PaD04  120000 jpy (zero-decimal) a year from 2024-03-01: 120000 × 0.0067 = 804 / 12 = 67, Mar 2024 … Feb 2025
    ///     cus_PaE05  void: left out
    ///
    ///     ending MRR  Jan 127, Feb 176, Mar 243, Apr 266, May … Dec 167, Jan 2025 67, Feb 2025 67
    static let stripe: String = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/samples/stripe-invoice-lines.csv")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    static let stripeParameters: [(name: String, value: String)] = [
        ("columns.periodStart", "period.start"), ("columns.periodEnd", "period.end"), ("dateFormat", "unix"),
        ("amountUnit", "cents"), ("currency", "usd"), ("fxRates.EUR", "1.08"), ("fxRates.JPY", "0.0067"),
    ]

    @Test("A Stripe invoice-lines export read with columns, dateFormat=unix and amountUnit=cents")
    func stripeExport() throws {
        #expect(!Self.stripe.isEmpty)
        let result = try Lines.evaluate("mrr-movements", .csv, Self.stripe, Self.stripeParameters).get()
        let ending = try #require(result.groups).map { group in group.extra.first { $0.name == "endingMrr" }?.value.double }
        #expect(ending == [176, 243, 266, 167, 167, 167, 167, 167, 167, 167, 167, 67, 67])
        let apr = try SubscriptionTests.group(result, "2024-04")
        #expect(apr["churnedMrr"] == 27 && apr["expansionMrr"] == 50 && apr["customersLost"] == 1)
        #expect(try SubscriptionTests.group(result, "2024-05")["churnedMrr"] == 99)
        #expect(result.value == 67 - 127)
        #expect(Fixture.breakdown(result, "newMrr") == 49 + 67 && Fixture.breakdown(result, "churnedMrr") == 27 + 99 + 100)
        #expect(result.breakdown.first { $0.name == "mrrFrom" }?.text == "invoices")
        // The export's other columns are passed over, once, in a warning.
        #expect(result.warnings.first == #"ignored 3 names in the records that this KPI does not read: "id", "invoice", "description""#)
        // NRR over 2024 for December 2023's customers has no base; over Apr–Dec for March's (243): churned 27 + 49
        // (C's March 49 is gone by December), A and D unchanged: (243 − 76) / 243.
        let nrr = try Lines.evaluate("revenue-retention", .csv, Self.stripe, Self.stripeParameters + [("from", "2024-04"), ("to", "2024-12")]).get()
        #expect(close(nrr.value, 167.0 / 243 * 100))
    }

    @Test("The budget counts lines × the months they cover before spreading them")
    func budget() throws {
        // 3 lines of 12, 12 and 1 months: 25 line-months; 3 customers × 12 months = 36 for the walk.
        let body: JSONValue = ["invoices": [
            BillingLinesTests.line("a", "2024-01-01", "2025-01-01", 12), BillingLinesTests.line("b", "2024-01-01", "2025-01-01", 12),
            BillingLinesTests.line("c", "2024-01-01", "2024-02-01", 1),
        ]]
        let definition = try Fixture.kpi("mrr-movements")
        #expect(throws: Never.self) { try WorkBudget.$limit.withValue(36) { try definition.evaluate(body) } }
        let error = WorkBudget.$limit.withValue(30) { () -> ValidationError? in
            do throws(ValidationError) { _ = try definition.evaluate(body); return nil } catch { return error }
        }
        #expect(error?.work == .init(cost: 36, limit: 30))
        // One customer with five overlapping yearly lines: the walk is 1 × 12 = 12, the lines 5 × 12 = 60.
        let overlapping: JSONValue = ["invoices": .array(JSONArray((0..<5).map { _ in BillingLinesTests.line("a", "2024-01-01", "2025-01-01", 12) }))]
        let lines = WorkBudget.$limit.withValue(30) { () -> ValidationError? in
            do throws(ValidationError) { _ = try definition.evaluate(overlapping); return nil } catch { return error }
        }
        #expect(lines?.work == .init(cost: 60, limit: 30))
        #expect(lines?.issues.first?.detail.contains("(5 lines × the months they cover)") == true)
    }

    @Test("A month-window series over lines: each point is that month's group of one call, the table read once")
    func seriesOverLines() throws {
        let whole = try Fixture.result("mrr-movements", BillingLinesTests.year)
        let points = try RecordBucketsTests.results(try RecordBucketsTests.buckets("mrr-movements", BillingLinesTests.year, .month, from: "2024-03-01", to: "2024-05-31"))
        #expect(points.map(\.0) == ["2024-03", "2024-04", "2024-05"])
        for (month, result) in points {
            #expect(try SubscriptionTests.group(try #require(result), month) == SubscriptionTests.group(whole, month))
        }
        // April: 210 − 150 (initech churned 50, globex new 110).
        #expect(points.map { $0.1?.value } == [0, 60, 0])
        let nrr = try RecordBucketsTests.results(try RecordBucketsTests.buckets("revenue-retention", BillingLinesTests.year, .month, from: "2024-04-01", to: "2024-04-30"))
        #expect(close(nrr.first?.1?.value, 100.0 / 1.5))
    }
}
