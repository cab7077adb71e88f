#!/bin/sh
# nightly.sh - hdx-nightly on the demo hospital with the real tools, into
# an embedded SQLite front-end database: staging files 0600 for all 27
# tables and every file of the night 0600 (directories 0700) under
# umask 000, the front-end database holds exactly the valid rows, a second
# run stores nothing new, watermarks at the extract's largest
# update_time, the lock, a --stage check re-run byte for byte, and a
# broken table failing alone.
. "$(dirname "$0")/../lib.sh"
command -v sqlite3 >/dev/null || skip "sqlite3 not found"
command -v flock >/dev/null || skip "flock not found"
odbcinst -q -d -n SQLite3 >/dev/null 2>&1 || skip "no ODBC driver SQLite3"
export HDX_STANDARD="$top/dict"
day=2026-10-27 next=2026-10-28
demo_frontdb
state=$T/site/state st=$T/site/staging/$day log=$T/site/log/nightly-$day.log
tables=$(hdx-standard order | tail -n +2 | cut -d, -f3)
q() { sqlite3 "$T/front.db" "$1"; }
# the vendor table of a query, and its largest change in a window
vendor() { sed -n 's/^FROM \([a-z_]*\).*/\1/p' "$T/site/sql/$1.sql"; }
his_max() {
	sqlite3 "$T/his.db" "SELECT substr(max(modify_dt), 1, 19) FROM $(vendor "$1")
	    WHERE modify_dt >= '$2 00:00:00' AND modify_dt < '$3 00:00:00'"
}
rows() { echo $(($(wc -l <"$1") - 1)); }

# 1. the night, every table through to the front-end database, under a
# umask that would leave every file open to all: the tools' own modes
(umask 000 && hdx-nightly -q -c "$conf" --date $day -j 2) 2>"$T/err" || { cat "$T/err" >&2; fail "nightly exit"; }
assert_eq "" "$(cat "$T/err")" "stderr of a quiet night"
assert_eq 700 "$(stat -c %a "$T/site/staging")" "staging dir mode"
assert_eq 700 "$(stat -c %a "$st")" "night's dir mode"
n=0 total=0
for t in $tables; do
	for s in extract mapped valid rejects; do
		[ -f "$st/$t.$s.csv" ] || fail "$t.$s.csv missing"
		assert_eq 600 "$(stat -c %a "$st/$t.$s.csv")" "$t.$s.csv mode"
	done
	v=$(rows "$st/$t.valid.csv")
	assert_eq "$v" "$(q "SELECT count(*) FROM $t")" "$t rows in the front-end database"
	assert_eq "$(rows "$st/$t.extract.csv")" "$(rows "$st/$t.mapped.csv")" "$t mapped rows"
	w=$(his_max "$t" $day $next)
	if [ -n "$w" ]; then
		assert_eq "$w" "$(cat "$state/$t.watermark")" "$t watermark"
	else
		[ ! -f "$state/$t.watermark" ] || fail "$t: a watermark with no rows"
	fi
	n=$((n + 1)) total=$((total + v))
done
assert_eq 27 "$n" "tables"
[ "$total" -gt 4000 ] || fail "only $total valid rows"
for f in qc.json qc.html rejects.csv; do
	assert_eq 600 "$(stat -c %a "$st/$f")" "$f mode"
done
# and every other file and directory the night made: staging, state
# (watermarks, ledger, outbox), run log
assert_eq "" "$(find "$T/site/staging" "$state" "$T/site/log" \( -type f ! -perm 600 \) -o \
    \( -type d ! -perm 700 \) | sed "s|^$T/||")" "files not 0600 or directories not 0700 after umask 000"
# the run log: a line per table and stage, counts and never a value
for s in extract map check upload; do
	assert_eq 27 "$(grep -c " stage=$s status=ok " "$log")" "log lines of $s"
done
assert_eq "2026-10-27 table=patient_info stage=extract status=ok exit=0 rows=$(rows "$st/patient_info.extract.csv")" \
    "$(grep ' table=patient_info stage=extract ' "$log" | cut -d' ' -f2- | sed 's/^date=//; s/ seconds=.*//')" \
    "log line of an extract"
name=$(sed -n 2p "$st/patient_info.extract.csv" | cut -d, -f3)
[ -n "$name" ] || fail "no patient name to look for"
! grep -qF "$name" "$log" || fail "a patient's name in the run log"
hdx-status -c "$conf" --date $day --csv >"$T/status1"
assert_eq "$total" "$(awk -F, 'NR > 1 { n += $5 } END { print n }' "$T/status1")" "hdx-status valid"
assert_eq "$total" "$(awk -F, 'NR > 1 { n += $7 } END { print n }' "$T/status1")" "hdx-status uploaded"
assert_eq 27 "$(grep -c ',0,ok,' "$T/status1")" "hdx-status: outbox empty, all ok"

# 2. the same night again: nothing new stored, the ledger says duplicate
q "SELECT count(*) FROM upload_batch" >"$T/batches1"
hdx-nightly -q -c "$conf" --date $day || fail "second run exit $?"
hdx-status -c "$conf" --date $day --csv >"$T/status2"
assert_eq 0 "$(awk -F, 'NR > 1 { n += $7 } END { print n }' "$T/status2")" "stored by the second run"
assert_eq 26 "$(awk -F, 'NR > 1 { n += $8 } END { print n }' "$T/status2")" "batches sent before"
assert_eq "$(cat "$T/batches1")" "$(q "SELECT count(*) FROM upload_batch")" "upload_batch rows"
hdx-upload -c "$conf" --status >"$T/ledger"
# its last batches (all of this run) are duplicates
assert_eq 20 "$(grep -c '^batch .* frontdb duplicate ' "$T/ledger")" "duplicates in the ledger"
assert_eq 0 "$(grep -c '^outbox ' "$T/ledger" || true)" "outbox"
for t in $tables; do
	assert_eq "$(rows "$st/$t.valid.csv")" "$(q "SELECT count(*) FROM $t")" "$t rows after the second run"
done

# 3. the lock: a second run while one holds it
exec 9>>"$state/nightly.lock"
flock -n 9 || fail "cannot take the lock"
expect_fail 5 "hdx-nightly: $state/nightly.lock: another run holds the site's lock" \
    hdx-nightly -c "$conf" --date $day
expect_fail 5 "hdx-backfill: $state/nightly.lock: another run holds the site's lock" \
    hdx-backfill -c "$conf" --from $day --to $day
exec 9>&-

# 4. a re-run of the check of one table gives the same files
cp "$st/prescription.valid.csv" "$T/valid.before"
cp "$st/prescription.rejects.csv" "$T/rejects.before"
cp "$st/outpatient_visit.valid.csv" "$T/other.before"
cp "$st/qc.json" "$T/qcjson.before"
cp "$st/qc.html" "$T/qchtml.before"
hdx-nightly -q -c "$conf" --date $day --stage check prescription || fail "--stage check"
cmp "$T/qcjson.before" "$st/qc.json" || fail "re-checked qc.json differs"
cmp "$T/qchtml.before" "$st/qc.html" || fail "re-checked qc.html differs"
[ ! -e "$st/.check" ] || fail "the submission directory is left behind"
cmp "$T/valid.before" "$st/prescription.valid.csv" || fail "re-checked valid file differs"
cmp "$T/rejects.before" "$st/prescription.rejects.csv" || fail "re-checked rejects differ"
cmp "$T/other.before" "$st/outpatient_visit.valid.csv" || fail "another table's valid file changed"
[ "$(rows "$T/rejects.before")" -gt 0 ] || fail "prescription has no rejects to compare"
assert_eq "2026-10-27 table=prescription stage=check status=ok" \
    "$(tail -n 2 "$log" | head -n 1 | cut -d' ' -f2-5 | sed 's/^date=//')" "log of the re-run"
expect_fail 2 "hdx-nightly: --stage chek: expected extract, map, check or upload, or a range of them such as map-upload" \
    hdx-nightly -c "$conf" --date $day --stage chek
expect_fail 2 "hdx-nightly: no_such_table: not a table of the standard" \
    hdx-nightly -c "$conf" --date $day no_such_table

# 5. the next night with one query broken: that table fails alone
wm=$(cat "$state/lab_report.watermark")
echo "SELECT no_such_column FROM no_such_table WHERE x >= :since AND x < :until" >"$T/site/sql/lab_report.sql"
before=$(q "SELECT count(*) FROM outpatient_visit")
set +e
hdx-nightly -q -c "$conf" --date $next 2>"$T/err"
rc=$?
set -e
assert_eq 1 "$rc" "exit of a night with a broken table"
assert_eq "hdx-nightly: $next: lab_report: extract failed (exit 4)" "$(tail -n 1 "$T/err")" "failure report"
grep -q '^hdx-extract: ' "$T/err" || fail "the extractor's own message is not shown"
st2=$T/site/staging/$next
[ ! -f "$st2/lab_report.valid.csv" ] || fail "a valid file for the failed table"
assert_eq "$wm" "$(cat "$state/lab_report.watermark")" "watermark of the failed table"
assert_eq "$(his_max lab_result $next 2026-10-29)" "$(cat "$state/lab_result.watermark")" "watermark of another table"
assert_eq $((before + $(rows "$st2/outpatient_visit.valid.csv"))) \
    "$(q "SELECT count(*) FROM outpatient_visit")" "the other tables still uploaded"
hdx-status -c "$conf" --date $next --csv >"$T/status3" && fail "hdx-status exit 0 with a failed table"
assert_eq "$next,lab_report,-" "$(grep ',lab_report,' "$T/status3" | cut -d, -f1-3)" "status of the failed table"
assert_eq "failed:extract" "$(grep ',lab_report,' "$T/status3" | cut -d, -f10)" "status of the failed table"
assert_eq 26 "$(grep -c ',ok,' "$T/status3")" "the others ok"
