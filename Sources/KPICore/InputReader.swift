import JSON
import Reading

/// The one generic validator: reads a body straight from its JSON text, field by field against the
/// ``InputSpec``s, into ``InputValues`` (record arrays into ``Records`` columns), and collects **every**
/// issue instead of stopping at the first. No tree of JSON values is built, so a body costs about what its
/// values cost in their own form.
///
/// Pointers are passed as closures and only turned into strings when an issue is recorded, so the happy
/// path builds no strings.
struct InputReader {
    /// The detail for a count out of range or not whole.
    static let countDetail = "must be a whole number from 0 to 9223372036854775807"

    /// At most this many issues are listed, the rest counted (as ``IssueList`` does; this reader also takes
    /// back and inserts issues for skipped records and column hints). Once the list is full, records are no
    /// longer stored, so a hostile body costs no more than a valid one.
    static let issueLimit = IssueList.limit

    private var listed: [ValidationError.Issue] = []
    private var unlisted = 0
    /// Whether records stopped being stored (the checks that run on stored records then skip the rest).
    private var truncated = false

    /// How the body's records are read (the name of each field, what an unknown name does): set from the
    /// reading options once, before the first record.
    var options: ReadingOptions? {
        didSet {
            numberLayout = options?.numberFormat
            dateFormat = options?.dateFormat
            timeZone = options?.timeZone
            skipsInvalidRows = options?.invalidRows == .skip
            ignoresUnknownMembers = options?.ignoresUnknown(byDefault: .reject) == true
            nestedColumns = Self.nestedColumns(options?.names ?? [])
        }
    }
    /// What ``options`` say for every field or record, kept apart so that no row reads the options anew.
    private(set) var numberLayout: NumberLayout?
    private(set) var dateFormat: DateFormat?
    /// The `timeZone` option's zone: local date-times and dates alone of the records are read in it.
    private(set) var timeZone: TimeZoneRules?
    private var skipsInvalidRows = false
    private var ignoresUnknownMembers = false
    /// The fields whose column is a JSON Pointer into each record (``nestedColumns(_:)``).
    private var nestedColumns: NestedColumns = [:]
    /// The names met in the body's records that are no field (what a missing field's hint is chosen from).
    private var unknownNames = NameList(limit: NearestColumn.columnLimit)
    /// The unknown names passed over under `unknownFields: "ignore"`, for the warning.
    var ignoredNames = NameList(limit: 200)

    /// Under `invalidRows: "skip"`: the problems of the records left out, and their rows in the columns.
    private(set) var skipped = ProblemGroups()
    private var skippedRows: Set<Int32> = []
    /// The issues of the records left out, given back when no record is left (at most ``issueLimit``).
    private var skippedIssues: [ValidationError.Issue] = []

    /// The result's warnings about reading: the names passed over, once each, and the records left out.
    var readingWarnings: [String] {
        var warnings: [String] = []
        if !ignoredNames.names.isEmpty {
            let count = ignoredNames.names.count + ignoredNames.overflow
            warnings.append("ignored \(count) \(count == 1 ? "name" : "names") in the records that this KPI does not read: "
                + NameList.quoted(ignoredNames.names, more: ignoredNames.overflow))
        }
        if !skippedRows.isEmpty {
            warnings.append("skipped \(skippedRows.count) \(skippedRows.count == 1 ? "record" : "records") with problems (invalidRows: skip); `skipped` lists each problem")
        }
        return warnings
    }

    /// The result's `skipped`, when records were left out.
    var skippedReport: KPIResult.Skipped? {
        skippedRows.isEmpty ? nil : KPIResult.Skipped(rows: skippedRows.count, problems: skipped)
    }

    /// Once a record of the body's records was read into the last row of `table` (issues from `start` on are
    /// its own): under `invalidRows: "skip"`, a record with problems is left out, its problems counted in
    /// ``skipped`` instead of listed.
    mutating func settleBodyRecord(in table: inout Records, since start: IssueMark) {
        if skipsInvalidRows, listed.count > start.listed {
            for issue in listed[start.listed...] {
                skipped.add(field: ProblemGroups.field(of: issue.pointer) ?? "", detail: issue.detail, pointer: issue.pointer)
                if skippedIssues.count < Self.issueLimit { skippedIssues.append(issue) }
            }
            listed.removeSubrange(start.listed...)
            skippedRows.insert(Int32(truncatingIfNeeded: table.storedCount - 1))
        }
        settleRecord(in: &table)
    }

    /// Once the body's records are read: the table without the records left out, or, when none is left,
    /// the whole table with their problems given back and one more at `pointer`.
    mutating func settleBodyRecords(_ table: Records, at pointer: () -> String) -> Records {
        guard !skippedRows.isEmpty else { return table }
        let rows = (0..<Int32(truncatingIfNeeded: table.storedCount)).filter { !skippedRows.contains($0) }
        guard rows.isEmpty else { return table.selecting(rows) }
        for issue in skippedIssues { self.issue(issue.pointer, issue.detail) }
        issue(pointer(), "has no record left once those with problems are skipped")
        skippedRows = []
        skipped = ProblemGroups()
        skippedIssues = []
        return table
    }

    /// Under `invalidRows: "skip"`, when every one of `issues` (those the KPI found computing) is about one
    /// record of the body's records: leaves those records out of `values` too, counts their problems in
    /// ``skipped`` and clears the issues, so that the KPI can be computed again without them. `false`
    /// (nothing changed) otherwise, or when no record would be left.
    mutating func skipRecords(with issues: [ValidationError.Issue], in values: inout InputValues, records slot: Int) -> Bool {
        guard skipsInvalidRows, unlisted == 0, !truncated, issues.count == listed.count,
            case .records(let table) = values.slots[slot]
        else { return false }
        let prefix = "/" + JSONPointer.escape(values.specs[slot].name) + "/"
        var rows: Set<Int32> = []
        for issue in issues {
            guard issue.pointer.hasPrefix(prefix), let row = Int32(issue.pointer.dropFirst(prefix.count).prefix { $0 != "/" }),
                row >= 0, Int(row) < table.storedCount
            else { return false }
            rows.insert(row)
        }
        let left = (0..<Int32(truncatingIfNeeded: table.storedCount)).filter { !skippedRows.contains($0) && !rows.contains($0) }
        guard !left.isEmpty else { return false }
        for issue in issues {
            skipped.add(field: ProblemGroups.field(of: issue.pointer) ?? "", detail: issue.detail, pointer: issue.pointer)
        }
        skippedRows.formUnion(rows)
        listed.removeAll()
        values.slots[slot] = .records(table.selecting(left))
        values.mrrTable = nil
        return true
    }

    /// Where the issue list stands, to take back the issues of records read again.
    struct IssueMark {
        fileprivate let listed: Int
        fileprivate let unlisted: Int
        fileprivate let truncated: Bool
    }

    var mark: IssueMark { IssueMark(listed: listed.count, unlisted: unlisted, truncated: truncated) }

    /// Takes back the issues recorded from `start` to `end` (and the names met then).
    private mutating func takeBack(from start: IssueMark, to end: IssueMark) {
        listed.removeSubrange(start.listed..<min(end.listed, listed.count))
        unlisted -= end.unlisted - start.unlisted
        truncated = start.truncated
        unknownNames = NameList(limit: unknownNames.limit)
        ignoredNames = NameList(limit: ignoredNames.limit)
    }

    /// Records an issue at `position` in the list (a hint before the row problems it explains).
    mutating func insertIssue(at position: IssueMark, _ pointer: String, _ detail: String) {
        listed.insert(ValidationError.Issue(pointer: pointer, detail: detail), at: min(position.listed, listed.count))
        if listed.count > Self.issueLimit {
            listed.removeLast()
            unlisted += 1
        }
    }

    /// The issues found so far (with a final `""` issue counting those beyond ``issueLimit``).
    var issues: [ValidationError.Issue] {
        guard unlisted > 0 || truncated else { return listed }
        let more = truncated ? "at least \(unlisted)" : "\(unlisted)"
        return listed + [.init(pointer: "", detail: "has \(more) more problems not listed")]
    }

    /// Whether no issue has been recorded.
    var isClean: Bool { listed.isEmpty }

    /// Set once the body asks for more work than ``WorkBudget`` allows (its issue is listed with the rest).
    private var work: ValidationError.Work?

    /// Every issue found, as the error to throw (of type `too-much-work` once the budget was passed).
    var error: ValidationError {
        var error = ValidationError(issues: issues)
        error.work = work
        return error
    }

    /// Charges `cost` record evaluations against ``WorkBudget``: `false`, with the issue recorded at
    /// `pointer`, when it passes the limit (see ``WorkBudget/check(_:at:_:shrink:)``).
    mutating func charge(_ cost: Int, at pointer: String, _ what: @autoclosure () -> String, shrink: @autoclosure () -> String) -> Bool {
        do throws(ValidationError) {
            try WorkBudget.check(cost, at: pointer, what(), shrink: shrink())
            return true
        } catch {
            work = error.work
            for issue in error.issues { self.issue(issue.pointer, issue.detail) }
            return false
        }
    }

    /// Whether records read from now on are still stored.
    private var storesRecords: Bool { listed.count < Self.issueLimit }

    /// Records an issue at `pointer`.
    mutating func issue(_ pointer: @autoclosure () -> String, _ detail: @autoclosure () -> String) {
        guard listed.count < Self.issueLimit else {
            unlisted += 1
            return
        }
        listed.append(ValidationError.Issue(pointer: pointer(), detail: detail()))
    }

    /// Reads the object at the cursor as fields `specs`: unknown fields, missing required fields and every
    /// field's kind and bounds are checked. A value that is not an object is an issue at `pointer`.
    /// `localDates`: its date fields are kept as text, to be read by ``settleDates(_:)`` once the `timeZone`
    /// option is known.
    mutating func read(
        _ cursor: inout JSONCursor, specs: [InputSpec], localDates: Bool = false, at pointer: () -> String
    ) throws(JSONParseError) -> InputValues {
        var values = InputValues(specs: specs)
        try read(&cursor, into: &values, at: pointer, localDates: localDates)
        return values
    }

    /// Reads the date fields kept as text by a read with `localDates` (a KPI body's `asOf`), in the body's
    /// ``InputValues/timeZone``: an option given after them in the body still applies to them.
    mutating func settleDates(_ values: inout InputValues) {
        for index in values.specs.indices where values.specs[index].kind == .date {
            guard case .date(_, let text?) = values.slots[index] else { continue }
            switch DateParsing.instant(text, in: values.timeZone) {
            case .success(let instant): values.slots[index] = .date(instant, text: text)
            case .failure(let failure):
                issue("/" + JSONPointer.escape(values.specs[index].name), failure.detailNamingTimeZone)
                values.slots[index] = .invalid
            }
        }
    }

    /// Reads a whole JSON body: the object of fields `specs`, with the reading options of `reading` (when the
    /// specs are a KPI's with record arrays) applied to the records of each array given. `nil` when the body is not an object.
    mutating func readBody(
        _ json: UnsafeRawBufferPointer, specs: [InputSpec], reading: ReadingFields?
    ) throws(JSONParseError) -> InputValues? {
        var cursor = JSONCursor(json)
        guard try cursor.kind() == .object else {
            try cursor.skipValue()
            try cursor.finish()
            return nil
        }
        var values = InputValues(specs: specs)
        try read(&cursor, into: &values, at: { "" }, body: reading.map { ($0, json) }, localDates: reading != nil)
        try cursor.finish()
        return values
    }

    /// Reads the object at the cursor into `values`. With `body` (the object is a whole KPI body), its record
    /// array is read with the reading options met so far; an option that comes after the records and
    /// changes how they are read has them read again from their text (their first issues taken back), so a
    /// body that gives none, or gives them first, is read once.
    private mutating func read(
        _ cursor: inout JSONCursor, into values: inout InputValues, at pointer: () -> String,
        body: (reading: ReadingFields, document: UnsafeRawBufferPointer)? = nil, localDates: Bool = false
    ) throws(JSONParseError) {
        guard try cursor.kind() == .object else {
            issue(pointer(), "must be a JSON object")
            try cursor.skipValue()
            return
        }
        var object = try cursor.beginObject()
        var guess = 0
        var recordsRead: (slot: Int, text: Range<Int>, start: IssueMark, end: IssueMark, options: ReadingOptions)? = nil
        // The specs are read in place: a copy of an `InputSpec` per field costs an outlined copy and destroy.
        try values.specs.withUnsafeBufferPointer { specs throws(JSONParseError) in
            while let name = try cursor.nextMember(of: &object) {
                guard let index = Self.index(of: name, in: specs, guess: guess) else {
                    issue(pointer() + "/" + JSONPointer.escape(name), "is not a known field")
                    try cursor.skipValue()
                    continue
                }
                if let body, body.reading.arrays.contains(index) {
                    _ = try cursor.kind()
                    let start = cursor.offset
                    let before = mark
                    options = body.reading.options(values, records: index)
                    values.slots[index] = try bodyRecords(&cursor, spec: specs.baseAddress! + index, at: { "/" + JSONPointer.escape(name) })
                    recordsRead = (index, start..<cursor.offset, before, mark, options!)
                } else if let body, index == body.reading.recordsAt.index {
                    issue("/recordsAt", "is a query parameter beside a system's JSON payload posted as it came (POST /<kpi>?recordsAt=/results); a body of this KPI's own form has its records in its record array")
                    try cursor.skipValue()
                } else if let body, index == body.reading.source.index {
                    values.slots[index] = try presetID(&cursor, at: { "/" + JSONPointer.escape(name) })
                } else if localDates, specs[index].kind == .date, try cursor.kind() == .string {
                    // Read by `settleDates` once the zone is known.
                    values.slots[index] = .date(Instant(seconds: 0), text: try cursor.readString())
                } else {
                    values.slots[index] = try value(&cursor, spec: specs.baseAddress! + index, at: { pointer() + "/" + JSONPointer.escape(name) })
                }
                guess = index + 1
            }
            guard let body else { return }
            if let read = recordsRead, body.reading.options(values, records: read.slot) != read.options {
                takeBack(from: read.start, to: read.end)
                options = body.reading.options(values, records: read.slot)
                var again = JSONCursor(UnsafeRawBufferPointer(rebasing: body.document[read.text]))
                let name = specs[read.slot].name
                values.slots[read.slot] = try bodyRecords(&again, spec: specs.baseAddress! + read.slot, at: { "/" + JSONPointer.escape(name) })
            }
            body.reading.checkOptions(values, records: body.reading.records(in: values), &self)
            values.timeZone = body.reading.zone(values)
        }
        if let reading = body?.reading { reading.presetOptions(into: &values, records: reading.records(in: values)) }
        // A body's dates are read now; the query parameters' once the reading options are (see `KPIDefinition+Lines`).
        if body != nil, localDates { settleDates(&values) }
        for index in values.specs.indices where values.specs[index].presence == .required {
            if case .absent = values.slots[index] {
                issue(pointer() + "/" + JSONPointer.escape(values.specs[index].name), "is required")
            }
        }
    }

    /// The `source` option as text (``ReadingFields`` checks it against the presets, naming the nearest).
    private mutating func presetID(_ cursor: inout JSONCursor, at pointer: () -> String) throws(JSONParseError) -> InputValue {
        switch try cursor.kind() {
        case .null: try cursor.readNull(); return .absent
        case .string: return .string(try cursor.readString())
        default: return try wrongType(&cursor, pointer, "must be a string: the id of a preset GET /sources lists")
        }
    }

    /// The index of the spec named `name`, trying `guess` first: bodies usually list their fields in the
    /// declared order, so the next field is most often the one after the last.
    private static func index(of name: String, in specs: UnsafeBufferPointer<InputSpec>, guess: Int) -> Int? {
        if guess < specs.count, specs[guess].name == name { return guess }
        for index in specs.indices where specs[index].name == name { return index }
        return nil
    }

    /// Reads one field's value against its spec.
    private mutating func value(
        _ cursor: inout JSONCursor, spec: UnsafePointer<InputSpec>, at pointer: () -> String
    ) throws(JSONParseError) -> InputValue {
        if try cursor.kind() == .null {
            try cursor.readNull()
            return spec.pointee.presence == .nullable ? .null : .absent
        }
        switch spec.pointee.kind {
        case .count: return try count(&cursor, spec: spec.pointee, at: pointer).map(InputValue.count) ?? .invalid
        case .number: return try number(&cursor, spec: spec.pointee, at: pointer).map(InputValue.number) ?? .invalid
        case .string: return try string(&cursor, at: pointer).map(InputValue.string) ?? .invalid
        case .choice(let options): return try choice(&cursor, options, at: pointer).map(InputValue.string) ?? .invalid
        case .date:
            guard try cursor.kind() == .string else { return try wrongType(&cursor, pointer, Self.dateDetail) }
            let text = try cursor.readString()
            switch DateParsing.instant(text) {
            case .success(let instant): return .date(instant, text: text)
            case .failure(let failure): return try wrongType(&cursor, pointer, failure.detail, skip: false)
            }
        case .identifier: return try identifier(&cursor, at: pointer).map(InputValue.identifier) ?? .invalid
        case .integers: return try integers(&cursor, spec: spec.pointee, at: pointer)
        case .strings: return try strings(&cursor, spec: spec.pointee, at: pointer)
        case .records(let fields):
            var table = Records(specs: fields)
            let valid = try readRecords(&cursor, spec: spec.pointee, into: &table, at: pointer)
            return valid ? .records(table) : .invalid
        case .object(let fields):
            guard try cursor.kind() == .object else { return try wrongType(&cursor, pointer, "must be a JSON object") }
            var values = InputValues(specs: fields)
            try read(&cursor, into: &values, at: pointer)
            return .fields(values)
        case .words(let options):
            guard try cursor.kind() == .object else { return try wrongType(&cursor, pointer, "must be a JSON object of words, each one of " + options.map { "\"\($0)\"" }.joined(separator: ", ")) }
            var words: [String: String] = [:]
            var valid = true
            var scope = try cursor.beginObject()
            while let word = try cursor.nextMember(of: &scope) {
                if let value = try choice(&cursor, options, quotes: true, at: { pointer() + "/" + JSONPointer.escape(word) }) {
                    words[word] = value
                } else {
                    valid = false
                }
            }
            return valid ? .words(words) : .invalid
        case .rates:
            guard try cursor.kind() == .object else { return try wrongType(&cursor, pointer, Self.ratesDetail) }
            var rates = Rates(entries: [])
            var valid = true
            var scope = try cursor.beginObject()
            while let code = try cursor.nextMember(of: &scope) {
                if let rate = try number(&cursor, spec: spec.pointee, at: { pointer() + "/" + JSONPointer.escape(code) }) {
                    rates.entries.append((code, rate))
                } else {
                    valid = false
                }
            }
            return valid ? .rates(rates) : .invalid
        }
    }

    private static let dateDetail = "must be a string holding an ISO 8601 date"
    private static let ratesDetail = "must be a JSON object of codes, each a number above 0 (`{ \"EUR\": 1.08 }`)"

    /// A count within the spec's bounds, or `nil` with an issue.
    mutating func count(_ cursor: inout JSONCursor, spec: InputSpec, at pointer: () -> String) throws(JSONParseError) -> Int64? {
        guard let n = try count(&cursor, at: pointer), bounded(Double(n), spec: spec, at: pointer) else { return nil }
        return n
    }

    /// A finite number within the spec's bounds, or `nil` with an issue.
    mutating func number(_ cursor: inout JSONCursor, spec: InputSpec, at pointer: () -> String) throws(JSONParseError) -> Double? {
        guard try cursor.kind() == .number else { try reject(&cursor, pointer, "must be a number"); return nil }
        let n = try cursor.readNumber().double
        return bounded(n, spec: spec, at: pointer) ? n : nil
    }

    /// A string, or `nil` with an issue.
    private mutating func string(_ cursor: inout JSONCursor, at pointer: () -> String) throws(JSONParseError) -> String? {
        guard try cursor.kind() == .string else { try reject(&cursor, pointer, "must be a string"); return nil }
        return try cursor.readString()
    }

    /// One of `options`, or `nil` with an issue (quoting the word met, in a record: `quotes`).
    private mutating func choice(
        _ cursor: inout JSONCursor, _ options: [String], quotes: Bool = false, at pointer: () -> String
    ) throws(JSONParseError) -> String? {
        guard try cursor.kind() == .string else { try reject(&cursor, pointer, Self.choiceDetail(options)); return nil }
        let s = try cursor.readString()
        guard options.contains(s) else {
            try reject(&cursor, pointer, quotes ? ValueMet.detail(Self.choiceDetail(options), met: s) : Self.choiceDetail(options), skip: false)
            return nil
        }
        return s
    }

    /// A date of a record read in place from the string's bytes (no `String` unless it is not a date, to be
    /// quoted), or `nil` with an issue.
    private mutating func date(_ cursor: inout JSONCursor, at pointer: () -> String) throws(JSONParseError) -> Instant? {
        if let format = dateFormat { return try date(&cursor, format: format, at: pointer) }
        guard try cursor.kind() == .string else { try reject(&cursor, pointer, Self.dateDetail); return nil }
        // The text is made a `String` only when it is not a date, to be quoted.
        var met: String? = nil
        var readers = ""
        let date = try cursor.withStringBytes { bytes in
            let date = DateParsing.parse(bytes, in: timeZone)
            if case .failure = date {
                met = String(decoding: bytes, as: UTF8.self)
                readers = Self.readers(of: bytes, other: .iso)
            }
            return date
        }
        switch date {
        case .success(let instant): return instant
        case .failure(let failure):
            // Only a KPI with reading options has the timeZone option to name.
            let detail = options == nil ? failure.detail : failure.detailNamingTimeZone
            try reject(&cursor, pointer, ValueMet.detail(detail, met: met ?? "") + readers, skip: false); return nil
        }
    }

    /// A date of a record written in `format` (a number too, in `unix` or `unixMillis`), or `nil` with an issue.
    @inline(never)
    private mutating func date(_ cursor: inout JSONCursor, format: DateFormat, at pointer: () -> String) throws(JSONParseError) -> Instant? {
        if try cursor.kind() == .number, format == .unix || format == .unixMillis {
            let number = try cursor.readNumber()
            let perSecond: Int64 = format == .unix ? 1 : 1000
            let moment: Result<ISO8601.Moment, DateFormat.Failure>
            if let units = number.integer {
                moment = DateFormat.epoch(units: units, unitsPerSecond: perSecond)
            } else if format == .unix, abs(number.double) < 1e12 {
                let seconds = number.double.rounded(.down)
                moment = DateFormat.epoch(units: Int64(seconds), unitsPerSecond: 1,
                                          nanoseconds: Int32(min(((number.double - seconds) * 1e9).rounded(), 999_999_999)))
            } else {
                moment = .failure(.malformed)
            }
            switch moment {
            case .success(let moment): return Instant(seconds: moment.seconds, nanoseconds: moment.nanoseconds, isDateOnly: false)
            case .failure(let failure):
                issue(pointer(), ValueMet.detail(format.detail(failure), met: NumberFormat.string(number.double)))
                return nil
            }
        }
        guard try cursor.kind() == .string else {
            try reject(&cursor, pointer, "must be a string holding a date written as dateFormat \"\(format.name)\""); return nil
        }
        let date = try cursor.withStringBytes { bytes in Self.instant(bytes, format: format, in: timeZone) }
        switch date {
        case .success(let instant): return instant
        case .failure(let problem): issue(pointer(), problem.detail); return nil
        }
    }

    /// The instant the UTF-8 bytes of a date written in `format` name (local ones in `zone`), or the issue's
    /// detail: the value met and the other formats that read it.
    static func instant(_ b: UnsafeBufferPointer<UInt8>, format: DateFormat, in zone: TimeZoneRules?) -> Result<Instant, DateProblem> {
        switch format.parse(b, in: zone) {
        case .success(let moment):
            let dateOnly = if case .pattern(let pattern) = format { !pattern.hasTime } else { format == .iso && b.count == 10 }
            return .success(Instant(seconds: moment.seconds, nanoseconds: moment.nanoseconds, isDateOnly: dateOnly))
        case .failure(let failure):
            return .failure(DateProblem(detail: ValueMet.detail(format.detail(failure), met: b) + readers(of: b, other: format)))
        }
    }

    /// Why a date does not read: the issue's detail.
    struct DateProblem: Error {
        let detail: String
    }

    /// ` (dateFormat "unix" reads it)` when formats other than `format` read `b`; empty otherwise.
    static func readers(of b: UnsafeBufferPointer<UInt8>, other format: DateFormat) -> String {
        let names = format.formatsThatRead(b)
        return names.isEmpty ? "" : " (dateFormat " + names.map { "\"\($0)\"" }.joined(separator: " or ") + " reads it)"
    }

    /// A record id (a string or an integer), or `nil` with an issue.
    private mutating func identifier(_ cursor: inout JSONCursor, at pointer: () -> String) throws(JSONParseError) -> RecordID? {
        switch try cursor.kind() {
        case .string: return .string(try cursor.readString())
        case .number:
            if let i = try cursor.readNumber().integer { return .integer(i) }
            try reject(&cursor, pointer, "must be a string or an integer", skip: false); return nil
        default: try reject(&cursor, pointer, "must be a string or an integer"); return nil
        }
    }

    /// Reads the body's record array (read with ``options``) into a new table.
    private mutating func bodyRecords(
        _ cursor: inout JSONCursor, spec: UnsafePointer<InputSpec>, at pointer: () -> String
    ) throws(JSONParseError) -> InputValue {
        guard case .records(let fields) = spec.pointee.kind, try cursor.kind() != .null else { return try value(&cursor, spec: spec, at: pointer) }
        var table = Records(specs: fields)
        prepareBodyTable(&table)
        let valid = try readRecords(&cursor, spec: spec.pointee, into: &table, at: pointer, body: true)
        return valid ? .records(table) : .invalid
    }

    /// The names the fields of `table` are read from: the reading options' for the body's records, the
    /// fields' own for nested ones.
    func fieldNames(of table: Records, body: Bool) -> [String] {
        body ? options?.names ?? table.specs.map(\.name) : table.specs.map(\.name)
    }

    /// Reads a record array into `table`, one row per element, each field straight into its column (rows
    /// stop being stored once the issue list is full). `false` when it is not an array, or has too few
    /// elements. `body`: the array is the body's records, read with ``options``.
    mutating func readRecords(
        _ cursor: inout JSONCursor, spec: InputSpec, into table: inout Records, at pointer: () -> String, body: Bool = false
    ) throws(JSONParseError) -> Bool {
        guard try cursor.kind() == .array else {
            _ = try wrongType(&cursor, pointer, "must be an array of objects")
            return false
        }
        let start = mark
        let names = fieldNames(of: table, body: body)
        let members = MemberTable(names + (body ? groupColumnName.map { [$0] } ?? [] : []))
        table.reserve(forBytes: cursor.remainingBytes)
        var elements = try cursor.beginArray()
        var seen: UInt64 = 0
        try (body ? names : []).withUnsafeBufferPointer { names throws(JSONParseError) in
            while try cursor.nextElement(of: &elements) {
                let i = elements.index
                let before = mark
                seen |= try readRecord(&cursor, into: &table, members: members, names: names, at: { pointer() + "/\(i)" })
                if body { settleBodyRecord(in: &table, since: before) } else { settleRecord(in: &table) }
            }
        }
        if body, elements.index >= 0 {
            hintMissingColumns(table, names: names, seen: seen, before: start)
            table = settleBodyRecords(table, at: pointer)
        }
        return hasEnoughItems(elements.index + 1, spec: spec, at: pointer)
    }

    /// For each required field that no record of the body has, when they hold names that are no field: a
    /// hint at `/columns/<field>`, before the rows' own problems, naming the nearest of those names.
    mutating func hintMissingColumns(_ table: Records, names: [String], seen: UInt64, before start: IssueMark) {
        guard !unknownNames.names.isEmpty else { return }
        for (field, spec) in table.specs.enumerated() where spec.presence == .required && seen & (1 << UInt64(field)) == 0 {
            let found = names.indices.filter { seen & (1 << UInt64($0)) != 0 }.map { names[$0] } + unknownNames.names
            insertIssue(at: start, "/columns/" + JSONPointer.escape(spec.name), Self.noColumnDetail(
                field: spec.name, column: names[field], found: found, more: unknownNames.overflow,
                nearest: NearestColumn.to(spec.name, among: unknownNames.names)))
        }
    }

    /// The detail of a required field without a column: the column looked for, the columns found and the
    /// nearest of them, with the option that would read it.
    static func noColumnDetail(field: String, column: String, found: [String], more: Int, nearest: String?) -> String {
        var detail = "is required, and the records have no column \"\(column)\""
        guard !found.isEmpty else { return detail + " (nor any other)" }
        detail += " (columns found: " + NameList.quoted(found, more: more) + ")"
        guard let nearest else { return detail }
        return detail + "; the nearest is \"\(nearest)\": set columns.\(field) to \"\(nearest)\" to read it"
    }

    /// Once a record was read into the last row of `table`: drops the row when the issue list is full (the
    /// record was still read, so that its problems are counted).
    mutating func settleRecord(in table: inout Records) {
        guard !storesRecords else { return }
        truncated = true
        table.removeLast()
    }

    /// Reads one record into a new row of `table`: every field into its column, a placeholder where the
    /// record has none. A value that is not an object is an issue, and an empty row. `names`: for a record of
    /// the body's records, the names its fields are read from (``options``'; empty for a nested record), whose
    /// unknown names are then kept (and passed over when ``options`` ignore them). Returns the fields the record has (bit `i`: field `i`).
    mutating func readRecord(
        _ cursor: inout JSONCursor, into table: inout Records, members: MemberTable,
        names: UnsafeBufferPointer<String> = UnsafeBufferPointer(start: nil, count: 0), at pointer: () -> String
    ) throws(JSONParseError) -> UInt64 {
        guard try cursor.kind() == .object else {
            issue(pointer(), "must be a JSON object")
            try cursor.skipValue()
            for field in table.columns.indices { table.columns[field].appendEmpty(.invalid) }
            table.appendEmptyGroup(.invalid)
            return 0
        }
        var object = try cursor.beginObject()
        var filled: UInt64 = 0
        var grouped = false
        // The names come as a buffer: a closure that captured an array would retain and release it per field.
        let body = !names.isEmpty
        do {
            try table.specs.withUnsafeBufferPointer { specs throws(JSONParseError) in
                while let member = try cursor.nextMember(of: &object, in: members) {
                    guard case .listed(let index) = member else {
                        if case .unlisted(let name) = member {
                            if body, !nestedColumns.isEmpty, let paths = nestedColumns[name] {
                                filled |= try readNested(&cursor, paths: paths, into: &table, specs: specs, names: names, at: pointer)
                                continue
                            }
                            unknownMember(name, body: body, at: pointer)
                        }
                        try cursor.skipValue()
                        continue
                    }
                    // The one name past the fields: the `groupBy` column (only listed for the body's records).
                    guard index < specs.count else {
                        grouped = true
                        let name = groupColumnName ?? ""
                        try readGroupCell(&cursor, into: &table.groupColumns[0], at: { pointer() + "/" + JSONPointer.escape(name) })
                        continue
                    }
                    filled |= 1 << UInt64(index)
                    try readField(&cursor, spec: specs.baseAddress! + index, into: &table.columns[index], at: {
                        pointer() + "/" + JSONPointer.escape(names.isEmpty ? specs[index].name : names[index])
                    })
                }
                for index in specs.indices where filled & (1 << UInt64(index)) == 0 {
                    if specs[index].presence == .required {
                        // A column given as a JSON Pointer points into the record as it is.
                        let name = names.isEmpty ? specs[index].name : names[index]
                        issue(pointer() + (name.hasPrefix("/") ? name : "/" + JSONPointer.escape(name)), "is required")
                    }
                    table.columns[index].appendEmpty(.absent)
                }
            }
        }
        if !grouped { table.appendEmptyGroup(.absent) }
        return filled
    }

    /// A member of a record that is no field: kept for the hint when the record is one of the body's, then
    /// passed over (when ``options`` ignore such names) or an issue. Apart from ``readRecord`` so that the
    /// common case stays small.
    @inline(never)
    private mutating func unknownMember(_ name: String, body: Bool, at pointer: () -> String) {
        if body { unknownNames.insert(name) }
        if body && ignoresUnknownMembers {
            ignoredNames.insert(name)
        } else {
            issue(pointer() + "/" + JSONPointer.escape(name), "is not a known field")
        }
    }

    /// Reads one field of a record into its column: one new slot, a value or a placeholder.
    mutating func readField(
        _ cursor: inout JSONCursor, spec: UnsafePointer<InputSpec>, into column: inout Records.Column, at pointer: () -> String
    ) throws(JSONParseError) {
        if try cursor.kind() == .null {
            try cursor.readNull()
            // As in an object: `null` is absent, so a required field is missing.
            if spec.pointee.presence == .required { issue(pointer(), "is required") }
            return column.appendEmpty(spec.pointee.presence == .nullable ? .null : .absent)
        }
        // A number written as a string (API payloads) is read only when the input says how numbers are written.
        if numberLayout != nil, try numberText(&cursor, spec: spec, into: &column, at: pointer) { return }
        switch spec.pointee.kind {
        case .count:
            if let v = try count(&cursor, spec: spec.pointee, at: pointer) { return column.append(v) }
        case .number:
            if let v = try number(&cursor, spec: spec.pointee, at: pointer) { return column.append(v) }
        case .string:
            guard try cursor.kind() == .string else { try reject(&cursor, pointer, "must be a string"); break }
            return column.append(key: try cursor.withStringBytes { column.keys.insert(utf8: $0).index })
        case .choice(let options):
            if let words = column.words {
                guard try cursor.kind() == .string else { try reject(&cursor, pointer, Self.choiceDetail(options, words: words, field: spec.pointee.name)); break }
                if let v = choice(try cursor.readString(), options, words: words, field: spec.pointee.name, at: pointer) {
                    return column.append(key: column.keys.insert(.string(v)).index)
                }
                break
            }
            if let v = try choice(&cursor, options, quotes: true, at: pointer) { return column.append(key: column.keys.insert(.string(v)).index) }
        case .date:
            if let v = try date(&cursor, at: pointer) { return column.append(v) }
        case .identifier:
            if try cursor.kind() == .string {
                return column.append(key: try cursor.withStringBytes { column.keys.insert(utf8: $0).index })
            }
            if let v = try identifier(&cursor, at: pointer) { return column.append(key: column.keys.insert(v).index) }
        case .records:
            // The nested rows join the column's child table; this row keeps where they start and how many.
            // They are kept even when too few (the issue is recorded), so that later rows stay aligned.
            var children = column.children!
            column.children = nil  // `children` is the only reference while it grows
            let before = children.count
            let valid = try readRecords(&cursor, spec: spec.pointee, into: &children, at: pointer)
            let rows = children.count - before
            column.children = children
            return column.appendChildren(rows, valid: valid || rows > 0)
        case .integers, .strings, .object, .words, .rates:
            let v = try value(&cursor, spec: spec, at: pointer)
            if case .invalid = v { break }
            return column.append(other: v)
        }
        column.appendEmpty(.invalid)
    }

    /// Reads a count or number field written as a string into `column`; `false` (nothing read) for another
    /// field or value.
    @inline(never)
    private mutating func numberText(
        _ cursor: inout JSONCursor, spec: UnsafePointer<InputSpec>, into column: inout Records.Column, at pointer: () -> String
    ) throws(JSONParseError) -> Bool {
        guard spec.pointee.kind == .count || spec.pointee.kind == .number, try cursor.kind() == .string else { return false }
        let value = try cursor.withStringBytes { number(text: $0, spec: spec.pointee, at: pointer) }
        guard let value else { column.appendEmpty(.invalid); return true }
        spec.pointee.kind == .count ? column.append(Int64(value)) : column.append(value)
        return true
    }

    /// A number or count written as text in the layout of ``options`` (plain unless given), within the
    /// spec's bounds, or `nil` with an issue quoting the text and naming a layout that would read it.
    mutating func number(text: UnsafeBufferPointer<UInt8>, spec: InputSpec, at pointer: () -> String) -> Double? {
        let layout = numberLayout ?? .plain
        let detail = spec.kind == .count ? Self.countDetail : "must be a number"
        guard let value = NumberText.parse(text, layout) else {
            issue(pointer(), Self.numberDetail(detail, met: text, layout: layout))
            return nil
        }
        if spec.kind == .count, !(value >= 0 && value < 9_223_372_036_854_775_808.0 && value.rounded(.towardZero) == value) {
            issue(pointer(), ValueMet.detail(detail, met: text))
            return nil
        }
        return bounded(value, spec: spec, at: pointer) ? value : nil
    }

    /// The detail of a text that is no number in `layout`: the value met, and the `numberFormat` that would
    /// read it, if one would.
    static func numberDetail(_ detail: String, met text: UnsafeBufferPointer<UInt8>, layout: NumberLayout) -> String {
        let others = NumberText.layouts(reading: text, besides: layout)
        guard !others.isEmpty else { return ValueMet.detail(detail, met: text) }
        return ValueMet.detail(detail, met: text) + " (numberFormat " + others.map { "\"\($0.rawValue)\"" }.joined(separator: " or ") + " reads it)"
    }

    /// Reads an array of whole numbers within the spec's bounds.
    private mutating func integers(_ cursor: inout JSONCursor, spec: InputSpec, at pointer: () -> String) throws(JSONParseError) -> InputValue {
        guard try cursor.kind() == .array else { return try wrongType(&cursor, pointer, "must be an array of whole numbers") }
        var column = IntegerColumn(minimum: spec.minimum, maximum: spec.maximum)
        let low = spec.minimum.map { Int64($0) } ?? .min
        let high = spec.maximum.map { Int64($0) } ?? .max
        let detail = spec.minimum == nil && spec.maximum == nil
            ? "must be a whole number" : "must be a whole number from \(low) to \(high)"
        var valid = true
        var count = 0
        try cursor.readIntegers({ first, values in
            count = first + values.count
            // The common case, a chunk wholly within bounds, is stored in one go.
            if valid, values.allSatisfy({ $0 >= low && $0 <= high }) {
                column.append(contentsOf: values)
                return
            }
            for offset in values.indices {
                let value = values[offset]
                if value >= low, value <= high {
                    if valid { column.append(value) }
                } else {
                    issue(pointer() + "/\(first + offset)", detail)
                    valid = false
                }
            }
        }, other: { i in
            count = i + 1
            issue(pointer() + "/\(i)", detail)
            valid = false
        })
        guard hasEnoughItems(count, spec: spec, at: pointer), valid else { return .invalid }
        return .integers(column)
    }

    /// Reads an array of strings (at most the spec's `maxItems`, whose excess is one issue).
    private mutating func strings(_ cursor: inout JSONCursor, spec: InputSpec, at pointer: () -> String) throws(JSONParseError) -> InputValue {
        guard try cursor.kind() == .array else { return try wrongType(&cursor, pointer, "must be an array of strings") }
        var strings: [String] = []
        var valid = true
        var elements = try cursor.beginArray()
        while try cursor.nextElement(of: &elements) {
            let i = elements.index
            guard try cursor.kind() == .string else {
                try cursor.skipValue()
                issue(pointer() + "/\(i)", "must be a string")
                valid = false
                continue
            }
            if let maxItems = spec.maxItems, i >= maxItems {
                try cursor.skipValue()
                valid = false
                continue
            }
            strings.append(try cursor.readString())
        }
        let count = elements.index + 1
        if let maxItems = spec.maxItems, count > maxItems { issue(pointer(), "must have at most \(maxItems) elements") }
        guard hasEnoughItems(count, spec: spec, at: pointer), valid else { return .invalid }
        return .strings(strings)
    }

    /// Reads a count: a whole number from 0 to 2⁶³ − 1.
    private mutating func count(_ cursor: inout JSONCursor, at pointer: () -> String) throws(JSONParseError) -> Int64? {
        if try cursor.kind() == .number {
            let n = try cursor.readNumber()
            if let i = n.integer { if i >= 0 { return i } }
            else if n.double >= 0, n.double < 9_223_372_036_854_775_808.0, n.double.rounded(.towardZero) == n.double {
                return Int64(n.double)
            }
        } else {
            try cursor.skipValue()
        }
        issue(pointer(), Self.countDetail)
        return nil
    }

    static func choiceDetail(_ options: [String]) -> String {
        "must be one of " + options.map { "\"\($0)\"" }.joined(separator: ", ")
    }

    /// The detail for a choice field whose input words `words` (`values.<field>`) are given.
    static func choiceDetail(_ options: [String], words: [String: String], field: String) -> String {
        choiceDetail(options) + " or a word of values." + field + " (" + words.keys.sorted().map { "\"\($0)\"" }.joined(separator: ", ") + ")"
    }

    /// The declared value `text` stands for: its word in `words`, or itself when declared; `nil` with an issue.
    mutating func choice(_ text: String, _ options: [String], words: [String: String], field: String, at pointer: () -> String) -> String? {
        if let value = words[text] { return value }
        if options.contains(text) { return text }
        issue(pointer(), ValueMet.detail(Self.choiceDetail(options, words: words, field: field), met: text))
        return nil
    }

    private mutating func bounded(_ x: Double, spec: InputSpec, at pointer: () -> String) -> Bool {
        if let minimum = spec.minimum, x < minimum {
            issue(pointer(), minimum == 0 ? "must not be negative" : "must be at least \(NumberFormat.string(minimum))")
            return false
        }
        if let minimum = spec.exclusiveMinimum, x <= minimum {
            issue(pointer(), "must be greater than \(NumberFormat.string(minimum))")
            return false
        }
        if let maximum = spec.maximum, x > maximum {
            issue(pointer(), "must be at most \(NumberFormat.string(maximum))")
            return false
        }
        return true
    }

    mutating func hasEnoughItems(_ count: Int, spec: InputSpec, at pointer: () -> String) -> Bool {
        guard let minItems = spec.minItems, count < minItems else { return true }
        issue(pointer(), minItems == 1 ? "must not be empty" : "must have at least \(minItems) elements")
        return false
    }

    /// Records `detail` at `pointer` and passes over the value (unless it was read already): `.invalid`.
    private mutating func wrongType(
        _ cursor: inout JSONCursor, _ pointer: () -> String, _ detail: String, skip: Bool = true
    ) throws(JSONParseError) -> InputValue {
        try reject(&cursor, pointer, detail, skip: skip)
        return .invalid
    }

    /// Records `detail` at `pointer` and passes over the value (unless it was read already).
    mutating func reject(
        _ cursor: inout JSONCursor, _ pointer: () -> String, _ detail: String, skip: Bool = true
    ) throws(JSONParseError) {
        if skip { try cursor.skipValue() }
        issue(pointer(), detail)
    }
}
