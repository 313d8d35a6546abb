extension SourcePreset {
    /// A Stripe invoices export (Dashboard > Invoices > Export, CSV): `Customer` (the `cus_…` id), `Period
    /// Start (UTC)` and `Period End (UTC)` (date-times in UTC without an offset, `2024-01-05 10:00`), `Total` in
    /// the currency's major unit, `Currency` in lower case and `Status` (`draft`, `open`, `paid`,
    /// `uncollectible`, `void`).
    ///
    /// Not served (``SourcePreset/awaiting``): the export's `Period Start`/`Period End` are the invoice's
    /// `period_start`/`period_end`, which Stripe's API reference defines as the usage period during which
    /// invoice items were added, looking back one period for a subscription invoice (the first invoice's
    /// period is empty); the service period is each line item's `period`, which this export does not hold.
    /// Its times also need the `timeZone` option (`UTC`, as the column names say). A Stripe line-item file
    /// with the customer beside each line's period would be the input to serve.
    static let stripeInvoices = SourcePreset(
        id: "stripe-invoices", name: "Stripe invoices export",
        kpis: ["mrr-movements", "revenue-retention", "cohort-retention"], records: "invoices", mediaTypes: ["text/csv"],
        columns: [("customer", "Customer"), ("periodStart", "Period Start (UTC)"), ("periodEnd", "Period End (UTC)"),
                  ("amount", "Total"), ("currency", "Currency"), ("status", "Status")],
        values: [],
        dateFormat: nil, numberFormat: nil,
        document: Document(title: "Manage invoices (Export invoices)", url: "https://stripe.com/docs/invoicing/dashboard/manage-invoices"))
}
