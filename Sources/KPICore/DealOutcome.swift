import JSON

/// What became of a deal: the optional `outcome` of the deals of `/sales-cycle-length`, `/close-rate` and
/// `/pipeline-stages`.
enum DealOutcome: String, CaseIterable, Sendable {
    case won, lost, open

    /// The values the field accepts, in order.
    static let names = allCases.map(\.rawValue)

    /// The outcome of the cursor's deal: as given; without one, won when the deal has a `closedAt` and open when
    /// not (the reading before outcomes existed). `nil` when it cannot be told: the outcome or `closedAt` is
    /// invalid (its issue is recorded already), or a won or lost deal has no `closedAt` (an issue is recorded).
    /// An open deal's `closedAt` (an expected close date in many CRMs) is not looked at.
    static func of(
        _ deal: RecordCursor, closedAt: Field<Instant>, outcome: Field<String>, reader: inout InputReader
    ) -> DealOutcome? {
        switch deal.state(outcome) {
        case .invalid: return nil
        case .value:
            guard let given = deal[outcome].flatMap(DealOutcome.init(rawValue:)) else { return nil }
            if given != .open, deal.state(closedAt) == .absent || deal.state(closedAt) == .null {
                reader.issue("/deals/\(deal.row)/closedAt", "is required for a \(given.rawValue) deal")
                return nil
            }
            return given
        case .absent, .null:
            switch deal.state(closedAt) {
            case .value: return .won
            case .absent, .null: return .open
            case .invalid: return nil
            }
        }
    }
}

/// The fields of one deal record of `/sales-cycle-length` and `/close-rate`: the same five fields, documented for
/// the KPI that reads them.
struct DealFields: Sendable {
    let id: Field<RecordID>
    let createdAt: Field<Instant>
    let closedAt: Field<Instant>
    let outcome: Field<String>
    let rep: Field<String>
    let specs: [InputSpec]

    /// The fields, with what `createdAt`, `closedAt` and `outcome` mean to the KPI.
    init(createdAt createdDoc: String, closedAt closedDoc: String, closedAtExample: JSONValue, outcome outcomeDoc: String) {
        var list = FieldList()
        id = list.add(InputSpec("id", .identifier, .optional, doc: "Deal id; a repeated id is counted once.", example: "d-1001"))
        createdAt = list.add(InputSpec("createdAt", .date, doc: createdDoc, example: "2024-03-01"))
        closedAt = list.add(InputSpec("closedAt", .date, .nullable, doc: closedDoc, example: closedAtExample))
        outcome = list.add(InputSpec("outcome", .choice(DealOutcome.names), .optional, doc: outcomeDoc, example: "won"))
        rep = list.add(InputSpec("rep", .string, .optional, doc: "The rep who owned the deal (groups by rep).", example: "alice"))
        specs = list.specs
    }
}
