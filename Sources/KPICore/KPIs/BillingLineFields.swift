import JSON

/// The fields of one billing line (an invoice line of Stripe, ChartMogul, …): who pays, the service period it
/// pays for, how much, in which currency and whether it counts. A preset for a billing system maps its export's
/// columns onto exactly these names.
struct BillingLineFields: Sendable {
    let customer: Field<RecordID>
    let periodStart: Field<Instant>
    let periodEnd: Field<Instant>
    let amount: Field<Double>
    let currency: Field<String>
    let status: Field<String>
    let specs: [InputSpec]

    init() {
        var list = FieldList()
        customer = list.add(InputSpec("customer", .identifier, doc: "The customer (a string or an integer).", example: "acme"))
        periodStart = list.add(InputSpec(
            "periodStart", .date, doc: "The start of the service period the line pays for (a date alone is that day's first midnight).",
            example: "2024-01-15"))
        periodEnd = list.add(InputSpec(
            "periodEnd", .date,
            doc: "The end of the service period, after periodStart: the line counts in each month whose end falls in (periodStart, periodEnd].",
            example: "2025-01-15"))
        amount = list.add(InputSpec(
            "amount", .number, minimum: 0,
            doc: "What the line bills for the whole period (≥ 0), in its currency; in minor units with amountUnit: cents.",
            example: 1200))
        currency = list.add(InputSpec(
            "currency", .string, .optional,
            doc: "The line's ISO 4217 code, any case (absent: the reporting currency, or the one currency of all the lines).",
            example: "usd"))
        status = list.add(InputSpec(
            "status", .string, .optional,
            doc: "The line's status, free text: void, draft and uncollectible (any case) are left out; any other counts.",
            example: "paid"))
        specs = list.specs
    }

    static let shared = BillingLineFields()

    /// The `invoices` input.
    static func input(doc: String) -> InputSpec {
        InputSpec("invoices", .records(shared.specs), .optional, minItems: 1, doc: doc, example: example)
    }

    /// An annual line, a monthly plan's two lines and a void line.
    static let example: JSONValue = [
        ["customer": "acme", "periodStart": "2024-01-01", "periodEnd": "2025-01-01", "amount": 1200, "currency": "usd", "status": "paid"],
        ["customer": "globex", "periodStart": "2024-01-01", "periodEnd": "2024-02-01", "amount": 100, "currency": "usd", "status": "paid"],
        ["customer": "globex", "periodStart": "2024-02-01", "periodEnd": "2024-03-01", "amount": 100, "currency": "usd", "status": "paid"],
        ["customer": "initech", "periodStart": "2024-01-01", "periodEnd": "2024-02-01", "amount": 50, "currency": "usd", "status": "void"],
    ]

    /// Statuses of lines that are left out (compared ignoring case).
    static let leftOut: Set<String> = ["void", "draft", "uncollectible"]

    /// How many digits follow the decimal point of `code`'s amounts (ISO 4217 minor units), for amounts given
    /// in minor units: 0 for the currencies Stripe lists as zero-decimal, 3 for the three-decimal ones Stripe
    /// supports, 2 otherwise. Source: Stripe, "Supported currencies" (docs.stripe.com/currencies).
    static func minorDigits(_ code: String) -> Int {
        if zeroDecimal.contains(code) { return 0 }
        if threeDecimal.contains(code) { return 3 }
        return 2
    }

    private static let zeroDecimal: Set<String> = [
        "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF",
    ]
    private static let threeDecimal: Set<String> = ["BHD", "JOD", "KWD", "OMR", "TND"]
}
