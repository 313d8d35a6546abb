extension SourcePreset {
    /// ChartMogul invoice line items as its import takes them (one row per line): `customer_external_id`,
    /// `service_period_start` and `service_period_end` (ISO 8601 in UTC), `amount_in_cents` (minor units: the
    /// preset sets `amountUnit: "cents"`) and `currency` (upper case), read as the `invoices` input of
    /// /mrr-movements, /revenue-retention and /cohort-retention. A `one_time` line has no service period: it is
    /// no MRR, a row problem that `invalidRows=skip` leaves out.
    static let chartMogulInvoiceLines = SourcePreset(
        id: "chartmogul-invoice-lines", name: "ChartMogul invoice line items",
        kpis: ["mrr-movements", "revenue-retention", "cohort-retention"], records: "invoices", mediaTypes: ["text/csv"],
        columns: [("customer", "customer_external_id"), ("periodStart", "service_period_start"),
                  ("periodEnd", "service_period_end"), ("amount", "amount_in_cents"), ("currency", "currency")],
        values: [],
        dateFormat: nil, numberFormat: nil, options: [("amountUnit", "cents")],
        document: Document(title: "Import Invoices", url: "https://dev.chartmogul.com/reference/import-customers-invoices"))
}
