/// The column of an input that most likely holds a declared field which has none: what a 422 suggests
/// (`createdAt` has no column; the nearest is `Create Date`).
///
/// Names are compared normalised (case, spaces, `_` and `-` ignored), then through the synonyms CRM,
/// help-desk and survey exports use, then by the smallest edit distance (ties to the first column).
public enum NearestColumn {
    /// At most this many columns are compared (and this many UTF-8 bytes of each): a hostile header of a
    /// million columns costs no more than a real one.
    public static let columnLimit = 200
    static let nameLimit = 64

    /// The column among `columns` nearest to `field`, or `nil` when there are none.
    public static func to(_ field: String, among columns: [String]) -> String? {
        let candidates = columns.prefix(columnLimit)
        guard !candidates.isEmpty else { return nil }
        let target = normalised(field)
        let normalisedColumns = candidates.map(normalised)
        if let exact = normalisedColumns.firstIndex(of: target) { return candidates[exact] }
        if let words = synonyms[field], let synonym = normalisedColumns.firstIndex(where: words.contains) {
            return candidates[synonym]
        }
        var best = candidates.startIndex
        var bestDistance = Int.max
        for (offset, name) in normalisedColumns.enumerated() {
            let distance = editDistance(target, name)
            if distance < bestDistance {
                bestDistance = distance
                best = candidates.startIndex + offset
            }
        }
        return candidates[best]
    }

    /// `name` in lower case without spaces, `_` and `-` (ASCII letters only are folded), at most
    /// ``nameLimit`` bytes.
    static func normalised(_ name: String) -> [UInt8] {
        var bytes: [UInt8] = []
        for byte in name.utf8 where byte != UInt8(ascii: " ") && byte != UInt8(ascii: "_") && byte != UInt8(ascii: "-") {
            guard bytes.count < nameLimit else { break }
            bytes.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte)
        }
        return bytes
    }

    /// The Levenshtein distance between two byte strings (two rows of the usual table).
    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// The names exports give a declared field, normalised: HubSpot's `Create Date` and `Close Date`,
    /// Salesforce's `CreatedDate` and `CloseDate`, Zendesk's `Solved at`, Delighted's `Response Timestamp`
    /// and `created_at` (a response's), SurveyMonkey's `Start Date` and `End Date`, and the like.
    static let synonyms: [String: [[UInt8]]] = [
        "createdAt": ["created", "createdate", "createddate", "createdon", "dateopened", "opened", "createtime", "addtime", "dealcreated"],
        "closedAt": ["closed", "closedate", "closeddate", "closedon", "wontime", "dealclosed", "closetime", "datewon"],
        "openedAt": ["created", "createdat", "createdate", "createddate", "opened", "openedon", "requested", "requestedat", "submittedat"],
        "resolvedAt": ["solved", "solvedat", "resolved", "resolvedon", "solveddate", "closed", "closedat", "closeddate"],
        "respondedAt": ["responsetimestamp", "createdat", "respondedon", "responsedate", "submittedat", "enddate", "completedat", "datemodified"],
        "enteredAt": ["createddate", "createdat", "changedat", "stagechangedat", "timestamp", "date", "enteredon", "updatetime"],
        "startedAt": ["startdate", "started", "createdat", "createddate", "trialstart", "start"],
        "endedAt": ["enddate", "ended", "canceledat", "cancelledat", "endedon", "trialend", "end"],
        "score": ["rating", "npsscore", "likelihood", "likelihoodtorecommend", "howlikely"],
        "rep": ["owner", "dealowner", "ownername", "salesrep", "user", "assignedto", "opportunityowner"],
        "agent": ["assignee", "assigneename", "owner", "assignedto"],
        "stage": ["stagename", "dealstage", "status"],
        "customer": ["customerid", "customername", "account", "accountid", "company", "subscriber", "uuid"],
        "amount": ["value", "dealvalue", "total", "amountpaid", "price"],
        "id": ["recordid", "dealid", "opportunityid", "ticketid", "responseid", "uuid", "key"],
    ].mapValues { $0.map { Array($0.utf8) } }
}
