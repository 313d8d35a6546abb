import JSON

/// One field of a KPI request body: its name, kind, constraints, documentation and example.
///
/// The generic ``InputReader`` validates against these, and ``KPIDefinition/inputSchema`` is derived from them.
public struct InputSpec: Sendable, Equatable {
    /// What JSON a field holds.
    public indirect enum Kind: Sendable, Equatable {
        /// A whole number from 0 to 2⁶³ − 1 (`10` and `10.0` alike).
        case count
        /// A finite number (money and other amounts).
        case number
        /// A string.
        case string
        /// One of the listed strings.
        case choice([String])
        /// An ISO 8601 date (`2024-03-01`, midnight UTC) or date-time with an offset.
        case date
        /// A record identifier: a string or an integer.
        case identifier
        /// An array of whole numbers (within `minimum`...`maximum` when given).
        case integers
        /// An array of strings.
        case strings
        /// An array of objects with the given fields.
        case records([InputSpec])
        /// An object with the given fields.
        case object([InputSpec])
        /// An object whose members are any words (the input's), each one of the listed strings (`values.outcome`).
        case words([String])
        /// An object whose members are any codes (the input's), each a finite number above 0 (`fxRates`:
        /// `{ "EUR": 1.08 }`).
        case rates
    }

    /// Whether a field must be present.
    public enum Presence: Sendable, Equatable {
        /// Always required.
        case required
        /// Optional; `null` means absent.
        case optional
        /// Optional, and `null` is a meaningful value of its own (e.g. `resolvedAt: null` = still open).
        case nullable
    }

    /// The field name (camelCase).
    public var name: String
    /// What the field holds.
    public var kind: Kind
    /// Whether it must be present. Fields required only in one variant are `optional` here.
    public var presence: Presence
    /// Inclusive lower bound for numbers.
    public var minimum: Double?
    /// Exclusive lower bound for numbers.
    public var exclusiveMinimum: Double?
    /// Inclusive upper bound for numbers.
    public var maximum: Double?
    /// Least number of elements for arrays.
    public var minItems: Int?
    /// Most elements for arrays of strings.
    public var maxItems: Int?
    /// One sentence for the catalogue and the OpenAPI schema.
    public var doc: String
    /// An example value.
    public var example: JSONValue
    /// The name of this field's shape among shared schema components (`Target`), for a shape that several
    /// request bodies use; see ``SchemaComponents``. Other choices and objects get a name from their place.
    public var schemaName: String?

    /// A field specification.
    public init(
        _ name: String, _ kind: Kind, _ presence: Presence = .required, minimum: Double? = nil,
        exclusiveMinimum: Double? = nil, maximum: Double? = nil, minItems: Int? = nil, maxItems: Int? = nil,
        doc: String, example: JSONValue, schemaName: String? = nil
    ) {
        self.name = name
        self.kind = kind
        self.presence = presence
        self.minimum = minimum
        self.exclusiveMinimum = exclusiveMinimum
        self.maximum = maximum
        self.minItems = minItems
        self.maxItems = maxItems
        self.doc = doc
        self.example = example
        self.schemaName = schemaName
    }

    /// The fields of ``target``.
    struct TargetFields: Sendable {
        let value: Field<Double>
        let direction: Field<String>
        let deadline: Field<Instant>
        let specs: [InputSpec]

        init() {
            var list = FieldList()
            value = list.add(InputSpec("value", .number, doc: "The target value, in the KPI's unit.", example: 1200))
            direction = list.add(InputSpec(
                "direction", .choice(["atLeast", "atMost"]), .optional,
                doc: "Whether the KPI must reach at least or at most the target; defaults to the KPI's better direction.",
                example: "atMost", schemaName: "GoalDirection"))
            deadline = list.add(InputSpec("deadline", .date, .optional, doc: "When the target is due (ISO 8601 date, or date-time with offset). Once in UTC it must fall within the years 0000 to 9999: a later instant (9999-12-31T23:00:00-05:00) has no period label a series could answer with, and is a 422.", example: "2026-12-31"))
            specs = list.specs
        }
    }

    /// The handles on ``target``'s fields.
    static let targetFields = TargetFields()

    /// The optional `target` every KPI accepts (a SMART goal, see ``Goal``).
    public static let target = InputSpec(
        "target", .object(targetFields.specs), .optional,
        doc: "An optional goal: the response's `goal` says whether the value meets it and by how much.",
        example: ["value": 1200, "direction": "atMost", "deadline": "2026-12-31"], schemaName: "Target")
}
