import Foundation

// The bodies of POST /cac and POST /nps and their answers as kpi-server writes them, as Codable structs.
// Validation is the little a hand-written service would do: the shapes through Codable, the ranges here.

public struct Health: Codable, Sendable {
    public var status = "ok"
    public init() {}
}

public struct KPIError: Error, Sendable {
    public let message: String
}

public struct Step: Codable, Sendable {
    public let name: String
    public let formula: String
    public let substituted: String
    public let value: Double

    /// `substituted` is the formula with the numbers put in, then ` = ` and the value.
    init(_ name: String, _ formula: String, _ numbers: String, _ value: Double) {
        self.name = name
        self.formula = formula
        self.substituted = "\(numbers) = \(human(value))"
        self.value = value
    }
}

public struct Interval: Codable, Sendable {
    public var level = 0.95
    public let low: Double
    public let high: Double
}

public struct KPIResult<Breakdown: Codable & Sendable>: Codable, Sendable {
    public let kpi: String
    public let name: String
    public let value: Double
    public let unit: String
    public let formula: String
    public let substituted: String
    public let breakdown: Breakdown
    public let steps: [Step]
    public var interval: Interval? = nil
    public var warnings: [String] = []
}

/// A number as written in `substituted`: 12 significant digits, no exponent for these magnitudes.
func human(_ value: Double) -> String { String(format: "%.12g", value) }

// MARK: CAC

public struct CACInput: Codable, Sendable {
    public struct Spend: Codable, Sendable {
        public var advertising: Double?
        public var salaries: Double?
        public var commissions: Double?
        public var bonuses: Double?
        public var overhead: Double?
        public var other: Double?
    }

    public var totalSpend: Double?
    public var spend: Spend?
    public var newCustomers: Int
}

public struct CACBreakdown: Codable, Sendable {
    public let totalSpend: Double
    public let newCustomers: Int
}

public func cac(_ input: CACInput) throws(KPIError) -> KPIResult<CACBreakdown> {
    let total: Double
    switch (input.totalSpend, input.spend) {
    case (let given?, nil): total = given
    case (nil, let spend?):
        let parts = [spend.advertising, spend.salaries, spend.commissions, spend.bonuses, spend.overhead, spend.other]
        total = parts.compactMap { $0 }.reduce(0, +)
    default: throw KPIError(message: "give one of totalSpend or spend")
    }
    guard total >= 0 else { throw KPIError(message: "totalSpend must be at least 0") }
    guard input.newCustomers > 0 else { throw KPIError(message: "newCustomers must be greater than 0") }
    let value = total / Double(input.newCustomers)
    let step = Step("cac", "totalSpend / newCustomers", "\(human(total)) / \(input.newCustomers)", value)
    return KPIResult(
        kpi: "cac", name: "Customer Acquisition Cost", value: value, unit: "currency",
        formula: "CAC = totalSpend / newCustomers", substituted: "CAC = " + step.substituted,
        breakdown: CACBreakdown(totalSpend: total, newCustomers: input.newCustomers), steps: [step])
}

// MARK: NPS

public struct NPSInput: Codable, Sendable {
    public var scores: [Int]?
    public var scale: String?
    public var promoters: Int?
    public var passives: Int?
    public var detractors: Int?
}

public struct NPSBreakdown: Codable, Sendable {
    public let promoters: Int
    public let passives: Int
    public let detractors: Int
    public let responses: Int
    public let promoterPercent: Double
    public let detractorPercent: Double
}

public func nps(_ input: NPSInput) throws(KPIError) -> KPIResult<NPSBreakdown> {
    var promoters = 0, passives = 0, detractors = 0
    if let scores = input.scores {
        let fivePoint = input.scale == "1-5"
        let range = fivePoint ? 1...5 : 0...10
        let (promoterAt, detractorAt) = fivePoint ? (4, 2) : (9, 6)
        guard !scores.isEmpty else { throw KPIError(message: "scores must not be empty") }
        for score in scores {
            guard range.contains(score) else { throw KPIError(message: "scores must be whole numbers in \(range)") }
            if score >= promoterAt { promoters += 1 } else if score <= detractorAt { detractors += 1 } else { passives += 1 }
        }
    } else {
        promoters = input.promoters ?? 0
        passives = input.passives ?? 0
        detractors = input.detractors ?? 0
        guard promoters >= 0, passives >= 0, detractors >= 0, promoters + passives + detractors > 0 else {
            throw KPIError(message: "give scores, or counts adding up to more than 0")
        }
    }
    let responses = promoters + passives + detractors
    let n = Double(responses)
    let promoterPercent = Double(promoters) / n * 100
    let detractorPercent = Double(detractors) / n * 100
    let value = promoterPercent - detractorPercent
    // 95 % interval: nps ± z·se·100 with se = sqrt((p + d − (p − d)²) / n), clamped to [−100, 100].
    let p = Double(promoters) / n, d = Double(detractors) / n
    let half = 1.959963984540054 * ((p + d - (p - d) * (p - d)) / n).squareRoot() * 100
    let center = (p - d) * 100
    let steps = [
        Step("promoterPercent", "promoters / responses × 100", "\(promoters) / \(responses) × 100", promoterPercent),
        Step("detractorPercent", "detractors / responses × 100", "\(detractors) / \(responses) × 100", detractorPercent),
        Step("nps", "promoterPercent − detractorPercent", "\(human(promoterPercent)) − \(human(detractorPercent))", value),
    ]
    return KPIResult(
        kpi: "nps", name: "Net Promoter Score", value: value, unit: "score",
        formula: "NPS = promoterPercent − detractorPercent", substituted: "NPS = " + steps[2].substituted,
        breakdown: NPSBreakdown(
            promoters: promoters, passives: passives, detractors: detractors, responses: responses,
            promoterPercent: promoterPercent, detractorPercent: detractorPercent),
        steps: steps,
        interval: Interval(low: min(max(center - half, -100), 100), high: min(max(center + half, -100), 100)))
}
