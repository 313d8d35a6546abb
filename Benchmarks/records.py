#!/usr/bin/env python3
"""The helper of Benchmarks/records.sh: record-array KPIs, kpi-server next to DuckDB in process.

    records.py generate --out DIR [--seed N] [--deals N] [--tickets N]
        Writes DIR/deals.json ({"deals":[...]}), DIR/deals.ndjson (one deal a line) and the same for tickets.
        Also DIR/mrr.json ({"mrr":[...]}) and DIR/mrr.ndjson: MRR per customer and month, every customer in
        every month (--customers N, --months N; 10,000 x 24 = 240,000 rows by default).
    records.py run --dir DIR --port PORT --pid PID --log FILE [--reps N] [--max-seconds S]
        Times, alternating, DuckDB (one thread, reading the NDJSON file) and kpi-server (POST of the JSON body
        on one keep-alive connection; also application/x-ndjson when the server takes it), checks that the
        values agree to 1e-9 relative, and prints the times, their ratio and the server's RSS.

The same seed always gives the same bytes. Dates mix `2024-03-01` (midnight UTC) and date-times with `Z` or
an offset and 0, 3 or 6 fraction digits (DuckDB's TIMESTAMPTZ holds microseconds, so no more than 6).
Some records have no id, some repeat an earlier id with other values (only the first counts), some have no
rep/agent (no group); some tickets are open (resolvedAt null or absent).
"""
import argparse
import datetime as dt
import http.client
import json
import math
import os
import random
import socket
import statistics
import sys
import time

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
START_2024_US = 1_704_067_200 * 1_000_000  # 2024-01-01T00:00:00Z in microseconds
DAY_US = 86_400 * 1_000_000
OFFSETS_MIN = [0, 0, 0, 120, -300, 330, -210, 60, 540, -480]  # UTC three times as likely; +05:30, -03:30 too


# ---------------------------------------------------------------------------------------------- generating

class Stamp:
    """An instant in microseconds since the epoch and how it is written."""

    def __init__(self, rng):
        r = rng.random()
        if r < 0.45:
            self.kind, self.digits = "date", 0
        else:
            self.kind = "datetime"
            self.digits = rng.choices([0, 3, 6], weights=[65, 22, 13])[0]
        self.offset = rng.choice(OFFSETS_MIN)
        self.zulu = self.offset == 0 and rng.random() < 0.8  # `Z`, else `+00:00`

    @property
    def unit_us(self):
        return DAY_US if self.kind == "date" else 10 ** (6 - self.digits)

    def text(self, us):
        if self.kind == "date":
            return (EPOCH + dt.timedelta(microseconds=us)).strftime("%Y-%m-%d")
        local = EPOCH + dt.timedelta(microseconds=us, minutes=self.offset)
        s = local.strftime("%Y-%m-%dT%H:%M:%S")
        if self.digits:
            s += "." + f"{local.microsecond:06d}"[: self.digits]
        if self.zulu:
            return s + "Z"
        sign = "-" if self.offset < 0 else "+"
        m = abs(self.offset)
        return f"{s}{sign}{m // 60:02d}:{m % 60:02d}"


def floor_to(us, unit):
    return us - us % unit


def interval(rng, start_stamp, end_stamp, start_us, length_us):
    """A start and end (microseconds) representable in their stamps, end not before start."""
    start = floor_to(start_us, start_stamp.unit_us)
    end = floor_to(start + length_us, end_stamp.unit_us)
    while end < start:
        end += end_stamp.unit_us
    return start, end


def make_records(rng, count, id_prefix, start_field, end_field, key_field, keys, length_us, open_share=0.0):
    records = []
    used_ids = []
    for i in range(count):
        a, b = Stamp(rng), Stamp(rng)
        if rng.random() < 0.01:  # very short: both with microseconds, under 10 s apart
            a.kind = b.kind = "datetime"
            a.digits = b.digits = 6
            length = rng.randrange(0, 10_000_000)
        else:
            length = length_us(rng)
        start, end = interval(rng, a, b, START_2024_US + rng.randrange(0, 300 * DAY_US), length)
        rec = {}
        r = rng.random()
        if r < 0.02:
            pass  # no id: always counted
        elif r < 0.03 and used_ids:
            rec["id"] = rng.choice(used_ids)  # a repeat of an earlier id with other values: not counted
        else:
            rec["id"] = f"{id_prefix}{i}"
            used_ids.append(rec["id"])
        rec[start_field] = a.text(start)
        o = rng.random()
        if o < open_share * 2 / 3:
            rec[end_field] = None
        elif o < open_share:
            pass  # absent: open as well
        else:
            rec[end_field] = b.text(end)
        if rng.random() >= 0.03:
            rec[key_field] = rng.choices(keys, weights=range(len(keys), 0, -1))[0]
        records.append(rec)
    return records


def write(out, name, field, records):
    lines = [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records]
    with open(os.path.join(out, f"{name}.json"), "w", encoding="utf-8") as f:
        f.write('{"%s":[' % field + ",".join(lines) + "]}")
    with open(os.path.join(out, f"{name}.ndjson"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def generate(args):
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    reps = [f"rep{i}" for i in range(48)] + ["zoë", "Ørjan", "李雷"]
    deals = make_records(
        rng, args.deals, "d", "createdAt", "closedAt", "rep", reps,
        lambda r: int(r.expovariate(1 / (45 * DAY_US))))
    write(args.out, "deals", "deals", deals)
    agents = [f"agent{i}" for i in range(40)] + ["Zoë", "Émile"]
    tickets = make_records(
        rng, args.tickets, "t", "openedAt", "resolvedAt", "agent", agents,
        lambda r: int(r.lognormvariate(math.log(6 * 3600e6), 1.2)), open_share=0.10)
    write(args.out, "tickets", "tickets", tickets)
    write(args.out, "mrr", "mrr", make_mrr(rng, args.customers, args.months))
    for name in ("deals", "tickets", "mrr"):
        for ext in ("json", "ndjson"):
            p = os.path.join(args.out, f"{name}.{ext}")
            print(f"{p}: {os.path.getsize(p) / 1e6:.2f} MB")


def make_mrr(rng, customers, months):
    """Every customer in every month from 2023-01: a start month in the first year (0 before it), then each month
    a chance to churn (0), to come back after churning (reactivation), to expand or contract; some amounts with
    cents. Customers' rows are in month order except every 50th customer's, which are shuffled."""
    rows = []
    for c in range(customers):
        start = rng.randrange(0, 12)
        plan = rng.choice([29, 49, 99, 199, 49.99, 12.5])
        mrr, paid = 0.0, False
        own = []
        for m in range(months):
            if m == start:
                mrr, paid = plan, True
            elif m > start:
                r = rng.random()
                if mrr > 0:
                    if r < 0.04:
                        mrr = 0.0
                    elif r < 0.10:
                        mrr = round(mrr * rng.choice([1.5, 2]), 2)
                    elif r < 0.13:
                        mrr = round(mrr * 0.5, 2)
                elif paid and r < 0.2:
                    mrr = plan
            own.append({"customer": f"cust{c}", "month": f"{2023 + m // 12}-{m % 12 + 1:02d}", "mrr": mrr})
        if c % 50 == 0:
            rng.shuffle(own)
        rows.extend(own)
    return rows


# ---------------------------------------------------------------------------------------------- DuckDB

# A date alone is midnight UTC (TimeZone is set to UTC); a date-time keeps its offset. epoch_us is exact.
TS = "epoch_us(CAST({} AS TIMESTAMPTZ))"
# When either end is a date alone, the duration counts calendar days (the contract's "Dates" rule, UTC without
# timeZone): the other end is taken as its UTC date, and the difference of the dates is the duration.
DAY_US = 86_400_000_000


def duckdb_sql(case):
    start, end, key, per = case["start"], case["end"], case["key"], case["per_us"]
    cols = "{'id':'VARCHAR','%s':'VARCHAR','%s':'VARCHAR','%s':'VARCHAR'}" % (start, end, key)
    # Rows keep the file's order (one thread, preserve_insertion_order), so row_number() is the line number
    # and the first record of an id is the one that counts, as in the KPI.
    return f"""
WITH raw AS (
  SELECT row_number() OVER () AS line, id, "{key}" AS k, {TS.format(f'"{start}"')} AS a, {TS.format(f'"{end}"')} AS b,
         length("{start}") = 10 OR length("{end}") = 10 AS dated
  FROM read_ndjson($path, columns={cols})
), ranked AS (
  SELECT *, row_number() OVER (PARTITION BY id ORDER BY line) AS nth, count(*) OVER (PARTITION BY id) AS copies
  FROM raw
), counted AS (
  SELECT k, id, copies,
         CASE WHEN dated THEN (floor(b / {DAY_US}) - floor(a / {DAY_US})) * {DAY_US}.0 ELSE b - a END / {per:.1f} AS v
  FROM ranked WHERE id IS NULL OR nth = 1
)
SELECT grouping(k) = 0 AS is_group, k, count(*) AS records, count(v) AS n, sum(v), avg(v),
       quantile_cont(v, 0.5), quantile_cont(v, 0.9), min(v), max(v),
       count(*) FILTER (WHERE id IS NOT NULL AND copies > 1) AS repeated_ids
FROM counted GROUP BY GROUPING SETS ((), (k))
"""


def duckdb_result(rows):
    out = {"groups": {}}
    for is_group, k, records, n, total, mean, median, p90, lo, hi, repeated in rows:
        if not is_group:
            out.update(records=records, count=n, total=total, mean=mean, median=median, p90=p90, min=lo, max=hi,
                       open=records - n, repeated_ids=repeated)
        elif k is not None and n > 0:
            out["groups"][k] = (n, mean)
    return out


# ---------------------------------------------------------------------------------------------- the server

def server_result(case, body):
    r = json.loads(body)
    b, u = r["breakdown"], case["unit"]
    out = {"count": b[case["records"]], "total": b[f"total{u}"], "mean": b[f"mean{u}"],
           "median": b[f"median{u}"], "p90": b[f"p90{u}"], "min": b[f"min{u}"], "max": b[f"max{u}"],
           "groups": {g["key"]: (g["count"], g["value"]) for g in r.get("groups", [])},
           "repeated_ids": sum(1 for w in r.get("warnings", []) if "only the first is counted" in w),
           "value": r["value"]}
    if "openTickets" in b:
        out["open"] = b["openTickets"]
        out["records"] = b["tickets"]
    return out


def close_enough(a, b):
    if isinstance(a, int) and isinstance(b, int):
        return a == b
    return a == b or abs(a - b) <= 1e-9 * max(abs(a), abs(b))


def compare(label, duck, server):
    problems = []
    keys = ["count", "total", "mean", "median", "p90", "min", "max", "repeated_ids"]
    keys += [k for k in ("open", "records") if k in server]
    for k in keys:
        if not close_enough(duck[k], server[k]):
            problems.append(f"{k}: DuckDB {duck[k]!r}, server {server[k]!r}")
    if "value" in server and not close_enough(server["value"], server["mean"]):
        problems.append(f"value {server['value']!r} is not the mean {server['mean']!r}")
    if set(duck["groups"]) != set(server["groups"]):
        problems.append(f"group keys differ: only DuckDB {sorted(set(duck['groups']) - set(server['groups']))}, "
                        f"only server {sorted(set(server['groups']) - set(duck['groups']))}")
    for k in sorted(set(duck["groups"]) & set(server["groups"])):
        (dn, dv), (sn, sv) = duck["groups"][k], server["groups"][k]
        if dn != sn or not close_enough(dv, sv):
            problems.append(f"group {k!r}: DuckDB ({dn}, {dv!r}), server ({sn}, {sv!r})")
    if problems:
        print(f"\nMISMATCH in {label}:", file=sys.stderr)
        for p in problems[:20]:
            print("  " + p, file=sys.stderr)
        sys.exit(1)


MRR_SQL = """
WITH m AS (
  SELECT customer, CAST(substr(month, 1, 4) AS INTEGER) * 12 + CAST(substr(month, 6, 2) AS INTEGER) - 1 AS mo, mrr
  FROM read_ndjson($path, columns={'customer':'VARCHAR','month':'VARCHAR','mrr':'DOUBLE'})
), span AS (SELECT min(mo) AS lo, max(mo) AS hi FROM m
), grid AS (SELECT c.customer, g.mo FROM (SELECT DISTINCT customer FROM m) c, span, range(span.lo, span.hi + 1) g(mo)
), v AS (SELECT grid.customer, grid.mo, coalesce(m.mrr, 0) AS mrr FROM grid LEFT JOIN m USING (customer, mo)
), t AS (
  SELECT customer, mo, mrr, lag(mrr, 1, 0) OVER w AS prev,
         coalesce(max(CASE WHEN mrr > 0 THEN 1 ELSE 0 END) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS ever
  FROM v WINDOW w AS (PARTITION BY customer ORDER BY mo)
), firsts AS (SELECT customer, min(mo) AS f FROM v WHERE mrr > 0 GROUP BY customer)
SELECT mo - (SELECT lo FROM span) AS j, sum(prev), sum(mrr),
  sum(CASE WHEN prev = 0 AND mrr > 0 AND ever = 0 THEN mrr ELSE 0 END),
  sum(CASE WHEN prev > 0 AND mrr > prev THEN mrr - prev ELSE 0 END),
  sum(CASE WHEN prev > 0 AND mrr > 0 AND mrr < prev THEN prev - mrr ELSE 0 END),
  sum(CASE WHEN prev > 0 AND mrr = 0 THEN prev ELSE 0 END),
  sum(CASE WHEN prev = 0 AND mrr > 0 AND ever = 1 THEN mrr ELSE 0 END),
  count(*) FILTER (WHERE prev > 0), count(*) FILTER (WHERE prev > 0 AND mrr = 0),
  (SELECT count(*) FILTER (WHERE v.mrr > 0) FROM firsts JOIN v ON v.customer = firsts.customer AND v.mo = firsts.f + 1),
  (SELECT count(*) FROM firsts JOIN v ON v.customer = firsts.customer AND v.mo = firsts.f + 1)
FROM t GROUP BY j ORDER BY j
"""
MOVES = ["startingMrr", "endingMrr", "newMrr", "expansionMrr", "contractionMrr", "churnedMrr", "reactivationMrr",
         "customersAtStart", "customersLost"]


def duckdb_mrr(rows):
    months = [dict(zip(MOVES, r[1:10])) for r in rows]
    retained, base = rows[0][10], rows[0][11]
    return {"months": months[1:], "value": months[-1]["endingMrr"] - months[0]["endingMrr"],
            "month1": retained / base * 100, "retained": retained, "base": base}


def check_mrr(label, duck, body, cohort=False):
    r = json.loads(body)
    problems = []
    if cohort:
        b = r["breakdown"]
        for k, v in (("retainedAtMonth1", duck["retained"]), ("customersAtMonth0", duck["base"])):
            if b[k] != v:
                problems.append(f"{k}: DuckDB {v}, server {b[k]}")
        if not close_enough(r["value"], duck["month1"]):
            problems.append(f"value: DuckDB {duck['month1']!r}, server {r['value']!r}")
    else:
        groups = r["groups"]
        if len(groups) != len(duck["months"]):
            problems.append(f"{len(groups)} months from the server, {len(duck['months'])} from DuckDB")
        for i, (g, d) in enumerate(zip(groups, duck["months"])):
            for k in MOVES:
                if not close_enough(float(g[k]), float(d[k])):
                    problems.append(f"{g['key']} {k}: DuckDB {d[k]!r}, server {g[k]!r}")
            if d["customersAtStart"] and not close_enough(g["logoChurn"], d["customersLost"] / d["customersAtStart"] * 100):
                problems.append(f"{g['key']} logoChurn: server {g['logoChurn']!r}")
        if not close_enough(r["value"], duck["value"]):
            problems.append(f"value: DuckDB {duck['value']!r}, server {r['value']!r}")
    if problems:
        print(f"\nMISMATCH in {label}:", file=sys.stderr)
        for p in problems[:20]:
            print("  " + p, file=sys.stderr)
        sys.exit(1)


def run_mrr(args, con, client, deadline):
    """/mrr-movements (JSON and NDJSON) and /cohort-retention (JSON) on the MRR rows, against DuckDB's movements."""
    json_body = open(os.path.join(args.dir, "mrr.json"), "rb").read()
    ndjson_path = os.path.join(args.dir, "mrr.ndjson")
    ndjson_body = open(ndjson_path, "rb").read()
    params = {"path": ndjson_path}
    duck = duckdb_mrr(con.execute(MRR_SQL, params).fetchall())
    paths = [("movements", "/mrr-movements", "application/json", json_body, False),
             ("movements-ndjson", "/mrr-movements", "application/x-ndjson", ndjson_body, False),
             ("cohorts", "/cohort-retention", "application/json", json_body, True)]
    rss_before = vm_kb(args.pid, "VmRSS")
    peak_reset = reset_peak(args.pid)
    for name, path, ctype, body, cohort in paths:
        status, data, _ = client.post(path, ctype, body, f"records-mrr-{name}-warm")
        if status != 200:
            print(f"mrr {name}: server answered {status}: {data[:500]!r}", file=sys.stderr)
            sys.exit(1)
        check_mrr(f"mrr {name}", duck, data, cohort)
    times = {name: [] for name, *_ in paths}
    times["duckdb"] = []
    last = {}
    for rep in range(args.reps):
        if time.monotonic() > deadline:
            print(f"  mrr: time budget reached after {rep} reps")
            break
        t0 = time.perf_counter()
        rows = con.execute(MRR_SQL, params).fetchall()
        times["duckdb"].append(time.perf_counter() - t0)
        for name, path, ctype, body, cohort in paths:
            status, last[name], t = client.post(path, ctype, body, f"records-mrr-{name}-{rep}")
            assert status == 200, (status, last[name][:300])
            times[name].append(t)
    for name, path, ctype, body, cohort in paths:
        if name in last:
            check_mrr(f"mrr {name} (last answer)", duck, last[name], cohort)
    peak = vm_kb(args.pid, "VmHWM")
    print(f"\nmrr: {len(duck['months']) + 1} months; JSON body {len(json_body) / 1e6:.2f} MB, NDJSON file "
          f"{len(ndjson_body) / 1e6:.2f} MB; movements, logo churn, net change and pooled month-1 retention agree "
          f"with DuckDB (1e-9 relative)")
    print(f"  {'':44} {'mean ms':>9} {'median ms':>10} {'p90 ms':>9}")
    d = summary_ms(times["duckdb"])
    print(f"  {'DuckDB read_ndjson, movements + cohorts, 1 thread':44} {d[0]:9.1f} {d[1]:10.1f} {d[2]:9.1f}")
    for name, path, ctype, *_ in paths:
        s = summary_ms(times[name])
        print(f"  {'kpi-server POST ' + path + ' ' + ctype.split('/')[1]:44} {s[0]:9.1f} {s[1]:10.1f} {s[2]:9.1f}")
    print(f"  server RSS before {rss_before / 1024:.1f} MB, peak during {peak / 1024:.1f} MB"
          f"{'' if peak_reset else ' (VmHWM since start: clear_refs refused)'}, growth {(peak - rss_before) / 1024:.1f} MB "
          f"= {(peak - rss_before) * 1024 / len(json_body):.2f} x the JSON body; {len(times['duckdb'])} timed reps")


class Client:
    """One keep-alive HTTP/1.1 connection (reconnects only when the server closes it; counted)."""

    def __init__(self, port):
        self.port = port
        self.conn = None
        self.connects = 0

    def post(self, path, content_type, body, request_id):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.conn.connect()
            # The head and the body go out in two sends (no copy of the body into one buffer): no Nagle wait.
            self.conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.connects += 1
        c = self.conn
        start = time.perf_counter()
        c.putrequest("POST", path, skip_accept_encoding=True)
        c.putheader("Content-Type", content_type)
        c.putheader("Content-Length", str(len(body)))
        c.putheader("X-Request-ID", request_id)
        c.endheaders()
        try:
            c.send(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused before the body was read (415): the answer is still there to read
        resp = c.getresponse()
        data = resp.read()
        elapsed = time.perf_counter() - start
        if resp.will_close:
            c.close()
            self.conn = None
        return resp.status, data, elapsed


def vm_kb(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def reset_peak(pid):
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as f:
            f.write("5")  # resets VmHWM to the current RSS (Linux 4.0+)
        return True
    except OSError:
        return False


def summary_ms(xs):
    xs = sorted(xs)
    n = len(xs)
    h = (n - 1) * 0.9
    lo = int(h)
    p90 = xs[lo] + (h - lo) * (xs[min(lo + 1, n - 1)] - xs[lo])
    return statistics.fmean(xs) * 1e3, statistics.median(xs) * 1e3, p90 * 1e3


CASES = [
    {"name": "deals", "path": "/sales-cycle-length", "start": "createdAt", "end": "closedAt", "key": "rep",
     "per_us": 86_400e6, "unit": "Days", "records": "deals"},
    {"name": "tickets", "path": "/resolution-time", "start": "openedAt", "end": "resolvedAt", "key": "agent",
     "per_us": 3_600e6, "unit": "Hours", "records": "resolvedTickets"},
]


def server_logged_ms(log, prefix):
    """durationMs the server logged for the requests whose X-Request-ID starts with `prefix`."""
    out = []
    try:
        with open(log, encoding="utf-8") as f:
            for line in f:
                if prefix not in line:
                    continue
                try:
                    rec = json.loads(line)
                except ValueError:
                    continue
                if str(rec.get("requestId", "")).startswith(prefix) and "durationMs" in rec:
                    out.append(float(rec["durationMs"]))
    except OSError:
        pass
    return out


def run(args):
    import duckdb

    con = duckdb.connect()
    con.execute("SET threads=1")
    con.execute("SET TimeZone='UTC'")
    con.execute("SET preserve_insertion_order=true")
    try:
        con.execute("SET enable_external_file_cache=false")  # read the file each time, as the server reads each body
    except duckdb.Error:
        pass
    deadline = time.monotonic() + args.max_seconds
    client = Client(args.port)
    print(f"DuckDB {duckdb.__version__} (threads=1), kpi-server pid {args.pid} on 127.0.0.1:{args.port}, "
          f"{args.reps} reps alternating, at most {args.max_seconds} s")
    for case in CASES:
        name = case["name"]
        json_body = open(os.path.join(args.dir, f"{name}.json"), "rb").read()
        ndjson_path = os.path.join(args.dir, f"{name}.ndjson")
        ndjson_body = open(ndjson_path, "rb").read()
        sql = duckdb_sql(case)
        params = {"path": ndjson_path}

        rss_before = vm_kb(args.pid, "VmRSS")
        peak_reset = reset_peak(args.pid)

        # NDJSON bodies: probed with one record on a connection of its own (a 415 may close it).
        probe = Client(args.port)
        first_line = ndjson_body.split(b"\n", 1)[0] + b"\n"
        status, data, _ = probe.post(case["path"], "application/x-ndjson", first_line, f"records-{name}-probe")
        if probe.conn:
            probe.conn.close()
        # Only a 415 says "not supported" here: one record alone may be a 422 (one open ticket); the full body,
        # next, must then be a 200.
        ndjson_ok = status != 415
        ndjson_note = "" if ndjson_ok else "not supported (415)"

        # Warm-up, not timed; also the value check.
        duck = duckdb_result(con.execute(sql, params).fetchall())
        status, data, _ = client.post(case["path"], "application/json", json_body, f"records-{name}-warm")
        if status != 200:
            print(f"{name}: server answered {status}: {data[:500]!r}", file=sys.stderr)
            sys.exit(1)
        compare(f"{name} (application/json)", duck, server_result(case, data))
        if ndjson_ok:
            status, data, _ = client.post(case["path"], "application/x-ndjson", ndjson_body, f"records-{name}-warm-nd")
            if status != 200:
                ndjson_ok, ndjson_note = False, f"not answered ({status}: {data[:200]!r})"
            else:
                compare(f"{name} (application/x-ndjson)", duck, server_result(case, data))

        times = {"duckdb": [], "server": [], "server-ndjson": []}
        last_json = last_nd = rows = None
        for rep in range(args.reps):
            if time.monotonic() > deadline:
                print(f"  {name}: time budget reached after {rep} reps")
                break
            steps = ["duckdb", "server"] + (["server-ndjson"] if ndjson_ok else [])
            if rep % 2:
                steps.reverse()
            for step in steps:
                if step == "duckdb":
                    t0 = time.perf_counter()
                    rows = con.execute(sql, params).fetchall()
                    times["duckdb"].append(time.perf_counter() - t0)
                elif step == "server":
                    status, last_json, t = client.post(case["path"], "application/json", json_body,
                                                       f"records-{name}-json-{rep}")
                    assert status == 200, (status, last_json[:300])
                    times["server"].append(t)
                else:
                    status, last_nd, t = client.post(case["path"], "application/x-ndjson", ndjson_body,
                                                     f"records-{name}-ndjson-{rep}")
                    assert status == 200, (status, last_nd[:300])
                    times["server-ndjson"].append(t)
        # The last answers must still agree (a server that drifted would show here).
        if rows is not None:
            compare(f"{name} (last DuckDB run)", duck, duckdb_result(rows))
        if last_json is not None:
            compare(f"{name} (last JSON answer)", duck, server_result(case, last_json))
        if last_nd is not None:
            compare(f"{name} (last NDJSON answer)", duck, server_result(case, last_nd))
        peak = vm_kb(args.pid, "VmHWM")

        d = summary_ms(times["duckdb"])
        s = summary_ms(times["server"])
        logged = server_logged_ms(args.log, f"records-{name}-json-")
        print(f"\n{name}: {case['path']}, {duck['records']} records counted ({duck['count']} with a duration, "
              f"{duck['repeated_ids']} repeated ids, {len(duck['groups'])} groups); "
              f"JSON body {len(json_body) / 1e6:.2f} MB, NDJSON file {len(ndjson_body) / 1e6:.2f} MB; "
              f"values agree (1e-9 relative)")
        print(f"  {'':34} {'mean ms':>9} {'median ms':>10} {'p90 ms':>9} {'MB/s (median)':>14}")
        print(f"  {'DuckDB read_ndjson, 1 thread':34} {d[0]:9.1f} {d[1]:10.1f} {d[2]:9.1f} "
              f"{len(ndjson_body) / 1e6 / (d[1] / 1e3):14.0f}")
        print(f"  {'kpi-server POST JSON, end to end':34} {s[0]:9.1f} {s[1]:10.1f} {s[2]:9.1f} "
              f"{len(json_body) / 1e6 / (s[1] / 1e3):14.0f}")
        if logged:
            l = summary_ms([x / 1e3 for x in logged])
            print(f"  {'  of which server-logged durationMs':34} {l[0]:9.1f} {l[1]:10.1f} {l[2]:9.1f}")
        if ndjson_ok:
            n = summary_ms(times["server-ndjson"])
            print(f"  {'kpi-server POST NDJSON, end to end':34} {n[0]:9.1f} {n[1]:10.1f} {n[2]:9.1f} "
                  f"{len(ndjson_body) / 1e6 / (n[1] / 1e3):14.0f}")
        print(f"  ratio DuckDB / server (JSON): mean {d[0] / s[0]:.2f}, median {d[1] / s[1]:.2f} "
              f"(>1: the server is faster)")
        if ndjson_ok:
            print(f"  ratio DuckDB / server (NDJSON): mean {d[0] / n[0]:.2f}, median {d[1] / n[1]:.2f}")
        else:
            print(f"  POST application/x-ndjson: {ndjson_note}")
        grow = (peak - rss_before) * 1024 / len(json_body)
        print(f"  server RSS before {rss_before / 1024:.1f} MB, peak during {peak / 1024:.1f} MB"
              f"{'' if peak_reset else ' (VmHWM since start: clear_refs refused)'}, "
              f"growth {(peak - rss_before) / 1024:.1f} MB = {grow:.2f} x the JSON body"
              f"{' (peak over JSON and NDJSON requests)' if ndjson_ok else ''}"
              f"; {len(times['server'])} timed reps, {client.connects} connection(s)")
    run_mrr(args, con, client, deadline)
    if client.conn:
        client.conn.close()
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("--out", required=True)
    g.add_argument("--seed", type=int, default=20240301)
    g.add_argument("--deals", type=int, default=80_000)
    g.add_argument("--tickets", type=int, default=78_000)
    g.add_argument("--customers", type=int, default=10_000)
    g.add_argument("--months", type=int, default=24)
    r = sub.add_parser("run")
    r.add_argument("--dir", required=True)
    r.add_argument("--port", type=int, required=True)
    r.add_argument("--pid", type=int, required=True)
    r.add_argument("--log", default="")
    r.add_argument("--reps", type=int, default=40)
    r.add_argument("--max-seconds", type=float, default=600)
    args = p.parse_args()
    if args.cmd == "generate":
        generate(args)
        return 0
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
