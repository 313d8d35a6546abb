import JSON
import KPICore

/// Prints, for raw JSON bytes → `KPIDefinition.evaluate(json:)` (read, validate, compute):
/// MB/s for the two large bodies and ns per request for the small `cac` body, best and median of a few
/// repetitions; the large ones also show, for reference, the time to build a `JSONValue` tree of the body.
/// `series, 100,000 deals into 12 months` sets one `/sales-cycle-length` beside bucketing the same deals by month.
///
/// Run: `swift run -c release kpi-core-bench [repetitions]`.

/// The bytes of `{"<name>":[item(0),item(1),…]}` with `count` items of about `itemBytes` bytes each.
func arrayBody(_ name: String, count: Int, itemBytes: Int, _ item: (Int) -> String) -> [UInt8] {
    var text = #"{"\#(name)":["#
    text.reserveCapacity(count * itemBytes + 16)
    for i in 0..<count {
        if i > 0 { text += "," }
        text += item(i)
    }
    text += "]}"
    return Array(text.utf8)
}

/// `n` in at least two digits.
func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

/// Deal `i` of the sales-cycle bodies: created on day `1 + i % 28` of `createdMonth`, closed on the 15th of
/// `closedMonth` 2024 at hour `i % 24`, by one of 40 reps.
func deal(_ i: Int, createdYear: Int, createdMonth: Int, closedMonth: Int) -> String {
    let created = "\(createdYear)-\(twoDigits(createdMonth))-\(twoDigits(1 + i % 28))"
    let closed = "2024-\(twoDigits(closedMonth))-15T\(twoDigits(i % 24)):30:00Z"
    return #"{"id":"d\#(i)","createdAt":"\#(created)","closedAt":"\#(closed)","rep":"rep\#(i % 40)"}"#
}

/// The bytes of `{"scores":[0,1,…,10,0,…]}` with `count` scores (`i % 11`).
func npsBody(scores count: Int) -> [UInt8] {
    arrayBody("scores", count: count, itemBytes: 3) { String($0 % 11) }
}

/// The bytes of a sales-cycle-length body with `count` deals spread over 40 reps and 2024.
func salesCycleBody(deals count: Int) -> [UInt8] {
    arrayBody("deals", count: count, itemBytes: 110) { i in
        deal(i, createdYear: 2024, createdMonth: 1 + i % 9, closedMonth: 4 + i % 9)
    }
}

/// The bytes of a sales-cycle-length body with `count` deals closed over the twelve months of 2024
/// (`i % 12`), each created a year and a few days before, over 40 reps.
func salesCycleYearBody(deals count: Int) -> [UInt8] {
    arrayBody("deals", count: count, itemBytes: 110) { i in
        deal(i, createdYear: 2023, createdMonth: 1 + i % 12, closedMonth: 1 + i % 12)
    }
}

/// The bytes of an `mrr` body: `customers` customers over `months` months from 2023-01, each starting in a
/// month of the first year, some churning, coming back, expanding and contracting (seeded arithmetic).
func mrrBody(customers: Int, months: Int) -> [UInt8] {
    var text = #"{"mrr":["#
    text.reserveCapacity(customers * months * 48 + 16)
    var first = true
    for c in 0..<customers {
        for m in 0..<months {
            let h = (c &* 2_654_435_761 &+ m &* 40503) & 0xFFFF
            let mrr = m < c % 12 ? 0 : (h % 10 == 0 ? 0 : 50 + (c % 7) * 10 + (h % 5) * 5)
            if !first { text += "," }
            first = false
            let year = 2023 + m / 12
            let month = m % 12 + 1
            text += #"{"customer":"c\#(c)","month":"\#(year)-\#(month < 10 ? "0" : "")\#(month)","mrr":\#(mrr)}"#
        }
    }
    text += "]}"
    return Array(text.utf8)
}

/// Seconds taken by `body`.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

/// Best and median of `samples`.
func bestAndMedian(_ samples: [Double]) -> (best: Double, median: Double) {
    let sorted = samples.sorted()
    return (sorted[0], sorted[sorted.count / 2])
}

func format(_ x: Double, _ decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let rounded = (x * scale).rounded() / scale
    return String(rounded)
}

/// `bytes` read and evaluated as a request is: `KPIDefinition.evaluate(json:)`, straight from the text.
func evaluate(_ kpi: KPIDefinition, _ bytes: [UInt8]) throws -> Double {
    try bytes.withUnsafeBytes { buffer in
        try Result { () throws(BodyError) -> KPIResult in try kpi.evaluate(json: buffer) }.get().value
    }
}

/// Times bytes → result for one large body; prints MB/s (best, median), and for reference the time to
/// build the same body as a `JSONValue` tree (`JSONReader.parse`, which the request path no longer uses).
func benchLarge(_ label: String, kpi: KPIDefinition, bytes: [UInt8], repetitions: Int) throws {
    var total: [Double] = []
    var treeOnly: [Double] = []
    var skipOnly: [Double] = []
    var sink = 0.0
    for _ in 0..<repetitions {
        total.append(try seconds { sink += try evaluate(kpi, bytes) })
        skipOnly.append(try seconds {
            try bytes.withUnsafeBytes { buffer in
                var cursor = JSONCursor(buffer)
                try cursor.skipValue()
                sink += Double(cursor.offset)
            }
        })
        treeOnly.append(try seconds { sink += Double(try JSONReader.parse(bytes).objectValue?.count ?? 0) })
    }
    let megabytes = Double(bytes.count) / 1e6
    let (best, median) = bestAndMedian(total)
    print("\(label): \(format(megabytes, 1)) MB, bytes → result best \(format(megabytes / best, 0)) MB/s "
        + "(\(format(best * 1e3, 1)) ms), median \(format(megabytes / median, 0)) MB/s; "
        + "for reference, validating it alone (JSONCursor.skipValue) best \(format(bestAndMedian(skipOnly).best * 1e3, 1)) ms, "
        + "a JSONValue tree of it best \(format(bestAndMedian(treeOnly).best * 1e3, 1)) ms [check \(sink)]")
}

/// Times, side by side on one body, one `/sales-cycle-length` (bytes → result) and the records form of
/// `/series` bucketing the same deals into months (bytes → every month's result); prints both and their ratio.
func benchBuckets(_ label: String, kpi: KPIDefinition, bytes: [UInt8], repetitions: Int) throws {
    var single: [Double] = []
    var bucketed: [Double] = []
    var sink = 0.0
    var periods = 0
    let window = try SeriesWindow(granularity: .month, from: nil, to: nil)
    for _ in 0..<repetitions {
        single.append(try seconds { sink += try evaluate(kpi, bytes) })
        bucketed.append(try seconds {
            try bytes.withUnsafeBytes { buffer in
                let buckets = try Result { () throws(ValidationError) in try kpi.buckets(json: buffer, window: window, maxPeriods: 1000) }.get()
                periods = buckets.points.count
                for point in buckets.points { sink += try point.evaluate().get()?.value ?? 0 }
            }
        })
    }
    let one = bestAndMedian(single)
    let all = bestAndMedian(bucketed)
    print("\(label): one /sales-cycle-length best \(format(one.best * 1e3, 1)) ms (median \(format(one.median * 1e3, 1))), "
        + "bucketed into \(periods) months best \(format(all.best * 1e3, 1)) ms (median \(format(all.median * 1e3, 1))): "
        + "\(format(all.best / one.best, 2))× best, \(format(all.median / one.median, 2))× median [check \(sink)]")
}

/// Times `count` separate bytes → result runs of one small body; prints ns per request (best, median).
func benchSmall(_ label: String, kpi: KPIDefinition, bytes: [UInt8], count: Int, repetitions: Int) throws {
    var total: [Double] = []
    var sink = 0.0
    for _ in 0..<repetitions {
        total.append(try seconds {
            for _ in 0..<count { sink += try evaluate(kpi, bytes) }
        })
    }
    let (best, median) = bestAndMedian(total)
    let perRequest = { (s: Double) in format(s / Double(count) * 1e9, 0) }
    print("\(label): \(count) × \(bytes.count) B, bytes → result best \(perRequest(best)) ns/request, "
        + "median \(perRequest(median)) ns/request [check \(sink)]")
}

// Usage: kpi-core-bench [repetitions] [only cases whose label contains this text]
let repetitions = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 5 : 5
let only = CommandLine.arguments.count > 2 ? CommandLine.arguments[2] : ""
guard let nps = KPIRegistry.definition(id: "nps"), let salesCycle = KPIRegistry.definition(id: "sales-cycle-length"),
    let cac = KPIRegistry.definition(id: "cac"), let movements = KPIRegistry.definition(id: "mrr-movements"),
    let cohorts = KPIRegistry.definition(id: "cohort-retention")
else { fatalError("KPI missing from the registry") }

print("KPICore benchmark, \(repetitions) repetitions, one thread")
func selected(_ label: String) -> Bool { only.isEmpty || label.contains(only) }
if selected("nps, 1,000,000 scores") {
    try benchLarge("nps, 1,000,000 scores", kpi: nps, bytes: npsBody(scores: 1_000_000), repetitions: repetitions)
}
if selected("sales-cycle-length, 100,000 deals") {
    try benchLarge("sales-cycle-length, 100,000 deals", kpi: salesCycle, bytes: salesCycleBody(deals: 100_000), repetitions: repetitions)
}
if selected("series, 100,000 deals into 12 months") {
    try benchBuckets("series, 100,000 deals into 12 months", kpi: salesCycle, bytes: salesCycleYearBody(deals: 100_000), repetitions: repetitions)
}
if selected("mrr-movements, 10,000 customers × 24 months") || selected("cohort-retention, 10,000 customers × 24 months") {
    let body = mrrBody(customers: 10_000, months: 24)
    if selected("mrr-movements, 10,000 customers × 24 months") {
        try benchLarge("mrr-movements, 10,000 customers × 24 months", kpi: movements, bytes: body, repetitions: repetitions)
    }
    if selected("cohort-retention, 10,000 customers × 24 months") {
        try benchLarge("cohort-retention, 10,000 customers × 24 months", kpi: cohorts, bytes: body, repetitions: repetitions)
    }
}
if selected("nps, 1,000 scores (the load benchmark's body)") {
    try benchSmall("nps, 1,000 scores (the load benchmark's body)", kpi: nps, bytes: npsBody(scores: 1000), count: 20_000,
                   repetitions: repetitions)
}
if selected("cac example") {
    try benchSmall("cac example", kpi: cac, bytes: Array(#"{"totalSpend":10000,"newCustomers":10}"#.utf8),
                   count: 1_000_000, repetitions: repetitions)
}
