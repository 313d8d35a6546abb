import Foundation
import Testing

@testable import KPIService

/// `GET /docs` and its two assets (the page itself is exercised in a browser by Tests/browser/test_docs.py).
@Suite struct DocsPageTests {
    @Test(arguments: TestTransport.allCases, [
        ("/docs", "text/html; charset=utf-8"), ("/docs/app.js", "text/javascript; charset=utf-8"),
        ("/docs/app.css", "text/css; charset=utf-8"),
    ])
    func thePageAndItsAssetsAreServedUnderAStrictContentSecurityPolicy(transport: TestTransport, route: (String, String)) throws {
        try Application.testing().test(transport) { client in
            let reply = try client.execute(.get, route.0)
            #expect(reply.status == 200)
            #expect(reply["Content-Type"] == route.1)
            #expect(reply["Content-Security-Policy"]?.hasPrefix("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';") == true)
            #expect(reply["X-Content-Type-Options"] == "nosniff")
            #expect(!reply.text.isEmpty)
        }
    }

    @Test func thePageLoadsNothingInlineAndNothingFromElsewhere() {
        let page = DocsPage.html
        #expect(page.contains(#"<script src="/docs/app.js" defer></script>"#))
        #expect(page.contains(#"<link rel="stylesheet" href="/docs/app.css">"#))
        #expect(!page.contains("<style") && !page.contains("style=") && !page.contains(#/ on[a-z]+=/#))
        for text in [DocsPage.html, DocsPage.script, DocsPage.style] {
            #expect(!text.contains("https://") && !text.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http://"))
        }
        // Text from the service is set as text: the script never parses HTML.
        #expect(!DocsPage.script.contains("innerHTML") && !DocsPage.script.contains("insertAdjacentHTML"))
    }

    /// The EmbedDocsAssets plugin joins the script's files in order: `/docs/app.js` is `Docs/app.js` (helpers and
    /// renderers) then `Docs/file.js` (the file tab that uses them), byte for byte.
    @Test func theScriptIsItsFilesJoinedInOrder() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/KPIService/Docs").standardizedFileURL
        let files = try ["app.js", "file.js"].map { try String(contentsOf: docs.appendingPathComponent($0), encoding: .utf8) }
        #expect(DocsPage.script == files.joined())
        #expect(DocsPage.style == (try String(contentsOf: docs.appendingPathComponent("app.css"), encoding: .utf8)))
    }
}
