#!/bin/sh
# backfill_days.sh - a backfill over 7 business days equals 7 nightly
# runs: the demo hospital with 7 days of data (demo/author.py --days 7),
# hdx-backfill --from D1 --to D7 -j 2 (extracts two days at a time,
# checks and uploads in day order) into one fresh front-end database and
# hdx-nightly --date D for each day in turn into another. Both hold the
# same rows, byte for byte, batch ids included (they derive from the
# content), but for the time each row and batch was loaded (received_at,
# upload_batch.created_at); both sites have the same staging files, QC
# reports included, watermarks, ledger and hdx-status. A subset of the tables keeps it short: the catalogs that refer
# to each other (dept_info, staff_info), the patients, a visit level and
# the prescriptions with their items (the sum rule across two tables).
. "$(dirname "$0")/../lib.sh"
command -v python3 >/dev/null || skip "python3 not found"
command -v sqlite3 >/dev/null || skip "sqlite3 not found"
command -v flock >/dev/null || skip "flock not found"
odbcinst -q -d -n SQLite3 >/dev/null 2>&1 || skip "no ODBC driver SQLite3"
export HDX_STANDARD="$top/dict"
some="dept_info staff_info patient_info outpatient_visit prescription prescription_item"
days="2026-10-26 2026-10-27 2026-10-28 2026-10-29 2026-10-30 2026-10-31 2026-11-01"
python3 "$top/demo/author.py" "$top/dict" --days 7 --hospital "$T/his.sql"
sqlite3 -bail "$T/his.db" <"$T/his.sql" >/dev/null
assert_eq 7 "$(sqlite3 "$T/his.db" "SELECT count(DISTINCT substr(modify_dt, 1, 10)) FROM his_patient")" \
    "business days of the hospital"
# site: the demo site in $T/site with a fresh front-end database
# $T/front.db. Each run is made there, then moved away, so that the two
# runs see the same paths (the map and QC reports name their files).
site() {
	cp -R "$top/demo/site" "$T/site"
	sed -i "s|^dsn = .*|dsn = Driver=SQLite3;Database=$T/his.db|" "$T/site/site.conf"
	printf '\n[upload]\nchannel = frontdb\nfrontdb = odbc:Driver=SQLite3;Database=%s\n' \
	    "$T/front.db" >>"$T/site/site.conf"
	hdx-standard ddl --dialect sqlite | sqlite3 "$T/front.db"
}
keep() {
	mv "$T/site" "$T/$1" && mv "$T/front.db" "$T/$1.db"
	sed -i "s|^frontdb = .*|frontdb = odbc:Driver=SQLite3;Database=$T/$1.db|" "$T/$1/site.conf"
}
rows() { echo $(($(wc -l <"$1") - 1)); }

# 1. the backfill, two days at a time; the nights, one after the other
site
# shellcheck disable=SC2086 # $some is table names
hdx-backfill -c "$T/site/site.conf" --from 2026-10-26 --to 2026-11-01 -j 2 $some 2>"$T/err" ||
    { cat "$T/err" >&2; fail "backfill exit"; }
assert_eq "hdx-backfill: 2026-10-26..2026-11-01: 7 days: 7 run, 0 skipped, 0 failed" \
    "$(tail -n 1 "$T/err")" "backfill summary"
keep back
site
for d in $days; do
	# shellcheck disable=SC2086
	hdx-nightly -q -c "$T/site/site.conf" --date "$d" $some 2>"$T/err" ||
	    { cat "$T/err" >&2; fail "nightly $d exit"; }
done
keep nights

# 2. the same staging files, byte for byte (when whole days ran in
# parallel, the ref findings that the key store settles differed here)
for d in $days; do
	diff -r "$T/back/staging/$d" "$T/nights/staging/$d" >"$T/diff" 2>&1 ||
	    { cat "$T/diff" >&2; fail "staging files of $d differ"; }
	ls -A "$T/back/staging/$d" >"$T/ls"
	# four stage files and a map report a table; the QC reports, the
	# rejects and the lock of the night
	assert_eq $(($(echo "$some" | wc -w) * 5 + 4)) "$(wc -l <"$T/ls")" "staging files of $d"
done

# 3. the same rows: every column but received_at (upload_batch: but
# created_at), the time of the load, which differs by nature
dump() {	# dump DB TABLE: the rows as CSV, sorted
	cols=$(sqlite3 "$1" "SELECT group_concat(name, ',') FROM pragma_table_info('$2')
	    WHERE name NOT IN ('received_at', 'created_at')")
	sqlite3 -csv "$1" "SELECT $cols FROM $2" | LC_ALL=C sort
}
for t in $some upload_batch; do
	dump "$T/back.db" "$t" >"$T/back.$t"
	dump "$T/nights.db" "$t" >"$T/nights.$t"
	assert_files "$T/back.$t" "$T/nights.$t" "$t of the backfill and of the nights"
done
# and the rows are the valid records of the 7 days, with their batch ids
total=0
for t in $some; do
	n=0
	for d in $days; do n=$((n + $(rows "$T/back/staging/$d/$t.valid.csv"))); done
	assert_eq "$n" "$(sqlite3 "$T/back.db" "SELECT count(*) FROM $t")" "$t rows of the 7 days"
	assert_eq 0 "$(sqlite3 "$T/back.db" "SELECT count(*) FROM $t WHERE batch_id IS NULL OR
	    batch_id NOT IN (SELECT batch_id FROM upload_batch)")" "$t rows without their batch"
	total=$((total + n))
done
[ "$total" -gt 7000 ] || fail "only $total records over 7 days"
assert_eq 7 "$(sqlite3 "$T/back.db" "SELECT count(*) FROM upload_batch WHERE table_name = 'patient_info'")" \
    "patient_info batches, one a day"

# 4. the same watermarks and ledger
for t in $some; do
	cmp "$T/back/state/$t.watermark" "$T/nights/state/$t.watermark" ||
	    fail "$t: watermarks differ"
done
assert_eq "$(sqlite3 "$T/his.db" "SELECT substr(max(modify_dt), 1, 19) FROM his_patient")" \
    "$(cat "$T/back/state/patient_info.watermark")" "watermark of the last day"
for s in back nights; do
	sqlite3 "$T/$s/state/ledger.db" "SELECT batch_id, table_name, record_count, channel, status,
	    payload_sm3 FROM batches ORDER BY 1" >"$T/$s.ledger"
done
assert_files "$T/back.ledger" "$T/nights.ledger" "the ledgers"

# 5. hdx-status of each day: the same counts from the two run logs (the
# backfill's days ran in two parts, extract-map and check-upload); not
# the last two columns, seconds and last_run, the timing of each run
for d in $days; do
	# all but the last two columns, seconds and last_run: when it ran
	hdx-status -c "$T/back/site.conf" --date "$d" --csv >"$T/back.csv" ||
	    fail "hdx-status of the backfill, $d: exit $?"
	hdx-status -c "$T/nights/site.conf" --date "$d" --csv >"$T/nights.csv" ||
	    fail "hdx-status of the nights, $d: exit $?"
	cut -d, -f1-12 "$T/back.csv" >"$T/back.status"
	cut -d, -f1-12 "$T/nights.csv" >"$T/nights.status"
	assert_eq "date,table,extracted,mapped,valid,held,uploaded,sent_before,outbox,status,watermark,rejected" \
	    "$(head -n 1 "$T/back.status")" "hdx-status columns compared"
	assert_files "$T/back.status" "$T/nights.status" "hdx-status of $d"
	assert_eq "$(echo "$some" | wc -w)" "$(grep -c ',ok,' "$T/back.status")" "tables ok on $d"
done
