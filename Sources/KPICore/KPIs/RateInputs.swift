import JSON

/// The inputs of a KPI that is a share of counts: a part and the whole it is part of (`dealsClosed` of
/// `leads`), declared in that order (the rows of ``RateKPI``, and the counts form of `/close-rate`).
struct RateInputs: Sendable {
    let part: Field<Int64>
    let whole: Field<Int64>
    /// The specs declared up to and including the two: the whole body of a rate KPI of its own.
    let specs: [InputSpec]

    /// The two fields as a body of their own.
    init(part: InputSpec, whole: InputSpec) {
        var list = FieldList()
        self.init(part: part, whole: whole, list: &list)
    }

    /// The two fields declared next in `list` (a body with other fields too).
    init(part: InputSpec, whole: InputSpec, list: inout FieldList) {
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
