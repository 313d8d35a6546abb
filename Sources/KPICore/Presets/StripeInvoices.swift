extension SourcePreset {
    /// A Stripe invoices export (Dashboard > Invoices > Export, CSV): `Customer` (the `cus_…` id), `Period
    /// Start (UTC)` and `Period End (UTC)` (date-times in UTC without an offset, `2024-01-05 10:00`), `Total` in
    /// the currency's major unit, `Currency` in lower case and `Status` (`draft`, `open`, `paid`,
    /// `uncollectible`, `void`).
    ///
    /// Not served yet: it reads the `invoices` input of /mrr-movements, /revenue-retention and
    /// /cohort-retention, and its dates need the `timeZone` option (`UTC`, as the column names say). To verify
    /// when it is served: Stripe's invoice-level period is the period its invoice items were added in; for an
    /// invoice billed in advance the line items' periods are the service period.
    static let stripeInvoices = SourcePreset(
        id: "stripe-invoices", name: "Stripe invoices export",
        kpis: ["mrr-movements", "revenue-retention", "cohort-retention"], records: "invoices", mediaTypes: ["text/csv"],
        columns: [("customer", "Customer"), ("periodStart", "Period Start (UTC)"), ("periodEnd", "Period End (UTC)"),
                  ("amount", "Total"), ("currency", "Currency"), ("status", "Status")],
        values: [],
        dateFormat: nil, numberFormat: nil,
        document: Document(title: "Manage invoices (Export invoices)", url: "https://stripe.com/docs/invoicing/dashboard/manage-invoices"))
}
