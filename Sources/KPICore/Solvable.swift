/// How a KPI is solved for one of its inputs while its value is held (a request's `solve`): declared with the
/// KPI (``KPIDefinition`` `solvable:`), listed in the catalogue.
///
/// ```swift
/// solvable: Solvable.quotient(part: inputs.part, "dealsClosed", whole: inputs.whole, "leads", scale: 100)
/// ```
/// gives `leads = dealsClosed / (closeRate / 100)` and `dealsClosed = closeRate / 100 × leads`.
struct Solvable: Sendable {
    /// A number the solution reads: an input or intermediate of the result by name (the request's `given`
    /// first), or an expression of several.
    struct Operand: Sendable {
        let value: @Sendable (_ lookup: (String) -> Double?) -> Double?

        /// The input or intermediate `name`.
        static func named(_ name: String) -> Operand { Operand { $0(name) } }

        /// The first of `names` that the request has (an either/or basis).
        static func first(_ names: [String]) -> Operand {
            Operand { lookup in names.lazy.compactMap(lookup).first }
        }
    }

    /// The input solved for.
    let field: any AnyField
    /// Whether the solution divides by the value held (then a value of 0 cannot be solved, and the interval's
    /// bound at 0 leaves the range open on that side).
    let dividesByValue: Bool
    /// The solution at `value`, with its operands as written in `substituted` (`12 / 0.3`); `nil` when an
    /// operand is unknown.
    let solve: @Sendable (_ value: Double, _ lookup: (String) -> Double?) -> (value: Double, operands: String)?

    /// `field = numerator / (value / scale)`: the denominator of a quotient KPI (`leads = 12 / 0.3`).
    static func denominator(_ field: any AnyField, over numerator: Operand, scale: Double = 1) -> Solvable {
        Solvable(field: field, dividesByValue: true) { value, lookup in
            guard let n = numerator.value(lookup) else { return nil }
            return (n * scale / value, concatenate(n.formatted, " / ", (value / scale).formatted))
        }
    }

    /// `field = value / scale × denominator`: the numerator of a quotient KPI (`dealsClosed = 0.3 × 100`).
    static func numerator(_ field: any AnyField, of denominator: Operand, scale: Double = 1) -> Solvable {
        Solvable(field: field, dividesByValue: false) { value, lookup in
            guard let d = denominator.value(lookup) else { return nil }
            return (value / scale * d, concatenate((value / scale).formatted, " × ", d.formatted))
        }
    }

    /// Both sides of `value = scale × part / whole`.
    static func quotient(part: any AnyField, _ partName: String, whole: any AnyField, _ wholeName: String, scale: Double = 1) -> [Solvable] {
        [.numerator(part, of: .named(wholeName), scale: scale), .denominator(whole, over: .named(partName), scale: scale)]
    }
}
