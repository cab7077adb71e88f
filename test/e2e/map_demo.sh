#!/bin/sh
# map_demo.sh - hdx-map on a night of the demo hospital: the site's mapping
# files map every local code demo/author.py plants (its LOCAL lists) except
# the deliberately unmappable ones (its UNMAPPABLE plan: a code on every
# Nth row of some tables), which --report shows per table and domain with
# their exact counts, and hdx-map's stderr summary too. The expectation is
# derived from the generator's plan and the rows of the night's extract
# (their keys carry the generator's row number), never from hdx-map's
# output; the night's counts are also written out below by hand.
. "$(dirname "$0")/../lib.sh"
command -v sqlite3 >/dev/null || skip "sqlite3 not found"
command -v python3 >/dev/null || skip "python3 not found"
odbcinst -q -d -n SQLite3 >/dev/null 2>&1 || skip "no ODBC driver SQLite3"
export HDX_STANDARD="$top/dict"
day=2026-10-27
demo_night $day
st=$T/site/staging/$day

# want: from the plan; got: the reports. One line per table and domain:
# TABLE DOMAIN seen= mapped= passed= unmapped= defaulted= top=CODE:N,...
python3 - "$top" "$st" "$T/want" "$T/got" <<'PY' || fail "deriving the expectation"
import csv, json, os, sys
top, st, want_path, got_path = sys.argv[1:5]
sys.path.insert(0, os.path.join(top, "demo"))
import author  # the plan: LOCAL, UNMAPPABLE, PREFIX; main() does not run

std = os.path.join(top, "dict")
keys = {r["table"]: r["primary_key"].split("+")[-1]
        for r in csv.DictReader(open(os.path.join(std, "tables.csv"), encoding="utf-8"))}
domains = {}
for r in csv.DictReader(open(os.path.join(std, "fields.csv"), encoding="utf-8")):
    if r["domain"] in author.LOCAL:
        domains.setdefault(r["table"], {}).setdefault(r["domain"], []).append(r["field"])

def line(t, d, seen, mapped, passed, unmapped, defaulted, top):
    return "%s %s seen=%d mapped=%d passed=%d unmapped=%d defaulted=%d top=%s\n" % (
        t, d, seen, mapped, passed, unmapped, defaulted,
        ",".join("%s:%d" % c for c in top))

want, got, problems = [], [], []
holes_seen = set()
for t in sorted(domains):
    path = os.path.join(st, t + ".extract.csv")
    if not os.path.exists(path):
        problems.append("%s: no extract" % t)
        continue
    rows = list(csv.DictReader(open(path, encoding="utf-8", newline="")))
    for d in sorted(domains[t]):
        local = {c[0] for c in author.LOCAL[d]}
        code, _, every = author.UNMAPPABLE.get(d, (None, None, {}))
        seen = unmapped = 0
        for r in rows:
            # the row number, in the keys of the plan's tables (a front
            # sheet's key is its stay's, admission's inpatient_id)
            n = int(r[keys[t]][len(author.PREFIX[t]):]) if t in every else 0
            for f in domains[t][d]:
                v = r[f]
                if v == "":
                    continue
                seen += 1
                if t in every and n % every[t] == 0:
                    if v != code:
                        problems.append("%s.%s row %d: %r, not the planted %r" % (t, f, n, v, code))
                    unmapped += 1
                    holes_seen.add((d, t))
                elif v not in local:
                    problems.append("%s.%s row %d: %r is no planted local code" % (t, f, n, v))
        want.append(line(t, d, seen, seen - unmapped, 0, unmapped, 0,
                         [(code, unmapped)] if unmapped else []))
    rep = json.load(open(os.path.join(st, t + ".map.json"), encoding="utf-8"))
    for m in rep["domains"]:
        got.append(line(t, m["domain"], m["seen"], m["mapped"], m["passed_through"],
                        m["unmapped"], m["defaulted"],
                        [(x["code"], x["count"]) for x in m["top_unmapped"]]))
for d, (code, _, every) in author.UNMAPPABLE.items():
    for t in every:
        if (d, t) not in holes_seen:
            problems.append("%s: no row of %s in the night carries %r" % (d, t, code))
open(want_path, "w").write("".join(sorted(want)))
open(got_path, "w").write("".join(sorted(got)))
for p in problems:
    print(p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
[ "$(wc -l <"$T/want")" -ge 19 ] || fail "only $(wc -l <"$T/want") table domains to compare"
assert_files "$T/want" "$T/got" "hdx-map reports of the demo night against the plan"

# the plan's holes in this night, by hand: rows 601..1200 of op_fee_item
# are the night's (600 a day), 15 of them multiples of 41; registrations
# 301..600, 8 multiples of 37; inpatient settlements 31..60, 3 of 11;
# patients 201..400, 7 of 29
assert_eq "inpatient_settlement payment_method seen=30 mapped=27 passed=0 unmapped=3 defaulted=0 top=09:3
outpatient_fee_detail fee_category seen=600 mapped=585 passed=0 unmapped=15 defaulted=0 top=15:15
outpatient_registration payment_method seen=300 mapped=292 passed=0 unmapped=8 defaulted=0 top=09:8
patient_info marital_status seen=200 mapped=193 passed=0 unmapped=7 defaulted=0 top=WZ:7" \
    "$(grep -v ' unmapped=0 ' "$T/got")" "the unmapped codes of the night"

# the short summary on stderr, and the exit status of findings
rc=0
hdx-map -c "$T/site/site.conf" -t outpatient_fee_detail -i "$st/outpatient_fee_detail.extract.csv" \
    -o "$T/fee.csv" 2>"$T/stderr" || rc=$?
assert_eq 1 "$rc" "exit with values left unmapped"
assert_eq "hdx-map: fee_category: 600 values: 585 mapped, 0 passed through, 15 unmapped
hdx-map: fee_category: top unmapped: '15' (15)
hdx-map: warning: fee_category: 15 unmapped values left for hdx-check to reject
hdx-map: 600 records" "$(cat "$T/stderr")" "summary of outpatient_fee_detail"
cmp -s "$T/fee.csv" "$st/outpatient_fee_detail.mapped.csv" || fail "the night's mapped file differs"
