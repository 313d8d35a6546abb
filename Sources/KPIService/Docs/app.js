"use strict";

// ---------- small helpers ----------

const SVG = "http://www.w3.org/2000/svg";

/** An element: h("p", {class: "x"}, "text", child, …). Attributes are set as attributes, text as text. */
function h(tag, attributes, ...children) {
  const element = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value !== undefined && value !== null && value !== false) element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

const $ = (id) => document.getElementById(id);

/** A number as people read it: whole numbers as they are, others to at most 4 significant digits
 * (`33.33` for 33.333333333333336; the raw JSON view below an answer keeps every digit). */
function fmt(value) {
  if (value === null || value === undefined) return "–";
  if (typeof value !== "number") return String(value);
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

/** The location's `#kpi-id`, decoded; a malformed escape (`#%`) is taken as it is rather than thrown. */
function hashId() {
  const raw = location.hash.slice(1);
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** RFC 6901: one reference token. */
const token = (key) => String(key).replace(/~/g, "~0").replace(/\//g, "~1");

// ---------- state ----------

const state = { catalogue: [], selected: null, mode: "kpi" };

// ---------- the catalogue ----------

async function loadCatalogue() {
  const nav = $("kpi-list");
  try {
    const response = await fetch("/kpis", { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(`GET /kpis answered ${response.status}`);
    state.catalogue = (await response.json()).kpis;
  } catch (error) {
    nav.replaceChildren(h("p", { class: "problem" }, String(error)));
    return;
  }
  nav.replaceChildren(...state.catalogue.map((entry) =>
    h("button", { type: "button", "data-kpi": entry.id }, entry.name, h("small", {}, entry.path))));
  nav.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-kpi]");
    if (button) select(button.dataset.kpi);
  });
  const wanted = hashId();
  select(state.catalogue.some((entry) => entry.id === wanted) ? wanted : state.catalogue[0].id);
}

function select(id) {
  const entry = state.catalogue.find((candidate) => candidate.id === id);
  if (!entry) return;
  state.selected = entry;
  for (const button of document.querySelectorAll("#kpi-list button")) {
    button.setAttribute("aria-current", String(button.dataset.kpi === id));
  }
  history.replaceState(null, "", "#" + id);
  $("kpi-info").replaceChildren(
    h("h2", {}, entry.name),
    h("p", {}, entry.description),
    h("p", {}, h("code", {}, entry.formula), " ",
      h("span", { class: "muted" }, `(${entry.unit}, ${entry.betterDirection} is better)`)));
  $("send").disabled = false;
  // The file tab, for a KPI whose records can come as a file (file.js); off it for one whose cannot.
  $("mode-file").hidden = !takesFiles(entry);
  if (state.mode === "file" && !takesFiles(entry)) state.mode = "kpi";
  setMode(state.mode);
}

/** One request (a JSON body), a series (POST /series), or a file of records (file.js). */
function setMode(mode) {
  state.mode = mode;
  for (const name of ["kpi", "series", "file"]) $("mode-" + name).setAttribute("aria-selected", String(mode === name));
  $("request").hidden = $("request-label").hidden = mode === "file";
  $("file-panel").hidden = mode !== "file";
  if (mode === "file") {
    $("output").replaceChildren();
    status("", "");
    fileKPISelected(state.selected);
  } else {
    $("send").disabled = false;
    fillExample();
  }
}

/** The selected KPI's example, or for a series six months of it with the first number drifting. */
function fillExample() {
  const entry = state.selected;
  if (!entry) return;
  let body = entry.example;
  if (state.mode === "series") body = seriesExample(entry);
  const text = state.mode === "series" ? seriesText(body) : JSON.stringify(body, null, 2);
  $("request").value = text;
  $("request").rows = Math.min(Math.max(text.split("\n").length + 1, 6), 24);
  $("endpoint").textContent = "POST " + endpointPath();
  $("request-label").textContent = state.mode === "series" ? "Series request (POST /series)" : "Request body";
  $("output").replaceChildren();
  status("", "");
}

function seriesExample(entry) {
  const months = ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"];
  const drift = [1.0, 0.96, 1.03, 0.9, 0.86, 0.8];
  const first = Object.keys(entry.example).find((key) => typeof entry.example[key] === "number");
  const points = months.map((period, index) => {
    const input = structuredClone(entry.example);
    if (first) {
      const value = input[first] * drift[index];
      input[first] = Number.isInteger(entry.example[first]) ? Math.round(value) : Number(value.toFixed(2));
    }
    return { period, input };
  });
  return { kpi: entry.id, points };
}

/** A series request with one point a line, so that six of them fit in the box. */
function seriesText(body) {
  const points = body.points.map((point) => "    " + JSON.stringify(point)).join(",\n");
  return `{\n  "kpi": ${JSON.stringify(body.kpi)},\n  "points": [\n${points}\n  ]\n}`;
}

const endpointPath = () => (state.mode === "series" ? "/series" : state.selected.path);

function status(text, kind) {
  const element = $("status");
  element.textContent = text;
  element.className = kind;
}

// ---------- sending ----------

/** Sends the request of the current mode: the JSON body in the box, or the chosen file (file.js). */
function send() {
  if (state.mode === "file") return sendFile();
  const text = $("request").value;
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined; // the service answers 400 with the parse error
  }
  return exchange(endpointPath(), "application/json", text, { body });
}

/** POSTs `payload` as `mediaType` to `url` and shows the answer: a series, a result, or a problem (each
 * error beside its field of `sent.body`, the JSON sent; for a file, `sent.fieldOf` names a column's field). */
async function exchange(url, mediaType, payload, sent) {
  const headers = { "Content-Type": mediaType, Accept: "application/json" };
  const key = $("api-key").value.trim();
  if (key) headers.Authorization = "Bearer " + key;
  status("Sending…", "");
  let response, answer;
  const started = performance.now();
  try {
    response = await fetch(url, { method: "POST", headers, body: payload });
    answer = await response.json();
  } catch (error) {
    status(String(error), "error");
    return;
  }
  const milliseconds = Math.round(performance.now() - started);
  status(`${response.status} ${response.statusText} · ${milliseconds} ms`, response.ok ? "ok" : "error");
  const output = $("output");
  if (!response.ok) output.replaceChildren(renderProblem(answer, sent));
  else if (state.mode === "series") output.replaceChildren(renderSeries(answer));
  else output.replaceChildren(renderResult(answer, sent));
  output.append(renderRaw(answer));
}

/** The answer as the service sent it, every digit kept (the views above round to 4 significant digits). */
const renderRaw = (answer) =>
  h("details", { class: "raw" }, h("summary", {}, "Raw JSON"), h("pre", {}, JSON.stringify(answer, null, 2)));

// ---------- a KPI result ----------

/** A result: value, formula with its numbers, interval, goal, steps, groups, breakdown, the records skipped
 * (`invalidRows: "skip"`) and warnings. */
function renderResult(result, sent) {
  const parts = [
    h("p", { class: "value" }, h("span", { class: "number" }, fmt(result.value)), h("span", { class: "unit" }, result.unit)),
    h("p", { class: "substituted" }, h("code", {}, result.substituted)),
  ];
  if (result.interval) parts.push(renderInterval(result.interval, result.value, result.goal));
  if (result.goal) parts.push(renderGoal(result.goal, result.unit));
  if (result.steps && result.steps.length) {
    parts.push(h("h3", {}, "Steps"), h("ol", { class: "steps" }, result.steps.map((step) =>
      h("li", {}, h("strong", {}, step.name), " ", h("code", {}, step.formula), " → ", h("code", {}, step.substituted)))));
  }
  if (result.groups && result.groups.length) {
    parts.push(h("h3", {}, "Groups"), h("table", { class: "groups" },
      h("tr", {}, h("th", {}, "key"), h("th", {}, "count"), h("th", {}, "value")),
      result.groups.map((group) => h("tr", {}, h("td", {}, group.key), h("td", { class: "number" }, group.count),
        h("td", { class: "number" }, fmt(group.value))))));
  }
  const breakdown = Object.entries(result.breakdown || {});
  if (breakdown.length) {
    parts.push(h("h3", {}, "Breakdown"), h("table", { class: "breakdown" },
      breakdown.map(([name, value]) => h("tr", {}, h("td", {}, name), h("td", { class: "number" }, fmt(value))))));
  }
  if (result.skipped) {
    parts.push(h("h3", {}, `Skipped: ${result.skipped.rows} record${result.skipped.rows === 1 ? "" : "s"}`),
      renderProblemGroups(result.skipped.problems, sent, "skipped"));
  }
  parts.push(renderWarnings(result.warnings));
  return h("div", { class: "result" }, parts);
}

/** The 95 % interval as a bar on a scale around it, the value as a dot, the target (if any) as a dashed line. */
function renderInterval(interval, value, goal) {
  const width = 420, height = 46, left = 14, right = width - 14;
  const values = [interval.low, interval.high, value].concat(goal ? [goal.target] : []);
  let low = Math.min(...values), high = Math.max(...values);
  const pad = (high - low) * 0.15 || Math.abs(high) * 0.1 || 1;
  low -= pad; high += pad;
  const x = (v) => left + ((v - low) / (high - low)) * (right - left);
  const svg = h("svg:svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img",
      "aria-label": `95 % interval ${fmt(interval.low)} to ${fmt(interval.high)}` },
    h("svg:line", { class: "axis", x1: left, x2: right, y1: 20, y2: 20 }),
    h("svg:rect", { class: "band", x: x(interval.low), y: 12, width: Math.max(1, x(interval.high) - x(interval.low)), height: 16, rx: 3 }),
    h("svg:circle", { class: "mark", cx: x(value), cy: 20, r: 5 }),
    goal ? h("svg:line", { class: "target", x1: x(goal.target), x2: x(goal.target), y1: 6, y2: 34 }) : null,
    h("svg:text", { x: x(interval.low), y: 42, "text-anchor": "middle" }, fmt(interval.low)),
    h("svg:text", { x: x(interval.high), y: 42, "text-anchor": "middle" }, fmt(interval.high)));
  return h("figure", { class: "interval" }, svg,
    h("figcaption", { class: "muted" }, `${Math.round(interval.level * 100)} % interval ${fmt(interval.low)} … ${fmt(interval.high)}`,
      goal ? ` · dashed: target ${fmt(goal.target)}` : ""));
}

function renderGoal(goal, unit) {
  const direction = goal.direction === "atMost" ? "at most" : "at least";
  const lines = [
    h("strong", {}, `Goal: ${direction} ${fmt(goal.target)} ${unit}`),
    goal.deadline ? ` by ${goal.deadline}` : "",
    " — ", goal.met ? "met" : "not met", ` (gap ${fmt(goal.gap)})`,
  ];
  if (goal.projected) {
    lines.push(h("br"), `Projected for ${goal.projected.period}: ${fmt(goal.projected.value)} ` +
      `(95 % ${fmt(goal.projected.low)} … ${fmt(goal.projected.high)}) — ${goal.onTrack ? "on track" : "off track"}`);
  }
  if (goal.requiredPerPeriod !== undefined && goal.requiredPerPeriod !== null) {
    lines.push(h("br"), `Needed per period from here: ${fmt(goal.requiredPerPeriod)}`);
  }
  const good = goal.onTrack !== undefined ? goal.onTrack : goal.met;
  return h("div", { class: "goal " + (good ? "met" : "missed") }, lines);
}

function renderWarnings(warnings) {
  if (!warnings || !warnings.length) return null;
  return h("div", {}, h("h3", {}, "Warnings"), h("ul", { class: "warnings" }, warnings.map((w) => h("li", {}, w))));
}

// ---------- a problem, each error beside its field ----------

/** The problem's title and detail; for records, each distinct problem once (`grouped`); then the request body
 * as a tree of fields, each error beside the field its JSON Pointer names (a field that is missing is shown as
 * absent under its parent), or for a file each error in a list. */
function renderProblem(problem, sent) {
  const box = h("div", { class: "problem" },
    h("p", { class: "title" }, `${problem.status} ${problem.title}`),
    h("p", { class: "detail" }, problem.detail),
    problem.type ? h("p", { class: "muted" }, "Type: ", h("a", { href: problem.type }, problem.type)) : null);
  if (problem.grouped && problem.grouped.length) box.append(renderProblemGroups(problem.grouped, sent, "grouped"));
  const errors = problem.errors || [];
  const body = sent ? sent.body : undefined;
  if (errors.length && body === undefined) box.append(renderErrorList(errors));
  if (!errors.length || body === undefined) return box;
  const byPointer = new Map();
  for (const error of errors) {
    if (!byPointer.has(error.pointer)) byPointer.set(error.pointer, []);
    byPointer.get(error.pointer).push(error.detail);
  }
  const rows = [];
  const shown = new Set();
  const row = (pointer, key, valueNode, depth) => {
    const problems = byPointer.get(pointer) || [];
    shown.add(pointer);
    rows.push(h("div", { class: "field depth" + Math.min(depth, 4) + (problems.length ? " invalid" : ""), "data-pointer": pointer },
      key === null ? "" : h("span", { class: "key" }, JSON.stringify(key)), key === null ? "" : ": ", valueNode,
      problems.map((detail) => h("span", { class: "problem-text" }, detail))));
  };
  const absentUnder = (pointer, depth) => {
    for (const [missing] of byPointer) {
      if (shown.has(missing) || !missing.startsWith(pointer + "/")) continue;
      const rest = missing.slice(pointer.length + 1);
      if (rest.includes("/")) continue;
      row(missing, rest.replace(/~1/g, "/").replace(/~0/g, "~"), h("span", { class: "absent" }, "absent"), depth);
    }
  };
  const walk = (value, pointer, key, depth) => {
    if (value !== null && typeof value === "object") {
      const isArray = Array.isArray(value);
      row(pointer, key, h("span", { class: "muted" }, isArray ? `[${value.length}]` : "{…}"), depth);
      for (const [childKey, child] of Object.entries(value)) {
        walk(child, pointer + "/" + token(childKey), isArray ? Number(childKey) : childKey, depth + 1);
      }
      absentUnder(pointer, depth + 1);
    } else {
      row(pointer, key, h("span", { class: "json" }, JSON.stringify(value)), depth);
    }
  };
  walk(body, "", null, 0);
  // Pointers deeper under a missing parent: listed at the end with their full pointer.
  for (const [pointer, details] of byPointer) {
    if (!shown.has(pointer)) {
      rows.push(h("div", { class: "field invalid", "data-pointer": pointer }, h("span", { class: "key" }, pointer), " ",
        details.map((detail) => h("span", { class: "problem-text" }, detail))));
    }
  }
  box.append(h("div", { class: "fields" }, rows));
  return box;
}

/** Distinct record problems (a 422's `grouped`, a result's `skipped.problems`): the field as the input names
 * it (for a file, the column, with the field it was mapped to), what is wrong, how many records, and the
 * first of them (record numbers count from 1). */
function renderProblemGroups(groups, sent, kind) {
  const fieldOf = (name) => (sent && sent.fieldOf ? sent.fieldOf(name) : null);
  return h("table", { class: "problem-groups " + kind },
    h("tr", {}, h("th", {}, "field"), h("th", {}, "problem"), h("th", {}, "records"), h("th", {}, "first")),
    groups.map((group) => {
      const field = fieldOf(group.field);
      return h("tr", { "data-field": group.field },
        h("td", {}, h("code", {}, group.field || "(record)"), field ? h("span", { class: "muted" }, ` (${field})`) : null),
        h("td", {}, group.detail),
        h("td", { class: "number" }, group.rows),
        h("td", {}, group.first.map(recordNumber).join(", ")));
    }));
}

/** `/deals/17/createdAt` → `#18` (the record's number from 1); a pointer without an index as it is. */
function recordNumber(pointer) {
  const index = pointer.split("/").find((part) => /^\d+$/.test(part));
  return index === undefined ? pointer : "#" + (Number(index) + 1);
}

/** A file's errors: each with its record and detail (which names the line and column), the first 50. */
function renderErrorList(errors) {
  const shown = errors.slice(0, 50);
  return h("div", {}, h("h3", {}, "Errors"), h("ul", { class: "error-list" }, shown.map((error) =>
    h("li", { "data-pointer": error.pointer }, h("code", {}, recordNumber(error.pointer)), " ", error.detail))),
    errors.length > shown.length ? h("p", { class: "muted" }, `and ${errors.length - shown.length} more (Raw JSON below)`) : null);
}

// ---------- a series ----------

/** A period label's index on one axis: day, ISO week, month, quarter or year (null if not one). */
function periodIndex(label) {
  let m;
  if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(label))) return Date.UTC(+m[1], +m[2] - 1, +m[3]) / 86400000;
  if ((m = /^(\d{4})-W(\d{2})$/.exec(label))) {
    const january4 = Date.UTC(+m[1], 0, 4) / 86400000;
    const monday = january4 - ((new Date(january4 * 86400000).getUTCDay() + 6) % 7);
    return (monday + (+m[2] - 1) * 7) / 7;
  }
  if ((m = /^(\d{4})-(\d{2})$/.exec(label))) return +m[1] * 12 + (+m[2] - 1);
  if ((m = /^(\d{4})-Q([1-4])$/.exec(label))) return +m[1] * 4 + (+m[2] - 1);
  if ((m = /^(\d{4})$/.exec(label))) return +m[1];
  return null;
}

function renderSeries(series) {
  const entry = state.catalogue.find((candidate) => candidate.id === series.kpi);
  const parts = [h("p", { class: "value" }, entry ? entry.name : series.kpi,
    h("span", { class: "unit" }, `${series.unit} per ${series.period || "period"}`))];
  parts.push(renderChart(series));
  const trend = series.trend;
  if (trend) {
    const interval = trend.interval ? ` (95 % ${fmt(trend.interval.low)} … ${fmt(trend.interval.high)})` : "";
    parts.push(h("p", { class: "trend-text" }, h("strong", {}, "Trend: "),
      `slope ${fmt(trend.slope)} ${trend.unit || ""}${interval}, least squares over ${trend.points} points`));
  }
  const change = series.change;
  if (change) {
    const test = change.test ? `, ${change.test.method} p = ${fmt(change.test.pValue)}` : "";
    parts.push(h("p", { class: "change-text" }, h("strong", {}, "Last change: "), h("code", {}, change.substituted || ""),
      ` ${change.unit || ""}` + (change.relative !== null && change.relative !== undefined ? ` (${fmt(change.relative)} % relative)` : "") +
      test + (change.significant === undefined ? "" : change.significant ? " — significant" : " — not significant")));
  }
  if (series.goal) parts.push(renderGoal(series.goal, series.unit));
  parts.push(h("h3", {}, "Points"), h("table", { class: "points" },
    h("tr", {}, h("th", {}, "period"), h("th", {}, "status"), h("th", {}, "value"), h("th", {}, "formula")),
    (series.points || []).map((point) => h("tr", {}, h("td", {}, point.period), h("td", {}, point.status),
      h("td", { class: "number" }, point.result ? fmt(point.result.value) : "–"),
      h("td", {}, point.result ? h("code", {}, point.result.substituted) : point.problem ? point.problem.detail : `no records (${point.count ?? 0})`)))));
  parts.push(renderWarnings(series.warnings));
  return h("div", { class: "series" }, parts);
}

/** The width of a chart label: the chart's text is 11px (DocsPage+Style), and no character of the
 * labels (digits, `-`, `W`, `Q`, `.`, `e`, `+`) is wider than 0.7 em in the page's sans-serif fonts. */
const labelWidth = (text) => String(text).length * 7.7;

/** Values per period as a line with dots, each point's 95 % interval as a shaded band around it, the trend
 * as a dashed line through the mean point with the service's slope, the target as a dashed level, and
 * the projection at the deadline with its interval. Margins are made wide enough for the axis labels,
 * and period labels are thinned so that none overlaps another. */
function renderChart(series) {
  const points = (series.points || []).map((point, position) => {
    const index = periodIndex(point.period);
    return { ...point, x: index === null ? position : index, y: point.result ? point.result.value : null,
      interval: point.result && point.result.interval ? point.result.interval : null };
  });
  if (!points.length) return null;
  const origin = points[0].x;
  for (const point of points) point.x -= origin;
  const valued = points.filter((point) => point.status === 200 && point.y !== null);
  const projected = series.goal && series.goal.projected ? { ...series.goal.projected } : null;
  if (projected) projected.x = (periodIndex(projected.period) ?? points[points.length - 1].x + origin) - origin;

  const xs = points.map((p) => p.x).concat(projected ? [projected.x] : []);
  const ys = valued.flatMap((p) => (p.interval ? [p.y, p.interval.low, p.interval.high] : [p.y]))
    .concat(projected ? [projected.low, projected.high, projected.value] : [])
    .concat(series.goal ? [series.goal.target] : []);
  if (!ys.length) ys.push(0);
  let yLow = Math.min(...ys), yHigh = Math.max(...ys);
  const pad = (yHigh - yLow) * 0.1 || Math.abs(yHigh) * 0.1 || 1;
  yLow -= pad; yHigh += pad;
  const yTicks = [yLow + pad, (yLow + yHigh) / 2, yHigh - pad].map((value) => ({ value, text: fmt(Number(value.toPrecision(3))) }));
  const xLow = Math.min(...xs), xHigh = Math.max(...xs, xLow + 1);
  const firstLabel = points[0].period, lastLabel = projected && projected.x >= points[points.length - 1].x ? projected.period : points[points.length - 1].period;
  const width = 640, height = 260, top = 12, bottom = height - 34;
  const left = Math.ceil(Math.max(40, ...yTicks.map((tick) => labelWidth(tick.text) + 10), labelWidth(firstLabel) / 2 + 4));
  const right = width - Math.ceil(Math.max(16, labelWidth(lastLabel) / 2 + 4));
  const X = (x) => left + ((x - xLow) / (xHigh - xLow)) * (right - left);
  const Y = (y) => bottom - ((y - yLow) / (yHigh - yLow)) * (bottom - top);

  const svg = h("svg:svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img", class: "chart-svg",
    "aria-label": `${series.kpi} per ${series.period || "period"}` });
  svg.append(h("svg:line", { class: "axis", x1: left, x2: right, y1: bottom, y2: bottom }),
    h("svg:line", { class: "axis", x1: left, x2: left, y1: top, y2: bottom }));
  for (const tick of yTicks) {
    svg.append(h("svg:text", { class: "y-label", x: left - 6, y: Y(tick.value) + 4, "text-anchor": "end" }, tick.text));
  }
  // Period labels: the projection's and the first, then every step-th point's, each kept only where it
  // overlaps no label already kept.
  const gaps = points.slice(1).map((point, position) => X(point.x) - X(points[position].x));
  const widest = Math.max(...points.map((point) => labelWidth(point.period)));
  const step = Math.max(1, Math.ceil((widest + 8) / Math.max(1, Math.min(...gaps, right - left))));
  const candidates = (projected ? [{ x: X(projected.x), text: projected.period }] : [])
    .concat(points.filter((_, position) => position % step === 0).map((point) => ({ x: X(point.x), text: point.period })));
  const kept = [];
  for (const label of candidates) {
    const half = labelWidth(label.text) / 2;
    if (kept.every((other) => Math.abs(other.x - label.x) >= half + other.half + 8)) kept.push({ ...label, half });
  }
  for (const label of kept) {
    svg.append(h("svg:text", { class: "x-label", x: label.x, y: bottom + 16, "text-anchor": "middle" }, label.text));
  }
  // Each run of points with an interval, as one band: along the highs, then back along the lows.
  let run = [];
  const bands = [];
  for (const point of points) {
    if (point.status === 200 && point.y !== null && point.interval) run.push(point);
    else if (point.status === 200 && point.y !== null) { if (run.length) bands.push(run); run = []; }
  }
  if (run.length) bands.push(run);
  for (const band of bands) {
    const half = band.length === 1 ? 4 : 0; // a lone point's interval: a narrow bar
    const upper = band.map((p, i) => `${i ? "L" : "M"}${X(p.x) - half},${Y(p.interval.high)}` + (half ? `L${X(p.x) + half},${Y(p.interval.high)}` : ""));
    const lower = band.slice().reverse().map((p) => (half ? `L${X(p.x) + half},${Y(p.interval.low)}` : "") + `L${X(p.x) - half},${Y(p.interval.low)}`);
    svg.append(h("svg:path", { class: "point-band", d: upper.join("") + lower.join("") + "Z" },
      h("svg:title", {}, band.map((p) => `${p.period}: 95 % ${fmt(p.interval.low)} … ${fmt(p.interval.high)}`).join("\n"))));
  }
  if (series.goal) {
    svg.append(h("svg:line", { class: "target", x1: left, x2: right, y1: Y(series.goal.target), y2: Y(series.goal.target) }));
  }
  if (valued.length > 1) {
    svg.append(h("svg:polyline", { class: "line", points: valued.map((p) => `${X(p.x)},${Y(p.y)}`).join(" ") }));
  }
  if (series.trend && valued.length) {
    // The least-squares line passes through the mean point; its slope is the service's.
    const meanX = valued.reduce((sum, p) => sum + p.x, 0) / valued.length;
    const meanY = valued.reduce((sum, p) => sum + p.y, 0) / valued.length;
    const at = (x) => meanY + series.trend.slope * (x - meanX);
    const end = projected ? projected.x : valued[valued.length - 1].x;
    const start = valued[0].x;
    svg.append(h("svg:line", { class: "trend", x1: X(start), y1: Y(at(start)), x2: X(end), y2: Y(at(end)) }));
  }
  for (const point of points) {
    if (point.status === 200 && point.y !== null) {
      svg.append(h("svg:circle", { class: "dot", cx: X(point.x), cy: Y(point.y), r: 4 },
        h("svg:title", {}, `${point.period}: ${fmt(point.y)}` + (point.interval ? ` (95 % ${fmt(point.interval.low)} … ${fmt(point.interval.high)})` : ""))));
    } else if (point.status === 200) {
      svg.append(h("svg:circle", { class: "empty", cx: X(point.x), cy: bottom - 6, r: 4 }, h("svg:title", {}, `${point.period}: no records`)));
    } else {
      const cx = X(point.x), cy = bottom - 8;
      svg.append(h("svg:path", { class: "failed", d: `M${cx - 4},${cy - 4}L${cx + 4},${cy + 4}M${cx - 4},${cy + 4}L${cx + 4},${cy - 4}` },
        h("svg:title", {}, `${point.period}: ${point.problem ? point.problem.detail : point.status}`)));
    }
  }
  if (projected) {
    svg.append(h("svg:line", { class: "whisker", x1: X(projected.x), x2: X(projected.x), y1: Y(projected.low), y2: Y(projected.high) }),
      h("svg:circle", { class: "projected", cx: X(projected.x), cy: Y(projected.value), r: 5 },
        h("svg:title", {}, `projected ${projected.period}: ${fmt(projected.value)}`)));
  }
  return h("figure", { class: "chart" }, svg,
    h("figcaption", { class: "muted" }, "line: values" + (bands.length ? " · shaded: each point's 95 % interval" : "") +
      " · dashed orange: trend" + (series.goal ? " · dashed green: target" : "") +
      (projected ? " · orange dot: projection at the deadline with its 95 % interval" : "")));
}

// ---------- wiring ----------

document.addEventListener("DOMContentLoaded", () => {
  $("send").addEventListener("click", send);
  $("mode-kpi").addEventListener("click", () => setMode("kpi"));
  $("mode-series").addEventListener("click", () => setMode("series"));
  $("mode-file").addEventListener("click", () => setMode("file"));
  wireFilePanel();
  // A hash typed or followed later (`#nps`) selects that KPI; one that names none changes nothing.
  window.addEventListener("hashchange", () => {
    if (!state.selected || hashId() !== state.selected.id) select(hashId());
  });
  $("request").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) send();
  });
  loadCatalogue();
});
