"""The /docs page's "From a file" tab in headless Chromium: an export chosen or dropped, its columns mapped, the
KPI with its working, and record problems grouped by column (run by scripts/browser-test.sh, as test_docs.py).

The sample, Tests/browser/hubspot-deals-export.csv, is a HubSpot deals export as HubSpot's knowledge base
describes it ("Export your records"; deal properties Record ID, Deal Name, Deal Stage, Amount, Create Date,
Close Date, Deal owner per "HubSpot's default deal properties"): UTF-8 with a byte-order mark, CRLF line ends,
quoted cells holding commas and quotes, six Closed Won and two Closed Lost deals (the stage words of HubSpot's
default sales pipeline). Its dates are date-only: HubSpot's date-times
(`2024-03-05 14:22`) have no offset and need the `timeZone` option, which the form shows once the service
declares it.
"""

import csv
import datetime
import io
import json
import pathlib
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from test_docs import BASE, OUTPUT, browser, no_page_errors, open_kpi, wait  # noqa: F401 (browser: a fixture)

SAMPLE = pathlib.Path(__file__).with_name("hubspot-deals-export.csv")


def cycle_days(rows, created="Create Date", closed="Close Date"):
    """Each deal's cycle in calendar days, computed here from the rows (Python's date arithmetic):
    /sales-cycle-length's value is the mean over the deals it reads as won."""
    day = datetime.date.fromisoformat
    return [(day(row[closed]) - day(row[created])).days for row in rows]


def sample_rows(text):
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def open_file_tab(driver, kpi_id="sales-cycle-length"):
    open_kpi(driver, kpi_id)
    wait(driver, "#mode-file:not([hidden])").click()
    wait(driver, "#file-panel:not([hidden])")


def choose(driver, path, columns):
    """Chooses `path` in the file input, as a person does, and waits for its `columns` header columns."""
    driver.find_element(By.ID, "file").send_keys(str(path))
    WebDriverWait(driver, 10).until(
        lambda d: f"{columns} column{'' if columns == 1 else 's'}:" in d.find_element(By.ID, "file-summary").text)


def column_of(driver, field):
    return Select(driver.find_element(By.ID, "column-" + field))


def send_and_wait(driver, css):
    driver.find_element(By.ID, "send").click()
    return wait(driver, css)


def shown_value(result):
    return result.find_element(By.CSS_SELECTOR, ".value .number").text


def raw_answer(driver):
    return json.loads(driver.find_element(By.CSS_SELECTOR, "#output details.raw pre").get_attribute("textContent"))


def test_a_hubspot_export_chosen_as_a_file_gives_the_kpi_with_its_working(browser):
    """Columns mapped (the nearest prefilled, the owner and the stage by hand) and the stage's words mapped to
    outcomes: the cycle is the mean over the Closed Won deals, the Closed Lost ones are counted apart."""
    rows = sample_rows(SAMPLE.read_text(encoding="utf-8"))
    won = [row for row in rows if row["Deal Stage"] == "Closed Won"]
    days = cycle_days(won)
    expected = sum(days) / len(days)  # 239 / 6 = 39.83…
    open_file_tab(browser)
    choose(browser, SAMPLE, 7)
    summary = browser.find_element(By.ID, "file-summary").text
    assert "text/csv" in summary and "Record ID" in summary and "\ufeff" not in summary
    # The nearest columns are chosen already; the owner is mapped by hand.
    assert column_of(browser, "createdAt").first_selected_option.get_attribute("value") == "Create Date"
    assert column_of(browser, "closedAt").first_selected_option.get_attribute("value") == "Close Date"
    assert column_of(browser, "id").first_selected_option.get_attribute("value") == "Record ID"
    assert column_of(browser, "rep").first_selected_option.get_attribute("value") == ""
    assert column_of(browser, "outcome").first_selected_option.get_attribute("value") == ""
    column_of(browser, "rep").select_by_value("Deal owner")
    column_of(browser, "outcome").select_by_value("Deal Stage")
    words = {select.get_attribute("data-word"): Select(select)
             for select in browser.find_elements(By.CSS_SELECTOR, 'select[data-values-of="outcome"]')}
    assert sorted(words) == ["Closed Lost", "Closed Won"]  # the column's words, read from the file
    words["Closed Won"].select_by_value("won")
    words = {select.get_attribute("data-word"): Select(select)
             for select in browser.find_elements(By.CSS_SELECTOR, 'select[data-values-of="outcome"]')}
    words["Closed Lost"].select_by_value("lost")
    assert Select(browser.find_element(By.ID, "parameter-delimiter")).first_selected_option.get_attribute("value") == ","
    endpoint = browser.find_element(By.ID, "endpoint").text
    assert endpoint.startswith("POST /sales-cycle-length?") and "columns.createdAt=Create+Date" in endpoint
    assert "columns.rep=Deal+owner" in endpoint and "delimiter" not in endpoint
    assert "values.outcome.Closed+Won=won" in endpoint and "values.outcome.Closed+Lost=lost" in endpoint
    result = send_and_wait(browser, ".result")
    assert browser.find_element(By.ID, "status").text.startswith("200")
    assert float(shown_value(result)) == float(f"{expected:.4g}")
    answer = raw_answer(browser)
    assert abs(answer["value"] - expected) < 1e-9
    # The working: the formula with the file's numbers.
    assert f"salesCycleLength = {sum(days)} / {len(days)} = " in result.find_element(By.CSS_SELECTOR, ".substituted").text
    breakdown = {tr.find_elements(By.TAG_NAME, "td")[0].text: tr.find_elements(By.TAG_NAME, "td")[1].text
                 for tr in result.find_elements(By.CSS_SELECTOR, "table.breakdown tr")}
    assert breakdown["deals"] == str(len(won)) and breakdown["lostDeals"] == str(len(rows) - len(won))
    # One group per owner, each the mean of its own won deals.
    by_rep = {}
    for row, cycle in zip(won, days):
        by_rep.setdefault(row["Deal owner"], []).append(cycle)
    shown = {tr.find_elements(By.TAG_NAME, "td")[0].text: tr.find_elements(By.TAG_NAME, "td")[2].text
             for tr in result.find_elements(By.CSS_SELECTOR, "table.groups tr")[1:]}
    assert {rep: float(value) for rep, value in shown.items()} == {rep: sum(c) / len(c) for rep, c in by_rep.items()}
    assert "Deal Name" in result.find_element(By.CSS_SELECTOR, ".warnings").text  # the columns not read
    browser.execute_script("document.getElementById('kpi-info').scrollIntoView()")
    browser.save_screenshot(str(OUTPUT / "docs-file.png"))
    browser.execute_script("document.querySelector('.actions').scrollIntoView()")
    browser.save_screenshot(str(OUTPUT / "docs-file-result.png"))
    no_page_errors(browser)


def test_a_bad_date_shows_its_grouped_problem_by_column_and_skip_reports_it(browser, tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    bad = tmp_path / "hubspot-deals-bad-date.csv"
    bad.write_text(text.replace("2024-04-02", "02.04.2024"), encoding="utf-8")  # record 4, line 5
    open_file_tab(browser)
    choose(browser, bad, 7)
    problem = send_and_wait(browser, ".problem table.problem-groups")
    assert browser.find_element(By.ID, "status").text.startswith("422")
    groups = problem.find_elements(By.CSS_SELECTOR, "tr[data-field]")
    assert len(groups) == 1
    cells = [td.text for td in groups[0].find_elements(By.TAG_NAME, "td")]
    assert cells[0] == "Close Date (closedAt)" and "ISO 8601" in cells[1] and cells[2] == "1" and cells[3] == "#4", cells
    error = browser.find_element(By.CSS_SELECTOR, ".problem .error-list li").text
    assert error.startswith("#4") and 'met "02.04.2024" (line 5, column 6)' in error, error
    browser.execute_script("document.querySelector('.actions').scrollIntoView()")
    browser.save_screenshot(str(OUTPUT / "docs-file-problem.png"))

    Select(browser.find_element(By.ID, "parameter-invalidRows")).select_by_value("skip")
    assert "invalidRows=skip" in browser.find_element(By.ID, "endpoint").text
    send_and_wait(browser, ".result table.problem-groups.skipped")
    result = browser.find_element(By.CSS_SELECTOR, ".result")
    # Without an outcome column every deal with a Close Date is read as won: the mean is over all the others.
    kept = [row for row in sample_rows(text) if row["Close Date"] != "2024-04-02"]
    days = cycle_days(kept)
    assert float(shown_value(result)) == float(f"{sum(days) / len(days):.4g}")
    assert "Skipped: 1 record" in result.get_attribute("textContent")  # (h3 is shown in capitals)
    cells = [td.text for td in result.find_elements(By.CSS_SELECTOR, "table.skipped tr[data-field] td")]
    assert cells[0] == "Close Date (closedAt)" and cells[2] == "1" and cells[3] == "#4", cells
    browser.execute_script("document.querySelector('.result h3:nth-of-type(1)').scrollIntoView()")
    browser.save_screenshot(str(OUTPUT / "docs-file-skipped.png"))
    no_page_errors(browser)


def test_an_ndjson_file_dropped_on_the_page_is_mapped_by_its_members(browser):
    """A drop as the browser delivers one (a DataTransfer holding a File) on the drop zone; the members are the
    first line's, and `created_at` is `createdAt` once case and `_` are ignored."""
    rows = sample_rows(SAMPLE.read_text(encoding="utf-8"))
    lines = "".join(json.dumps({"dealId": row["Record ID"], "created_at": row["Create Date"],
                                "closed_at": row["Close Date"], "owner": row["Deal owner"]}) + "\n" for row in rows)
    days = cycle_days(rows)  # no outcome member: every deal with a close date is read as won
    open_file_tab(browser)
    browser.execute_script("""
        const transfer = new DataTransfer();
        transfer.items.add(new File([arguments[0]], "deals.ndjson", { type: "" }));
        document.getElementById("drop-zone").dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
    """, lines)
    WebDriverWait(browser, 10).until(lambda d: "4 columns" in d.find_element(By.ID, "file-summary").text)
    # A file dropped beside the box: the browser is kept from opening it in place of the page.
    assert browser.execute_script("""
        const transfer = new DataTransfer();
        transfer.items.add(new File(["x"], "other.csv"));
        const drop = new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true });
        document.getElementById("kpi-info").dispatchEvent(drop);
        return drop.defaultPrevented;
    """)
    assert "application/x-ndjson" in browser.find_element(By.ID, "file-summary").text
    assert column_of(browser, "createdAt").first_selected_option.get_attribute("value") == "created_at"
    assert column_of(browser, "id").first_selected_option.get_attribute("value") == "dealId"
    assert not browser.find_elements(By.ID, "parameter-delimiter") or "delimiter" not in browser.find_element(By.ID, "endpoint").text
    column_of(browser, "rep").select_by_value("owner")  # NDJSON rejects unknown members: every one is mapped
    result = send_and_wait(browser, ".result")
    assert float(shown_value(result)) == float(f"{sum(days) / len(days):.4g}")
    no_page_errors(browser)


def test_a_semicolon_csv_with_a_quoted_header_is_split_and_sent_with_its_delimiter(browser, tmp_path):
    semicolons = tmp_path / "deals-semicolon.csv"
    semicolons.write_text('"Deal; name";"Created On";"Closed On"\r\n'
                          '"A; B";2024-01-01;2024-01-11\r\n"C";2024-02-01;2024-02-04\r\n', encoding="utf-8")
    open_file_tab(browser)
    choose(browser, semicolons, 3)
    assert [code.text for code in browser.find_elements(By.CSS_SELECTOR, "#file-summary code")] == \
        ["Deal; name", "Created On", "Closed On"]
    assert Select(browser.find_element(By.ID, "parameter-delimiter")).first_selected_option.get_attribute("value") == ";"
    assert column_of(browser, "createdAt").first_selected_option.get_attribute("value") == "Created On"
    assert column_of(browser, "closedAt").first_selected_option.get_attribute("value") == "Closed On"
    assert "delimiter=%3B" in browser.find_element(By.ID, "endpoint").text
    # Another separator chosen by hand splits the header again (a comma: one column), and back.
    Select(browser.find_element(By.ID, "parameter-delimiter")).select_by_value(",")
    assert "1 column:" in browser.find_element(By.ID, "file-summary").text
    Select(browser.find_element(By.ID, "parameter-delimiter")).select_by_value(";")
    assert "3 columns:" in browser.find_element(By.ID, "file-summary").text
    assert column_of(browser, "createdAt").first_selected_option.get_attribute("value") == "Created On"
    result = send_and_wait(browser, ".result")
    assert shown_value(result) == "6.5"  # (10 + 3) / 2 days
    no_page_errors(browser)


def test_a_kpi_without_records_has_no_file_tab(browser):
    open_kpi(browser, "cac")
    assert browser.find_element(By.ID, "mode-file").get_attribute("hidden") is not None
    with urllib.request.urlopen(BASE + "/kpis/cac") as response:
        assert json.load(response)["records"] is None
    no_page_errors(browser)


def record_kpis():
    with urllib.request.urlopen(BASE + "/kpis") as response:
        return [entry for entry in json.load(response)["kpis"] if entry["records"]]


def test_every_kpi_over_records_has_a_file_tab_with_a_column_per_record_field(browser):
    """The form is built from the catalogue alone: a select per field of the records, a control per reading
    option (but the mapping and the value words), and a CSV where the KPI takes NDJSON only is named as such."""
    one_column = pathlib.Path(OUTPUT / "one-column.csv")
    one_column.write_text("id\n1\n", encoding="utf-8")
    for entry in record_kpis():
        open_file_tab(browser, entry["id"])
        fields = entry["inputSchema"]["properties"][entry["records"]]["items"]["properties"]
        assert [s.get_attribute("data-field") for s in browser.find_elements(By.CSS_SELECTOR, "#file-form select[data-field]")] \
            == list(fields), entry["id"]
        options = [c.get_attribute("data-parameter") for c in browser.find_elements(By.CSS_SELECTOR, "[data-kind=option]")]
        assert options == [name for name in entry["readingOptions"] if name not in ("columns", "values", "source", "recordsAt")]
        if "text/csv" not in entry["mediaTypes"]:
            choose(browser, one_column, 1)
            assert f"{entry['path']} does not read text/csv" in browser.find_element(By.ID, "file-summary").text
        no_page_errors(browser)


def test_a_source_preset_fills_the_mapping_and_sends_source_with_the_persons_changes(browser):
    """The HubSpot deals export preset of GET /sources, picked for the sample export. The preset fills the
    columns it names and its stage words; a column the person chose first is kept and sent beside `source`;
    `dateFormat=iso` given beside the preset is sent too (an option beside a preset wins). API-payload presets
    (JSON bodies) are not offered for a file."""
    with urllib.request.urlopen(BASE + "/sources") as response:
        sources = json.load(response)["sources"]
    presets = [source for source in sources
               if "sales-cycle-length" in source["kpis"] and "hubspot" in source["id"].lower()
               and "text/csv" in source["mediaTypes"]]
    assert len(presets) == 1, presets
    preset = presets[0]
    payloads = [source["name"] for source in sources if source["mediaTypes"] == ["application/json"]]
    rows = sample_rows(SAMPLE.read_text(encoding="utf-8"))
    open_file_tab(browser)
    choose(browser, SAMPLE, 7)
    column_of(browser, "rep").select_by_value("Deal Name")  # the person's choice, made before the preset
    picker = wait(browser, "#source-picker:not([hidden]) #source")
    offered = [option.text for option in Select(picker).options]
    assert preset["name"] in offered
    assert not set(payloads) & set(offered), offered
    Select(picker).select_by_value(preset["id"])
    for field, column in preset["columns"].items():
        if field != "rep" and browser.find_elements(By.ID, "column-" + field):
            assert column_of(browser, field).first_selected_option.get_attribute("value") == column, field
    assert column_of(browser, "rep").first_selected_option.get_attribute("value") == "Deal Name"
    assert preset["document"]["title"] in browser.find_element(By.ID, "source-document").text
    browser.find_element(By.ID, "parameter-dateFormat").send_keys("iso")
    endpoint = browser.find_element(By.ID, "endpoint").text
    assert f"source={preset['id']}" in endpoint and "columns.rep=Deal+Name" in endpoint and "dateFormat=iso" in endpoint
    assert "columns.createdAt" not in endpoint  # the preset's own column is not repeated
    assert "values.outcome" not in endpoint  # the preset's words for the stages: nothing sent for them
    result = send_and_wait(browser, ".result")
    won = [row for row in rows if row["Deal Stage"] == "Closed Won"]
    days = cycle_days(won)
    assert float(shown_value(result)) == float(f"{sum(days) / len(days):.4g}")
    keys = [tr.find_element(By.TAG_NAME, "td").text for tr in result.find_elements(By.CSS_SELECTOR, "table.groups tr")[1:]]
    assert sorted(keys) == sorted(row["Deal Name"] for row in won)  # grouped by the person's column
    browser.execute_script("document.getElementById('kpi-info').scrollIntoView()")
    browser.save_screenshot(str(OUTPUT / "docs-file-preset.png"))
    no_page_errors(browser)
