import Glibc
import HTTPServer
import HTTPTestSupport
import HTTPTypes
import Synchronization
import Testing

/// A refusal on a live socket: raw bytes, expected status.
struct SocketRefusal: CustomTestStringConvertible, Sendable {
    let name: String
    let raw: String
    let status: Int
    var testDescription: String { name }
}

let socketRefusals: [SocketRefusal] = [
    SocketRefusal(name: "CL with TE", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", status: 400),
    SocketRefusal(name: "bare LF", raw: "GET / HTTP/1.1\nHost: a\r\n\r\n", status: 400),
    SocketRefusal(name: "missing Host", raw: "GET / HTTP/1.1\r\n\r\n", status: 400),
    SocketRefusal(name: "HTTP/0.9", raw: "GET /x\r\n", status: 400),
    SocketRefusal(name: "body over the limit", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2000\r\n\r\n", status: 413),
    SocketRefusal(name: "target over the limit", raw: "GET /\(String(repeating: "a", count: 300)) HTTP/1.1\r\nHost: a\r\n\r\n", status: 414),
    SocketRefusal(name: "header section over the limit", raw: "GET / HTTP/1.1\r\nHost: a\r\nX: \(String(repeating: "a", count: 2000))\r\n\r\n", status: 431),
    SocketRefusal(name: "unknown method", raw: "BREW / HTTP/1.1\r\nHost: a\r\n\r\n", status: 501),
    SocketRefusal(name: "gzip before chunked", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", status: 501),
    SocketRefusal(name: "HTTP/2.0", raw: "GET / HTTP/2.0\r\nHost: a\r\n\r\n", status: 505),
    SocketRefusal(name: "bad chunk size", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0x1\r\na\r\n0\r\n\r\n", status: 400),
]

private func smallLimits(_ configuration: inout ServerConfiguration) {
    configuration.maxBodyBytes = 1_024
    configuration.maxTargetBytes = 256
    configuration.maxHeaderBytes = 1_024
}

@Suite("Server on a live socket", .serialized)
struct ServerTests {
    @Test("keeps a connection alive across requests")
    func keepAlive() throws {
        try withServer { server in
            let client = try LoopbackClient(port: server.port)
            for index in 0..<3 {
                client.send("GET /\(index) HTTP/1.1\r\nHost: a\r\n\r\n")
                let response = try #require(client.readResponse())
                #expect(response.status == 200)
                #expect(response.text == "GET /\(index) ")
                #expect(response.header("Connection") == nil)
                #expect(response.header("Server") == "kpi-service")
                #expect(response.header("Date")?.hasSuffix(" GMT") == true)
            }
        }
    }

    @Test("answers pipelined requests in order")
    func pipelining() throws {
        try withServer { server in
            let client = try LoopbackClient(port: server.port)
            client.send((0..<10).map { "POST /\($0) HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\n\($0)" }.joined())
            for index in 0..<10 {
                #expect(client.readResponse()?.text == "POST /\(index) \(index)")
            }
        }
    }

    @Test("accepts a chunked upload")
    func chunkedUpload() throws {
        try withServer { server in
            let client = try LoopbackClient(port: server.port)
            client.send("POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n")
            client.send("5\r\nhello\r\n")
            client.send("1;ext=1\r\n!\r\n0\r\n\r\n")
            #expect(client.readResponse()?.text == "POST /up hello!")
        }
    }

    @Test("sends 100 Continue before reading a wanted body")
    func expectContinue() throws {
        try withServer { server in
            let client = try LoopbackClient(port: server.port)
            client.send("POST /c HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
            #expect(client.readResponse()?.status == 100)
            client.send("data")
            #expect(client.readResponse()?.text == "POST /c data")
        }
    }

    @Test("refuses an oversized body with 413 and no 100 Continue")
    func expectContinueRefused() throws {
        try withServer(smallLimits) { server in
            let client = try LoopbackClient(port: server.port)
            client.send("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n")
            let response = try #require(client.readResponse())
            #expect(response.status == 413)
            #expect(response.header("Connection") == "close")
            #expect(client.isClosedByPeer())
        }
    }

    @Test("refuses a dangerous request with its status, then closes without answering what follows", arguments: socketRefusals)
    func refusal(_ refusal: SocketRefusal) throws {
        try withServer(smallLimits) { server in
            let client = try LoopbackClient(port: server.port)
            client.send(refusal.raw + "GET /next HTTP/1.1\r\nHost: a\r\n\r\n")
            let response = try #require(client.readResponse())
            #expect(response.status == refusal.status)
            // A server without a refusal hook answers its status and detail as text.
            #expect(response.header("Content-Type") == "text/plain; charset=utf-8")
            #expect(response.header("Connection") == "close")
            #expect(response.text.hasSuffix(".\n"))
            #expect(client.isClosedByPeer())
        }
    }

    @Test("answers HEAD with the GET's headers and no body")
    func head() throws {
        try withServer { server in
            let client = try LoopbackClient(port: server.port)
            client.send("HEAD /h HTTP/1.1\r\nHost: a\r\n\r\nGET /h HTTP/1.1\r\nHost: a\r\n\r\n")
            let head = try #require(client.readResponse(isHead: true))
            #expect(head.header("Content-Length") == "8")
            #expect(client.readResponse()?.text == "GET /h ")
        }
    }

    @Test("keeps HTTP/1.0 alive only when asked, and says so")
    func http10() throws {
        try withServer { server in
            let client = try LoopbackClient(port: server.port)
            client.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(client.readResponse()?.header("Connection") == "keep-alive")
            client.send("GET / HTTP/1.0\r\n\r\n")
            #expect(client.readResponse()?.header("Connection") == "close")
            #expect(client.isClosedByPeer())
        }
    }

    @Test("honours Connection: close from the client")
    func clientClose() throws {
        try withServer { server in
            let client = try LoopbackClient(port: server.port)
            client.send("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            #expect(client.readResponse()?.header("Connection") == "close")
            #expect(client.isClosedByPeer())
        }
    }

    @Test("closes after the configured number of requests")
    func maxRequests() throws {
        try withServer({ $0.maxRequestsPerConnection = 2 }) { server in
            let client = try LoopbackClient(port: server.port)
            client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(client.readResponse()?.header("Connection") == nil)
            #expect(client.readResponse()?.header("Connection") == "close")
            #expect(client.isClosedByPeer())
        }
    }

    @Test("answers 400 when the client ends its side mid-request")
    func halfClosedMidRequest() throws {
        try withServer { server in
            let client = try LoopbackClient(port: server.port)
            client.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc")
            client.shutdownWrite()
            #expect(client.readResponse()?.status == 400)
            #expect(client.isClosedByPeer())
        }
    }

    @Test("serves IPv6")
    func ipv6() throws {
        try withServer({ $0.host = "::1" }) { server in
            let client = try LoopbackClient(host: "::1", port: server.port)
            client.send("GET /six HTTP/1.1\r\nHost: [::1]\r\n\r\n")
            #expect(client.readResponse()?.text == "GET /six ")
        }
    }

    @Test("stops reading from a client that does not read, then catches up")
    func backpressure() throws {
        let big = [UInt8](repeating: UInt8(ascii: "x"), count: 512 * 1024)
        try withServer(handler: { request in
            Response(status: .ok, headerFields: [.contentType: request.head.path ?? ""], body: big)
        }) { server in
            let client = try LoopbackClient(port: server.port)
            client.send((0..<16).map { "GET /\($0) HTTP/1.1\r\nHost: a\r\n\r\n" }.joined())
            usleep(200_000)
            for index in 0..<16 {
                let response = try #require(client.readResponse())
                #expect(response.header("Content-Type") == "/\(index)")
                #expect(response.body.count == big.count)
            }
        }
    }
}
