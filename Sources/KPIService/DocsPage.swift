import HTTPServer
import HTTPTypes

/// `GET /docs`: one page to try the service in a browser. It lists the KPIs of `GET /kpis`, fills a KPI's
/// example into an editable request, sends it, and shows the value, the substituted formula, the steps, the
/// interval as a bar, the goal, and for a 422 each problem beside the field its pointer names; `/series`
/// answers as a chart with each point's interval as a band and the trend line. Numbers are shown to 4
/// significant digits, and the raw JSON of every answer below it with every digit. For a KPI over records, a
/// file tab takes a CSV or NDJSON export (chosen or dropped): its header's columns are mapped to the record's
/// fields (or a `GET /sources` preset is picked), the reading options and other inputs become query parameters,
/// and the answer is shown the same way, record problems grouped with their column.
///
/// Self-contained: no CDN, no third-party asset, no JavaScript build step. The script and the style are routes
/// of their own (`/docs/app.js`, `/docs/app.css`), so the page runs under a Content-Security-Policy that allows
/// nothing inline and nothing from elsewhere. Their sources are `Docs/app.js` (plain ES2020, no library; every
/// text from the service is set as text, never parsed as HTML) and `Docs/app.css` (system fonts, no images),
/// which the EmbedDocsAssets plugin compiles in as `DocsPage.script` and `DocsPage.style`.
enum DocsPage {
    /// No inline script or style, no other origin; `fetch` to this service only; `data:` images (the favicon).
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    static let htmlType = "text/html; charset=utf-8"
    static let scriptType = "text/javascript; charset=utf-8"
    static let styleType = "text/css; charset=utf-8"

    /// The three documents, each built (and gzipped) once.
    static let page = response(html, htmlType)
    static let app = response(script, scriptType)
    static let stylesheet = response(style, styleType)

    private static func response(_ text: String, _ mediaType: String) -> ConstantResponse {
        let fields: HTTPFields = [
            .contentType: mediaType,
            .contentSecurityPolicy: contentSecurityPolicy,
            .referrerPolicy: "no-referrer",
            .cacheControl: "no-cache",
        ]
        return ConstantResponse(Response(status: .ok, headerFields: fields, body: Array(text.utf8)))
    }

    static let html = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>CRM KPI service · try it</title>
        <link rel="icon" href="data:,">
        <link rel="stylesheet" href="/docs/app.css">
        <script src="/docs/app.js" defer></script>
        </head>
        <body>
        <header>
          <h1>CRM KPI service</h1>
          <p>Pick a KPI, edit its request, send it. The whole API: <a href="/openapi.yaml">openapi.yaml</a>.</p>
          <label class="api-key">API key <input id="api-key" type="password" autocomplete="off"
            placeholder="only if the service asks for one"></label>
        </header>
        <main>
          <nav id="kpi-list" aria-label="KPIs"><p class="muted">Loading the catalogue…</p></nav>
          <section id="workbench">
            <div id="kpi-info"><p class="muted">Choose a KPI on the left.</p></div>
            <div class="modes" role="tablist">
              <button id="mode-kpi" type="button" role="tab" aria-selected="true">One request</button>
              <button id="mode-series" type="button" role="tab" aria-selected="false">Series over time</button>
              <button id="mode-file" type="button" role="tab" aria-selected="false" hidden>From a file</button>
            </div>
            <div id="file-panel" hidden>
              <div id="drop-zone">
                <label for="file">Export file (CSV, NDJSON or JSON Lines)</label>
                <input id="file" type="file" accept=".csv,.ndjson,.jsonl,.txt,text/csv,application/x-ndjson">
                <p class="muted">or drop it here · <span id="file-limit"></span></p>
              </div>
              <p id="file-summary" class="muted">No file chosen.</p>
              <div id="source-picker" hidden>
                <label for="source">Source preset</label>
                <select id="source"></select>
                <span id="source-document"></span>
              </div>
              <div id="file-form"></div>
            </div>
            <label for="request" id="request-label">Request body</label>
            <textarea id="request" spellcheck="false" rows="14"></textarea>
            <div class="actions">
              <button id="send" type="button" disabled>Send</button>
              <code id="endpoint"></code>
              <span id="status" role="status"></span>
            </div>
            <div id="output" aria-live="polite"></div>
          </section>
        </main>
        </body>
        </html>

        """
}

extension HTTPField.Name {
    /// `Referrer-Policy` (W3C Referrer Policy §4.1), which swift-http-types does not name.
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}
