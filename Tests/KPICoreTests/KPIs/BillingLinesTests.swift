import Foundation
import JSON
import Testing

import NumericTestSupport
@testable import KPICore

/// MRR from billing lines (`invoices`) for the subscription KPIs: each line spread over the months whose end falls
/// in its period, converted and rounded to the cent; every figure below is worked out by hand in the comments.
@Suite("Subscriptions from billing lines")
struct BillingLinesTests {
    static func line(
        _ customer: String, _ start: String, _ end: String, _ amount: Double, _ currency: String? = nil, _ status: String? = nil
    ) -> JSONValue {
        var object: JSONObject = [
            "customer": .string(customer), "periodStart": .string(start), "periodEnd": .string(end), "amount": .double(amount),
        ]
        if let currency { object["currency"] = .string(currency) }
        if let status { object["status"] = .string(status) }
        return .object(object)
    }

    /// `object` with its member `name` set to `value`.
    static func with(_ object: JSONValue, _ name: String, _ value: JSONValue) -> JSONValue {
        var members = object.objectValue ?? [:]
        members[name] = value
        return .object(members)
    }

    /// The issue's example: two annual invoices and a monthly plan across a year, in two currencies, with a void line.
    ///
    ///     acme     2024-01-01 → 2025-01-01  1200 USD  annual: 1200 / 12 = 100 a month, Jan … Dec 2024
    ///     globex   2024-04-01 → 2025-04-01  1200 EUR  annual: 1200 × 1.10 = 1320 USD / 12 = 110 a month, Apr 2024 … Mar 2025
    ///     initech  monthly, 50 usd: Jan, Feb, Mar paid; the April line is "Void" (left out): 0 from April
    ///
    /// A line counts in each month whose end (the next month's first midnight) falls in (start, end]: the Jan 1 →
    /// Feb 1 line counts in January only; the Apr 1 → Apr 1 year in April … March.
    static let year: JSONValue = [
        "currency": "usd", "fxRates": ["eur": 1.10],
        "invoices": [
            line("acme", "2024-01-01", "2025-01-01", 1200, "USD", "paid"),
            line("globex", "2024-04-01", "2025-04-01", 1200, "EUR", "paid"),
            line("initech", "2024-01-01", "2024-02-01", 50, "usd", "paid"),
            line("initech", "2024-02-01", "2024-03-01", 50, "usd", "paid"),
            line("initech", "2024-03-01", "2024-04-01", 50, "usd"),
            line("initech", "2024-04-01", "2024-05-01", 50, "usd", "Void"),
        ],
    ]

    @Test("Two annual invoices and a monthly plan in two currencies, a void line left out: the movements month by month")
    func yearOfInvoices() throws {
        let result = try Fixture.result("mrr-movements", Self.year)
        let months = try #require(result.groups).map(\.key)
        // January 2024 is the baseline; the groups run February 2024 … March 2025 (globex's last month).
        #expect(months.first == "2024-02" && months.last == "2025-03" && months.count == 14)
        // Jan: acme 100 + initech 50 = 150 (the baseline). Feb, Mar: unchanged.
        let feb = try SubscriptionTests.group(result, "2024-02")
        #expect(feb["startingMrr"] == 150 && feb["endingMrr"] == 150 && feb["newMrr"] == 0 && feb["churnedMrr"] == 0)
        // Apr: initech's April line is void, so initech churns 50; globex is new at 110; end 100 + 110 = 210.
        let apr = try SubscriptionTests.group(result, "2024-04")
        #expect(apr["startingMrr"] == 150 && apr["churnedMrr"] == 50 && apr["newMrr"] == 110 && apr["endingMrr"] == 210)
        #expect(apr["customersAtStart"] == 2 && apr["customersLost"] == 1 && apr["logoChurn"] == 50)
        // May … Dec: 210, no movement (an annual line is a twelfth in each month, never expansion or churn).
        for month in ["2024-05", "2024-08", "2024-12"] {
            let group = try SubscriptionTests.group(result, month)
            #expect(group["startingMrr"] == 210 && group["endingMrr"] == 210 && group["contractionMrr"] == 0 && group["churnedMrr"] == 0)
        }
        // Jan 2025: acme's year ended with December: churned 100; end 110. Feb, Mar 2025: 110.
        let jan = try SubscriptionTests.group(result, "2025-01")
        #expect(jan["churnedMrr"] == 100 && jan["endingMrr"] == 110)
        #expect(try SubscriptionTests.group(result, "2025-03")["endingMrr"] == 110)
        // Over the span: 110 − 150 = −40 (new 110 − churned 50 − churned 100).
        #expect(result.value == -40)
        #expect(Fixture.breakdown(result, "newMrr") == 110 && Fixture.breakdown(result, "churnedMrr") == 150)
        #expect(Fixture.breakdown(result, "customers") == 3 && Fixture.breakdown(result, "months") == 15)
        #expect(result.breakdown.first { $0.name == "mrrFrom" }?.text == "invoices")
        // Counted as the void line would have been (status ignored): initech 50 in April, so no churn then.
        let counted = Self.with(Self.year, "invoices", .array(JSONArray(Self.year["invoices"]!.arrayValue!.map { Self.with($0, "status", "paid") })))
        let withVoid = try SubscriptionTests.group(try Fixture.result("mrr-movements", counted), "2024-04")
        #expect(withVoid["churnedMrr"] == 0 && withVoid["endingMrr"] == 260)
    }

    @Test("The same lines give NRR and cohorts; rows give mrrFrom rows")
    func retentionAndCohorts() throws {
        // NRR over Apr 2024 for March's customers (acme 100, initech 50 = 150): initech churned 50: 100 / 150.
        let body = Self.with(Self.with(Self.year, "from", "2024-04"), "to", "2024-04")
        let nrr = try Fixture.result("revenue-retention", body)
        #expect(close(nrr.value, 100.0 / 1.5) && Fixture.breakdown(nrr, "churnedMrr") == 50)
        #expect(nrr.breakdown.first { $0.name == "mrrFrom" }?.text == "invoices")
        // Cohorts: Jan 2024 = {acme, initech} (both retained at month 1, February): month-1 retention 2 / 2;
        // Apr 2024 = {globex}, retained at May: pooled (2 + 1) / (2 + 1) = 100 %.
        let cohorts = try Fixture.result("cohort-retention", Self.year)
        #expect(cohorts.value == 100)
        #expect(cohorts.cohorts?.map(\.cohort) == ["2024-01", "2024-04"] && cohorts.cohorts?.map(\.size) == [2, 1])
        // Jan cohort: month 3 (April) keeps acme only: 50 %.
        #expect(cohorts.cohorts?.first?.retention[3] == 50)
        let rows = try Fixture.result("mrr-movements", ["mrr": SubscriptionTests.table])
        #expect(rows.breakdown.first { $0.name == "mrrFrom" }?.text == "rows")
    }

    @Test("A line that stops mid-month counts up to the month before: churn in the month it stops")
    func midMonthStop() throws {
        // a: Jan 15 → Jun 20, 1000: not whole months, 157 days (Jan 15 → Jun 15 is 31 + 29 + 31 + 30 + 31, + 5);
        // 1000 × 365.25 / 12 / 157 = 193.869… → 193.87 a month in Jan … May (Jun's end, Jul 1, is after Jun 20).
        // b: a year at 1200 = 100 a month, to carry the span past June.
        let body: JSONValue = ["invoices": [
            Self.line("a", "2024-01-15", "2024-06-20", 1000), Self.line("b", "2024-01-01", "2025-01-01", 1200),
        ]]
        let result = try Fixture.result("mrr-movements", body)
        let may = try SubscriptionTests.group(result, "2024-05")
        #expect(may["endingMrr"] == 293.87 && may["churnedMrr"] == 0)
        let jun = try SubscriptionTests.group(result, "2024-06")
        #expect(jun["churnedMrr"] == 193.87 && jun["customersLost"] == 1 && jun["endingMrr"] == 100)
    }

    @Test("A customer's lines in one month are summed to the cent: 0.10 + 0.20 is the 0.30 of the next month, no contraction")
    func sumsToTheCent() throws {
        // In binary 0.1 + 0.2 = 0.30000000000000004: unrounded, February's 0.30 would read as a contraction of 4e-17.
        let body: JSONValue = ["invoices": [
            Self.line("a", "2024-01-01", "2024-02-01", 0.1), Self.line("a", "2024-01-01", "2024-02-01", 0.2),
            Self.line("a", "2024-02-01", "2024-03-01", 0.3),
        ]]
        let feb = try SubscriptionTests.group(try Fixture.result("mrr-movements", body), "2024-02")
        #expect(feb["startingMrr"] == 0.3 && feb["endingMrr"] == 0.3 && feb["contractionMrr"] == 0 && feb["expansionMrr"] == 0)
    }

    @Test("Amounts in cents, zero-decimal yen, lines without a currency and the one-currency rule")
    func unitsAndCurrencies() throws {
        // 120000 cents over a year = 1200.00 / 12 = 100; 12000 JPY (zero-decimal: ÷ 1) × 0.0067 = 80.40 / 12 = 6.70.
        let body: JSONValue = [
            "currency": "USD", "fxRates": ["JPY": 0.0067], "amountUnit": "cents",
            "invoices": [
                Self.line("a", "2024-01-01", "2025-01-01", 120_000, "usd"), Self.line("b", "2024-01-01", "2025-01-01", 12_000, "jpy"),
                Self.line("c", "2024-01-01", "2024-02-01", 999),  // no currency: the reporting one, 9.99
            ],
        ]
        let result = try Fixture.result("mrr-movements", body)
        // January (the baseline): 100 + 6.70 + 9.99 = 116.69; February: c churned 9.99.
        let feb = try SubscriptionTests.group(result, "2024-02")
        #expect(close(feb["startingMrr"], 116.69) && close(feb["churnedMrr"], 9.99) && close(feb["endingMrr"], 106.7))
        // One currency and no `currency`: counted as it is (EUR 100 a month).
        let euros: JSONValue = ["invoices": [Self.line("a", "2024-01-01", "2024-03-01", 200, "EUR"), Self.line("b", "2024-01-01", "2024-02-01", 50, "eur")]]
        let one = try Fixture.result("mrr-movements", euros)
        #expect(try SubscriptionTests.group(one, "2024-02")["startingMrr"] == 150)
    }

    @Test("Each rule's 422 names the field and the fix")
    func problems() throws {
        // Two currencies without `currency`.
        let two: JSONValue = ["invoices": [Self.line("a", "2024-01-01", "2024-02-01", 1, "usd"), Self.line("b", "2024-01-01", "2024-02-01", 1, "EUR")]]
        #expect(try Fixture.issues("mrr-movements", two) == [
            .at("/currency", "is required: the lines are in EUR, USD; give the reporting currency, and fxRates for the others"),
        ])
        // A currency without a rate: the first line in it is named, and the parameter that fixes it.
        let missing = Self.with(two, "currency", "usd")
        #expect(try Fixture.issues("mrr-movements", missing) == [
            .at("/fxRates/EUR", "is required: /invoices/1/currency is EUR; give fxRates.EUR, the value of 1 EUR in USD"),
        ])
        // Rates without a reporting currency; a code twice in two cases.
        let rates: JSONValue = ["fxRates": ["EUR": 1.1, "eur": 1.2], "invoices": [Self.line("a", "2024-01-01", "2024-02-01", 1)]]
        #expect(try Fixture.issues("mrr-movements", rates) == [
            .at("/fxRates/eur", "repeats the rate of EUR (codes are compared ignoring case)"),
            .at("/fxRates", "needs currency: the reporting currency the rates convert to (fxRates.EUR=1.08 with currency=USD: 1 EUR is 1.08 USD)"),
        ])
        // periodEnd not after periodStart.
        let backwards: JSONValue = ["invoices": [Self.line("a", "2024-02-01", "2024-02-01", 1)]]
        #expect(try Fixture.issues("mrr-movements", backwards) == [
            .at("/invoices/0/periodEnd", "must be after periodStart: a line pays for the period (periodStart, periodEnd]"),
        ])
        // No line counts in any month: a 422; some do not: a warning.
        let inside: JSONValue = ["invoices": [Self.line("a", "2024-02-01", "2024-02-15", 1)]]
        #expect(try Fixture.issues("mrr-movements", inside) == [
            .at("/invoices", "has no line that counts in a month: a line counts in each month whose end falls in (periodStart, periodEnd], and void, draft and uncollectible lines are left out"),
        ])
        let some: JSONValue = ["invoices": [
            Self.line("a", "2024-01-01", "2024-03-01", 2), Self.line("b", "2024-02-01", "2024-02-15", 1), Self.line("c", "2024-02-03", "2024-02-04", 1),
        ]]
        #expect(try Fixture.result("mrr-movements", some).warnings.contains(
            "2 lines have no month end inside its period and counts in no month (first at /invoices/1): a line counts in each month whose end, the midnight that starts the next month, falls in (periodStart, periodEnd]."))
        // Rows and lines together; invoice options beside rows.
        #expect(try Fixture.issues("mrr-movements", ["mrr": SubscriptionTests.table, "invoices": two["invoices"]!]) == [
            .at("/invoices", "cannot be combined with mrr rows"),
        ])
        #expect(try Fixture.issues("revenue-retention", ["mrr": SubscriptionTests.table, "currency": "usd"]) == [
            .at("/currency", "cannot be combined with mrr rows"),
        ])
        // A rate that is no positive number; a negative amount.
        #expect(try Fixture.issues("mrr-movements", ["currency": "usd", "fxRates": ["EUR": 0], "invoices": two["invoices"]!]).first?.pointer == "/fxRates/EUR")
        #expect(try Fixture.issues("mrr-movements", ["invoices": [Self.line("a", "2024-01-01", "2024-02-01", -1)]]).first?.pointer == "/invoices/0/amount")
    }

    @Test("Edge amounts and rates are a 422 at the line, never a trap or an infinite MRR")
    func edges() throws {
        // 1e308 × 10: beyond a Double; 1e308 over one month in cents × 100 also.
        let huge: JSONValue = ["currency": "usd", "fxRates": ["EUR": 10], "invoices": [Self.line("a", "2024-01-01", "2024-02-01", 1e308, "EUR")]]
        #expect(try Fixture.issues("mrr-movements", huge) == [
            .at("/invoices/0/amount", "is too large: a month's share of it after fxRates is beyond what a number can hold"),
        ])
        // Two lines of 1e306 a month each sum to a finite 2e306; two of 1.7e308 would not.
        let sum: JSONValue = ["invoices": [
            Self.line("a", "2024-01-01", "2024-02-01", 1.7e306), Self.line("a", "2024-01-01", "2024-02-01", 1.7e306),
            Self.line("b", "2024-01-01", "2024-03-01", 2),
        ]]
        let issues = try Fixture.issues("mrr-movements", sum)
        #expect(issues.first?.pointer == "/invoices")
    }

    /// `seconds` since 1970 as an ISO 8601 date-time in UTC.
    static func iso(_ seconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// Property: for random single-line customers (any period, amount, fx rate, in units or cents), the MRR the
    /// table holds for the customer, summed over its months, is amount × rate × months covered / months long within
    /// half a cent per month; the months covered are counted independently with Foundation's Gregorian calendar.
    @Test("The sum over months of a line's MRR is amount × months covered / months long, within rounding")
    func sumOverMonths() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var random = SplitMix64(seed: 2226)
        let base: Int64 = 1_704_067_200  // 2024-01-01T00:00:00Z
        var lines: [JSONValue] = []
        var expected: [(covered: Int, total: Double)] = []
        for trial in 0..<300 {
            let start = base + Int64.random(in: 0..<(2 * 365 * 86_400), using: &random)
            let end = start + (trial % 2 == 0
                ? Int64.random(in: 1...36, using: &random) * 30 * 86_400 : Int64.random(in: 1...(800 * 86_400), using: &random))
            let cents = Double(Int.random(in: 1...5_000_000, using: &random))
            let rate = [1.0, 1.08, 0.0067, 3.75][trial % 4]
            let code = ["USD", "EUR", "JPY", "AED"][trial % 4]
            lines.append([
                "customer": .string("c\(trial)"), "periodStart": .string(Self.iso(start)), "periodEnd": .string(Self.iso(end)),
                "amount": .double(cents), "currency": .string(code),
            ])
            // Month starts in (start, end], by Foundation.
            let covered = foundationMonthsCovered(start: start, end: end, calendar: calendar)
            let period = try #require(BillingPeriod(start: Instant(seconds: start), end: Instant(seconds: end)))
            let unit = code == "JPY" ? 1.0 : 100.0
            expected.append((covered, cents / unit * rate * Double(covered) / period.monthsLong))
        }
        // The lines read as the subscription KPIs read them (lines covering no month end count in none).
        var list = FieldList()
        let source = MRRSource(&list, mrrDoc: "")
        let body: JSONValue = [
            "currency": "usd", "fxRates": ["EUR": 1.08, "JPY": 0.0067, "AED": 3.75], "amountUnit": "cents", "invoices": .array(JSONArray(lines)),
        ]
        var reader = InputReader()
        let values = try #require(try body.serialized().withUnsafeBytes { try reader.readBody($0, specs: list.specs, reading: nil) })
        let table = try #require(source.table(values, &reader))
        #expect(reader.isClean, "\(reader.issues)")
        var sums = [Double](repeating: 0, count: table.customers)
        for c in 0..<table.customers { table.forEachMonth(of: c) { _, mrr in sums[c] += mrr } }
        // Customers are keyed in order of first appearance: c0, c1, …
        #expect(table.customers == expected.count)
        for (c, (covered, total)) in expected.enumerated() where c < table.customers {
            #expect(abs(sums[c] - (covered == 0 ? 0 : total)) <= 0.005 * Double(covered) + 1e-6, "line \(c): \(sums[c]) vs \(total)")
        }
    }
}
