import JSON
import KPICore
import Testing

@testable import KPIService

/// Billing lines over a socket and in process: a European CSV export with the reading options and the invoice
/// options as query parameters, and the 422 of a currency without a rate as application/problem+json.
@Suite("Billing lines through the routes")
struct BillingLinesRouteTests {
    /// Semicolons, `1.234,50 €` amounts and a currency column: read with delimiter, numberFormat, currency and fxRates.
    /// By hand: a pays 1,234.50 EUR for Jan 1 → Apr 1 (3 whole months): 411.50 EUR × 1.10 = 452.65 USD a month in
    /// Jan … Mar; b pays 120.00 USD for Feb 1 → Mar 1: 120 in February. February: b new 120, end 572.65.
    static let csv = "customer;periodStart;periodEnd;amount;currency\r\na;2024-01-01;2024-04-01;1.234,50 €;EUR\r\nb;2024-02-01;2024-03-01;120,00;USD\r\n"
    static let query = "/mrr-movements?delimiter=%3B&numberFormat=de&currency=usd&fxRates.EUR=1.10&from=2024-02&to=2024-02"

    @Test(arguments: TestTransport.allCases)
    func aEuropeanCSVExportWithItsOptionsAsQueryParameters(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let reply = try client.execute(.post, Self.query, body: Self.csv, contentType: "text/csv")
            #expect(reply.status == 200, "\(reply.text)")
            let group = try #require(reply.json?["groups"]?.arrayValue?.first)
            #expect(group["startingMrr"]?.numberValue?.double == 452.65 && group["newMrr"]?.numberValue?.double == 120)
            #expect(group["endingMrr"]?.numberValue?.double == 572.65)
            #expect(reply.json?["breakdown"]?["mrrFrom"] == "invoices")
        }
    }

    @Test(arguments: TestTransport.allCases)
    func aCurrencyWithoutARateIsAProblemThatSaysTheFix(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let reply = try client.execute(
                .post, "/mrr-movements?delimiter=%3B&numberFormat=de&currency=usd", body: Self.csv, contentType: "text/csv")
            #expect(reply.status == 422)
            #expect(reply["Content-Type"] == "application/problem+json")
            let error = try #require(reply.json?["errors"]?.arrayValue?.first)
            #expect(error["pointer"] == "/fxRates/EUR")
            #expect(error["detail"] == "is required: /invoices/0/currency is EUR; give fxRates.EUR, the value of 1 EUR in USD")
        }
    }
}
