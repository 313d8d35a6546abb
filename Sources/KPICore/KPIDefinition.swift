import JSON

/// One KPI, declared once: identity, documentation, inputs, validation and computation.
///
/// Routes, the catalogue, the OpenAPI schemas and the tests are all derived from these declarations
/// (see ``KPIRegistry``).
public struct KPIDefinition: Sendable, Identifiable {
    /// Checks what the generic reader cannot (variants, part ≤ whole, …) and computes. Records issues in the
    /// reader; returns `nil` when it cannot compute.
    typealias Compute = @Sendable (_ values: InputValues, _ reader: inout InputReader) -> Computation?

    /// The id: also the route (`POST /cac`) and the OpenAPI operationId.
    public let id: String
    /// The human name, e.g. `Customer Acquisition Cost`.
    public let name: String
    /// A one-line description.
    public let summary: String
    /// The formula with the KPI symbol, e.g. `CAC = totalSpend / newCustomers`.
    public let formula: String
    /// The unit of the value.
    public let unit: KPIUnit
    /// Which way the KPI improves.
    public let betterDirection: BetterDirection
    /// How a change of the KPI between two periods or groups is tested (``Change/between(a:b:kind:unit:)``).
    public let statistics: StatisticalKind
    /// The request fields (without the shared `target`, see ``InputSpec/target``).
    public let inputs: [InputSpec]
    /// The either/or rules over ``inputs``: checked before computing (a 422), described in ``inputSchema``.
    let rules: [InputRule]
    /// An example request body that computes without error.
    public let example: JSONValue
    /// The symbol before ` = ` in ``formula`` (`CAC`).
    let symbol: String
    /// The date each record happened on, for KPIs over records that `POST /series` can bucket into periods.
    let events: EventDate?
    /// Why a KPI over records has no records form of `POST /series` when that is not obvious (its records
    /// have no event date, or none that a period's point could be made of): said in the 422 at `/kpi`.
    let noRecordsSeries: String?
    /// ``inputs`` and the shared `target`: what a body is read against.
    let readSpecs: [InputSpec]
    /// The shared `target`, read after the inputs.
    private let target: Field<InputValues>
    let compute: Compute
    /// The inputs the KPI can be solved for, and how (a request's `solve`).
    let solvable: [Solvable]
    /// The shared `scenarios` and `solve`, read after `target`.
    let planning: PlanningFields
    let scenarios: Field<Records>
    let solve: Field<InputValues>
    /// The reading options (`columns`, `unknownFields`), read after `solve`, when the KPI has a record array.
    let reading: ReadingFields?

    init(
        id: String, name: String, summary: String, formula: String, unit: KPIUnit, betterDirection: BetterDirection,
        statistics: StatisticalKind = .none, inputs: [InputSpec], rules: [InputRule] = [], example: JSONValue,
        events: EventDate? = nil, noRecordsSeries: String? = nil, noGroupBy: String? = nil,
        solvable: [Solvable] = [],
        compute: @escaping Compute
    ) {
        self.id = id
        self.name = name
        self.summary = summary
        self.formula = formula
        self.unit = unit
        self.betterDirection = betterDirection
        self.statistics = statistics
        self.inputs = inputs
        self.rules = rules
        self.example = example
        self.symbol = formula.split(separator: " = ", maxSplits: 1).first.map(String.init) ?? id
        var list = FieldList(after: inputs)
        self.target = list.add(InputSpec.target)
        self.solvable = solvable
        self.planning = PlanningFields(id: id, inputs: inputs, solvable: solvable.map { inputs[$0.field.index].name })
        self.scenarios = list.add(planning.specs[0])
        self.solve = list.add(planning.specs[1])
        let recordArrays = inputs.indices.filter { if case .records = inputs[$0].kind { true } else { false } }
        self.reading = recordArrays.isEmpty ? nil : ReadingFields(kpi: id, arrays: recordArrays, list: &list, noGroupBy: noGroupBy)
        self.readSpecs = list.specs
        self.compute = compute
        self.events = events
        self.noRecordsSeries = noRecordsSeries
    }

    /// Validates a JSON request body completely (unknown fields and `target` included) and computes the KPI.
    ///
    /// The body is read straight from its text into the KPI's inputs (no tree of JSON values), so it costs
    /// about what its values cost. Never traps: a result that would hold NaN or Infinity is an issue
    /// (`makes the result too large to represent`).
    /// - Throws: ``BodyError/malformed(_:)`` when the text is not JSON, ``BodyError/notAnObject`` when it is not
    ///   an object, ``BodyError/invalid(_:)`` with every problem found otherwise.
    public func evaluate(json: UnsafeRawBufferPointer) throws(BodyError) -> KPIResult {
        var reader = InputReader()
        let values: InputValues?
        do throws(JSONParseError) {
            values = try reader.readBody(json, specs: readSpecs, reading: reading)
        } catch {
            throw .malformed(error)
        }
        guard let values else { throw .notAnObject }
        do {
            return try evaluate(values, &reader)
        } catch {
            throw .invalid(error)
        }
    }

    /// Evaluates a body given as a JSON value (tests and callers that hold a tree already).
    /// - Throws: ``ValidationError`` with every problem found (`must be a JSON object` for other values).
    public func evaluate(_ body: JSONValue) throws(ValidationError) -> KPIResult {
        let outcome = body.serialized().withUnsafeBytes { bytes in
            Result { () throws(BodyError) -> KPIResult in try evaluate(json: bytes) }
        }
        switch outcome {
        case .success(let result): return result
        case .failure(.invalid(let validation)): throw validation
        case .failure(.notAnObject), .failure(.malformed), .failure(.malformedLines):
            throw ValidationError(pointer: "", detail: "must be a JSON object")
        }
    }

    /// Computes the KPI from values read against ``readSpecs`` (issues found so far in `reader`), applying the
    /// goal: the result, or every issue.
    func evaluate(_ values: InputValues, _ reader: inout InputReader) throws(ValidationError) -> KPIResult {
        // Most bodies have no records to skip and no `target`, `scenarios` or `solve`: their result goes back as
        // computed, not copied to be completed (that copy and its release were 2 % of a `/cac` request).
        guard reading != nil || values.has(target) || values.has(scenarios) || values.has(solve) else {
            return try computeResult(values, &reader)
        }
        var values = values
        var result = try skippingRefused(&values, &reader) { values, reader throws(ValidationError) in try computeResult(values, &reader) }
        result.warnings = reader.readingWarnings + result.warnings
        result.skipped = reader.skippedReport
        if let zone = values.timeZone { result.breakdown.append(.init("timeZone", text: zone.name)) }
        let target = values[self.target]
        let fields = InputSpec.targetFields
        if let target, let targetValue = target[fields.value] {
            let direction = target[fields.direction].flatMap(Goal.Direction.init(rawValue:)) ?? Goal.Direction(betterDirection)
            let goal = Goal(value: result.value, target: targetValue, direction: direction, deadline: target.text(fields.deadline))
            guard goal.gap.isFinite else {
                throw ValidationError(pointer: "/target/value", detail: "is too far from the value to compare")
            }
            result.goal = goal
        }
        try plan(&result, values)
        return result
    }
}

extension KPIDefinition {
    /// `body` over `values`; under `invalidRows: "skip"`, when it fails on records alone, those records are left
    /// out of `values` and it runs again (a few times at most: leaving records out can make another refused, a
    /// duplicate's first copy say).
    func skippingRefused<Value>(
        _ values: inout InputValues, _ reader: inout InputReader,
        _ body: (InputValues, inout InputReader) throws(ValidationError) -> Value
    ) throws(ValidationError) -> Value {
        var attempts = 0
        while true {
            do throws(ValidationError) {
                return try body(values, &reader)
            } catch {
                attempts += 1
                guard attempts <= 3, let reading, reader.skipRecords(with: error.issues, in: &values, records: reading.records(in: values)) else { throw error }
            }
        }
    }
}

/// The sampling model behind a KPI's value: how a change between two of its results is tested.
public enum StatisticalKind: String, Sendable, CaseIterable {
    /// A proportion from counts, with a Wilson interval: Newcombe's interval, pooled two-proportion z-test.
    case rate
    /// A Net Promoter Score from counts of answers: normal interval and z-test on the two standard errors.
    case nps
    /// A mean of per-record values (durations): Welch's t interval and test.
    case meanOverRecords
    /// No sampling model (money, ratios, months, …): a change has no interval and no test.
    case none
}

/// Why a request body could not be evaluated.
public enum BodyError: Error, Sendable {
    /// The text is not valid JSON (RFC 8259), or repeats a member name.
    case malformed(JSONParseError)
    /// Valid JSON that is not an object.
    case notAnObject
    /// An object whose fields do not allow the KPI to be computed.
    case invalid(ValidationError)
    /// Record lines (NDJSON or CSV) that are not well-formed: the reason names the line.
    case malformedLines(String)
}
