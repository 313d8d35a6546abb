extension DocsPage {
    /// `GET /docs/app.css`: the page's style (system fonts, no images).
    static let style = """
        :root {
          --ink: #1d2430; --muted: #5b6576; --line: #d8dde6; --paper: #ffffff; --wash: #f4f6f9;
          --accent: #2459c7; --good: #1d7a46; --bad: #b42318; --band: #c9d8f5;
          font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
          color: var(--ink); background: var(--wash);
        }
        * { box-sizing: border-box; }
        body { margin: 0; }
        header { padding: 14px 24px; background: var(--paper); border-bottom: 1px solid var(--line);
          display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 24px; }
        header h1 { font-size: 20px; margin: 0; }
        header p { margin: 0; color: var(--muted); flex: 1; }
        .api-key { color: var(--muted); font-size: 13px; }
        .api-key input { width: 16em; }
        main { display: grid; grid-template-columns: 250px minmax(0, 1fr); gap: 20px; padding: 20px 24px; }
        nav { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 6px;
          align-self: start; max-height: calc(100vh - 120px); overflow: auto; }
        nav button { display: block; width: 100%; text-align: left; border: 0; background: none; padding: 6px 10px;
          border-radius: 6px; font: inherit; color: inherit; cursor: pointer; }
        nav button:hover { background: var(--wash); }
        nav button[aria-current="true"] { background: var(--accent); color: #fff; }
        nav button small { display: block; opacity: .75; font-size: 12px; }
        #workbench { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; }
        #kpi-info h2 { margin: 0 0 4px; font-size: 18px; }
        #kpi-info p { margin: 4px 0; }
        .muted { color: var(--muted); }
        code, textarea { font: 13px/1.4 ui-monospace, "SFMono-Regular", Menlo, "DejaVu Sans Mono", monospace; }
        .modes { margin: 12px 0 6px; display: flex; gap: 6px; }
        .modes button { border: 1px solid var(--line); background: var(--wash); border-radius: 6px; padding: 4px 12px;
          font: inherit; cursor: pointer; }
        .modes button[aria-selected="true"] { background: var(--ink); color: #fff; border-color: var(--ink); }
        label { display: block; font-weight: 600; margin: 8px 0 4px; }
        textarea { width: 100%; border: 1px solid var(--line); border-radius: 6px; padding: 8px; background: #fbfcfd; }
        .actions { display: flex; align-items: center; gap: 12px; margin: 8px 0 16px; }
        #send { background: var(--accent); color: #fff; border: 0; border-radius: 6px; padding: 7px 20px;
          font: inherit; font-weight: 600; cursor: pointer; }
        #send:disabled { opacity: .5; cursor: default; }
        #status.ok { color: var(--good); }
        #status.error { color: var(--bad); }
        .value { font-size: 30px; font-weight: 650; margin: 0; }
        .value .unit { font-size: 16px; font-weight: 400; color: var(--muted); margin-left: 6px; }
        .substituted { margin: 4px 0 12px; }
        .substituted code, .steps code { background: var(--wash); padding: 1px 5px; border-radius: 4px; }
        h3 { font-size: 14px; margin: 16px 0 6px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
        .steps { margin: 0; padding-left: 22px; }
        .steps li { margin: 3px 0; }
        figure { margin: 10px 0; }
        figcaption { font-size: 13px; }
        .interval svg, .chart svg { display: block; max-width: 100%; height: auto; }
        .interval .axis, .chart .axis { stroke: var(--line); stroke-width: 1; }
        .interval .band { fill: var(--band); }
        .interval .mark, .chart .dot { fill: var(--accent); }
        .interval .target, .chart .target { stroke: var(--good); stroke-width: 2; stroke-dasharray: 4 3; }
        .interval text, .chart text { font-size: 11px; fill: var(--muted); }
        .chart .line { fill: none; stroke: var(--accent); stroke-width: 2; }
        .chart .point-band { fill: var(--band); fill-opacity: .7; stroke: none; }
        .raw summary { cursor: pointer; color: var(--muted); font-size: 13px; }
        .raw pre { font: 12px/1.4 ui-monospace, "SFMono-Regular", Menlo, "DejaVu Sans Mono", monospace; background: var(--wash);
          padding: 8px; border-radius: 6px; overflow: auto; max-height: 320px; }
        .chart .trend { stroke: #e0771d; stroke-width: 2; stroke-dasharray: 6 4; }
        .chart .failed { stroke: var(--bad); stroke-width: 2; }
        .chart .empty { fill: var(--paper); stroke: var(--muted); }
        .chart .projected { fill: #e0771d; }
        .chart .whisker { stroke: #e0771d; stroke-width: 2; }
        .goal { padding: 8px 12px; border-radius: 6px; border-left: 4px solid; margin: 8px 0; }
        .goal.met { border-color: var(--good); background: #eaf6ef; }
        .goal.missed { border-color: var(--bad); background: #fdeeed; }
        table { border-collapse: collapse; font-size: 13px; }
        td, th { text-align: left; padding: 3px 12px 3px 0; border-bottom: 1px solid var(--line); }
        td.number { text-align: right; font-variant-numeric: tabular-nums; }
        .warnings li { color: #8a5a00; }
        .problem { border: 1px solid #f3c3bf; background: #fff8f7; border-radius: 8px; padding: 10px 14px; }
        .problem .title { font-weight: 650; color: var(--bad); margin: 0 0 4px; }
        .fields { margin-top: 10px; font: 13px/1.6 ui-monospace, "SFMono-Regular", Menlo, "DejaVu Sans Mono", monospace; }
        .field { padding: 1px 6px; border-radius: 4px; }
        .field.depth1 { margin-left: 18px; } .field.depth2 { margin-left: 36px; }
        .field.depth3 { margin-left: 54px; } .field.depth4 { margin-left: 72px; }
        .field.invalid { background: #fdeeed; }
        .field .key { color: var(--accent); }
        .field .absent { color: var(--muted); font-style: italic; }
        .field .problem-text { color: var(--bad); font-family: system-ui, sans-serif; margin-left: 10px; }
        .field .problem-text::before { content: "← "; }
        @media (max-width: 760px) { main { grid-template-columns: 1fr; } }

        """
}
