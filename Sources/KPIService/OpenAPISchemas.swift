import JSON
import KPICore

/// The fixed JSON Schemas of the OpenAPI document: result envelope, problem, catalogue, batch, health.
enum OpenAPISchemas {
    private static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }
    private static let number: JSONValue = ["type": "number"]
    private static let string: JSONValue = ["type": "string"]
    /// The contract's units (a test checks every KPI's unit is one of them).
    static let units: JSONValue = ["currency", "percent", "ratio", "days", "hours", "months", "score", "count"]

    /// Every fixed schema, by component name.
    static let shared: JSONObject = [
        "KPIResult": [
            "type": "object",
            "description": "A KPI with its working",
            "required": ["kpi", "name", "value", "unit", "formula", "substituted", "breakdown", "steps", "warnings"],
            "properties": [
                "kpi": ["type": "string", "description": "The KPI id", "example": "cac"],
                "name": string,
                "value": ["type": "number", "description": "The KPI, unrounded"],
                "unit": ["type": "string", "enum": units],
                "formula": ["type": "string", "example": "CAC = totalSpend / newCustomers"],
                "substituted": ["type": "string", "example": "CAC = 10000 / 10 = 1000"],
                "breakdown": [
                    "type": "object",
                    "description": "Every input and intermediate, by name; a string names a definition the result used (`churnDenominator`, `basis`, `reading`, `newMeans`, a window's `from`/`to`, the `timeZone` given); an array lists records by their ids as given (`detractorIds`, `staleDealIds`)",
                    // One type per branch: swift-openapi-generator 1.14.3 reads `type: [number, string]` as its first
                    // type only, and a client then fails to decode every result with a string in its breakdown.
                    "additionalProperties": [
                        "anyOf": [
                            number, string,
                            ["type": "array", "items": ["anyOf": [string, ["type": "integer"]]]],
                            ["enum": [nil]],
                        ],
                    ],
                ],
                "steps": ["type": "array", "items": ref("Step")],
                "interval": ref("Interval"),
                "groups": ["type": "array", "items": ref("Group")],
                "cohorts": ["type": "array", "items": ref("Cohort"), "description": "/cohort-retention: one row per starting month"],
                "goal": ref("Goal"),
                "scenarios": ["type": "array", "items": ref("ScenarioResult"), "description": "With `scenarios` in the request: each recomputed, in order"],
                "solved": ref("Solved"),
                "skipped": [
                    "type": "object", "description": "With `invalidRows: \"skip\"`: the records left out, and each distinct problem once",
                    "required": ["rows", "problems"],
                    "properties": ["rows": ["type": "integer", "minimum": 1], "problems": ["type": "array", "items": ref("ProblemGroup")]],
                ],
                "warnings": ["type": "array", "items": string],
            ],
        ],
        "Cohort": [
            "type": "object",
            "description": "Customers who started in one month: retention in percent at months 0, 1, … after it, up to the last month in the data",
            "required": ["cohort", "size", "retention"],
            "properties": [
                "cohort": ["type": "string", "example": "2024-01"],
                "size": ["type": "integer", "minimum": 0],
                "retention": ["type": "array", "items": number, "description": "Logo: percent of the cohort's customers still paying; revenue: percent of its first month's MRR (can pass 100)"],
                "intervals": ["type": "array", "items": ref("Interval"), "description": "Logo only: the 95 % Wilson interval of each cell"],
            ],
        ],
        "ScenarioResult": [
            "type": "object",
            "required": ["name", "value", "difference", "substituted"],
            "properties": [
                "name": string,
                "value": ["type": "number", "description": "The KPI with the scenario's inputs"],
                "difference": ["type": "number", "description": "value − the measured value"],
                "substituted": ["type": "string", "example": "closeRate = 12 / 40 × 100 = 30"],
            ],
        ],
        "Solved": [
            "type": "object",
            "description": "The input solved for, holding the KPI's value (or atValue); counts rounded up",
            "required": ["for", "value", "low", "high", "substituted"],
            "properties": [
                "for": ["type": "string", "example": "leads"],
                "value": number,
                "low": ["type": ["number", "null"], "description": "The solution at one end of the KPI's interval; null without an interval"],
                "high": ["type": ["number", "null"], "description": "The solution at the other end; null without an interval or when unbounded"],
                "substituted": ["type": "string", "example": "leads = 12 / 0.3 = 40"],
            ],
        ],
        "Step": [
            "type": "object",
            "required": ["name", "formula", "substituted", "value"],
            "properties": ["name": string, "formula": string, "substituted": string, "value": number],
        ],
        "Interval": [
            "type": "object",
            "description": "95 % interval in the KPI's unit: Wilson score for rates, standard error for NPS and net sentiment, Student t for mean review stars",
            "required": ["level", "low", "high"],
            "properties": ["level": ["type": "number", "example": 0.95], "low": number, "high": number],
        ],
        "Group": [
            "type": "object",
            "description": "One rep / agent / stage / month: its record count and value (a rate's group, such as a rep's close rate, with its Wilson interval); /mrr-movements months add their movements (nrr, grr without MRR at the start, logoChurn without customers, arpa without paying customers and quickRatio without lost MRR are left out)",
            "required": ["key", "count", "value"],
            "properties": [
                "key": string,
                "count": ["type": "integer", "minimum": 0],
                "value": ["type": ["number", "null"]],
                "interval": ref("Interval"),
                "reached": ["type": "integer", "minimum": 0, "description": "/pipeline-stages: deals with a row at this stage or a later one (count: deals with a row at this stage; value: the conversion of reached deals to the next stage)"],
                "meanDays": ["type": ["number", "null"]],
                "startingMrr": number, "newMrr": number, "expansionMrr": number, "contractionMrr": number,
                "churnedMrr": number, "reactivationMrr": number, "endingMrr": number,
                "customersAtStart": ["type": "integer", "minimum": 0], "customersLost": ["type": "integer", "minimum": 0],
                "logoChurn": number, "logoChurnLow": number, "logoChurnHigh": number, "nrr": number, "grr": number,
                "arr": ["type": "number", "description": "/mrr-movements: ending MRR × 12"],
                "arpa": ["type": "number", "description": "/mrr-movements: ending MRR / paying customers (absent without any)"],
                "quickRatio": ["type": "number", "description": "/mrr-movements: (new + expansion + reactivation) / (churned + contraction), absent when nothing was lost"],
            ],
        ],
        "Goal": [
            "type": "object",
            "required": ["target", "direction", "met", "gap"],
            "properties": [
                "target": number,
                "direction": ref("GoalDirection"),
                "met": ["type": "boolean"],
                "gap": ["type": "number", "description": "value − target"],
                "deadline": ["type": "string", "format": "date"],
            ],
        ],
        "Problem": [
            "type": "object",
            "description": "RFC 9457 problem details",
            "required": ["type", "title", "status", "detail"],
            "properties": [
                "type": [
                    "type": "string", "format": "uri-reference",
                    "description": "What kind of problem; `GET` it for its documentation",
                    "enum": .array(JSONArray(ProblemType.allCases.map { .string($0.uri) })),
                    "example": "/problems/invalid-input",
                ],
                "title": ["type": "string", "description": "The type's title (the same for every problem of a type)", "example": "Invalid input"],
                "status": ["type": "integer", "example": 422],
                "detail": ["type": "string", "example": "newCustomers must be greater than 0"],
                "instance": ["type": "string", "example": "/cac"],
                "grouped": ["type": "array", "items": ref("ProblemGroup"), "description": "The errors about records, each distinct problem once: its field, detail, how many records have it and the first three pointers"],
                "errors": ["type": "array", "items": ref("FieldError")],
            ],
        ],
        "ProblemGroup": [
            "type": "object",
            "description": "One distinct problem of records: the field within a record (`\"\"` for the whole record), what is wrong, how many records have it and the pointers of the first three",
            "required": ["field", "detail", "rows", "first"],
            "properties": [
                "field": ["type": "string", "example": "createdAt"],
                "detail": ["type": "string", "example": "is not a real date or time"],
                "rows": ["type": "integer", "minimum": 1, "example": 5400],
                "first": ["type": "array", "items": string, "maxItems": 3, "example": ["/deals/0/createdAt", "/deals/1/createdAt", "/deals/2/createdAt"]],
            ],
        ],
        "ProblemTypeDocument": [
            "type": "object",
            "required": ["type", "title", "status", "description"],
            "properties": [
                "type": ["type": "string", "example": "/problems/invalid-input"],
                "title": ["type": "string", "example": "Invalid input"],
                "status": ["type": "integer", "example": 422],
                "description": string,
            ],
        ],
        "FieldError": [
            "type": "object",
            "required": ["pointer", "detail"],
            "properties": [
                "pointer": ["type": "string", "description": "RFC 6901 JSON Pointer into the request body", "example": "/newCustomers"],
                "detail": ["type": "string", "example": "must be greater than 0"],
            ],
        ],
        "CatalogueEntry": [
            "type": "object",
            "required": ["id", "path", "name", "description", "formula", "unit", "betterDirection", "inputSchema", "solvable", "example", "seriesForms", "eventDate", "seriesPeriods", "records", "mediaTypes", "readingOptions"],
            "properties": [
                "id": string, "path": string, "name": string, "description": string, "formula": string,
                "unit": ["type": "string", "enum": units],
                "betterDirection": ["type": "string", "enum": ["higher", "lower"]],
                "inputSchema": ["type": "object", "description": "JSON Schema of the request body"],
                "solvable": ["type": "array", "items": string, "description": "The inputs `solve.for` can name"],
                "example": ["type": "object", "description": "An example request body"],
                "seriesForms": [
                    "type": "array", "items": ["type": "string", "enum": ["points", "records"]],
                    "description": "The forms of POST /series this KPI takes: points (always), and records when its records carry an event date",
                    "example": ["points", "records"],
                ],
                "eventDate": [
                    "type": ["string", "null"],
                    "description": "The date the records form of POST /series buckets this KPI's records by (`deals[].closedAt`), or the month of the rows whose window each monthly point sets (`mrr[].month`: the point is the KPI over all the rows with from = to = that month); null when it has none",
                    "example": "deals[].closedAt",
                ],
                "seriesPeriods": [
                    "type": "array", "items": ["type": "string", "enum": .array(JSONArray(Period.Granularity.allCases.map { .string($0.rawValue) }))],
                    "description": "The periods the records form of POST /series takes for this KPI: all of them when its records are bucketed by date, only month for a month window, none without a records form",
                    "example": ["month"],
                ],
                "records": [
                    "type": ["string", "null"],
                    "description": "The record array an NDJSON or CSV body holds (`deals`), the other inputs then being query parameters; null when the KPI has none (JSON bodies only)",
                    "example": "deals",
                ],
                "mediaTypes": [
                    "type": "array", "items": ["type": "string", "enum": ["application/json", "application/x-ndjson", "text/csv"]],
                    "description": "The request media types the KPI's route reads: JSON always, NDJSON with a record array, CSV when every record field fits in a cell",
                    "example": ["application/json", "application/x-ndjson", "text/csv"],
                ],
                "readingOptions": [
                    "type": "array", "items": string,
                    "description": "The inputs that say how the records are read (`columns`, `dateFormat`, …): members of a JSON body, query parameters beside NDJSON or CSV; none without a record array",
                    "example": ["columns", "unknownFields", "invalidRows", "numberFormat", "delimiter", "dateFormat"],
                ],
            ],
        ],
        "Catalogue": [
            "type": "object",
            "required": ["kpis"],
            "properties": ["kpis": ["type": "array", "items": ref("CatalogueEntry")]],
        ],
        "BatchRequest": [
            "type": "object",
            "required": ["items"],
            "additionalProperties": false,
            "properties": [
                "items": [
                    "type": "array", "maxItems": .int(Batch.maxItems),
                    // `{}` (any JSON value) rather than its equivalent `true`, which client generators cannot read.
                    "items": [
                        "description": "A BatchItem. Anything else is accepted here and answered with its own 422 result: one bad item fails only itself.",
                        "anyOf": [ref("BatchItem"), [:]],
                    ],
                ],
            ],
        ],
        "BatchItem": [
            "type": "object",
            "required": ["kpi", "input"],
            "additionalProperties": false,
            "properties": [
                "kpi": ["type": "string", "description": "A KPI id, e.g. cac"],
                "input": ["type": "object", "description": "That KPI's request body"],
            ],
        ],
        "BatchResponse": [
            "type": "object",
            "required": ["results"],
            "properties": [
                "results": [
                    "type": "array",
                    "description": "One entry per item, in order: 200 with its result, 422 with its problem, or 413 for the items after the answers reached the 8 MiB response budget.",
                    "items": [
                        "type": "object",
                        "required": ["status"],
                        "properties": [
                            "status": ["type": "integer", "enum": [200, 413, 422]],
                            "result": ref("KPIResult"),
                            "problem": ref("Problem"),
                        ],
                    ],
                ],
            ],
        ],
        "Health": [
            "type": "object",
            "required": ["status"],
            "properties": ["status": ["type": "string", "example": "ok"]],
        ],
        "ServiceInfo": [
            "type": "object",
            "required": ["service", "version", "links"],
            "properties": [
                "service": string, "version": string,
                "links": ["type": "object", "additionalProperties": string],
            ],
        ],
    ]

    /// The schemas of `/series` and `/compare`, by component name (`Target` comes with the KPI inputs' shapes).
    static let overTime: JSONObject = [
        "SeriesRequest": [
            "type": "object",
            "description": "Exactly one form: `points` (one input per period, every KPI), or the records form (`period`, `from`, `to`, `input`) for a KPI whose records carry an event date (its catalogue entry's `eventDate`): the records are bucketed into periods by that date and the KPI is computed over each bucket; for the subscription KPIs (`mrr[].month`, `period` month only) each point is the KPI over all the rows with its window (`from` = `to`) set to that month. Every date (the deadline, from, to, a record's) must fall within the years 0000 to 9999 once converted to UTC, so that each period label has a four-digit year the service reads back: 9999-12-31T23:00:00-05:00 is a 422 at its field",
            "required": ["kpi"],
            "additionalProperties": false,
            "properties": [
                "kpi": ["type": "string", "description": "A KPI id, e.g. churn-rate", "enum": .array(JSONArray(KPIRegistry.all.map { .string($0.id) }))],
                "points": ["type": "array", "minItems": 1, "maxItems": .int(Series.maxPoints), "items": ref("SeriesPoint")],
                "target": ref("Target"),
                "period": ["type": "string", "enum": .array(JSONArray(Period.Granularity.allCases.map { .string($0.rawValue) })),
                           "description": "Records form (required there): the period to bucket records into"],
                "from": ["type": "string",
                         "description": "Records form: the first date included, an ISO 8601 date or date-time with offset (default: the first event's period); earlier records are left out with a warning", "example": "2024-01-01"],
                "to": ["type": "string",
                       "description": "Records form: the last date included, a date meaning its whole day (default: the last event's period); later records are left out with a warning; at most 1000 periods from from", "example": "2024-06-30"],
                "input": ["type": "object", "description": "Records form (required there): what POST /<kpi> takes, with its records (deals, tickets, responses)", "example": ["deals": [["id": "d-1", "createdAt": "2024-01-03", "closedAt": "2024-01-24"]]]],
                "minSample": ["type": "integer", "minimum": 1, "maximum": .number(JSONNumber(Int64.max)),
                              "description": "Points whose value rests on fewer observations (included deals, resolved tickets, responses, a rate's denominator) stay in points but are left out of the trend, the change and the goal's projection (the goal is still judged on the last value); a KPI without such a count is never left out", "example": 30],
            ],
        ],
        "SeriesPoint": [
            "type": "object",
            "required": ["period", "input"],
            "additionalProperties": false,
            "properties": [
                "period": [
                    "type": "string",
                    "description": "A period label, one granularity per series, strictly increasing: day 2024-03-05, ISO week 2024-W10, month 2024-03, quarter 2024-Q1, year 2024",
                    "example": "2024-03",
                ],
                "input": ["type": "object", "description": "What POST /<kpi> takes"],
            ],
        ],
        "SeriesResponse": [
            "type": "object",
            "required": ["kpi", "unit", "period", "points", "trend", "change", "warnings"],
            "properties": [
                "kpi": string,
                "unit": ["type": "string", "enum": units],
                "period": ["type": "string", "enum": .array(JSONArray(Period.Granularity.allCases.map { .string($0.rawValue) }))],
                "points": ["type": "array", "items": ref("SeriesPointResult")],
                "trend": ["description": "Null below 3 points with a value", "oneOf": [ref("Trend"), ["enum": [nil]]]],
                "change": ["description": "Between the last two points with a value; null below 2", "oneOf": [ref("Change"), ["enum": [nil]]]],
                "goal": ["description": "With a target: judged on the last value", "oneOf": [ref("SeriesGoal"), ["enum": [nil]]]],
                "warnings": ["type": "array", "items": string],
            ],
        ],
        "SeriesPointResult": [
            "type": "object",
            "description": "200 with its result (null with count 0 for an empty bucket), 422 with its problem (pointers relative to the point), or 413 past the 8 MiB response budget",
            "required": ["period", "status"],
            "properties": [
                "period": string,
                "status": ["type": "integer", "enum": [200, 413, 422]],
                "result": ["oneOf": [ref("KPIResult"), ["enum": [nil]]]],
                "count": ["type": "integer", "minimum": 0],
                "smallSample": ["type": "boolean", "enum": [true],
                                "description": "Present (true) when the value rests on fewer than 30 observations (included deals, resolved tickets, responses, a rate's denominator); a warning names such points"],
                "problem": ref("Problem"),
            ],
        ],
        "Trend": [
            "type": "object",
            "description": "Ordinary least squares of the values on the period index; interval = slope ± t(0.975, n − 2)·se(slope)",
            "required": ["method", "points", "slope", "unit", "interval"],
            "properties": [
                "method": ["type": "string", "enum": ["ols"]],
                "points": ["type": "integer", "minimum": 3],
                "slope": ["type": "number", "description": "Change per period"],
                "unit": ["type": "string", "example": "percentage points per month"],
                "interval": ref("Interval"),
            ],
        ],
        "Change": [
            "type": "object",
            "description": "b − a in the KPI's unit (percentage points for percent KPIs)",
            "required": ["a", "b", "difference", "relative", "unit", "substituted", "interval", "test", "significant"],
            "properties": [
                "a": number,
                "b": number,
                "difference": ["type": "number", "description": "b − a"],
                "relative": ["type": ["number", "null"], "description": "(b − a) / |a| × 100; null when a is 0"],
                "unit": ["type": "string", "example": "percentage points"],
                "substituted": ["type": "string", "example": "9.5 − 12 = −2.5"],
                "interval": [
                    "description": "95 % interval of b − a: Newcombe (rates), z (NPS), Welch t (means over records); null without a sampling model or when it cannot be computed",
                    "oneOf": [ref("Interval"), ["enum": [nil]]],
                ],
                "test": ["oneOf": [ref("ChangeTest"), ["enum": [nil]]]],
                "significant": ["type": ["boolean", "null"], "description": "pValue < 0.05; null without a test"],
            ],
        ],
        "ChangeTest": [
            "type": "object",
            "required": ["method", "statistic", "pValue"],
            "properties": [
                "method": ["type": "string", "enum": ["two-proportion z", "NPS z", "Welch t"]],
                "statistic": number,
                "pValue": ["type": "number", "description": "Two-sided"],
                "degreesOfFreedom": ["type": "number", "description": "Welch–Satterthwaite (Welch t only)"],
            ],
        ],
        "SeriesGoal": [
            "type": "object",
            "description": "The goal judged on the last value; with a deadline, where the trend leads",
            "required": ["target", "direction", "met", "gap"],
            "properties": [
                "target": number,
                "direction": ["type": "string", "enum": ["atLeast", "atMost"]],
                "met": ["type": "boolean"],
                "gap": ["type": "number", "description": "last value − target"],
                "deadline": ["type": "string"],
                "projected": ["oneOf": [ref("Projection"), ["enum": [nil]]]],
                "onTrack": ["type": ["boolean", "null"], "description": "The projection meets the target"],
                "requiredPerPeriod": ["type": ["number", "null"], "description": "(target − last value) / (deadline index − last index)"],
            ],
        ],
        "Projection": [
            "type": "object",
            "description": "The fitted line at the deadline's period, with the 95 % interval of the fitted mean",
            "required": ["period", "value", "low", "high"],
            "properties": ["period": string, "value": number, "low": number, "high": number],
        ],
        "CompareRequest": [
            "type": "object",
            "required": ["kpi", "a", "b"],
            "additionalProperties": false,
            "properties": [
                "kpi": ["type": "string", "enum": .array(JSONArray(KPIRegistry.all.map { .string($0.id) }))],
                "a": ["type": "object", "description": "What POST /<kpi> takes: before, or the baseline"],
                "b": ["type": "object", "description": "What POST /<kpi> takes: after"],
            ],
        ],
        "CompareResponse": [
            "type": "object",
            "required": ["kpi", "a", "b", "change", "warnings"],
            "properties": [
                "kpi": string,
                "a": ref("KPIResult"),
                "b": ref("KPIResult"),
                "change": ref("Change"),
                "warnings": ["type": "array", "items": string],
            ],
        ],
    ]
}
