#!/bin/sh
# backfill.sh - hdx-backfill over two days of the demo hospital, days in
# parallel: both uploaded and marked done, the watermark only forward; a
# second backfill skips both; --force runs them again and stores nothing
# new; a failed day is not marked and runs again; with -j a table whose
# map failed, or a day whose run could not start, is not checked from an
# earlier run's mapped files.
. "$(dirname "$0")/../lib.sh"
command -v sqlite3 >/dev/null || skip "sqlite3 not found"
command -v flock >/dev/null || skip "flock not found"
odbcinst -q -d -n SQLite3 >/dev/null 2>&1 || skip "no ODBC driver SQLite3"
export HDX_STANDARD="$top/dict"
d1=2026-10-26 d2=2026-10-27
demo_frontdb
state=$T/site/state stg=$T/site/staging
q() { sqlite3 "$T/front.db" "$1"; }
rows() { echo $(($(wc -l <"$1") - 1)); }
total() {	# total TABLE: the distinct keys of the valid files of both days
	for d in $d1 $d2; do tail -n +2 "$stg/$d/$1.valid.csv"; done | cut -d, -f1,2 | sort -u | wc -l
}

# 1. two days, in parallel
hdx-backfill -c "$conf" --from $d1 --to $d2 -j 2 2>"$T/err" || { cat "$T/err" >&2; fail "backfill exit"; }
assert_eq "hdx-backfill: $d1..$d2: 2 days: 2 run, 0 skipped, 0 failed" "$(tail -n 1 "$T/err")" "summary"
for d in $d1 $d2; do
	[ -f "$state/backfill-done/$d" ] || fail "$d not marked done"
	assert_eq 27 "$(wc -l <"$state/backfill-done/$d")" "tables marked done on $d"
	assert_eq 27 "$(grep -c ' stage=upload status=ok ' "$T/site/log/nightly-$d.log")" "uploads of $d"
done
for t in patient_info outpatient_visit lab_result; do
	assert_eq "$(total $t)" "$(q "SELECT count(*) FROM $t")" "$t rows of the two days"
done
# the later day's watermark, whichever day finished last
assert_eq "$(sqlite3 "$T/his.db" "SELECT substr(max(modify_dt), 1, 19) FROM his_patient
    WHERE modify_dt < '2026-10-28 00:00:00'")" "$(cat "$state/patient_info.watermark")" "watermark"
cp "$stg/$d1/lab_result.valid.csv" "$T/lab1"

# 2. again: both skipped, nothing run
hdx-backfill -c "$conf" --from $d1 --to $d2 -j 2 2>"$T/err" || fail "second backfill exit $?"
assert_eq "hdx-backfill: $d1: done before, skipped (--force runs it again)
hdx-backfill: $d2: done before, skipped (--force runs it again)
hdx-backfill: $d1..$d2: 2 days: 0 run, 2 skipped, 0 failed" "$(cat "$T/err")" "skipped days"
assert_eq 27 "$(grep -c ' stage=upload status=ok ' "$T/site/log/nightly-$d1.log")" "no new run of $d1"
# a table asked for that is marked done is skipped too
hdx-backfill -q -c "$conf" --from $d2 --to $d2 patient_info 2>"$T/err" || fail "one table"
assert_eq "" "$(cat "$T/err")" "quiet skip"

# 3. --force: both run again, nothing new is stored
n=$(q "SELECT count(*) FROM upload_batch")
hdx-backfill -c "$conf" --from $d1 --to $d2 -j 2 --force 2>"$T/err" || fail "forced backfill exit $?"
assert_eq "hdx-backfill: $d1..$d2: 2 days: 2 run, 0 skipped, 0 failed" "$(tail -n 1 "$T/err")" "forced summary"
for d in $d1 $d2; do
	assert_eq 54 "$(grep -c ' stage=upload status=ok ' "$T/site/log/nightly-$d.log")" "uploads of $d after --force"
	assert_eq 0 "$(hdx-status -c "$conf" --date $d --csv | awk -F, 'NR > 1 { n += $7 } END { print n }')" \
	    "records stored by the forced run of $d"
done
assert_eq "$n" "$(q "SELECT count(*) FROM upload_batch")" "batches after --force"
cmp "$T/lab1" "$stg/$d1/lab_result.valid.csv" || fail "the forced run's valid file differs"

# 4. a failing day is reported, not marked, and runs again next time
# (three tables, to keep it short)
d3=2026-10-28 some="org_info dept_info surgery"
echo "SELECT nothing FROM nowhere WHERE x >= :since AND x < :until" >"$T/site/sql/surgery.sql"
set +e
hdx-backfill -q -c "$conf" --from $d2 --to $d3 $some 2>"$T/err"
rc=$?
set -e
assert_eq 1 "$rc" "exit of a backfill with a failed day"
assert_eq "hdx-backfill: $d2..$d3: 2 days: 1 run, 1 skipped, 1 failed: $d3" "$(tail -n 1 "$T/err")" "failed summary"
grep -qx "hdx-nightly: $d3: surgery: extract failed (exit 4)" "$T/err" || fail "the failed table is not named"
[ ! -f "$state/backfill-done/$d3" ] || fail "$d3 marked done"
cp "$top/demo/site/sql/surgery.sql" "$T/site/sql/surgery.sql"
hdx-backfill -q -c "$conf" --from $d2 --to $d3 $some || fail "backfill after the fix"
assert_eq "dept_info
org_info
surgery" "$(cat "$state/backfill-done/$d3")" "tables of $d3 marked done after the fix"
expect_fail 2 "hdx-backfill: --from 2026-10-28 is after --to 2026-10-27" \
    hdx-backfill -c "$conf" --from $d3 --to $d2

# 5. with -j 2 (extracts in parallel, checks in day order) a table whose
# map fails is not checked from the mapped file of an earlier run
[ -f "$stg/$d1/patient_info.mapped.csv" ] || fail "no earlier mapped file of $d1"
cp "$T/site/mapping/sex.csv" "$T/sex.csv"
printf 'no,such,header\n' >"$T/site/mapping/sex.csv"
set +e
hdx-backfill -q -c "$conf" --from $d1 --to $d1 -j 2 --force patient_info dept_info 2>"$T/err"
rc=$?
set -e
cp "$T/sex.csv" "$T/site/mapping/sex.csv"
assert_eq 1 "$rc" "exit of a backfill with a failed map"
assert_eq "hdx-backfill: $d1..$d1: 1 days: 1 run, 0 skipped, 1 failed: $d1" "$(tail -n 1 "$T/err")" \
    "summary of a failed map"
grep -qx "hdx-nightly: $d1: patient_info: map failed (exit 3)" "$T/err" || { cat "$T/err" >&2; fail "the failed map is not named"; }
for f in mapped.csv map.json valid.csv rejects.csv; do
	[ ! -f "$stg/$d1/patient_info.$f" ] || fail "patient_info.$f of an earlier run left after a failed map"
done
assert_eq "table=dept_info stage=check status=ok" \
    "$(tail -n 3 "$T/site/log/nightly-$d1.log" | head -n 1 | cut -d" " -f3-5)" "the other table checked"
assert_eq 0 "$(tail -n 4 "$T/site/log/nightly-$d1.log" | grep -c 'table=patient_info')" \
    "patient_info in the check and upload run"

# 6. with -j 2 a day whose run cannot start (its lock is held) is not
# checked from the mapped files of an earlier run; the other day is
exec 8>>"$stg/$d1/.lock"
flock -n 8 || fail "cannot take the lock of $d1"
runs=$(grep -c ' stage=run status=start ' "$T/site/log/nightly-$d1.log")
set +e
hdx-backfill -q -c "$conf" --from $d1 --to $d2 -j 2 --force dept_info 2>"$T/err"
rc=$?
set -e
exec 8>&-
assert_eq 1 "$rc" "exit of a backfill with a locked day"
assert_eq "hdx-nightly: $stg/$d1/.lock: another run of $d1 holds its lock
hdx-backfill: $d1..$d2: 2 days: 2 run, 0 skipped, 1 failed: $d1" "$(cat "$T/err")" "a locked day"
assert_eq "$runs" "$(grep -c ' stage=run status=start ' "$T/site/log/nightly-$d1.log")" "runs of the locked day"
assert_eq "table=dept_info stage=check status=ok" \
    "$(tail -n 3 "$T/site/log/nightly-$d2.log" | head -n 1 | cut -d" " -f3-5)" "the other day checked"
