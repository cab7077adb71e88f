#!/bin/sh
# check_demo.sh - on the demo hospital's mapped files of a night (all 27
# tables), hdx-check's --per-record equals the platform's qc_report.py
# --csv-dir --per-record, and the report's figures are the same.
. "$(dirname "$0")/../lib.sh"
need_platform
command -v sqlite3 >/dev/null || skip "sqlite3 not found"
odbcinst -q -d -n SQLite3 >/dev/null 2>&1 || skip "no ODBC driver SQLite3"
export HDX_STANDARD="$top/dict"
day=2026-10-27
demo_night $day
mkdir "$T/night"
n=0
for f in "$T/site/staging/$day"/*.mapped.csv; do
	t=$(basename "$f" .mapped.csv)
	ln -s "$f" "$T/night/$t.csv"
	n=$((n + 1))
done
assert_eq 27 "$n" "mapped tables"
"$PY" "$PLAT/qc_report.py" --csv-dir "$T/night" --today 2026-12-01 --json \
    --per-record "$T/plat.per" >"$T/plat.json" || true
hdx-check --dir "$T/night" --today 2026-12-01 --per-record "$T/hdx.per" \
    --report "$T/hdx.json" -o "$T/out" 2>/dev/null || true
LC_ALL=C sort "$T/plat.per" >"$T/a"
LC_ALL=C sort "$T/hdx.per" >"$T/b"
[ "$(wc -l <"$T/a")" -gt 50 ] || fail "too few findings to compare: $(wc -l <"$T/a")"
assert_files "$T/a" "$T/b" "per-record findings of the demo night"
"$PY" "$top/test/qc_same.py" "$T/plat.json" "$T/hdx.json" ||
    fail "report figures of the demo night differ"
