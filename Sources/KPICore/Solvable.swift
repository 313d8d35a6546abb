/// How a KPI is solved for one of its inputs while its value is held (a request's `solve`): declared with the
/// KPI (``KPIDefinition`` `solvable:`), listed in the catalogue.
///
/// Every number a solution reads comes from the request's inputs (its `given` applied) through the KPI's typed
/// field handles, never by name: renaming an input is one edit of its ``InputSpec``, and a misspelt handle does
/// not compile.
///
/// ```swift
/// solvable: Solvable.quotient(part: inputs.dealsClosed, whole: inputs.leads, scale: 100)
/// ```
/// gives `leads = dealsClosed / (closeRate / 100)` and `dealsClosed = closeRate / 100 × leads`.
struct Solvable: Sendable {
    /// A number the solution reads from the request's inputs: one input, or an expression of several.
    struct Operand: Sendable {
        let value: @Sendable (_ values: InputValues) -> Double?

        /// The number computed from the request's inputs by `value` (`nil` when an input it needs is absent).
        init(_ value: @escaping @Sendable (_ values: InputValues) -> Double?) { self.value = value }

        /// The input `field`.
        static func input<Value: NumericFieldValue>(_ field: Field<Value>) -> Operand { Operand { $0[field]?.real } }

        /// The first of `fields` that the request has (an either/or basis).
        static func first<Value: NumericFieldValue>(_ fields: [Field<Value>]) -> Operand {
            Operand { values in fields.lazy.compactMap { values[$0]?.real }.first }
        }
    }

    /// The input solved for.
    let field: any AnyField
    /// Whether the solution divides by the value held (then a value of 0 cannot be solved, and the interval's
    /// bound at 0 leaves the range open on that side).
    let dividesByValue: Bool
    /// The solution at `value` from the request's inputs `values`, with its operands as written in `substituted`
    /// (`12 / 0.3`); `nil` when an operand is absent.
    let solve: @Sendable (_ value: Double, _ values: InputValues) -> (value: Double, operands: String)?

    /// `field = numerator / (value / scale)`: the denominator of a quotient KPI (`leads = 12 / 0.3`).
    static func denominator(_ field: any AnyField, over numerator: Operand, scale: Double = 1) -> Solvable {
        Solvable(field: field, dividesByValue: true) { value, values in
            guard let n = numerator.value(values) else { return nil }
            return (n * scale / value, concatenate(n.formatted, " / ", (value / scale).formatted))
        }
    }

    /// `field = value / scale × denominator`: the numerator of a quotient KPI (`dealsClosed = 0.3 × 100`).
    static func numerator(_ field: any AnyField, of denominator: Operand, scale: Double = 1) -> Solvable {
        Solvable(field: field, dividesByValue: false) { value, values in
            guard let d = denominator.value(values) else { return nil }
            return (value / scale * d, concatenate((value / scale).formatted, " × ", d.formatted))
        }
    }

    /// Both sides of `value = scale × part / whole`.
    static func quotient<Part: NumericFieldValue, Whole: NumericFieldValue>(
        part: Field<Part>, whole: Field<Whole>, scale: Double = 1
    ) -> [Solvable] {
        [.numerator(part, of: .input(whole), scale: scale), .denominator(whole, over: .input(part), scale: scale)]
    }
}

/// A field value that is a number a formula can read: a count or an amount.
protocol NumericFieldValue: FieldValue, SendableMetatype {
    /// The value as a real number.
    var real: Double { get }
}

extension Int64: NumericFieldValue {
    var real: Double { Double(self) }
}

extension Double: NumericFieldValue {
    var real: Double { self }
}
