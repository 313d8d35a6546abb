import JSON
import Testing

@testable import KPICore

@Suite("KPIRegistry")
struct KPIRegistryTests {
    @Test("The registry holds the contract's twenty-three KPIs in catalogue order, each id once")
    func catalogue() {
        #expect(KPIRegistry.all.map(\.id) == [
            "cac", "clv", "ltv-cac-ratio", "cac-payback", "sales-cycle-length", "marketing-originated", "churn-rate",
            "renewal-rate", "retention-rate", "close-rate", "mql-to-sql", "upsell-rate", "cross-sell-rate",
            "quota-attainment", "net-new-revenue", "pipeline-stages", "resolution-time", "nps", "social-engagement",
            "reputation", "revenue-retention", "mrr-movements", "cohort-retention",
        ])
    }

    @Test("Every KPI is in exactly one family, and no family is empty")
    func families() {
        let grouped = KPIRegistry.families.flatMap { $0.kpis.map(\.id) }
        #expect(grouped.sorted() == KPIRegistry.all.map(\.id).sorted(), "put every KPI of `all` in one family of `families`, once")
        #expect(KPIRegistry.families.allSatisfy { !$0.kpis.isEmpty })
        #expect(Set(KPIRegistry.families.map(\.name)).count == KPIRegistry.families.count, "two families have one name")
    }

    @Test("An unknown id has no definition")
    func unknown() {
        #expect(KPIRegistry.definition(id: "cacx") == nil)
        #expect(KPIRegistry.definition(id: "") == nil)
    }

    @Test("Every KPI is fully documented and its example request computes", arguments: KPIRegistry.all.map(\.id))
    func documented(id: String) throws {
        let kpi = try Fixture.kpi(id)
        #expect(!kpi.name.isEmpty)
        #expect(!kpi.summary.isEmpty)
        #expect(kpi.formula.hasPrefix(kpi.symbol + " = "))
        #expect(!kpi.inputs.isEmpty)
        for input in kpi.inputs {
            #expect(!input.doc.isEmpty, "\(id).\(input.name) has no doc")
            #expect(input.example != .null || input.presence == .nullable, "\(id).\(input.name) has no example")
        }
        let result = try kpi.evaluate(kpi.example)
        #expect(result.kpi == id)
        #expect(result.unit == kpi.unit)
        #expect(result.formula.hasPrefix(kpi.symbol + " = "))
        #expect(result.steps.last.map { result.substituted == kpi.symbol + " = " + $0.substituted } == true)
    }

    @Test("Every KPI's input schema lists every input, target, scenarios, solve and the reading options, and nothing else", arguments: KPIRegistry.all.map(\.id))
    func schema(id: String) throws {
        let kpi = try Fixture.kpi(id)
        let schema = try #require(kpi.inputSchema.objectValue)
        #expect(schema["type"] == "object")
        #expect(schema["additionalProperties"] == false)
        let properties = try #require(schema["properties"]?.objectValue)
        #expect(properties.keys == kpi.inputs.map(\.name) + ["target", "scenarios", "solve"] + kpi.readingOptions.map(\.name))
        for input in kpi.inputs {
            #expect(properties[input.name]?["description"] == .string(input.doc))
        }
        let required = schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(required == kpi.inputs.filter { $0.presence == .required }.map(\.name))
    }

    @Test("Every KPI accepts a target and reports the goal in its default direction", arguments: KPIRegistry.all.map(\.id))
    func goals(id: String) throws {
        let kpi = try Fixture.kpi(id)
        var body = try #require(kpi.example.objectValue)
        body["target"] = ["value": 0]
        let result = try kpi.evaluate(.object(body))
        let goal = try #require(result.goal)
        #expect(goal.direction == (kpi.betterDirection == .lower ? .atMost : .atLeast))
        #expect(goal.gap == result.value)
    }

    @Test("Every KPI rejects a body that is not an object, and an unknown field", arguments: KPIRegistry.all.map(\.id))
    func rejectsJunk(id: String) throws {
        #expect(try Fixture.issues(id, [1, 2]) == [.at("", "must be a JSON object")])
        var body = try #require(try Fixture.kpi(id).example.objectValue)
        body["unknownField"] = 1
        #expect(try Fixture.issues(id, .object(body)) == [.at("/unknownField", "is not a known field")])
    }

    @Test("Every count field is a whole number from 0 to 2⁶³ − 1", arguments: KPIRegistry.all.map(\.id))
    func counts(id: String) throws {
        let kpi = try Fixture.kpi(id)
        for input in kpi.inputs where input.kind == .count {
            for bad: JSONValue in [2.5, "10", true, 1e30, -1] {
                var body = try #require(kpi.example.objectValue)
                body[input.name] = bad
                let issues = try Fixture.issues(id, .object(body))
                #expect(issues.contains(.at("/" + input.name, InputReader.countDetail)), "\(id).\(input.name) = \(bad)")
            }
        }
    }
}
