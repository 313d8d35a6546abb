import Foundation
import Hummingbird
import PeerKPIs

// kpi-server's /healthz, /cac and /nps as a Hummingbird 2 app, the way its documentation writes one.
// Usage: hummingbird-peer --hostname 127.0.0.1 --port 8080

/// The default context with one change: `/` written as is (JSONEncoder escapes it as `\/` otherwise).
struct PeerContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    init(source: ApplicationRequestContextSource) { coreContext = .init(source: source) }
    var responseEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return encoder
    }
}

extension Health: ResponseEncodable {}
extension KPIResult: ResponseEncodable {}

func option(_ name: String, default value: String) -> String {
    let arguments = CommandLine.arguments
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return value }
    return arguments[i + 1]
}

let router = Router(context: PeerContext.self)
router.get("healthz") { _, _ in Health() }
router.post("cac") { request, context in
    let input = try await request.decode(as: CACInput.self, context: context)
    do { return try cac(input) } catch let error as KPIError { throw HTTPError(.unprocessableContent, message: error.message) }
}
router.post("nps") { request, context in
    let input = try await request.decode(as: NPSInput.self, context: context)
    do { return try nps(input) } catch let error as KPIError { throw HTTPError(.unprocessableContent, message: error.message) }
}

let app = Application(
    router: router,
    configuration: .init(
        address: .hostname(option("--hostname", default: "127.0.0.1"), port: Int(option("--port", default: "8080"))!),
        serverName: "hummingbird-peer"))
try await app.runService()
