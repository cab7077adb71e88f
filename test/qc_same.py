#!/usr/bin/env python3
"""qc_same.py PLATFORM.json HDX.json [--partly-timely]: exit 0 when the
QC report of qc_report.py --json and hdx-check's --report JSON agree in
every figure. Left out: what names the run (standard, source), the daily
counts (qc_report.py lists them only for its own page) and the members a
volume warning repeats from its table. With --partly-timely, timeliness
must also be partly met in every institution, so that a comparison after
upload is not vacuous. Differences go to stderr."""
import json
import sys


def strip(r):
    for k in ("standard", "source"):
        r.pop(k, None)
    for i in r["institutions"]:
        for t in i["tables"]:
            t.pop("daily_counts", None)
            for w in t["volume_warnings"]:
                w.pop("org_code", None)
                w.pop("table", None)
    return r


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    a, b = (strip(json.load(open(p, encoding="utf-8"))) for p in args)
    if "--partly-timely" in sys.argv:
        t = [i["indicators"]["timeliness"] for i in b["institutions"]]
        if not t or not all(0 < x["numerator"] < x["denominator"] for x in t):
            sys.exit("timeliness should be partly met: %s" % t)
    if a == b:
        return 0
    for ia, ib in zip(a["institutions"], b["institutions"]):
        if ia == ib:
            continue
        print("institution", ia["org_code"], "differs", file=sys.stderr)
        for k in ia["indicators"]:
            if ia["indicators"][k] != ib["indicators"][k]:
                print(" ", k, ia["indicators"][k], ib["indicators"][k], file=sys.stderr)
    return 1


sys.exit(main())
