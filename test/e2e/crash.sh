#!/bin/sh
# crash.sh - kill -9 the nightly chain at seeded random points, rerun it,
# and compare the front-end database with a clean run's: the same keys,
# the same values, no duplicates (the upsert and the batch ids make a
# rerun idempotent; the staging files are renamed into place only whole),
# and hdx-reconcile's counts.
# CRASH_POINTS (default 3) points; make torture sets more.
. "$(dirname "$0")/../lib.sh"
command -v sqlite3 >/dev/null || skip "sqlite3 not found"
command -v flock >/dev/null || skip "flock not found"
odbcinst -q -d -n SQLite3 >/dev/null 2>&1 || skip "no ODBC driver SQLite3"
export HDX_STANDARD="$top/dict"
day=2026-10-27
points=${CRASH_POINTS:-3} seed=${CRASH_SEED:-11}
tables="dept_info staff_info patient_info outpatient_registration outpatient_visit outpatient_fee_detail outpatient_settlement"
night() {
	# shellcheck disable=SC2086 # table names
	hdx-nightly -q -c "$T/$1/site.conf" --date $day $tables 2>>"$T/$1.err"
}
# shellcheck disable=SC2086 # table names
dump() { front_dump "$1" $tables; }

demo_site clean
night clean || { cat "$T/clean.err" >&2; fail "the clean night"; }
dump clean >"$T/clean.dump"
# shellcheck disable=SC2086 # table names
reconcile clean $day $tables >"$T/clean.reconcile"
[ "$(wc -l <"$T/clean.dump")" -gt 1000 ] || fail "the clean night stored too little"
# how long a night takes, to spread the kill points over it
start=$(date +%s%N)
demo_site timing
night timing || fail "the timing night"
span=$((($(date +%s%N) - start) / 1000000))

i=0 interrupted=0
while [ $i -lt "$points" ]; do
	i=$((i + 1))
	at=$((50 + $(seeded $((span - 100)) "$seed" $i)))
	demo_site crash$i
	# a process group of its own, so kill -9 reaches every stage
	setsid sh -c "exec hdx-nightly -q -c '$T/crash$i/site.conf' --date $day $tables" \
	    >/dev/null 2>>"$T/crash$i.err" &
	pid=$!
	ms_sleep "$at"
	kill -9 "-$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	before=$(dump crash$i | grep -vc '^upload_batch' || true)
	[ "$before" -lt "$(grep -vc '^upload_batch' "$T/clean.dump")" ] &&
	    interrupted=$((interrupted + 1))
	night crash$i || { cat "$T/crash$i.err" >&2; fail "rerun after the kill at ${at} ms"; }
	dump crash$i >"$T/crash$i.dump"
	# upload_batch may hold more batches (a batch cut differently before
	# the kill is another batch of the same rows); the rows must be equal
	grep -v '^upload_batch' "$T/clean.dump" >"$T/a"
	grep -v '^upload_batch' "$T/crash$i.dump" >"$T/b"
	assert_files "$T/a" "$T/b" "rows after a kill at ${at} ms of ${span} ms"
	# shellcheck disable=SC2086 # table names
	front_dups crash$i $tables
	# the ledger's keys against the database's, as after a clean night
	# shellcheck disable=SC2086 # table names
	reconcile crash$i $day $tables >"$T/crash$i.reconcile"
	assert_files "$T/clean.reconcile" "$T/crash$i.reconcile" "hdx-reconcile after a kill at ${at} ms"
done
# the kills must have cut nights short, or nothing was tested
[ "$interrupted" -gt 0 ] || fail "no kill interrupted a night (span ${span} ms)"
