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
    /// The request fields (without the shared `target`, see ``InputSpec/target``).
    public let inputs: [InputSpec]
    /// An example request body that computes without error.
    public let example: JSONValue
    /// The symbol before ` = ` in ``formula`` (`CAC`).
    let symbol: String
    private let readSpecs: [InputSpec]
    private let compute: Compute

    init(
        id: String, name: String, summary: String, formula: String, unit: KPIUnit, betterDirection: BetterDirection,
        inputs: [InputSpec], example: JSONValue, compute: @escaping Compute
    ) {
        self.id = id
        self.name = name
        self.summary = summary
        self.formula = formula
        self.unit = unit
        self.betterDirection = betterDirection
        self.inputs = inputs
        self.example = example
        self.symbol = formula.split(separator: " = ", maxSplits: 1).first.map(String.init) ?? id
        self.readSpecs = inputs + [InputSpec.target]
        self.compute = compute
    }

    /// Validates `body` completely (unknown fields and `target` included) and computes the KPI.
    ///
    /// Never traps: a result that would hold NaN or Infinity is an issue (`makes the result too large to represent`).
    /// - Throws: ``ValidationError`` with every problem found.
    public func evaluate(_ body: JSONValue) throws(ValidationError) -> KPIResult {
        guard case .object = body else { throw ValidationError(pointer: "", detail: "must be a JSON object") }
        var reader = InputReader()
        let values = reader.read(body, specs: readSpecs) { "" }
        let computation = compute(values, &reader)
        let target = values.fields("target")
        guard reader.isClean, let computation else {
            if reader.isClean { reader.issue("", "cannot be computed") }
            throw ValidationError(issues: reader.issues)
        }
        var result = KPIResult(
            kpi: id, name: name, value: computation.value, unit: unit, symbol: symbol, breakdown: computation.breakdown, steps: computation.steps, interval: computation.interval,
            groups: computation.groups, goal: nil, warnings: computation.warnings)
        guard result.isFinite else {
            throw ValidationError(pointer: computation.overflowPointer, detail: "makes the result too large to represent")
        }
        if let target, let targetValue = target.number("value") {
            let direction = target.string("direction").flatMap(Goal.Direction.init(rawValue:)) ?? Goal.Direction(betterDirection)
            let deadline = body["target"]?["deadline"]?.stringValue
            let goal = Goal(value: result.value, target: targetValue, direction: direction, deadline: deadline)
            guard goal.gap.isFinite else {
                throw ValidationError(pointer: "/target/value", detail: "is too far from the value to compare")
            }
            result.goal = goal
        }
        return result
    }
}
