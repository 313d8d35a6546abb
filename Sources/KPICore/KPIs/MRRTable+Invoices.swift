import Reading
import JSON

extension MRRTable {
    /// How billing line amounts are written: as they are, or in minor units (Stripe's API, ChartMogul's files).
    enum AmountUnit: String, CaseIterable {
        case units, cents
    }

    /// MRR by customer and month from billing lines (the `invoices` input at `pointer`), as the contract
    /// normalises them: lines whose `status` is void, draft or uncollectible (any case) are left out; each other
    /// line counts in every month whose end falls in `(periodStart, periodEnd]` at its monthly amount
    /// (``BillingPeriod``), after `amountUnit` and `fxRates` and rounded to the cent; a customer's lines in a month
    /// are summed. Currency codes are compared ignoring case: a line in `currency` (the reporting currency) or in
    /// none counts as it is, any other needs a rate in `rates` (amount × rate); without `currency`, the lines
    /// that count must share one currency. `nil` with issues in `reader` otherwise.
    ///
    /// Work: one pass over the lines, then one entry per line and month it covers (charged to the budget
    /// before any is made), then the customer × month walk every MRR table is charged for.
    static func read(
        invoices records: Records, at pointer: String, currency: String?, rates: Rates?, amountUnit: AmountUnit,
        zone: TimeZoneRules?, _ reader: inout InputReader
    ) -> MRRTable? {
        let fields = BillingLineFields.shared
        let reporting = currency?.uppercased()
        // The rates by upper-case code; a code given twice in two cases is an issue.
        var rateOf: [String: Double] = [:]
        for (code, rate) in rates?.entries ?? [] {
            if rateOf.updateValue(rate, forKey: code.uppercased()) != nil {
                reader.issue("/fxRates/" + JSONPointer.escape(code), "repeats the rate of \(code.uppercased()) (codes are compared ignoring case)")
            }
        }
        if rates != nil, reporting == nil {
            reader.issue("/fxRates", "needs currency: the reporting currency the rates convert to (fxRates.EUR=1.08 with currency=USD: 1 EUR is 1.08 USD)")
        }
        // Per distinct status and currency text, not per line.
        let statuses = records.keys(fields.status)
        let leftOut = (0..<statuses.count).map { key in
            if case .string(let text) = statuses[key] { BillingLineFields.leftOut.contains(text.lowercased()) } else { false }
        }
        let currencies = records.keys(fields.currency)
        let codes = (0..<currencies.count).map { key in if case .string(let text) = currencies[key] { text.uppercased() } else { "" } }

        // The lines that count: their period and row.
        var lines: [(row: Int, customer: Int, period: BillingPeriod, currency: Int?)] = []
        var uncounted = (lines: 0, first: -1)
        var usedCurrencies: [Int: Int] = [:]  // currency key → first row
        var total = 0
        var low = Int.max
        var high = Int.min
        var row = records.makeCursor()
        while row.next() {
            if let status = row.key(fields.status), leftOut[status] { continue }
            guard let customer = row.key(fields.customer), let start = row[fields.periodStart], let end = row[fields.periodEnd],
                row[fields.amount] != nil
            else { continue }
            guard let period = BillingPeriod(start: start, end: end, in: zone) else {
                reader.issue(pointer + "/\(row.row)/periodEnd", "must be after periodStart: a line pays for the period (periodStart, periodEnd]")
                continue
            }
            guard period.monthsCovered > 0 else {
                if uncounted.lines == 0 { uncounted.first = row.row }
                uncounted.lines += 1
                continue
            }
            let currency = row.key(fields.currency)
            if let currency, usedCurrencies[currency] == nil { usedCurrencies[currency] = row.row }
            lines.append((row.row, customer, period, currency))
            total = total.addingReportingOverflow(period.monthsCovered).overflow ? .max : total + period.monthsCovered
            low = min(low, period.firstMonth)
            high = max(high, period.firstMonth + period.monthsCovered - 1)
        }
        // Each currency met needs a rate to the reporting one; without one, there must be one currency.
        var rateOfKey = [Double](repeating: 1, count: currencies.count)
        if let reporting {
            for (key, first) in usedCurrencies.sorted(by: { $0.value < $1.value }) where codes[key] != reporting {
                guard let rate = rateOf[codes[key]] else {
                    reader.issue("/fxRates/" + JSONPointer.escape(codes[key]),
                                 "is required: \(pointer)/\(first)/currency is \(codes[key]); give fxRates.\(codes[key]), the value of 1 \(codes[key]) in \(reporting)")
                    continue
                }
                rateOfKey[key] = rate
            }
        } else {
            let met = Set(usedCurrencies.keys.map { codes[$0] }).sorted()
            if met.count > 1 {
                reader.issue("/currency", "is required: the lines are in \(met.joined(separator: ", ")); give the reporting currency, and fxRates for the others")
            }
        }
        guard reader.isClean else { return nil }
        guard low <= high else {
            reader.issue(pointer, "has no line that counts in a month: a line counts in each month whose end falls in (periodStart, periodEnd], and void, draft and uncollectible lines are left out")
            return nil
        }
        guard checkSpan(low, high, customers: records.keys(fields.customer).count, at: pointer, &reader),
            reader.charge(total, at: pointer, "\(lines.count) lines × the months they cover", shrink: "send lines of fewer months, or fewer lines")
        else { return nil }

        // One entry per line and month covered, grouped by customer (a counting sort), at the line's monthly amount.
        let customerKeys = records.keys(fields.customer)
        var counts = [Int32](repeating: 0, count: customerKeys.count + 1)
        for line in lines { counts[line.customer + 1] += Int32(line.period.monthsCovered) }
        for c in 0..<customerKeys.count { counts[c + 1] += counts[c] }
        var next = Array(counts.dropLast())
        var entries = [UInt64](repeating: 0, count: Int(counts[customerKeys.count]))
        var monthly: [Double] = []
        monthly.reserveCapacity(lines.count)
        for (index, line) in lines.enumerated() {
            let code = line.currency.map { codes[$0] } ?? reporting ?? ""
            let unit = amountUnit == .cents ? Self.minorUnit(BillingLineFields.minorDigits(code)) : 1
            let amount = Double.value(in: records, field: fields.amount.index, row: line.row) / unit * (line.currency.map { rateOfKey[$0] } ?? 1)
            let perMonth = line.period.monthlyAmount(amount)
            guard perMonth.isFinite else {
                reader.issue(pointer + "/\(line.row)/amount", "is too large: a month's share of it after fxRates is beyond what a number can hold")
                continue
            }
            monthly.append(perMonth)
            for month in 0..<line.period.monthsCovered {
                entries[Int(next[line.customer])] = UInt64(line.period.firstMonth + month - low) << 32 | UInt64(index)
                next[line.customer] += 1
            }
        }
        guard reader.isClean else { return nil }
        var table = MRRTable(
            first: low, keys: customerKeys, counts: counts, entries: &entries, source: .invoices, pointer: pointer,
            amount: { monthly[$0] }, &reader)
        guard table?.isFinite == true else {
            if table != nil { reader.issue(pointer, "sums to a customer's month beyond what a number can hold") }
            return nil
        }
        if uncounted.lines > 0 {
            table?.warnings.append(concatenate(
                String(uncounted.lines), uncounted.lines == 1 ? " line has" : " lines have",
                " no month end inside its period and counts in no month (first at ", pointer, "/", String(uncounted.first),
                "): a line counts in each month whose end, the midnight that starts the next month, falls in (periodStart, periodEnd]."))
        }
        return table
    }

    /// 10 to the power `digits` (0 to 3).
    private static func minorUnit(_ digits: Int) -> Double { [1, 10, 100, 1000][digits] }
}
