# hdx-check's assessment equals the platform's QC report on the same
# files: --per-record equals qc_report.py --csv-dir --per-record (record
# and table-level findings), and the --report JSON has the same figures,
# for the default period and for an explicit one.
. "$(dirname "$0")/../lib.sh"
need_platform
cases=$PLAT/../standard/cases

compare() {	# label, extra options...
	label=$1; shift
	"$PY" "$PLAT/qc_report.py" --csv-dir "$cases" --today 2026-12-01 "$@" \
	    --json --per-record "$T/plat.per" >"$T/plat.json" || true
	hdx-check --dir "$cases" --today 2026-12-01 "$@" \
	    --per-record "$T/hdx.per" --report "$T/hdx.json" 2>/dev/null || true
	LC_ALL=C sort "$T/plat.per" >"$T/plat.sorted"
	LC_ALL=C sort "$T/hdx.per" >"$T/hdx.sorted"
	assert_files "$T/plat.sorted" "$T/hdx.sorted" "$label: per-record findings"
	"$PY" "$top/test/qc_same.py" "$T/plat.json" "$T/hdx.json" ||
	    fail "$label: report figures differ"
}

compare "default period"
assert_eq 1711 "$(wc -l <"$T/hdx.per")" "per-record lines, default period"
compare "one week" --from 2026-10-20 --to 2026-10-26
compare "a month" --month 2026-10
grep -q '"score": ' "$T/hdx.json" || fail "no score in the report"

# Volume (R15) and continuity on a table of daily counts made here: ten
# days of 10 visits, then 2, then 30, a gap, then 10 again.
mkdir -p "$T/vol"
hdx-standard show outpatient_visit | cut -d, -f2 | tail -n +2 | paste -sd, - >"$T/vol/outpatient_visit.csv"
n=0
for day in 01:10 02:10 03:10 04:10 05:10 06:10 07:10 08:10 09:10 10:10 11:2 12:30 14:10; do
	d=${day%%:*} c=${day##*:} i=0
	while [ $i -lt "$c" ]; do
		n=$((n + 1)) i=$((i + 1))
		hdx-standard show outpatient_visit | tail -n +2 | cut -d, -f2 | while read -r f; do
			case $f in
			org_code) printf '124115004170483179' ;;
			visit_id) printf 'V%05d' "$n" ;;
			visit_time) printf '2026-10-%s 09:00:00' "$d" ;;
			esac
			printf ','
		done | sed 's/,$//'
		echo
	done
done >>"$T/vol/outpatient_visit.csv"
cases=$T/vol
compare "volume"
assert_eq 3 "$(grep -c ",volume,visit_time,warning$" "$T/hdx.per")" "volume warnings (11th, 12th and the empty 13th)"
grep -q '^outpatient_visit,124115004170483179+2026-10-12,volume,visit_time,warning$' "$T/hdx.per" ||
    fail "volume warning of 2026-10-12"
grep -q '^outpatient_visit,124115004170483179+2026-10-13,continuity,visit_time,warning$' "$T/hdx.per" ||
    fail "continuity of 2026-10-13"

# The three forms of the report come from the same figures.
hdx-check --dir "$PLAT/../standard/cases" --today 2026-12-01 --report "$T/r.html" 2>/dev/null || true
hdx-check --dir "$PLAT/../standard/cases" --today 2026-12-01 --report "$T/r.txt" 2>/dev/null || true
grep -q '<svg' "$T/r.html" || fail "the HTML report has no chart"
grep -q '79.44' "$T/r.html" || fail "the HTML report lacks the score of 124115004170483179"
grep -q '79.44' "$T/r.txt" || fail "the text report lacks the score of 124115004170483179"
[ "$(stat -c %a "$T/r.html")" = 600 ] || fail "report mode"
