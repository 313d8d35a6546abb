import JSON

/// The inputs of a KPI that is a share of counts: a part and the whole it is part of (`dealsClosed` of
/// `leads`), declared in that order.
struct RateInputs: Sendable {
    let part: Field<Int64>
    let whole: Field<Int64>
    let specs: [InputSpec]

    init(part: InputSpec, whole: InputSpec) {
        var list = FieldList()
        self.part = list.add(part)
        self.whole = list.add(whole)
        specs = list.specs
    }

    /// `part = value / 100 × whole` and `whole = part / (value / 100)`.
    var solvable: [Solvable] {
        Solvable.quotient(part: part, whole: whole, scale: 100)
    }

    /// Checks `part ≤ whole` and computes `symbol = part / whole × 100` with its Wilson interval.
    func compute(_ symbol: String, _ values: InputValues, _ reader: inout InputReader) -> Computation? {
        reader.checkPart(values, part, notAbove: whole)
        guard reader.isClean, let p = values[part], let w = values[whole] else { return nil }
        return .rate(symbol, part: (values.name(part), p), whole: (values.name(whole), w))
    }
}
