/// Where the subscription KPIs (`/mrr-movements`, `/revenue-retention`, `/cohort-retention`) read MRR by
/// customer and month from, declared once for the three: `mrr` rows as a billing export gives them, or
/// `invoices` (billing lines with service periods) with the reporting `currency`, `fxRates` and `amountUnit`.
/// Either way the KPI walks one ``MRRTable``, and says in `breakdown.mrrFrom` which it was read from.
struct MRRSource: Sendable {
    let mrr: Field<Records>
    let invoices: Field<Records>
    let currency: Field<String>
    let fxRates: Field<Rates>
    let amountUnit: Field<String>

    /// Adds the inputs to `list`: `mrr` documented by `mrrDoc`, then the billing lines and their options (all
    /// optional: the KPI's either/or rule says which form is given).
    init(_ list: inout FieldList, mrrDoc: String) {
        mrr = list.add(MRRRowFields.input(.optional, doc: mrrDoc + " Give this or invoices."))
        invoices = list.add(BillingLineFields.input(
            doc: "Billing lines (give this or mrr rows): each counts, at its amount normalised to a month, in every month whose end falls in (periodStart, periodEnd]; void, draft and uncollectible lines are left out; a customer's lines in a month are summed."))
        currency = list.add(InputSpec(
            "currency", .string, .optional,
            doc: "Invoices: the reporting currency (an ISO 4217 code, any case). Lines in it, or in none, count as they are; every other currency needs a rate in fxRates. Without it, the lines must share one currency.",
            example: "USD"))
        fxRates = list.add(InputSpec(
            "fxRates", .rates, .optional, exclusiveMinimum: 0,
            doc: "Invoices: the value of 1 unit of each other currency in the reporting currency, by code (any case): `{ \"EUR\": 1.08 }` (query: `fxRates.EUR=1.08`). A line converts as amount × rate.",
            example: ["EUR": 1.08]))
        amountUnit = list.add(InputSpec(
            "amountUnit", .choice(MRRTable.AmountUnit.allCases.map(\.rawValue)), .optional,
            doc: "Invoices: units (the default: amounts as written) or cents: amounts in the currency's minor units, as Stripe's API and ChartMogul's files give them (÷ 100; ÷ 1 for zero-decimal currencies such as JPY, ÷ 1000 for three-decimal ones such as KWD).",
            example: "cents", schemaName: "AmountUnit"))
    }

    /// The two forms as alternatives of an either/or rule, each with the KPI's `shared` optional fields (a
    /// window's `from` and `to`).
    func alternatives(shared: [any AnyField] = []) -> [InputRule.Alternative] {
        [
            .all([mrr], optional: shared, name: "mrr rows"),
            .all([invoices], optional: shared + [currency, fxRates, amountUnit], name: "invoices"),
        ]
    }

    /// Whether the body gives MRR rows or billing lines.
    func isGiven(in values: InputValues) -> Bool { values.has(mrr) || values.has(invoices) }

    /// The table of the body's rows or lines (the one a month-window series read already, when it did); `nil`
    /// with issues in `reader` when they are wrong, or without any when the body gives neither.
    func table(_ values: InputValues, _ reader: inout InputReader) -> MRRTable? {
        if let table = values.mrrTable { return table }
        if let rows = values[mrr] { return MRRTable.read(rows, at: "/mrr", &reader) }
        guard let lines = values[invoices] else { return nil }
        return MRRTable.read(
            invoices: lines, at: "/invoices", currency: values[currency], rates: values[fxRates],
            amountUnit: values[amountUnit].flatMap(MRRTable.AmountUnit.init(rawValue:)) ?? .units, zone: values.timeZone, &reader)
    }
}
