#!/bin/sh
# crash.sh - kill -9 the nightly chain at seeded random points, rerun it,
# and compare the front-end database with a clean run's: the same keys,
# the same values, no duplicates (the upsert and the batch ids make a
# rerun idempotent; the staging files are renamed into place only whole).
# CRASH_POINTS (default 3) points; make torture sets more.
. "$(dirname "$0")/../lib.sh"
command -v sqlite3 >/dev/null || skip "sqlite3 not found"
command -v flock >/dev/null || skip "flock not found"
odbcinst -q -d -n SQLite3 >/dev/null 2>&1 || skip "no ODBC driver SQLite3"
export HDX_STANDARD="$top/dict"
day=2026-10-27
points=${CRASH_POINTS:-3} seed=${CRASH_SEED:-11}
tables="dept_info staff_info patient_info outpatient_registration outpatient_visit outpatient_fee_detail outpatient_settlement"
"$top/demo/make-hospital" "$T/his.db"

# site R: a fresh site directory and front-end database
site() {
	rm -rf "$T/$1"
	cp -R "$top/demo/site" "$T/$1"
	sed -i "s|^dsn = .*|dsn = Driver=SQLite3;Database=$T/his.db|" "$T/$1/site.conf"
	printf '\n[upload]\nchannel = frontdb\nfrontdb = odbc:Driver=SQLite3;Database=%s\n' \
	    "$T/$1/front.db" >>"$T/$1/site.conf"
	hdx-standard ddl --dialect sqlite | sqlite3 "$T/$1/front.db"
}
# every stored row of the tables, without the platform columns, sorted
dump() {
	for t in $tables; do
		cols=$(hdx-standard show "$t" | tail -n +2 | cut -d, -f2 | paste -sd, -)
		sqlite3 -csv "$T/$1/front.db" "SELECT '$t', $cols FROM $t ORDER BY 2, 3"
	done
	sqlite3 "$T/$1/front.db" "SELECT 'upload_batch', count(*), sum(record_count) FROM upload_batch"
}
night() { hdx-nightly -q -c "$T/$1/site.conf" --date $day $tables 2>>"$T/$1.err"; }

site clean
night clean || { cat "$T/clean.err" >&2; fail "the clean night"; }
dump clean >"$T/clean.dump"
[ "$(wc -l <"$T/clean.dump")" -gt 1000 ] || fail "the clean night stored too little"
# how long a night takes, to spread the kill points over it
start=$(date +%s%N)
site timing
night timing || fail "the timing night"
span=$((($(date +%s%N) - start) / 1000000))

i=0 interrupted=0
while [ $i -lt "$points" ]; do
	i=$((i + 1))
	at=$(awk -v s="$seed" -v i="$i" -v span="$span" \
	    'BEGIN { srand(s * 1000 + i); printf "%d", 50 + rand() * (span - 100) }')
	site crash$i
	# a process group of its own, so kill -9 reaches every stage
	setsid sh -c "exec hdx-nightly -q -c '$T/crash$i/site.conf' --date $day $tables" \
	    >/dev/null 2>>"$T/crash$i.err" &
	pid=$!
	sleep "$(awk -v ms="$at" 'BEGIN { printf "%.3f", ms / 1000 }')"
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
	for t in $tables; do
		d=$(sqlite3 "$T/crash$i/front.db" "SELECT count(*) - count(DISTINCT org_code || '+' || $(hdx-standard show "$t" | awk -F, '$8 == "Y" && $2 != "org_code" { print $2 }')) FROM $t")
		assert_eq 0 "$d" "$t duplicate keys after the kill at ${at} ms"
	done
done
# the kills must have cut nights short, or nothing was tested
[ "$interrupted" -gt 0 ] || fail "no kill interrupted a night (span ${span} ms)"
