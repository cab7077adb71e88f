#!/bin/sh
# nightly_pg.sh - hdx-nightly on the demo hospital (SQLite over ODBC)
# for all 27 tables into a PostgreSQL front-end database made with the
# platform's own DDL (frontdb.py): every table holds exactly the records
# of its valid staging file, value for value; upload_batch counts them
# and every batch verifies (frontdb.py --verify-batches); a second run
# stores nothing new and the ledger says duplicate for every batch.
. "$(dirname "$0")/../lib.sh"
need_platform
command -v sqlite3 >/dev/null || skip "sqlite3 not found"
command -v flock >/dev/null || skip "flock not found"
command -v psql >/dev/null || skip "psql not found"
odbcinst -q -d -n SQLite3 >/dev/null 2>&1 || skip "no ODBC driver SQLite3"
pg_start
export HDX_STANDARD="$top/dict"
# the demo's last day: the only one where all 27 tables have records
day=2026-10-28
cp -R "$top/demo/site" "$T/site"
"$top/demo/make-hospital" "$T/his.db"
conf=$T/site/site.conf
sed -i "s|^dsn = .*|dsn = Driver=SQLite3;Database=$T/his.db|" "$conf"
printf '\n[upload]\nchannel = frontdb\nfrontdb = host=%s port=%s dbname=postgres user=postgres\n' \
    "$PGHOST" "$PGPORT" >>"$conf"
"$PY" "$PLAT/frontdb.py" --standard "$top/dict" | psql -qX -v ON_ERROR_STOP=1 >/dev/null
state=$T/site/state st=$T/site/staging/$day
tables=$(hdx-standard order | tail -n +2 | cut -d, -f3)
q() { psql -qXAt -v ON_ERROR_STOP=1 -c "$1" || fail "psql: $1"; }
rows() { echo $(($(wc -l <"$1") - 1)); }
ledger() { sqlite3 "$state/ledger.db" "$1"; }
# dump TABLE: the table's fields (the valid file's header) as CSV, sorted
dump() {
	q "COPY (SELECT $(head -n 1 "$st/$1.valid.csv") FROM $1) TO STDOUT WITH (FORMAT csv)" |
	    LC_ALL=C sort
}

# 1. the night, all 27 tables, through to PostgreSQL
hdx-nightly -q -c "$conf" --date $day -j 2 2>"$T/err" || { cat "$T/err" >&2; fail "nightly exit"; }
assert_eq "" "$(cat "$T/err")" "stderr of a quiet night"
n=0 total=0 nbatch=0
for t in $tables; do
	v=$(rows "$st/$t.valid.csv")
	[ "$v" -gt 0 ] || fail "$t: no valid records on $day"
	assert_eq "$v" "$(q "SELECT count(*) FROM $t")" "$t rows in PostgreSQL"
	assert_eq "$v" "$(q "SELECT sum(record_count) FROM upload_batch WHERE table_name = '$t'")" \
	    "$t record_count of upload_batch"
	assert_eq 0 "$(q "SELECT count(*) FROM $t x WHERE NOT EXISTS (SELECT 1 FROM upload_batch b
	    WHERE b.batch_id = x.batch_id AND b.table_name = '$t')")" "$t rows with their batch"
	# value for value: NULL for an empty field, types that print back the same
	tail -n +2 "$st/$t.valid.csv" | LC_ALL=C sort >"$T/want"
	dump "$t" >"$T/got"
	assert_files "$T/want" "$T/got" "$t: valid file and PostgreSQL"
	n=$((n + 1)) total=$((total + v))
	nbatch=$((nbatch + $(q "SELECT count(*) FROM upload_batch WHERE table_name = '$t'")))
done
assert_eq 27 "$n" "tables"
[ "$total" -gt 4000 ] || fail "only $total valid records"
assert_eq "$nbatch" "$(q 'SELECT count(*) FROM upload_batch')" "batches of other tables"
# the held records are the night's findings, and none reached the database
held=0
for t in $tables; do
	held=$((held + $(rows "$st/$t.mapped.csv") - $(rows "$st/$t.valid.csv")))
done
[ "$held" -gt 0 ] || fail "the demo's bad records were not held"
assert_eq "$held" "$(grep ' stage=check status=ok ' "$T/site/log/nightly-$day.log" |
    sed 's/.* held=\([0-9]*\) .*/\1/' | awk '{ n += $1 } END { print n }')" "held in the run log"
"$PY" "$PLAT/frontdb.py" --standard "$top/dict" --verify-batches >"$T/verify" ||
    { cat "$T/verify" >&2; fail "frontdb.py --verify-batches exit"; }
assert_eq "$nbatch ok, 0 mismatched, 0 skipped" "$(tail -n 1 "$T/verify")" "verify-batches"
assert_eq "$nbatch" "$(grep -c '^OK ' "$T/verify")" "OK lines"
assert_eq "frontdb|delivered|$nbatch|$total" \
    "$(ledger "SELECT channel, status, count(*), sum(record_count) FROM batches GROUP BY 1, 2")" \
    "the ledger after the night"
assert_eq 0 "$(ledger 'SELECT count(*) FROM outbox')" "outbox after the night"

# 2. the night again: nothing new stored, every batch a duplicate
q "SELECT table_name, count(*), max(created_at) FROM upload_batch GROUP BY 1 ORDER BY 1" >"$T/batches1"
for t in $tables; do
	q "SELECT '$t', count(*), max(received_at) FROM $t"
done >"$T/received1"
hdx-nightly -q -c "$conf" --date $day -j 2 2>"$T/err" || { cat "$T/err" >&2; fail "second run exit"; }
q "SELECT table_name, count(*), max(created_at) FROM upload_batch GROUP BY 1 ORDER BY 1" >"$T/batches2"
assert_files "$T/batches1" "$T/batches2" "upload_batch after the second run"
for t in $tables; do
	q "SELECT '$t', count(*), max(received_at) FROM $t"
done >"$T/received2"
assert_files "$T/received1" "$T/received2" "rows and their received_at after the second run"
assert_eq "frontdb|duplicate|$nbatch|$total" \
    "$(ledger "SELECT channel, status, count(*), sum(record_count) FROM batches GROUP BY 1, 2")" \
    "the ledger after the second run"
hdx-status -c "$conf" --date $day --csv >"$T/status"
assert_eq 0 "$(awk -F, 'NR > 1 { n += $7 } END { print n }' "$T/status")" "stored by the second run"
assert_eq 27 "$(grep -c ' stage=upload status=ok exit=0 rows=[0-9]* stored=0 ' "$T/site/log/nightly-$day.log")" \
    "uploads of the second run that stored nothing"
"$PY" "$PLAT/frontdb.py" --standard "$top/dict" --verify-batches >"$T/verify"
assert_eq "$nbatch ok, 0 mismatched, 0 skipped" "$(tail -n 1 "$T/verify")" "verify-batches after the second run"
