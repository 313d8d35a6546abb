import JSON
import Statistics

/// The shared `scenarios` and `solve` members of a KPI's body ("what it would take"), read after `target`.
///
/// Both replace some of the KPI's own inputs, given as an object of those inputs (`set`, `given`), all of
/// them optional. Record arrays are left out of that object: a scenario changes a KPI's numbers and choices,
/// not its records.
struct PlanningFields: Sendable {
    /// The fields of one scenario.
    struct Scenario: Sendable {
        let name: Field<String>
        let set: Field<InputValues>
        let specs: [InputSpec]
    }

    /// The fields of `solve`.
    struct Solve: Sendable {
        let field: Field<String>
        let given: Field<InputValues>
        let atValue: Field<Double>
        let specs: [InputSpec]
    }

    static let maxScenarios = 20

    let scenario: Scenario
    let solve: Solve
    /// `scenarios` and `solve`, in that order.
    let specs: [InputSpec]
    /// For each field of `set` / `given`, its index among the KPI's inputs.
    let bodyIndex: [Int]

    init(id: String, inputs: [InputSpec], solvable: [String]) {
        let prefix = InputSpec.pascalCase(id)
        var replaceable: [InputSpec] = []
        var indices: [Int] = []
        for (index, input) in inputs.enumerated() {
            if case .records = input.kind { continue }
            var spec = input
            if spec.presence == .required { spec.presence = .optional }
            replaceable.append(spec)
            indices.append(index)
        }
        bodyIndex = indices
        let example: JSONValue = replaceable.first.map { [$0.name: $0.example] } ?? [:]
        var scenarioList = FieldList()
        let name = scenarioList.add(InputSpec("name", .string, doc: "What the scenario is called in the answer.", example: "cheaper, longer") as InputSpec) as Field<String>
        let set = scenarioList.add(InputSpec(
            "set", .object(replaceable), .optional,
            doc: "The inputs to replace (any of the KPI's inputs but its records), with their new values; none when absent.",
            example: example, schemaName: prefix + "Values")) as Field<InputValues>
        scenario = Scenario(name: name, set: set, specs: scenarioList.specs)

        var solveList = FieldList()
        let names = solvable.isEmpty ? "none: this KPI cannot be solved for an input" : solvable.joined(separator: ", ")
        let field = solveList.add(InputSpec(
            "for", .string, doc: "The input to solve for, holding the KPI's value: \(names).", example: .string(solvable.first ?? "")))
            as Field<String>
        let given = solveList.add(InputSpec(
            "given", .object(replaceable), .optional, doc: "Inputs to replace before solving (the new number of closed deals, …).",
            example: example, schemaName: prefix + "Values")) as Field<InputValues>
        let atValue = solveList.add(InputSpec(
            "atValue", .number, .optional, doc: "The KPI value to hold instead of the measured one.", example: 40)) as Field<Double>
        solve = Solve(field: field, given: given, atValue: atValue, specs: solveList.specs)

        specs = [
            InputSpec(
                "scenarios", .records(scenario.specs), .optional, minItems: 1, maxItems: Self.maxScenarios,
                doc: "At most \(Self.maxScenarios) what-ifs: the KPI recomputed with some inputs replaced, answered in `scenarios`.",
                example: [["name": "cheaper, longer", "set": example]]),
            InputSpec(
                "solve", .object(solveList.specs), .optional,
                doc: "Hold the KPI's value (or `atValue`) and solve for one input, answered in `solved` with the range the KPI's interval implies; counts are rounded up.",
                example: ["for": .string(solvable.first ?? "")]),
        ]
    }
}

extension KPIDefinition {
    /// The names of the inputs the KPI can be solved for (``Solvable``), in declared order.
    public var solvableInputs: [String] { solvable.map { inputs[$0.field.index].name } }

    /// The KPI computed from `values` (its rules checked first), without goal or planning; issues as thrown.
    func computeResult(_ values: InputValues, _ reader: inout InputReader) throws(ValidationError) -> KPIResult {
        for rule in rules { rule.check(values, &reader) }
        let computation = compute(values, &reader)
        guard reader.isClean, let computation else {
            if reader.isClean { reader.issue("", "cannot be computed") }
            throw reader.error
        }
        var result = KPIResult(
            kpi: id, name: name, value: computation.value, unit: unit, symbol: symbol, breakdown: computation.breakdown,
            steps: computation.steps, interval: computation.interval, groups: computation.groups, goal: nil,
            warnings: computation.warnings, sample: computation.sample)
        result.cohorts = computation.cohorts
        guard result.isFinite else {
            throw ValidationError(pointer: computation.overflowPointer, detail: "makes the result too large to represent")
        }
        return result
    }

    /// Answers the body's `scenarios` and `solve` (when given) in `result`.
    func plan(_ result: inout KPIResult, _ values: InputValues) throws(ValidationError) {
        var issues: [ValidationError.Issue] = []
        if let scenarios = values[self.scenarios] {
            // Each scenario reads every record again (the scenarios themselves aside).
            let records = values.recordCount - scenarios.count
            try WorkBudget.check(
                WorkBudget.product(records, scenarios.count), at: "/scenarios",
                "\(scenarios.count) scenarios × \(records) records", shrink: "send fewer scenarios, or fewer records")
            result.scenarios = answerScenarios(scenarios, values, base: result, &issues)
        }
        if let solve = values[self.solve] {
            result.solved = answerSolve(solve, values, base: result, &issues)
        }
        guard issues.isEmpty else { throw ValidationError(issues: issues) }
    }

    /// `values` with the fields given in `replacement` (a `set` or `given` object) replaced.
    private func replacing(_ values: InputValues, with replacement: InputValues) -> InputValues {
        var merged = values
        for (index, body) in planning.bodyIndex.enumerated() {
            if case .absent = replacement.slots[index] { continue }
            merged.slots[body] = replacement.slots[index]
        }
        return merged
    }

    /// The issues of recomputing under `replacement`, placed under `pointer` (`/scenarios/0/set`): at the
    /// replaced field when the issue is about one, else at `pointer` naming the field.
    private func place(
        _ error: ValidationError, under pointer: String, replacement: InputValues, prefix: String = ""
    ) -> [ValidationError.Issue] {
        error.issues.map { issue in
            let token = issue.pointer.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).dropFirst().first.map(String.init)
            let replaced = token.flatMap { name in
                planning.bodyIndex.indices.first { replacement.specs[$0].name == name && !isAbsent(replacement.slots[$0]) }
            }
            if replaced != nil { return .init(pointer: pointer + issue.pointer, detail: prefix + issue.detail) }
            let named = issue.pointer.isEmpty ? "" : String(issue.pointer.dropFirst()) + " "
            return .init(pointer: pointer, detail: prefix + named + issue.detail)
        }
    }

    private func isAbsent(_ slot: InputValue) -> Bool {
        if case .absent = slot { return true }
        return false
    }

    private func answerScenarios(
        _ scenarios: Records, _ values: InputValues, base: KPIResult, _ issues: inout [ValidationError.Issue]
    ) -> [KPIResult.Scenario] {
        let fields = planning.scenario
        if scenarios.count > PlanningFields.maxScenarios {
            issues.append(.init(pointer: "/scenarios", detail: "must have at most \(PlanningFields.maxScenarios) elements"))
            return []
        }
        var answers: [KPIResult.Scenario] = []
        var row = scenarios.makeCursor()
        while row.next() {
            guard let name = row[fields.name], row.state(fields.set) != .invalid else { continue }
            let set = row[fields.set] ?? InputValues(specs: givenSpecs)
            var reader = InputReader()
            do {
                let outcome = try computeResult(replacing(values, with: set), &reader)
                let difference = outcome.value - base.value
                guard difference.isFinite else {
                    // Both values are finite, but far apart on either side of 0 (−max and +max).
                    issues.append(.init(
                        pointer: "/scenarios/\(row.row)/set",
                        detail: "gives \(outcome.value.formatted), too far from the request's \(base.value.formatted) for the difference to be represented"))
                    continue
                }
                answers.append(.init(name: name, value: outcome.value, difference: difference, substituted: outcome.substituted))
            } catch {
                issues += place(error, under: "/scenarios/\(row.row)/set", replacement: set)
            }
        }
        return answers
    }

    private func answerSolve(
        _ solve: InputValues, _ values: InputValues, base: KPIResult, _ issues: inout [ValidationError.Issue]
    ) -> KPIResult.Solved? {
        let fields = planning.solve
        guard let name = solve[fields.field] else { return nil }
        let names = solvableInputs
        guard let position = names.firstIndex(of: name) else {
            let detail: String
            if names.isEmpty {
                // Records alone (no count or amount given as such): the value comes from them.
                let givesNumbers = inputs.contains { $0.kind == .count || $0.kind == .number }
                let why = recordInputs.isEmpty || givesNumbers ? "its value is not one input over another" : "its value is computed from records"
                detail = "cannot be solved: \(id) has no input to solve for (\(why)); use scenarios to try other inputs"
            } else if inputs.contains(where: { $0.name == name }) {
                detail = "cannot be solved: \(id) can be solved for \(names.joined(separator: " or ")) only"
            } else {
                detail = "is not an input of \(id) (it can be solved for \(names.joined(separator: " or ")))"
            }
            issues.append(.init(pointer: "/solve/for", detail: detail))
            return nil
        }
        let solvable = solvable[position]
        let spec = inputs[solvable.field.index]
        let isCount = spec.kind == .count

        // The given inputs: numbers and counts only, never the one solved for.
        let given = solve[fields.given] ?? InputValues(specs: givenSpecs)
        var valid = true
        for (index, body) in planning.bodyIndex.enumerated() where index < given.slots.count {
            let givenName = given.specs[index].name
            switch given.slots[index] {
            case .absent: continue
            case _ where body == solvable.field.index:
                issues.append(.init(pointer: "/solve/given/" + JSONPointer.escape(givenName), detail: "is the input solved for"))
                valid = false
            case .count, .number: continue
            default:
                issues.append(.init(pointer: "/solve/given/" + JSONPointer.escape(givenName), detail: "cannot be given when solving: only numbers and counts can"))
                valid = false
            }
        }
        let merged = replacing(values, with: given)

        // An input of an either/or alternative the request does not take is not in the formula.
        for rule in rules {
            let taken = rule.alternatives[rule.taken(in: merged).index]
            let inTaken = taken.allFields.contains(solvable.field.index)
            if !inTaken, rule.alternatives.contains(where: { $0.allFields.contains(solvable.field.index) }) {
                issues.append(.init(pointer: "/solve/for", detail: "cannot be solved: this request gives \(taken.label(inputs)), which does not use \(name)"))
                valid = false
            }
        }
        guard valid else { return nil }

        let atValue = solve[fields.atValue]
        let held = atValue ?? base.value
        let symbol = self.symbol
        if held == 0, solvable.dividesByValue {
            issues.append(.init(pointer: "/solve/for", detail: "cannot be solved at \(symbol) = 0: \(name) would have to be infinite"))
            return nil
        }
        guard let exact = solvable.solve(held, merged), exact.value.isFinite else {
            issues.append(.init(pointer: "/solve/for", detail: "cannot be solved: the solution is too large to represent"))
            return nil
        }
        let answer = isCount ? Self.roundedUp(exact.value) : exact.value
        var substituted = concatenate(name, " = ", exact.operands, " = ", exact.value.formatted)
        if isCount, answer != exact.value { substituted += concatenate(", rounded up to ", answer.formatted, " (a count is whole)") }
        let at = atValue != nil ? "/solve/atValue" : "/solve/for"

        // The solution must be a valid value of the input, and the request with it must compute.
        if let problem = Self.outOfBounds(answer, spec) {
            issues.append(.init(pointer: at, detail: "gives \(name) = \(answer.formatted), but \(name) \(problem)"))
            return nil
        }
        var check = merged
        check.slots[solvable.field.index] = isCount ? .count(Int64(answer)) : .number(answer)
        var reader = InputReader()
        do {
            let outcome = try computeResult(check, &reader)
            // Solutions read the same inputs as the computation, so only rounding can leave them apart.
            if !isCount, abs(outcome.value - held) > 1e-9 * max(1, abs(held)) {
                issues.append(.init(
                    pointer: at,
                    detail: "cannot be solved to within rounding: \(name) = \(answer.formatted) gives \(symbol) = \(outcome.value.formatted), not \(held.formatted)"))
                return nil
            }
        } catch {
            issues += place(error, under: "/solve/given", replacement: given, prefix: "with \(name) = \(answer.formatted), ").map {
                $0.pointer == "/solve/given" ? .init(pointer: at, detail: $0.detail) : $0
            }
            return nil
        }

        // The range: the solution at each end of the KPI's interval (at `atValue`, the Wilson interval of a
        // rate of that value from the same number of trials).
        var interval = base.interval.map { ($0.low, $0.high) }
        if let atValue {
            if case .proportion(_, let trials)? = base.sample, atValue >= 0, atValue <= 100 {
                interval = Statistics.wilson(successes: atValue / 100 * Double(trials), trials: Double(trials))
            } else {
                interval = nil
            }
        }
        var low: Double? = nil
        var high: Double? = nil
        if let (a, b) = interval {
            let ends = [a, b].map { bound -> Double? in
                if bound == 0, solvable.dividesByValue { return nil }
                guard let x = solvable.solve(bound, merged)?.value, x.isFinite else { return nil }
                return isCount ? Self.roundedUp(x) : x
            }
            let finite = ends.compactMap { $0 }
            low = finite.min()
            high = finite.count == 2 ? finite.max() : nil
        }
        return .init(field: name, value: answer, low: low, high: high, substituted: substituted)
    }

    /// The specs of `given` (those of `set`).
    private var givenSpecs: [InputSpec] {
        guard case .object(let specs) = planning.solve.specs[planning.solve.given.index].kind else { return [] }
        return specs
    }

    /// `x` rounded up to a whole number, where a difference under 1e-9 relative is rounding noise
    /// (`12 / 0.3` is 40, not 41).
    static func roundedUp(_ x: Double) -> Double {
        let nearest = x.rounded()
        return abs(x - nearest) <= 1e-9 * max(1, abs(x)) ? nearest : x.rounded(.up)
    }

    /// What is wrong with `x` as a value of `spec` (its bounds, a count's range), or `nil`.
    static func outOfBounds(_ x: Double, _ spec: InputSpec) -> String? {
        if spec.kind == .count, !(x >= 0 && x < 9_223_372_036_854_775_808.0) { return InputReader.countDetail }
        if let minimum = spec.minimum, x < minimum { return minimum == 0 ? "must not be negative" : "must be at least \(minimum.formatted)" }
        if let minimum = spec.exclusiveMinimum, x <= minimum { return "must be greater than \(minimum.formatted)" }
        if let maximum = spec.maximum, x > maximum { return "must be at most \(maximum.formatted)" }
        return nil
    }
}
