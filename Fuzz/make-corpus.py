#!/usr/bin/env python3
"""Writes the seed corpora under Fuzz/Corpus/ and the dictionaries under Fuzz/Dictionaries/.

Usage: Fuzz/make-corpus.py CATALOGUE.json   (the body of GET /kpis from a running kpi-server)
The KPI examples come from the catalogue (KPIDefinition.example), in KPIRegistry order, so the
route byte of kpi-inputs / kpi-service seeds is the KPI's index (then /batch, /series, /compare).
"""
import hashlib
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "Corpus")
DICTS = os.path.join(HERE, "Dictionaries")

catalogue = json.load(open(sys.argv[1]))["kpis"]
ids = [k["id"] for k in catalogue]
examples = {k["id"]: json.dumps(k["example"], separators=(",", ":")) for k in catalogue}

# Bodies from the README's curl examples and a few edge cases per KPI.
readme = {
    "cac": ['{"totalSpend":10000,"newCustomers":10}', '{"totalSpend":-1,"newCustomers":2.5,"newCustomer":3}',
            '{"totalSpend":1,"totalSpend":2,"newCustomers":1}',
            '{"spend":{"advertising":6000,"salaries":3000,"commissions":0,"bonuses":0,"overhead":0,"other":1000},"newCustomers":10}',
            '{"totalSpend":500,"newCustomers":0}', '{"totalSpend":1e308,"newCustomers":1,"target":{"value":-1e308}}'],
    "clv": ['{"annualRevenue":100000,"annualPurchases":2500,"uniqueCustomers":500,"averageLifespanYears":4}',
            '{"method":"profit","averageAnnualProfit":3000,"cac":1000,"averageLifespanYears":4}'],
    "ltv-cac-ratio": ['{"clv":5000,"cac":1000}', '{"clv":5000,"cac":0}'],
    "cac-payback": ['{"cac":1200,"monthlyRevenuePerCustomer":150,"grossMarginPercent":80}'],
    "close-rate": ['{"dealsClosed":30,"leads":100,"target":{"value":25}}',
                   '{"dealsClosed":30,"leads":100,"target":{"value":25,"direction":"atMost","deadline":"2024-12-31"}}'],
    "churn-rate": ['{"customersLost":12,"customersAtStart":400}', '{"customersLost":500,"customersAtStart":400}'],
    "retention-rate": ['{"customersAtStart":400,"customersAtEnd":430,"newCustomers":60}'],
    "sales-cycle-length": ['{"deals":[{"id":"d1","createdAt":"2024-01-01","closedAt":"2024-01-31","rep":"alice"},{"id":"d2","createdAt":"2024-01-10","closedAt":"2024-02-19","rep":"bob"},{"id":"d3","createdAt":"2024-02-01T09:00:00Z","closedAt":"2024-02-11T09:00:00Z","rep":"alice"}]}',
                           '{"deals":[{"id":"x","createdAt":"2024-02-29T23:59:60Z","closedAt":"2023-02-29"}]}'],
    "resolution-time": ['{"tickets":[{"id":"t1","openedAt":"2024-03-01T09:00:00Z","resolvedAt":"2024-03-01T13:00:00Z","agent":"kim"},{"id":"t2","openedAt":"2024-03-01T10:00:00+02:00","resolvedAt":"2024-03-02T10:00:00+02:00","agent":"lee"},{"id":"t3","openedAt":"2024-03-02T08:00:00Z","resolvedAt":null}]}'],
    "pipeline-stages": ['{"stages":["lead","qualified","proposal","won"],"deals":[{"id":"a","history":[{"stage":"lead","enteredAt":"2024-01-01"},{"stage":"qualified","enteredAt":"2024-01-05"},{"stage":"proposal","enteredAt":"2024-01-15"},{"stage":"won","enteredAt":"2024-01-20"}],"outcome":"won"},{"id":"b","history":[{"stage":"lead","enteredAt":"2024-01-02"},{"stage":"qualified","enteredAt":"2024-01-12"}],"outcome":"lost"},{"id":"c","history":[{"stage":"lead","enteredAt":"2024-01-03"}],"outcome":"open"}]}'],
    "nps": ['{"scores":[10,9,9,8,7,6,3,10,9,5]}', '{"scores":[1,5,3],"scale":"1-5"}'],
    "quota-attainment": ['{"reps":[{"rep":"alice","actualSales":120000,"quota":100000},{"rep":"bob","actualSales":45000,"quota":60000}]}'],
    "social-engagement": ['{"likes":420,"comments":35,"shares":45,"followers":10000}',
                          '{"likes":420,"comments":35,"shares":45,"reach":10000,"basis":"reach"}'],
}
# Real data in: the reading options in JSON bodies (presets, groupBy, billing lines with currencies and rates).
reading = {
    "sales-cycle-length": ['{"source":"hubspot-deals","deals":[{"Record ID":"1","Create Date":"2024-03-05","Close Date":"2024-04-01","Deal Stage":"closedwon"}]}',
                           '{"groupBy":"Pipeline","unknownFields":"ignore","deals":[{"id":"a","createdAt":"2024-03-05T10:00:00Z","closedAt":"2024-03-09","Pipeline":"x"}],"timeZone":"America/New_York"}'],
    "close-rate": ['{"deals":[{"id":"a","createdAt":"2024-01-01","closedAt":"2024-02-01","outcome":"won","rep":"r"}],"basis":"created","groupBy":"outcome"}'],
    "mrr-movements": ['{"invoices":[{"customer":"c1","periodStart":"2024-01-01","periodEnd":"2025-01-01","amount":120000,"currency":"usd"},{"customer":"c2","periodStart":"2024-01-31","periodEnd":"2024-02-29","amount":1e308,"currency":"EUR","status":"void"}],"currency":"USD","fxRates":{"EUR":1.08},"amountUnit":"cents"}'],
    "cohort-retention": ['{"invoices":[{"customer":"c1","periodStart":"2024-01-15","periodEnd":"2024-02-15","amount":9223372036854775807}]}'],
}
for kpi, bodies in reading.items():
    readme.setdefault(kpi, []).extend(bodies)
# Record lines (kpi-inputs: NDJSON and CSV), each with a first `?` line of query parameters.
lines = {
    "sales-cycle-length": ["?source=hubspot-deals&timeZone=America/New_York\n\ufeffRecord ID,Deal Name,Deal Stage,Create Date,Close Date\r\n1,A,closedwon,2024-03-05 14:22,2024-04-01 09:00\r\n",
                           "?groupBy=Pipeline&invalidRows=skip\nid,createdAt,closedAt,Pipeline\na,2024-03-05,2024-03-04,x\nb,2024-03-05,2024-03-09,\n"],
    "mrr-movements": ["?currency=USD&fxRates.EUR=1.08&amountUnit=cents\ncustomer,periodStart,periodEnd,amount,currency,status\nc1,2024-01-01,2025-01-01,120000,usd,paid\nc2,2024-01-15,2024-02-15,5000,EUR,draft\n"],
    "pipeline-stages": ["?stages=lead,won\nid,stage,enteredAt,outcome\nd1,lead,2024-01-01,won\nd1,lead,2024-01-02,won\nd1,won,2024-01-05,lost\n"],
    "nps": ["?source=delighted-responses-api\n{\"score\":9,\"created_at\":1712837400}\n"],
}

batch = [
    '{"items":[{"kpi":"renewal-rate","input":{"renewedSubscribers":900,"originalSubscribers":1000}},{"kpi":"cac","input":{"totalSpend":500,"newCustomers":0}}]}',
    '{"items":[]}', '{"items":[1,{"kpi":"nope","input":{}},{"kpi":7},{"extra":true}]}', '{"item":[]}',
    '{"items":[' + ",".join('{"kpi":"%s","input":%s}' % (i, examples[i]) for i in ids) + "]}",
]
invalid = ["", "[]", "null", '{"a":1', '{"a":1,"a":2}', '\ufeff{}', '{"x":"\\ud800"}', b'{"s":"\xff\xc0\x80"}']

json_seeds = list(examples.values()) + [b for bodies in readme.values() for b in bodies] + batch + invalid + [
    '{"a":[1,-0,0.5,1e400,1e-400,-1.5E+3,9223372036854775807,9223372036854775808,-9223372036854775809,123456789012345678901234567890]}',
    '"\\u0041\\u00e9\\u4e2d\\ud83d\\ude00\\n\\t\\"\\\\\\/\\b\\f\\r"', '"é中😀"', "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]",
    " \t\r\n true \r\n", "false", "-0", "0.0e0", "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20]",
    '{"":{"":{"":[null,true,false,"",{}]}}}',
]

def write(target, name, data):
    directory = os.path.join(CORPUS, target)
    os.makedirs(directory, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    digest = hashlib.sha1(data).hexdigest()[:12]
    with open(os.path.join(directory, f"{name}-{digest}"), "wb") as f:
        f.write(data)

shutil.rmtree(CORPUS, ignore_errors=True)
for index, body in enumerate(json_seeds):
    write("json", "seed", body)

for index, kpi in enumerate(ids):
    bodies = [examples[kpi]] + readme.get(kpi, []) + ['{"target":{"value":1},' + examples[kpi][1:], "{}", "[]"]
    for body in bodies:
        write("kpi-inputs", kpi, bytes([index]) + body.encode())
        write("kpi-service", kpi, bytes([index]) + body.encode())
    write("kpi-service", kpi + "-gzip", bytes([0x80 | index]) + examples[kpi].encode())
for kpi, bodies in lines.items():
    for body in bodies:
        write("kpi-inputs", kpi + "-lines", bytes([ids.index(kpi)]) + body.encode())
for body in batch + invalid:
    write("kpi-service", "batch", bytes([len(ids)]) + (body if isinstance(body, bytes) else body.encode()))
write("kpi-service", "batch-gzip", bytes([0x80 | len(ids)]) + batch[-1].encode())
series = [
    '{"kpi":"churn-rate","points":[{"period":"2024-01","input":{"customersLost":12,"customersAtStart":400}},{"period":"2024-02","input":{"customersLost":11,"customersAtStart":405}},{"period":"2024-03","input":{"customersLost":9,"customersAtStart":410}}],"target":{"value":1.5,"direction":"atMost","deadline":"2024-12-31"}}',
    '{"kpi":"sales-cycle-length","period":"month","from":"2024-01-01","to":"2024-03-31","input":{"deals":[{"id":"d1","createdAt":"2024-01-01","closedAt":"2024-01-11"},{"id":"d2","createdAt":"2024-02-20","closedAt":"2024-03-10T12:00:00Z"}]},"target":{"value":10}}',
    '{"kpi":"churn-rate","points":[{"period":"9998","input":{"customersLost":1,"customersAtStart":9223372036854775807}},{"period":"9999","input":{"customersLost":0,"customersAtStart":9007199254740993}}],"target":{"value":1,"deadline":"9999-12-31T23:00:00-05:00"}}',
    '{"kpi":"close-rate","points":[{"period":"2024-W01","input":{"dealsClosed":1,"leads":3}},{"period":"2024-W02","input":{"dealsClosed":2,"leads":4}}],"x":1}',
    '{"kpi":"resolution-time","period":"week","input":{"tickets":[{"id":9223372036854775807,"openedAt":"0000-01-01T00:30:00+01:00","resolvedAt":"9999-12-31T23:59:59Z"}]}}',
]
compare = [
    '{"kpi":"close-rate","a":{"dealsClosed":30,"leads":100},"b":{"dealsClosed":40,"leads":100}}',
    '{"kpi":"cac","a":{"totalSpend":1e308,"newCustomers":1},"b":{"totalSpend":5e-324,"newCustomers":9223372036854775807}}',
    '{"kpi":"sales-cycle-length","a":{"deals":[{"id":"d1","createdAt":"2024-01-01","closedAt":"2024-01-31"}]},"b":{"deals":[{"id":-9223372036854775808,"createdAt":"2024-01-01","closedAt":"2024-01-02"}]}}',
    '{"kpi":"nope","a":{},"b":[]}',
]
for route, name, bodies in [(len(ids) + 1, "series", series), (len(ids) + 2, "compare", compare)]:
    for body in bodies:
        write("kpi-service", name, bytes([route]) + body.encode())
    write("kpi-service", name + "-gzip", bytes([0x80 | route]) + bodies[0].encode())

post = lambda path, body, extra="": (f"POST {path} HTTP/1.1\r\nHost: localhost:8080\r\nContent-Type: application/json\r\n{extra}"
                                     f"Content-Length: {len(body)}\r\n\r\n{body}")
requests = [
    "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n",
    "GET /kpis/cac?x=1 HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n",
    post("/cac", examples["cac"]),
    post("/batch", batch[0], "Expect: 100-continue\r\nX-Request-ID: abc\r\n"),
    "POST /nps HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    "a;ext=1\r\n{\"scores\":\r\n8\r\n[10,9,3]\r\n1\r\n}\r\n0\r\nTrailer: v\r\n\r\n",
    "GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
    "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
    "GET http://example.com:8080/kpis HTTP/1.1\r\nHost: example.com:8080\r\n\r\n",
    "\r\nHEAD / HTTP/1.1\r\nHost: [::1]:80\r\nCookie: a=1\r\nCookie: b=2\r\n\r\n",
    "POST /cac HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\nhello",
    "GET / HTTP/2.0\r\nHost: a\r\n\r\n", "BREW / HTTP/1.1\r\nHost: a\r\n\r\n", "GET /\r\n\r\n",
    "GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", "GET / HTTP/1.1\nHost: a\n\n",
    "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
    "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n",
    "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFF\r\n",
    "GET /" + "a" * 60 + " HTTP/1.1\r\nHost: a\r\nX-1: 1\r\nX-2: 2\r\nX-3: 3\r\nX-4: 4\r\n\r\n",
]
for request in requests:
    data = request.encode()
    write("http-parser", "whole", b"\x00" + data)                       # one read
    write("http-parser", "split3", bytes([0x03, 5, 17, 1]) + data)      # four pieces
    write("http-parser", "bytes", bytes([0x08]) + data)                 # one byte at a time
    write("http-parser", "small", bytes([0x12, 30, 40]) + data)         # small limits, three pieces

os.makedirs(DICTS, exist_ok=True)
json_tokens = ["{", "}", "[", "]", ":", ",", '"', "true", "false", "null", "-", "0", ".", "e", "E+", "e-", "1e308",
               "\\u", "\\ud800", "\\udc00", "\\\\", "\\\"", " ", "\t", "\r\n", "9223372036854775807", "-0"]
fields = sorted({*(n for k in catalogue for n in json.dumps(k["inputSchema"]).split('"') if n.isidentifier()),
                 "items", "kpi", "input", "target", "value", "direction", "deadline", "atLeast", "atMost"} |
                {"0-10", "1-5"})
dates = ["2024-03-01", "2024-02-29T23:59:60Z", "T09:00:00Z", "+02:00", "-12:00", ".123"]
# Integer and float edges, the ends of the four-digit years, and the /series and /compare members (kpi.dict).
edges = ["9223372036854775806", "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "9223372036854775296",
         "9007199254740992", "9007199254740993", "4294967296", "2147483648", "1.7976931348623157e308", "-1e308", "5e-324",
         "2.2250738585072014e-308", "9999-12-31T23:00:00-05:00", "0000-01-01T00:30:00+01:00", "9999-12-31", '""', "\n"] + [
    '"%s"' % f for f in ["points", "period", "from", "to", "a", "b", "month", "week", "quarter", "year", "day", "series",
                         "compare", "scenarios", "solve", "given", "for", "set"]] + [
    # Reading options' values: presets, zones (a DST gap and overlap), currencies, line separators, a BOM.
    '"%s"' % v for v in ["hubspot-deals", "salesforce-opportunities", "delighted-responses-api", "America/New_York",
                         "Europe/Berlin", "Australia/Lord_Howe", "../../etc/passwd", "2024-03-10 02:30", "2024-11-03 01:30",
                         "EUR", "usd", "void", "uncollectible", "cents", "/results", "/properties/createdate"]] + [
    "?source=", "&timeZone=", "&groupBy=", "&fxRates.", "&columns.", "&values.", "\ufeff", "\r\n", ";"]

def dictionary(path, tokens):
    with open(os.path.join(DICTS, path), "w") as f:
        for token in tokens:
            f.write('"' + "".join(c if 0x20 <= ord(c) < 0x7F and c not in '"\\' else "\\x%02X" % ord(c) for c in token) + '"\n')

dictionary("json.dict", json_tokens)
dictionary("kpi.dict", json_tokens + ['"%s"' % f for f in fields] + ['"%s"' % i for i in ids] + dates + edges)
http_tokens = ["GET ", "POST ", "HEAD ", "OPTIONS ", " HTTP/1.1\r\n", " HTTP/1.0\r\n", "\r\n", "\r\n\r\n", "Host: ",
               "Content-Length: ", "Transfer-Encoding: ", "chunked", "gzip", "Connection: ", "close", "keep-alive",
               "Expect: 100-continue", "Content-Type: application/json", ": ", ";", "0\r\n\r\n", "*", "http://", "[::1]", "%00"]
dictionary("http.dict", http_tokens)
