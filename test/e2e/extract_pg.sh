#!/bin/sh
# extract_pg.sh - the demo hospital loaded into a throwaway PostgreSQL
# and extracted through libpq and through psqlODBC: the CSV is
# byte-identical to the SQLite ODBC extraction of the same tables, with
# the same query files. A lost connection is exit 4 with nothing written.
. "$(dirname "$0")/../lib.sh"

odbcinst -q -d -n SQLite3 >/dev/null 2>&1 || skip "no SQLite3 ODBC driver"
odbcinst -q -d -n "PostgreSQL Unicode" >/dev/null 2>&1 || skip "no psqlODBC driver"
export HDX_STANDARD="$top/dict"
pg_start
createdb his
"$top/demo/make-hospital" "$T/his.db"
PGDATABASE=his "$top/demo/load-pg" "$T/his.db"

cp -R "$top/demo/site" "$T/site"
source_site sqlite odbc "Driver=SQLite3;Database=$T/his.db"
source_site pg pg "host=$PGHOST port=$PGPORT dbname=his user=postgres"
source_site psqlodbc odbc "Driver=PostgreSQL Unicode;Servername=$PGHOST;Port=$PGPORT;Database=his;UID=postgres"
# psqlODBC's 10 bytes a connection (psqlodbc-encoding.supp): a UTF8
# server's session is SQL_ASCII (source_odbc.c, server_text_utf8())
LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$top/test/e2e/psqlodbc-encoding.supp:print_suppressions=0"
export LSAN_OPTIONS

day=2026-10-27
for t in patient_info outpatient_visit outpatient_fee_detail inpatient_settlement lab_result \
    medical_record_front; do
	for s in sqlite pg psqlodbc; do
		hdx-extract -q -c "$T/site/$s.conf" -t $t --date $day -o "$T/$t.$s.csv"
	done
	[ "$(wc -l <"$T/$t.sqlite.csv")" -gt 10 ] || fail "$t: too few rows"
	cmp "$T/$t.sqlite.csv" "$T/$t.pg.csv" || fail "$t: libpq differs from SQLite ODBC"
	cmp "$T/$t.sqlite.csv" "$T/$t.psqlodbc.csv" || fail "$t: psqlODBC differs from SQLite ODBC"
done
# libpq reads through a cursor in blocks of fetch_size rows: blocks of
# 7, blocks of exactly the rows of the day (the next FETCH is empty),
# and a day without rows
n=$(($(wc -l <"$T/patient_info.sqlite.csv") - 1))
for fs in 7 "$n"; do
	sed "s/^fetch_size = .*/fetch_size = $fs/" "$T/site/pg.conf" >"$T/site/pgfs.conf"
	hdx-extract -q -c "$T/site/pgfs.conf" -t patient_info --date $day -o "$T/fs.csv"
	cmp "$T/patient_info.sqlite.csv" "$T/fs.csv" || fail "libpq in blocks of $fs differs"
done
hdx-extract -q -c "$T/site/pg.conf" -t patient_info --date 2001-01-01 -o "$T/none.csv"
head -n 1 "$T/patient_info.sqlite.csv" >"$T/hdr.csv"
cmp "$T/hdr.csv" "$T/none.csv" || fail "a day without rows: not the header alone"

# --full and --count through libpq
assert_eq "$(sqlite3 "$T/his.db" 'SELECT count(*) FROM op_fee_item')" \
    "$(hdx-extract -q -c "$T/site/pg.conf" -t outpatient_fee_detail --full --count)" "--count --full"

# a SQL error through libpq
printf 'SELECT nosuch FROM his_employee WHERE modify_dt >= :since AND modify_dt < :until\n' \
    >"$T/site/sql/staff_bad.sql"
printf '\n[table staff_info]\nsource = his\nsql = sql/staff_bad.sql\n' >>"$T/site/pg.conf"
expect_fail 4 "hdx-extract: $T/site/sql/staff_bad.sql: source his: query: ERROR:  column \"nosuch\" does not exist" \
    hdx-extract -c "$T/site/pg.conf" -t staff_info --date $day -o "$T/staff.csv"
[ ! -e "$T/staff.csv" ] || fail "staff.csv written despite the error"

# a lost connection: the server ends the session during the query
cat >"$T/site/sql/lost.sql" <<SQL
SELECT q.*
FROM ($(grep -v '^--' "$T/site/sql/patient_info.sql" | sed 's/;$//')) q
WHERE CASE WHEN q.patient_id = 'P00000350' THEN pg_terminate_backend(pg_backend_pid()) ELSE true END
SQL
sed -i 's/^\[table staff_info\]/[table patient_info]/; s|^sql = sql/staff_bad.sql|sql = sql/lost.sql|' "$T/site/pg.conf"
set +e
mkdir "$T/lost"
hdx-extract -c "$T/site/pg.conf" -t patient_info --date $day -o "$T/lost/p.csv" 2>"$T/err"
rc=$?
set -e
assert_eq 4 "$rc" "exit status of a lost connection"
assert_eq 1 "$(wc -l <"$T/err")" "lines of the error"
assert_eq "hdx-extract: $T/site/sql/lost.sql: source his: connection lost: FATAL:  terminating connection due to administrator command" \
    "$(cat "$T/err")" "lost connection text"
assert_eq "" "$(ls -A "$T/lost")" "files left by a lost connection"

# the same through psqlODBC: lost.sql's condition is evaluated below the
# sort, for every row at the first FETCH (in SQLExecute); lost30.sql's
# row by row, the 30th ending the session in a later FETCH (SQLFetch,
# blocks of 7), after rows already written
p30=$(sed -n 31p "$T/patient_info.sqlite.csv" | cut -d, -f2)
[ -n "$p30" ] || fail "fewer than 30 patients"
# (OFFSET 0: the condition stays above the sort, evaluated row by row)
cat >"$T/site/sql/lost30.sql" <<SQL
SELECT q.*
FROM ($(grep -v '^--' "$T/site/sql/patient_info.sql" | sed 's/;$//') OFFSET 0) q
WHERE CASE WHEN q.patient_id = '$p30' THEN pg_terminate_backend(pg_backend_pid()) ELSE true END
SQL
for fs in 1000 7; do
	what="$T/site/sql/lost.sql: source his: execute" sql=lost
	[ $fs = 1000 ] || what="source his: fetch" sql=lost30
	sed "s/^fetch_size = .*/fetch_size = $fs/" "$T/site/psqlodbc.conf" >"$T/site/lost.conf"
	printf '\n[table patient_info]\nsource = his\nsql = sql/%s.sql\n' $sql >>"$T/site/lost.conf"
	set +e
	hdx-extract -c "$T/site/lost.conf" -t patient_info --date $day -o "$T/lost/p.csv" 2>"$T/err"
	rc=$?
	set -e
	assert_eq 4 "$rc" "exit status of a lost connection, psqlODBC, blocks of $fs"
	assert_eq "hdx-extract: $what: FATAL: terminating connection due to administrator command; The connection has been lost (SQLSTATE 57P01)" \
	    "$(cat "$T/err")" "lost connection text, psqlODBC, blocks of $fs"
	assert_eq "" "$(ls -A "$T/lost")" "files left by a lost connection, psqlODBC"
done
