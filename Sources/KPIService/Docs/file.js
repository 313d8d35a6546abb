"use strict";

// The "From a file" tab: a CSV or NDJSON export, chosen or dropped, sent as it is to the KPI's route with the
// query parameters that say how to read it. Joined after app.js (EmbedDocsAssets), whose helpers it uses
// (h, $, state, exchange); app.js calls takesFiles, fileKPISelected, sendFile and wireFilePanel.

/** Files larger than this are refused here: the service's default body limit (`--max-body-bytes`,
 * MAX_BODY_BYTES, 8 MiB). A service started with a lower one answers 413 with its limit, shown as a problem. */
const FILE_LIMIT = 8 * 1024 * 1024;

/** The media types of record files, by file name ending. */
const FILE_TYPES = { csv: "text/csv", txt: "text/csv", ndjson: "application/x-ndjson", jsonl: "application/x-ndjson" };

/** The CSV separators the service reads (its `delimiter` option), with how the page names them. */
const DELIMITERS = [[",", "comma ,"], [";", "semicolon ;"], ["\t", "tab"]];

/** Inputs the tab has no text box or select for: objects a file's query does not carry here (target, scenarios,
 * solve: send JSON for them), the mapping (`columns`, `values`: a select per field) and `source` (the picker). */
const NO_CONTROL = new Set(["target", "scenarios", "solve", "columns", "values", "source", "recordsAt"]);

const file = {
  kpi: "", name: "", bytes: null, text: "", mediaType: "", note: "",
  header: "", delimiter: ",", columns: [], // a CSV's first record, its separator, and its fields
  sources: null,   // GET /sources: null until asked, [] when the route is absent
  preset: null,    // the chosen source preset
  touched: new Set(), // fields whose column the person chose (they win over a preset's and the nearest)
};

// ---------- what the catalogue says about the selected KPI ----------

/** Whether the KPI's records can come as a file (its catalogue entry lists NDJSON or CSV). */
const takesFiles = (entry) => Boolean(entry.records) && entry.mediaTypes.some((type) => type !== "application/json");

/** The record fields of the KPI: name, JSON Schema and whether each record needs it. */
function recordFields(entry) {
  const items = entry.inputSchema.properties[entry.records].items;
  const required = new Set(items.required || []);
  return Object.entries(items.properties).map(([name, schema]) => ({ name, schema, required: required.has(name) }));
}

/** The KPI's inputs other than the records and the reading options: query parameters beside a file (asOf, …). */
function otherInputs(entry) {
  const required = new Set(entry.inputSchema.required || []);
  const skip = new Set([entry.records, ...entry.readingOptions, ...NO_CONTROL]);
  return Object.entries(entry.inputSchema.properties)
    .filter(([name]) => !skip.has(name))
    .map(([name, schema]) => ({ name, schema, required: required.has(name) }));
}

/** The reading options shown as controls (all but the mapping and the preset). */
const optionInputs = (entry) => entry.readingOptions.filter((name) => !NO_CONTROL.has(name))
  .map((name) => ({ name, schema: entry.inputSchema.properties[name], required: false }));

// ---------- reading a file ----------

/** Reads a chosen or dropped file: its bytes (sent as they are), its media type and the columns of its header. */
function readFile(chosen) {
  if (!chosen) return;
  if (chosen.size > FILE_LIMIT) {
    setFileNote(`${chosen.name} is ${chosen.size} bytes, more than this page sends (${FILE_LIMIT} bytes).`);
    return;
  }
  const reader = new FileReader();
  reader.onerror = () => setFileNote(`${chosen.name} could not be read: ${reader.error}`);
  reader.onload = () => {
    file.name = chosen.name;
    file.bytes = reader.result;
    // A new header: the person's column choices and the last file's separator no longer apply.
    file.touched.clear();
    if ($("parameter-delimiter")) $("parameter-delimiter").remove();
    file.text = new TextDecoder("utf-8").decode(file.bytes).replace(/^\uFEFF/, "");
    file.mediaType = mediaTypeOf(chosen.name, chosen.type, file.text);
    readHeader(file.text);
    fileKPISelected(state.selected);
  };
  reader.readAsArrayBuffer(chosen);
}

/** The file's media type: by its name's ending, else by its declared type, else NDJSON if it starts with `{`. */
function mediaTypeOf(name, declared, text) {
  const ending = name.includes(".") ? name.split(".").pop().toLowerCase() : "";
  if (FILE_TYPES[ending]) return FILE_TYPES[ending];
  if (declared === "text/csv" || declared === "application/x-ndjson") return declared;
  return text.trimStart().startsWith("{") ? "application/x-ndjson" : "text/csv";
}

/** The columns of the file's header: a CSV's first record, an NDJSON file's first object's members. A CSV's
 * separator is detected (the one of `,` `;` tab found most often outside quotes). */
function readHeader(text) {
  file.note = "";
  if (file.mediaType === "application/x-ndjson") {
    const line = text.split("\n").find((candidate) => candidate.trim() !== "");
    try {
      const first = JSON.parse(line);
      if (first === null || typeof first !== "object" || Array.isArray(first)) throw new Error("not an object");
      file.columns = Object.keys(first);
    } catch (error) {
      file.columns = [];
      file.note = `The first line is not a JSON object (${error.message}).`;
    }
    return;
  }
  const header = (file.header = csvHeaderLine(text));
  file.delimiter = DELIMITERS.map(([separator]) => separator)
    .reduce((best, separator) => (countOutsideQuotes(header, separator) > countOutsideQuotes(header, best) ? separator : best), ",");
  file.columns = csvRecords(header, file.delimiter, 1)[0] || [];
}

/** The text of a CSV's first record: up to the first line break outside quotes (RFC 4180 §2.6). */
function csvHeaderLine(text) {
  let quoted = false;
  for (let at = 0; at < text.length; at++) {
    const character = text[at];
    if (character === '"') quoted = !quoted;
    else if (!quoted && (character === "\n" || character === "\r")) return text.slice(0, at);
  }
  return text;
}

/** How often `separator` occurs in `line` outside quoted fields. */
function countOutsideQuotes(line, separator) {
  let quoted = false, count = 0;
  for (const character of line) {
    if (character === '"') quoted = !quoted;
    else if (!quoted && character === separator) count++;
  }
  return count;
}

/** A CSV's records (RFC 4180): fields split at `separator` outside quotes, `""` a quote inside them, a record
 * ending at CR LF, LF or CR outside quotes; the first `limit` records. */
function csvRecords(text, separator, limit) {
  const records = [];
  let record = [], field = "", quoted = false;
  for (let at = 0; at < text.length && records.length < limit; at++) {
    const character = text[at];
    if (quoted) {
      if (character === '"' && text[at + 1] === '"') { field += '"'; at++; }
      else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"') quoted = true;
    else if (character === separator) { record.push(field); field = ""; }
    else if (character === "\n" || character === "\r") {
      if (character === "\r" && text[at + 1] === "\n") at++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += character;
  }
  if (records.length < limit && (field !== "" || record.length)) records.push(record.concat([field]));
  return records;
}

/** The file's first `limit` records as objects of column → value: a CSV's records after its header, or an
 * NDJSON file's objects (a line that is none is passed over). */
function fileRecords(limit) {
  if (file.mediaType === "text/csv") {
    return csvRecords(file.text, file.delimiter, limit + 1).slice(1)
      .map((fields) => Object.fromEntries(file.columns.map((column, index) => [column, fields[index]])));
  }
  return file.text.split("\n").filter((line) => line.trim() !== "").slice(0, limit).flatMap((line) => {
    try {
      const record = JSON.parse(line);
      return record !== null && typeof record === "object" ? [record] : [];
    } catch {
      return [];
    }
  });
}

/** The distinct words of `column` (the first 30, among the first 10,000 records): what a choice field's
 * `values` map to its values. */
function wordsOf(column) {
  const words = new Set();
  for (const record of fileRecords(10000)) {
    const word = record[column];
    if (word !== undefined && word !== null && word !== "") words.add(String(word));
    if (words.size === 30) break;
  }
  return [...words];
}

/** A note on the file (too large, unreadable, no header) shown in the summary. */
function setFileNote(text) {
  file.note = text;
  showFileSummary();
}

// ---------- matching columns to fields ----------

/** A name in lower case without spaces, `_` and `-`, as the service compares them (`Create Date` → `createdate`). */
const normalised = (name) => name.toLowerCase().replace(/[\s_-]/g, "");

/** The Levenshtein distance between two strings. */
function editDistance(a, b) {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1), previous[j] + 1, current[j - 1] + 1);
    }
    previous = current;
  }
  return previous[b.length];
}

/** The column each field is prefilled with: the same name once normalised; else, among columns no other field
 * took, the nearest: within a quarter of the name's length in edits (`Create Date` for `createdAt`), or one
 * that ends with the name (`Record ID` for `id`). A field with none near stays unmapped. */
function nearestColumns(fields, columns) {
  const chosen = new Map();
  const taken = new Set();
  for (const field of fields) {
    const exact = columns.find((column) => normalised(column) === normalised(field.name));
    if (exact !== undefined) { chosen.set(field.name, exact); taken.add(exact); }
  }
  for (const field of fields) {
    if (chosen.has(field.name)) continue;
    const target = normalised(field.name);
    const ranked = columns.filter((column) => !taken.has(column))
      .map((column) => ({ column, distance: editDistance(target, normalised(column)), ends: normalised(column).endsWith(target) }))
      .filter((candidate) => candidate.distance <= Math.max(1, Math.floor(target.length / 4)) || candidate.ends)
      .sort((a, b) => a.distance - b.distance);
    if (ranked.length) { chosen.set(field.name, ranked[0].column); taken.add(ranked[0].column); }
  }
  return chosen;
}

// ---------- source presets (GET /sources) ----------

/** The presets, asked once: none when the service has no `/sources` route (404) or it fails. */
async function loadSources() {
  if (file.sources !== null) return file.sources;
  try {
    const response = await fetch("/sources", { headers: { Accept: "application/json" } });
    file.sources = response.ok ? (await response.json()).sources || [] : [];
  } catch {
    file.sources = [];
  }
  return file.sources;
}

/** The preset picker: the presets of files (not of API payloads, which are JSON bodies) that feed the KPI,
 * hidden when there are none. */
async function showSourcePicker(entry) {
  const presets = (await loadSources()).filter((source) => (source.kpis || []).includes(entry.id)
    && (source.mediaTypes || []).some((type) => type !== "application/json"));
  const picker = $("source");
  picker.replaceChildren(h("option", { value: "" }, "none: map the columns below"),
    ...presets.map((source) => h("option", { value: source.id }, source.name)));
  if (file.preset && !presets.some((source) => source.id === file.preset.id)) file.preset = null;
  picker.value = file.preset ? file.preset.id : "";
  $("source-picker").hidden = presets.length === 0;
  showSourceDocument();
}

/** A preset picked (or none): the form again, its columns and words filled from it. */
function pickSource(id) {
  file.preset = (file.sources || []).find((source) => source.id === id) || null;
  showSourceDocument();
  showFileForm(state.selected);
}

/** The vendor document the chosen preset follows. */
function showSourceDocument() {
  const cited = file.preset && file.preset.document;
  $("source-document").replaceChildren(cited
    ? h("span", { class: "muted" }, "follows ", h("a", { href: cited.url, rel: "noreferrer" }, cited.title)) : "");
}

// ---------- the form: mapping, reading options, other inputs ----------

/** The tab for the selected KPI: presets, summary and form (app.js calls it when the tab opens, also on a
 * KPI change; `GET /sources` is asked the first time). */
function fileKPISelected(entry) {
  if (!entry || !takesFiles(entry)) return;
  if (file.kpi !== entry.id) file.touched.clear(); // another KPI's fields
  file.kpi = entry.id;
  showSourcePicker(entry);
  showFileSummary();
  showFileForm(entry);
}

/** The file's name, size, media type and header columns, and what keeps it from being sent. */
function showFileSummary() {
  const entry = state.selected;
  const parts = [];
  if (file.bytes) {
    parts.push(`${file.name}: ${file.bytes.byteLength} bytes, ${file.mediaType}`,
      file.columns.length ? ` · ${file.columns.length} column${file.columns.length === 1 ? "" : "s"}: ` : "",
      file.columns.map((column, index) => [index ? ", " : "", h("code", {}, column)]));
    if (entry && !entry.mediaTypes.includes(file.mediaType)) {
      parts.push(h("span", { class: "problem-text" }, ` · ${entry.path} does not read ${file.mediaType}; it reads ${entry.mediaTypes.join(", ")}`));
    }
  } else {
    parts.push("No file chosen.");
  }
  if (file.note) parts.push(h("span", { class: "problem-text" }, " " + file.note));
  $("file-summary").replaceChildren(...parts.flat(2));
}

/** One select per record field (prefilled: the person's choice, else the preset's column, else the nearest),
 * then the reading options and the KPI's other inputs. */
function showFileForm(entry) {
  if (!entry || !takesFiles(entry)) return;
  const previous = currentChoices();
  const fields = recordFields(entry);
  const nearest = nearestColumns(fields, file.columns);
  const preset = presetColumns();
  const chosen = Object.fromEntries(fields.map((field) => [field.name, (file.touched.has(field.name) ? previous.columns[field.name]
    : preset[field.name] !== undefined ? preset[field.name] : nearest.get(field.name)) || ""]));
  const rows = fields.map((field) => {
    const column = chosen[field.name];
    const choices = file.columns.includes(column) || column === "" ? file.columns : file.columns.concat([column]);
    const select = h("select", { id: "column-" + field.name, "data-field": field.name },
      h("option", { value: "" }, "— not in the file —"),
      choices.map((name) => h("option", { value: name }, file.columns.includes(name) ? name : `${name} (not in this file)`)));
    select.value = column || "";
    return h("tr", {}, h("td", {}, h("label", { for: select.id }, h("code", {}, field.name), field.required ? " *" : "")),
      h("td", {}, select), h("td", { class: "muted" }, field.schema.description || ""));
  });
  const controls = (inputs, kind) => inputs.map((input) => parameterControl(input, kind, previous.parameters[input.name]));
  $("file-form").replaceChildren(h("div", {},
    h("h3", {}, `Columns of each ${entry.records} record`),
    file.columns.length ? null : h("p", { class: "muted" }, "Choose a file to map its columns."),
    h("table", { class: "mapping" }, rows),
    valueWords(fields, chosen, previous.values),
    h("h3", {}, "Reading options"), h("div", { class: "parameters" }, controls(optionInputs(entry), "option")),
    otherInputs(entry).length ? h("h3", {}, "Other inputs (query parameters)") : null,
    h("div", { class: "parameters" }, controls(otherInputs(entry), "input"))));
  showFileRequest();
}

/** For each choice field with a column (`outcome`: won, lost, open), a select per word of that column in the
 * file: the value it stands for, sent as `values.<field>.<word>=<value>`. Each starts at the person's choice,
 * else the preset's, else none: a word that is a value is read as it is, any other is then a problem the
 * service names. */
function valueWords(fields, chosen, previous) {
  return fields.filter((field) => field.schema.enum && chosen[field.name] && file.columns.includes(chosen[field.name]))
    .map((field) => {
      const accepted = field.schema.enum.filter((value) => value !== null);
      const presetWords = presetValues(field.name);
      const rows = wordsOf(chosen[field.name]).map((word) => {
        const select = h("select", { "data-values-of": field.name, "data-word": word },
          h("option", { value: "" }, accepted.includes(word) ? "(as it is)" : "— choose —"),
          accepted.map((value) => h("option", { value }, value)));
        // The person's choice, else the preset's word (also when the preset is picked after the column).
        select.value = (previous[field.name] && previous[field.name][word]) || presetWords[word] || "";
        return h("tr", {}, h("td", {}, h("code", {}, word)), h("td", {}, "→ ", select));
      });
      return h("div", { class: "value-words" },
        h("h3", {}, `Values of ${field.name} in “${chosen[field.name]}”`), h("table", { class: "mapping" }, rows));
    });
}

/** The chosen preset's words for a choice field's values (`{ "Closed Won": "won" }`). */
const presetValues = (field) => (file.preset && file.preset.values && file.preset.values[field]) || {};

/** The chosen preset's column per field (`{ "createdAt": "Create Date" }`). */
const presetColumns = () => (file.preset && file.preset.columns) || {};

/** A control for one query parameter: a select for a choice (the delimiter with the detected one chosen),
 * a text box otherwise (placeholder: the preset's setting or the schema's example). */
function parameterControl(input, kind, previous) {
  const id = "parameter-" + input.name;
  const presetValue = file.preset ? file.preset[input.name] : undefined;
  let control;
  if (input.name === "delimiter") {
    control = h("select", { id }, DELIMITERS.map(([value, label]) => h("option", { value }, label)));
    control.value = previous !== undefined ? previous : file.delimiter;
  } else if (input.schema.enum) {
    const fallback = presetValue !== undefined ? `preset: ${presetValue}` : "default";
    control = h("select", { id }, h("option", { value: "" }, `(${fallback})`),
      input.schema.enum.filter((value) => value !== null).map((value) => h("option", { value }, value)));
    control.value = previous || "";
  } else {
    const example = exampleText(input.schema.example);
    control = h("input", { id, type: "text", placeholder: presetValue !== undefined ? `preset: ${presetValue}` : `e.g. ${example}` });
    control.value = previous || "";
  }
  control.dataset.parameter = input.name;
  control.dataset.kind = kind;
  const description = input.schema.description || "";
  return h("div", { class: "parameter", title: description },
    h("label", { for: id }, input.name, input.required ? " *" : ""), control,
    h("small", { class: "muted" }, brief(description)));
}

/** A description's first clause (`How numbers are written`), the whole of it being the control's tooltip. */
const brief = (description) => description.split(/[:.(]/)[0].trim();

/** A schema example as a query parameter is written: a list comma-separated, a string as it is. */
function exampleText(example) {
  if (example === undefined || example === null) return "";
  if (Array.isArray(example)) return example.join(",");
  return typeof example === "string" ? example : JSON.stringify(example);
}

/** What the form holds now: the column chosen per field and each parameter's value. */
function currentChoices() {
  const columns = {}, parameters = {}, values = {};
  for (const select of document.querySelectorAll("#file-form select[data-field]")) columns[select.dataset.field] = select.value;
  for (const select of document.querySelectorAll("#file-form select[data-values-of]")) {
    (values[select.dataset.valuesOf] ||= {})[select.dataset.word] = select.value;
  }
  for (const control of document.querySelectorAll("#file-form [data-parameter]")) parameters[control.dataset.parameter] = control.value;
  return { columns, parameters, values };
}

// ---------- the request ----------

/** The query parameters of the form: `source`, `columns.<field>` where the column is not the field's own name
 * (nor the preset's), `values.<field>.<word>` where not the preset's, the reading options and inputs given (a
 * comma delimiter is the default, so left out). */
function fileQuery() {
  const entry = state.selected;
  const choices = currentChoices();
  const query = new URLSearchParams();
  if (file.preset) query.append("source", file.preset.id);
  for (const [field, column] of Object.entries(choices.columns)) {
    const implied = presetColumns()[field] !== undefined ? presetColumns()[field] : field;
    if (column !== "" && column !== implied) query.append("columns." + field, column);
  }
  for (const [field, words] of Object.entries(choices.values)) {
    for (const [word, value] of Object.entries(words)) {
      if (value !== "" && value !== presetValues(field)[word]) query.append(`values.${field}.${word}`, value);
    }
  }
  for (const [name, value] of Object.entries(choices.parameters)) {
    if (value === "" || (name === "delimiter" && (value === "," || file.mediaType !== "text/csv"))) continue;
    if (entry.inputSchema.properties[name]) query.append(name, value.trim());
  }
  return query.toString();
}

/** The KPI's path with the form's query. */
function fileURL() {
  const query = fileQuery();
  return state.selected.path + (query ? "?" + query : "");
}

/** The request as the endpoint line and as a curl command to repeat it. */
function showFileRequest() {
  if (state.mode !== "file" || !state.selected) return;
  $("endpoint").textContent = "POST " + fileURL();
  $("send").disabled = !file.bytes;
}

/** Sends the file as it is (byte-order mark and all) with the form's query; a problem's column is shown with
 * the field it was mapped to (the service names a mapped field by its column: `Close Date`). */
function sendFile() {
  const mapped = { ...presetColumns() };
  for (const [field, column] of Object.entries(currentChoices().columns)) if (column) mapped[field] = column;
  const fieldOf = (name) => Object.keys(mapped).find((field) => mapped[field] === name && field !== name) || null;
  return exchange(fileURL(), file.mediaType, file.bytes, { fieldOf });
}

// ---------- wiring ----------

function wireFilePanel() {
  $("file-limit").textContent = `up to ${FILE_LIMIT / 1048576} MiB (the service's default body limit)`;
  $("file").addEventListener("change", (event) => readFile(event.target.files[0]));
  const zone = $("drop-zone");
  zone.addEventListener("dragover", (event) => { event.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("over");
    readFile(event.dataTransfer.files[0]);
  });
  // A file dropped beside the box is not opened by the browser in place of the page.
  for (const type of ["dragover", "drop"]) {
    window.addEventListener(type, (event) => { if (!zone.contains(event.target)) event.preventDefault(); });
  }
  $("source").addEventListener("change", (event) => pickSource(event.target.value));
  $("file-form").addEventListener("change", (event) => {
    if (event.target.dataset.field) {
      file.touched.add(event.target.dataset.field);
      showFileForm(state.selected); // the words of a choice field's new column
    }
    if (event.target.dataset.parameter === "delimiter" && file.mediaType === "text/csv") {
      file.delimiter = event.target.value;
      file.columns = csvRecords(file.header, file.delimiter, 1)[0] || [];
      showFileForm(state.selected);
      showFileSummary();
    }
    showFileRequest();
  });
  $("file-form").addEventListener("input", showFileRequest);
}
