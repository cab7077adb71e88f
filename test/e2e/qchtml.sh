# qchtml: the QC report rendered by lib/qchtml from a report of the
# platform's qc_report.py over the standard's cases. The text equals
# qc_report.py's text but for runs of blanks; the HTML page, opened in
# headless Chromium (Debian's chromium), shows each institution's score,
# grade and five indicator bars, the daily volume line with its band and
# warnings, and the data's "<script>" only as text; a screenshot is drawn.
. "$(dirname "$0")/../lib.sh"
need_platform

# 1. The driver, linked against the library under test.
lib=${HDX_BIN:?}/../libhdx.a
[ -f "$lib" ] || fail "no $lib"
san=""
nm "$lib" 2>/dev/null | grep -q __asan_ && san="-fsanitize=address,undefined"
${CC:-cc} -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -g $san \
    -I"$top/lib" $(pkg-config --cflags jansson) -o "$T/qchtml_driver" \
    "$top/test/qchtml_driver.c" "$lib" $(pkg-config --libs jansson) -lm ||
    fail "cannot build the driver"
drv=$T/qchtml_driver

# 2. A report of the cases, as text: qc_report.py's layout.
cases=$PLAT/../standard/cases
set +e
"$PY" "$PLAT/qc_report.py" --csv-dir "$cases" --today 2026-12-01 --json \
    >"$T/cases.json"
rc=$?
"$PY" "$PLAT/qc_report.py" --csv-dir "$cases" --today 2026-12-01 >"$T/py.txt"
set -e
assert_eq 1 "$rc" "qc_report.py status on the cases"
"$drv" text "$T/cases.json" >"$T/ours.txt"
tr -s ' ' <"$T/py.txt" >"$T/py.sq"
tr -s ' ' <"$T/ours.txt" >"$T/ours.sq"
assert_files "$T/py.sq" "$T/ours.sq" "text report (blanks squeezed)"
assert_eq "patient_info                     1   100.00      0.00*   100.00        n/a     3.57*  FAIL" \
    "$(grep '^patient_info' "$T/ours.txt" | head -n 1)" "aligned table row"

# 3. The fixture: the same report, plus what hdx-check adds (the daily
# counts of a daily table, 2026-09-24..10-28 around 100 a day with a dip
# on 10-15 and a peak on 10-22, and its R15 warnings) and hostile text.
"$PY" - "$T/cases.json" "$T/report.json" <<'EOF'
import datetime as dt, json, sys
r = json.load(open(sys.argv[1]))
inst = r["institutions"][1]
day0 = dt.date(2026, 9, 24)
counts = {}
for i in range(35):
    d = day0 + dt.timedelta(days=i)
    counts[d] = {dt.date(2026, 10, 15): 20, dt.date(2026, 10, 22): 260}.get(
        d, 100 + (i * 7) % 11)
warn = []
for d in sorted(counts):
    if (d - day0).days < 7 or d < dt.date(2026, 10, 1):
        continue
    prev = sorted(counts[d - dt.timedelta(days=k)] for k in range(1, 8))
    med = prev[3]
    if not med * 0.5 <= counts[d] <= med * 2:
        warn.append({"date": d.isoformat(), "count": counts[d],
                     "median": float(med), "band": [med * 0.5, med * 2.0]})
assert len(warn) == 2, warn
t = [t for t in inst["tables"] if t["table"] == "outpatient_visit"][0]
t["daily"] = [{"date": d.isoformat(), "records": c}
              for d, c in sorted(counts.items())]
t["volume_warnings"] = warn
t["name_zh"] = "<img src=x onerror=alert(2)>"
t["top_rules"].append({"rule": "pattern", "level": "warning", "count": 3,
                       "field": "<script>alert(1)</script>"})
t["top_rules"].append({"rule": "=cmd|' /C calc'!A0", "field": None,
                       "level": "error", "count": 1})
inst["volume_warnings"] += len(warn)
inst["volume_deduction"] = 0.2 * len(warn)
json.dump(r, open(sys.argv[2], "w"), ensure_ascii=False, indent=1)
EOF
"$drv" html "$T/report.json" >"$T/report.html"

# 4. A malformed report writes nothing and says which member.
"$PY" -c 'import json, sys
r = json.load(open(sys.argv[1])); del r["institutions"][2]["grade"]
json.dump(r, open(sys.argv[2], "w"))' "$T/report.json" "$T/bad.json"
expect_fail 3 "qchtml_driver: $T/bad.json: QC report: institutions[2].grade: missing" \
    "$drv" html "$T/bad.json"
[ -s "$T/stdout" ] && fail "a malformed report wrote output"

# 5. The page in Chromium: the DOM as rendered, and a screenshot.
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || skip "no $CHROMIUM: the page is not rendered (apt-get install chromium)"
chromium_run() {
	timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
	    --disable-quic --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync \
	    --user-data-dir="$T/chr" "$@" "file://$T/report.html" \
	    2>>"$T/chromium.log"
}
chromium_run --dump-dom >"$T/dom.html" || { tail -n 5 "$T/chromium.log" >&2; fail "chromium --dump-dom"; }
dom=$T/dom.html
n() { grep -o "$1" "$dom" | wc -l | tr -d ' '; }
assert_eq 3 "$(n '<section class="institution"')" "institutions"
for org in 124115004170483178 124115004170483179 12411500417051225K; do
	score=$("$PY" -c 'import json, sys
r = json.load(open(sys.argv[1]))
print("%.2f %s" % next((i["score"], i["grade"]) for i in r["institutions"]
    if i["org_code"] == sys.argv[2]))' "$T/report.json" "$org")
	grep -q "<span class=\"org\">$org</span></h2>" "$dom" || fail "no header of $org"
	sed -n "/<span class=\"org\">$org</,/<\/section>/p" "$dom" >"$T/inst.html"
	assert_eq 1 "$(grep -c "<span class=\"score\">${score% *}</span><span class=\"grade g-fail\">${score#* }</span>" "$T/inst.html")" \
	    "score and grade of $org"
	assert_eq 5 "$(grep -o '<rect class="bar [a-z]*"' "$T/inst.html" | wc -l | tr -d ' ')" \
	    "indicator bars of $org"
done
assert_eq 15 "$(n '<rect class="bar [a-z]*" data-indicator="[a-z]*"')" "bars"
assert_eq 15 "$(n '<line class="threshold"')" "threshold lines"
assert_eq 1 "$(n '<polygon class="band"')" "volume band"
assert_eq 1 "$(n '<polyline class="volume"')" "volume line"
assert_eq 2 "$(n '<circle class="warn"')" "volume warnings on the chart"
assert_eq "volume band 50%..200% of" "$(grep -o 'volume band [0-9]*%\.\.[0-9]*% of' "$dom")" "band legend"
assert_eq 1 "$(n '<td class="l">2026-10-15</td><td>20</td><td>106</td><td>53\.\.212</td>')" "dip warning row"
# the data's markup is text, never elements
assert_eq 0 "$(n '<script')" "script elements"
assert_eq 0 "$(n '<img')" "img elements"
assert_eq 1 "$(n '<td class="l">&lt;script&gt;alert(1)&lt;/script&gt;</td>')" "escaped script"
assert_eq 1 "$(n '<td class="l">=cmd|'"'"' /C calc'"'"'!A0</td>')" "formula text"
assert_eq 1 "$(grep -c '<meta charset="utf-8">' "$dom")" "charset"

chromium_run --screenshot="$T/shot.png" --window-size=1200,1600 >/dev/null ||
    { tail -n 5 "$T/chromium.log" >&2; fail "chromium --screenshot"; }
[ -f "$T/shot.png" ] || fail "no screenshot"
assert_eq "89504e470d0a1a0a" "$(head -c 8 "$T/shot.png" | od -An -tx1 | tr -d ' \n')" "PNG signature"
size=$(wc -c <"$T/shot.png")
[ "$size" -gt 50000 ] || fail "screenshot of $size bytes: nothing drawn?"

exit 0
