import Foundation
import PeerKPIs
import Vapor

// kpi-server's /healthz, /cac and /nps as a Vapor 4 app, the way its documentation writes one.
// Usage: vapor-peer serve --env production --hostname 127.0.0.1 --port 8080

extension Health: Content {}
extension KPIResult: Content {}

var environment = try Environment.detect()
try LoggingSystem.bootstrap(from: &environment)
let app = try await Application.make(environment)

// JSON as JSONEncoder writes it, with one change: `/` as is (it is escaped as `\/` otherwise).
let encoder = JSONEncoder()
encoder.outputFormatting = .withoutEscapingSlashes
ContentConfiguration.global.use(encoder: encoder, for: .json)

app.get("healthz") { _ in Health() }
app.post("cac") { request async throws in
    let input = try request.content.decode(CACInput.self)
    do { return try cac(input) } catch let error as KPIError { throw Abort(.unprocessableEntity, reason: error.message) }
}
app.post("nps") { request async throws in
    let input = try request.content.decode(NPSInput.self)
    do { return try nps(input) } catch let error as KPIError { throw Abort(.unprocessableEntity, reason: error.message) }
}

do {
    try await app.execute()
} catch {
    app.logger.report(error: error)
    try? await app.asyncShutdown()
    throw error
}
try await app.asyncShutdown()
