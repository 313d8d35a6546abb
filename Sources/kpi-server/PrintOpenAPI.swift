import ArgumentParser
import KPIService

/// `kpi-server openapi`: prints the OpenAPI document (the source of `openapi.yaml`).
struct PrintOpenAPI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openapi", abstract: "Print the OpenAPI 3.1 document generated from the KPI registry.")

    func run() throws {
        print(OpenAPIDocument.yaml(), terminator: "")
    }
}
