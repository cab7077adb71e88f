#!/bin/sh
# extract_gbk.sh - a source with charset = GBK: the demo hospital's
# departments with their text in GBK bytes, in a SQLite database read
# through the SQLite ODBC driver and in a PostgreSQL database created
# with ENCODING 'SQL_ASCII' read through libpq and through psqlODBC,
# give the same UTF-8 CSV as the UTF-8 original, byte for byte. One
# value holds a byte that is no GBK: it is reported once (row, key's
# fields, column, never the value), written as U+001A, and hdx-check
# rejects its record under the type rule; the batch goes on.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || skip "sqlite3 not found"
command -v iconv >/dev/null || skip "iconv not found"
odbcinst -q -d -n SQLite3 >/dev/null 2>&1 || skip "no SQLite3 ODBC driver"
odbcinst -q -d -n "PostgreSQL Unicode" >/dev/null 2>&1 || skip "no psqlODBC driver"
export HDX_STANDARD="$top/dict"
"$top/demo/make-hospital" "$T/his.db"
t=his_dept_dict
cols=$(sqlite3 "$T/his.db" "SELECT group_concat(name || ' text', ', ') FROM pragma_table_info('$t')")
# the seventh department of the extraction's order
first=$(sqlite3 "$T/his.db" "SELECT ks_cd FROM $t ORDER BY modify_dt, ks_cd LIMIT 1 OFFSET 6")
[ "$(sqlite3 "$T/his.db" "SELECT count(*) FROM $t WHERE ks_nm GLOB '*[^ -~]*'")" -gt 10 ] ||
    fail "too few departments with Chinese names"

# The GBK copy: every text as GBK bytes; one name "内<FF>科", where FF
# starts no GBK character. The UTF-8 original gets "内<SUB>科" there:
# what the conversion must give.
sqlite3 -csv "$T/his.db" "SELECT * FROM $t" | iconv -f UTF-8 -t GBK >"$T/dept.gbk.csv"
sqlite3 "$T/gbk.db" "CREATE TABLE $t ($cols)"
printf '.mode csv\n.import %s %s\n' "$T/dept.gbk.csv" "$t" | sqlite3 "$T/gbk.db"
sqlite3 "$T/gbk.db" "UPDATE $t SET ks_nm = CAST(X'C4DAFFBFC6' AS TEXT) WHERE ks_cd = '$first'"
sqlite3 "$T/his.db" "UPDATE $t SET ks_nm = '内' || char(26) || '科' WHERE ks_cd = '$first'"
[ "$(sqlite3 "$T/gbk.db" "SELECT hex(ks_nm) FROM $t WHERE ks_cd = '$first'")" = C4DAFFBFC6 ] ||
    fail "the GBK copy does not hold the bytes"

pg_start
createdb -E SQL_ASCII --locale=C -T template0 hisgbk
assert_eq SQL_ASCII "$(psql -At -d hisgbk -c 'SHOW server_encoding')" "server encoding"
psql -q -v ON_ERROR_STOP=1 -d hisgbk -c "CREATE TABLE $t ($cols)"
sqlite3 -csv "$T/gbk.db" "SELECT * FROM $t" |
    PGCLIENTENCODING=SQL_ASCII psql -q -v ON_ERROR_STOP=1 -d hisgbk -c "\\copy $t FROM STDIN WITH (FORMAT csv)"
assert_eq c4daffbfc6 "$(psql -At -d hisgbk -c "SELECT encode(convert_to(ks_nm, 'SQL_ASCII'), 'hex') FROM $t WHERE ks_cd = '$first'")" \
    "GBK bytes in PostgreSQL"

cp -R "$top/demo/site" "$T/site"
source_site utf8 odbc "Driver=SQLite3;Database=$T/his.db"
source_site sqlite odbc "Driver=SQLite3;Database=$T/gbk.db" "charset = GBK"
source_site pg pg "host=$PGHOST port=$PGPORT dbname=hisgbk user=postgres" "charset = GBK"
source_site psqlodbc odbc "Driver=PostgreSQL Unicode;Servername=$PGHOST;Port=$PGPORT;Database=hisgbk;UID=postgres" "charset = GBK"

hdx-extract -q -c "$T/site/utf8.conf" -t dept_info --full -o "$T/want.csv"
rows=$(($(wc -l <"$T/want.csv") - 1))
[ "$rows" -gt 10 ] || fail "only $rows departments"
row=$(($(grep -n "^124115004170483179,$first," "$T/want.csv" | cut -d: -f1) - 1))
for s in sqlite pg psqlodbc; do
	# (psqlODBC leaks the name of the encoding it is set to: 10 bytes)
	if [ $s = psqlodbc ]; then
		LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$top/test/e2e/psqlodbc-encoding.supp:print_suppressions=0"
		export LSAN_OPTIONS
	fi
	hdx-extract -c "$T/site/$s.conf" -t dept_info --full -o "$T/$s.csv" 2>"$T/$s.err" ||
	    { cat "$T/$s.err" >&2; fail "$s: exit $?"; }
	cmp "$T/want.csv" "$T/$s.csv" || fail "$s: the UTF-8 CSV differs from the original's"
	assert_eq 7 "$row" "row of the marked name"
	assert_eq "hdx-extract: warning: dept_info: row $row (key org_code+dept_code): dept_name: not GBK from byte 3: written as U+001A for hdx-check to reject
hdx-extract: dept_info: $rows rows from 0001-01-01 00:00:00 .. 9999-12-31 23:59:59 in
hdx-extract: warning: dept_info: 1 value not GBK, written with U+001A" \
	    "$(sed 's/ in [0-9.]* s$/ in/' "$T/$s.err")" "$s: messages"
done

# hdx-check holds the marked record, with the type rule, and only it
mkdir -p "$T/site/state"
set +e
hdx-check -q -c "$T/site/sqlite.conf" -t dept_info -i "$T/sqlite.csv" -o "$T/valid.csv" \
    -r "$T/rej.csv" --today 2026-12-01
rc=$?
set -e
[ "$rc" -le 1 ] || fail "hdx-check: exit $rc"
assert_eq 1 "$(grep -c ",dept_name," "$T/rej.csv")" "findings on dept_name"
grep ",dept_name," "$T/rej.csv" | grep -q ",type,dept_name,error," ||
    { cat "$T/rej.csv" >&2; fail "the marked name is not held under the type rule"; }
assert_eq 0 "$(grep -c "^124115004170483179,$first," "$T/valid.csv" || true)" "the marked record sent"
