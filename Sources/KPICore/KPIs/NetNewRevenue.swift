import JSON

extension KPIDefinition {
    /// The fields of one purchase.
    private struct Purchase {
        let customer: Field<RecordID>
        let at: Field<Instant>
        let amount: Field<Double>
        let specs: [InputSpec]

        init() {
            var list = FieldList()
            customer = list.add(InputSpec("customer", .identifier, doc: "Who bought: a customer id (string or integer).", example: "c-1"))
            at = list.add(InputSpec("at", .date, doc: "When (ISO 8601 date or date-time with offset).", example: "2024-03-04"))
            amount = list.add(InputSpec("amount", .number, minimum: 0, doc: "What it brought in.", example: 490))
            specs = list.specs
        }
    }

    /// The body of `POST /net-new-revenue`: the aggregate reading (four amounts) or the new-customer reading
    /// (purchases in a window).
    private struct NetNewRevenueInputs {
        let purchase = Purchase()
        let newRevenue: Field<Double>
        let expansionRevenue: Field<Double>
        let churnedRevenue: Field<Double>
        let contractionRevenue: Field<Double>
        let purchases: Field<Records>
        let from: Field<Instant>
        let to: Field<Instant>
        let newMeans: Field<String>
        let specs: [InputSpec]
        /// The aggregate reading (default) or the purchases reading, by the fields given.
        let readings: InputRule

        init() {
            var list = FieldList()
            newRevenue = list.add(InputSpec(
                "newRevenue", .number, .optional, minimum: 0, doc: "Aggregate reading: revenue from new customers.", example: 50000))
            expansionRevenue = list.add(InputSpec(
                "expansionRevenue", .number, .optional, minimum: 0,
                doc: "Aggregate reading: revenue added by existing customers (upgrades, add-ons; default 0).", example: 12000))
            churnedRevenue = list.add(InputSpec(
                "churnedRevenue", .number, .optional, minimum: 0,
                doc: "Aggregate reading: revenue lost from customers who left (default 0).", example: 8000))
            contractionRevenue = list.add(InputSpec(
                "contractionRevenue", .number, .optional, minimum: 0,
                doc: "Aggregate reading: revenue lost to downgrades (default 0).", example: 2000))
            purchases = list.add(InputSpec(
                "purchases", .records(purchase.specs), .optional, minItems: 1,
                doc: "Purchases reading: every purchase, earlier ones included (they decide who is new in from..to).",
                example: [["customer": "c-1", "at": "2024-01-15", "amount": 490], ["customer": "c-2", "at": "2024-03-04", "amount": 990]]))
            from = list.add(InputSpec(
                "from", .date, .optional, doc: "Purchases reading: the window's first instant (a date: its midnight UTC).",
                example: "2024-03-01"))
            to = list.add(InputSpec(
                "to", .date, .optional, doc: "Purchases reading: the window's last instant (a date: its whole day).", example: "2024-03-31"))
            newMeans = list.add(InputSpec(
                "newMeans", .choice(["firstPurchase", "firstMonth"]), .optional,
                doc: "Purchases reading: a customer is new in the window when their first purchase is in it (firstPurchase, default), or a purchase is new revenue when it falls in its customer's first month from the first purchase (firstMonth).",
                example: "firstPurchase"))
            specs = list.specs
            readings = .oneOf([
                .all([newRevenue], optional: [expansionRevenue, churnedRevenue, contractionRevenue], name: "aggregate", default: true),
                .all([purchases, from, to], optional: [newMeans], name: "purchases"),
            ], wording: .init(
                conflict: { "is not used with the \($0) reading" }, conflictWhenSelected: { "is not used with the \($0) reading" },
                missing: { reading, others in "is required for the \(reading) reading (or use the \(others.joined(separator: " or ")) reading)" }))
        }
    }

    private static let netNewRevenueInputs = NetNewRevenueInputs()

    /// Net new revenue: recurring revenue gained in the period after expansion, churn and contraction, or the
    /// revenue from new customers in a window of purchases.
    static let netNewRevenue = KPIDefinition(
        id: "net-new-revenue", name: "Net New Revenue",
        summary: "Revenue gained in the period: new plus expansion, minus churned and contraction; or, from purchases, the revenue in a window from customers new in it.",
        formula: "netNewRevenue = newRevenue + expansionRevenue − churnedRevenue − contractionRevenue (or Σ amount of new customers' purchases in from..to)",
        unit: .currency, betterDirection: .higher,
        inputs: netNewRevenueInputs.specs, rules: [netNewRevenueInputs.readings],
        example: ["newRevenue": 50000, "expansionRevenue": 12000, "churnedRevenue": 8000, "contractionRevenue": 2000]
    ) { values, reader in
        let inputs = netNewRevenueInputs
        guard inputs.readings.takenName(in: values) == "aggregate" else {
            return newCustomerRevenue(values, inputs, &reader)
        }
        guard reader.isClean, let new = values[inputs.newRevenue] else { return nil }
        let expansion = values[inputs.expansionRevenue] ?? 0
        let churned = values[inputs.churnedRevenue] ?? 0
        let contraction = values[inputs.contractionRevenue] ?? 0
        let value = new + expansion - churned - contraction
        return Computation(
            value: value,
            breakdown: [
                .init("reading", text: "aggregate"),
                .init("newRevenue", new), .init("expansionRevenue", expansion), .init("churnedRevenue", churned),
                .init("contractionRevenue", contraction),
            ],
            steps: [
                .init("netNewRevenue", "newRevenue + expansionRevenue − churnedRevenue − contractionRevenue",
                      "\(new.formatted) + \(expansion.formatted) − \(churned.formatted) − \(contraction.formatted)", value)
            ])
    }

    /// Most amounts a `substituted` string lists; past that it gives their count.
    private static let listedAmounts = 12

    /// The purchases reading: the revenue in `from`..`to` from customers new in it.
    ///
    /// A customer's first purchase is their earliest in the whole body (purchases before `from` count for
    /// that). `firstPurchase`: every purchase in the window by a customer whose first purchase is in it.
    /// `firstMonth`: every purchase in the window that falls in its customer's first month, from the first
    /// purchase up to the same day and time a calendar month later (not included; the month's last day when
    /// it has no such day), so a customer who started just before `from` still brings new revenue in it.
    private static func newCustomerRevenue(_ values: InputValues, _ inputs: NetNewRevenueInputs, _ reader: inout InputReader) -> Computation? {
        let fields = inputs.purchase
        guard reader.isClean, let purchases = values[inputs.purchases], let from = values[inputs.from], let to = values[inputs.to],
            let toText = values.text(inputs.to), let fromText = values.text(inputs.from)
        else { return nil }
        // A date alone is its whole day; a date-time is included itself (up to the next nanosecond).
        let end = toText.utf8.count == 10
            ? Instant(seconds: to.seconds + 86_400, nanoseconds: to.nanoseconds)
            : to.nanoseconds == 999_999_999 ? Instant(seconds: to.seconds + 1) : Instant(seconds: to.seconds, nanoseconds: to.nanoseconds + 1)
        guard from < end else {
            reader.issue("/from", "must not be after to (\(toText))")
            return nil
        }
        let newMeans = values[inputs.newMeans] ?? "firstPurchase"
        let firstMonth = newMeans == "firstMonth"

        // Each customer's first purchase, by interned key.
        let customers = purchases.keys(fields.customer)
        var first = [Instant?](repeating: nil, count: customers.count)
        var row = purchases.makeCursor()
        while row.next() {
            guard let key = row.key(fields.customer), let at = row[fields.at] else { continue }
            if let earliest = first[key], !(at < earliest) { continue }
            first[key] = at
        }
        // Where each customer stops being new: the window's end (firstPurchase) or a month after their first.
        var newUntil = [Instant?](repeating: nil, count: customers.count)
        for key in first.indices {
            guard let start = first[key] else { continue }
            if firstMonth {
                newUntil[key] = oneMonthAfter(start)
            } else if from <= start, start < end {
                newUntil[key] = end
            }
        }

        var inWindow: Int64 = 0
        var revenueInWindow = 0.0
        var counted: Int64 = 0
        var amounts: [Double] = []
        var newRevenue = 0.0
        var isNewCustomer = [Bool](repeating: false, count: customers.count)
        var newCustomers: Int64 = 0
        // With `groupBy`: each group's new-customer purchases and revenue.
        let groups = reader.groups(of: purchases, default: nil)
        var groupTotals = [(count: Int, revenue: Double)](repeating: (0, 0), count: groups?.count ?? 0)
        row = purchases.makeCursor()
        while row.next() {
            guard let key = row.key(fields.customer), let at = row[fields.at], let amount = row[fields.amount] else { continue }
            guard from <= at, at < end else { continue }
            inWindow += 1
            revenueInWindow += amount
            guard let until = newUntil[key], at < until else { continue }
            counted += 1
            newRevenue += amount
            if let group = groups?.group(of: row) {
                groupTotals[group].count += 1
                groupTotals[group].revenue += amount
            }
            if amounts.count < listedAmounts { amounts.append(amount) }
            if !isNewCustomer[key] {
                isNewCustomer[key] = true
                newCustomers += 1
            }
        }
        let existing = revenueInWindow - newRevenue
        let sum = counted == 0 ? "0"
            : counted <= Int64(listedAmounts) ? amounts.map(\.formatted).joined(separator: " + ")
            : "Σ of \(counted) amounts"
        var warnings: [String] = []
        if inWindow == 0 { warnings.append("No purchase falls in \(fromText)..\(toText).") }
        return Computation(
            value: newRevenue,
            breakdown: [
                .init("reading", text: "purchases"), .init("newMeans", text: newMeans),
                .init("from", text: fromText), .init("to", text: toText),
                .init("purchases", Int64(purchases.count)), .init("purchasesInWindow", inWindow),
                .init("revenueInWindow", revenueInWindow), .init("newCustomers", newCustomers),
                .init("newCustomerPurchases", counted), .init("existingCustomerRevenue", existing),
                .init("newCustomerRevenue", newRevenue),
            ],
            steps: [
                .init("existingCustomerRevenue", "revenueInWindow − newCustomerRevenue",
                      revenueInWindow.formatted, "−", newRevenue.formatted, existing),
                .init("netNewRevenue",
                      firstMonth ? "Σ amount of purchases in from..to within their customer's first month"
                          : "Σ amount of purchases in from..to by customers whose first purchase is in from..to",
                      sum, newRevenue),
            ],
            groups: groups.map { groups in
                RecordGroups.sorted(groupTotals.indices.compactMap { k in
                    groupTotals[k].count > 0 ? KPIResult.Group(key: groups.keys[k], count: groupTotals[k].count, value: groupTotals[k].revenue) : nil
                })
            },
            warnings: warnings)
    }

    /// The same day of the next calendar month at the same time of day (UTC), or that month's last day when it
    /// has no such day (31 January → 29 February 2024).
    private static func oneMonthAfter(_ instant: Instant) -> Instant {
        let month = Period(containing: instant, granularity: .month)
        let offset = instant.seconds - month.start.seconds
        let next = Period(.month, ordinal: month.ordinal + 1)
        let daysInNext = (next.end.seconds - next.start.seconds) / 86_400
        let day = min(offset / 86_400, daysInNext - 1)
        return Instant(seconds: next.start.seconds + day * 86_400 + offset % 86_400, nanoseconds: instant.nanoseconds)
    }
}
