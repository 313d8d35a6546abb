import JSON
import Testing

@testable import KPICore

@Suite("net-new-revenue")
struct NetNewRevenueTests {
    static func purchase(_ customer: JSONValue, _ at: String, _ amount: Double) -> JSONValue {
        ["customer": customer, "at": .string(at), "amount": .number(JSONNumber(amount))]
    }

    /// c1 started in January, c2 on 20 February, c3 on 2 March (and bought again in April, after the window).
    static let purchases: JSONValue = [
        purchase("c1", "2024-01-20", 100), purchase("c1", "2024-03-05", 100),
        purchase("c2", "2024-02-20", 300), purchase("c2", "2024-03-10", 300),
        purchase(3, "2024-03-02", 50), purchase(3, "2024-03-30", 70), purchase(3, "2024-04-02", 70),
    ]

    @Test("The aggregate reading is unchanged and says which reading it is")
    func aggregate() throws {
        let result = try Fixture.result("net-new-revenue", ["newRevenue": 50000, "expansionRevenue": 12000, "churnedRevenue": 8000, "contractionRevenue": 2000])
        // 50000 + 12000 − 8000 − 2000 = 52000.
        #expect(result.value == 52000)
        #expect(result.breakdown.first == .init("reading", text: "aggregate"))
        #expect(try result.json["breakdown"]?["reading"] == "aggregate")
    }

    @Test("firstPurchase: every purchase in the window by a customer whose first purchase is in it; earlier purchases decide who is new")
    func firstPurchase() throws {
        let result = try Fixture.result("net-new-revenue", ["purchases": Self.purchases, "from": "2024-03-01", "to": "2024-03-31"])
        // In March: c1 100 (first in January: existing), c2 300 (first in February: existing), customer 3: 50 + 70 (new) = 120.
        // April's 70 is after the window. revenueInWindow = 100 + 300 + 50 + 70 = 520; existing = 520 − 120 = 400.
        #expect(result.value == 120)
        #expect(result.substituted == "netNewRevenue = 50 + 70 = 120")
        let json = try result.json["breakdown"]
        #expect(json?["reading"] == "purchases")
        #expect(json?["newMeans"] == "firstPurchase")
        #expect(json?["from"] == "2024-03-01")
        #expect(json?["to"] == "2024-03-31")
        #expect(Fixture.breakdown(result, "purchases") == 7)
        #expect(Fixture.breakdown(result, "purchasesInWindow") == 4)
        #expect(Fixture.breakdown(result, "revenueInWindow") == 520)
        #expect(Fixture.breakdown(result, "newCustomers") == 1)
        #expect(Fixture.breakdown(result, "newCustomerPurchases") == 2)
        #expect(Fixture.breakdown(result, "existingCustomerRevenue") == 400)
        #expect(result.steps.first?.substituted == "520 − 120 = 400")
    }

    @Test("firstMonth: purchases in the window within their customer's first month, however early in it the customer started")
    func firstMonth() throws {
        let result = try Fixture.result("net-new-revenue", [
            "purchases": Self.purchases, "from": "2024-03-01", "to": "2024-03-31", "newMeans": "firstMonth",
        ])
        // c2's first month is 20 February up to 20 March: its 300 of 10 March counts; customer 3's runs from 2 March
        // to 2 April: 50 + 70 (2 April's is outside the window anyway); c1's ended on 20 February. 300 + 50 + 70 = 420.
        #expect(result.value == 420)
        #expect(result.substituted == "netNewRevenue = 300 + 50 + 70 = 420")
        #expect(Fixture.breakdown(result, "newCustomers") == 2)
        #expect(try result.json["breakdown"]?["newMeans"] == "firstMonth")
    }

    @Test("A first month ends on the same day a month later, or on the next month's last day when it has none")
    func monthEnds() throws {
        let purchases: JSONValue = [
            Self.purchase("a", "2024-01-31T10:00:00Z", 10), Self.purchase("a", "2024-02-29T09:59:59Z", 20),
            Self.purchase("a", "2024-02-29T10:00:00Z", 40),
        ]
        let result = try Fixture.result("net-new-revenue", [
            "purchases": purchases, "from": "2024-01-01", "to": "2024-03-31", "newMeans": "firstMonth",
        ])
        // 31 January 10:00 → 29 February 10:00 (February has no 31st), not included: 10 + 20 = 30.
        #expect(result.value == 30)
    }

    @Test("A window without new customers is 0; a date-time to includes itself")
    func edges() throws {
        let none = try Fixture.result("net-new-revenue", ["purchases": Self.purchases, "from": "2024-04-01", "to": "2024-04-30"])
        // April: customer 3's 70, but its first purchase was in March.
        #expect(none.value == 0)
        #expect(none.substituted == "netNewRevenue = 0 = 0")
        let instant = try Fixture.result("net-new-revenue", ["purchases": Self.purchases, "from": "2024-03-02T00:00:00Z", "to": "2024-03-30T00:00:00Z"])
        // Customer 3's purchases at 2 March 00:00 and 30 March 00:00 are both in: 50 + 70.
        #expect(instant.value == 120)
        let empty = try Fixture.result("net-new-revenue", ["purchases": Self.purchases, "from": "2023-01-01", "to": "2023-01-31"])
        #expect(empty.warnings == ["No purchase falls in 2023-01-01..2023-01-31."])
    }

    @Test("A purchase without a customer, an unknown newMeans, a reversed window and mixed readings are 422s at their elements")
    func rejects() throws {
        #expect(try Fixture.issues("net-new-revenue", [
            "purchases": [["at": "2024-03-01", "amount": 1], ["customer": "c", "at": "2024-03-01", "amount": -1]],
            "from": "2024-03-01", "to": "2024-03-31", "newMeans": "firstYear",
        ]) == [
            .at("/purchases/0/customer", "is required"), .at("/purchases/1/amount", "must not be negative"),
            .at("/newMeans", "must be one of \"firstPurchase\", \"firstMonth\""),
        ])
        #expect(try Fixture.issues("net-new-revenue", ["purchases": Self.purchases, "from": "2024-04-01", "to": "2024-03-31"])
            == [.at("/from", "must not be after to (2024-03-31)")])
        #expect(try Fixture.issues("net-new-revenue", ["purchases": Self.purchases, "from": "2024-03-01"])
            == [.at("/to", "is required for the purchases reading (or use the aggregate reading)")])
        #expect(try Fixture.issues("net-new-revenue", ["newRevenue": 1, "newMeans": "firstMonth"])
            == [.at("/newMeans", "is not used with the aggregate reading")])
        #expect(try Fixture.issues("net-new-revenue", [:])
            == [.at("/newRevenue", "is required for the aggregate reading (or use the purchases reading)")])
    }
}
