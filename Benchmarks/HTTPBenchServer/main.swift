import Dispatch
import Glibc
import HTTPServer
import HTTPTypes

// Bare server for Benchmarks/http-load.sh: `GET /healthz` → {"status":"ok"}.
// Flags: --host H --port P --threads N (env: HOST, PORT, THREADS).

var configuration = ServerConfiguration()
func environment(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
}
configuration.host = environment("HOST") ?? configuration.host
configuration.port = environment("PORT").flatMap { Int($0) } ?? configuration.port
configuration.eventLoopThreads = environment("THREADS").flatMap { Int($0) } ?? configuration.eventLoopThreads
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    let value = arguments.popFirst() ?? ""
    switch flag {
    case "--host": configuration.host = value
    case "--port": configuration.port = Int(value) ?? configuration.port
    case "--threads": configuration.eventLoopThreads = Int(value) ?? configuration.eventLoopThreads
    default:
        print("usage: HTTPBenchServer [--host H] [--port P] [--threads N]")
        exit(2)
    }
}

let healthBody = Array(#"{"status":"ok"}"#.utf8)
let jsonFields: HTTPFields = [.contentType: "application/json"]
let notFound = Array(#"{"type":"about:blank","title":"Not Found","status":404}"#.utf8)
let problemFields: HTTPFields = [.contentType: "application/problem+json"]

let server = Server(configuration: configuration) { request in
    if request.head.path == "/healthz" && (request.head.method == .get || request.head.method == .head) {
        return Response(status: .ok, headerFields: jsonFields, body: healthBody)
    }
    return Response(status: .notFound, headerFields: problemFields, body: notFound)
}

do {
    try ShutdownSignals.handle { _ in server.shutdown() }
    try server.start()
} catch {
    print("HTTPBenchServer: \(error)")
    exit(1)
}
print("HTTPBenchServer listening on \(configuration.host):\(server.port) with \(configuration.eventLoopThreads) loop(s)")
server.wait()
