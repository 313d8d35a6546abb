#!/usr/bin/env python3
# Independent check of stripe-invoice-lines.csv (run from the repository root: python3 docs/samples/stripe-invoice-lines.py): month ends (first midnight of the next month, UTC)
# inside (start, end]; these lines are all whole calendar months, so monthly = amount / n.
import csv
from datetime import datetime, timezone
from decimal import Decimal, ROUND_HALF_UP
rates = {"usd": Decimal(1), "eur": Decimal("1.08"), "jpy": Decimal("0.0067")}
minor = {"jpy": 1}
mrr = {}
for r in csv.DictReader(open("docs/samples/stripe-invoice-lines.csv", encoding="utf-8")):
    if r["status"].lower() in ("void", "draft", "uncollectible"): continue
    s = datetime.fromtimestamp(int(r["period.start"]), timezone.utc); e = datetime.fromtimestamp(int(r["period.end"]), timezone.utc)
    months = []
    y, m = s.year, s.month
    while True:
        ny, nm = (y + (m == 12), m % 12 + 1)
        end = datetime(ny, nm, 1, tzinfo=timezone.utc)
        if not (s < end <= e): break
        months.append((y, m)); y, m = ny, nm
    amount = Decimal(r["amount"]) / minor.get(r["currency"], 100) * rates[r["currency"]]
    n = (e.year * 12 + e.month) - (s.year * 12 + s.month)
    monthly = (amount / n).quantize(Decimal("0.01"), ROUND_HALF_UP)
    for ym in months: mrr.setdefault(r["customer"], {}).setdefault(ym, Decimal(0)); mrr[r["customer"]][ym] += monthly
allm = sorted({ym for c in mrr.values() for ym in c})
for ym in allm: print(ym, sum(c.get(ym, 0) for c in mrr.values()), {k: str(v.get(ym, 0)) for k, v in mrr.items()})
