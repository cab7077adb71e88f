#!/bin/sh
# extract_long.sh - values longer than the buffers the ODBC drivers are
# bound with (the standard's length of the field, 4 bytes a character)
# come whole: through the SQLite ODBC driver, through psqlODBC (in
# blocks of 4 rows, so that the long values sit first, inside and last
# in a block, and in blocks of 1000) and through libpq, byte for byte the
# same. One name of 70000 bytes, beyond any width bound; two long values
# in one row; hdx-check then rejects every long value under the length
# rule, with its full length.
. "$(dirname "$0")/../lib.sh"

odbcinst -q -d -n SQLite3 >/dev/null 2>&1 || skip "no SQLite3 ODBC driver"
odbcinst -q -d -n "PostgreSQL Unicode" >/dev/null 2>&1 || skip "no psqlODBC driver"
export HDX_STANDARD="$top/dict"
"$top/demo/make-hospital" "$T/his.db"
db=$T/his.db
# the departments in the extraction's order (dept_info.sql)
nth() { sqlite3 "$db" "SELECT ks_cd FROM his_dept_dict ORDER BY modify_dt, ks_cd LIMIT 1 OFFSET $(($1 - 1))"; }
d3=$(nth 3) d5=$(nth 5) d6=$(nth 6) d8=$(nth 8)
# dept_name is 50 characters (a 201-byte buffer), phone and
# director_code 20 (81 bytes)
sqlite3 "$db" "UPDATE his_dept_dict SET ks_nm = replace(hex(zeroblob(70)), '00', '科') WHERE ks_cd = '$d3';
    UPDATE his_dept_dict SET ks_nm = replace(hex(zeroblob(70000)), '00', 'x'),
        tel = replace(hex(zeroblob(150)), '00', 'ab') WHERE ks_cd = '$d5';
    UPDATE his_dept_dict SET ks_nm = replace(hex(zeroblob(72)), '00', '内'), tel = NULL WHERE ks_cd = '$d6';
    UPDATE his_dept_dict SET director_cd = replace(hex(zeroblob(90)), '00', '主任') WHERE ks_cd = '$d8';"
assert_eq 210 "$(sqlite3 "$db" "SELECT length(CAST(ks_nm AS BLOB)) FROM his_dept_dict WHERE ks_cd = '$d3'")" \
    "bytes of the third name"
pg_start
createdb his
PGDATABASE=his "$top/demo/load-pg" "$db"

cp -R "$top/demo/site" "$T/site"
mk() {	# mk NAME DRIVER DSN [FETCH_SIZE]: the site with another [source his]
	sed -e "s|^driver = .*|driver = $2|" -e "s|^dsn = .*|dsn = $3|" \
	    -e "s|^fetch_size = .*|fetch_size = ${4:-1000}|" \
	    -e "s|^state_dir = .*|state_dir = $T/state-$1|" \
	    "$T/site/site.conf" >"$T/site/$1.conf"
	mkdir -p "$T/state-$1"
}
mk sqlite odbc "Driver=SQLite3;Database=$db"
mk pg pg "host=$PGHOST port=$PGPORT dbname=his user=postgres"
mk psqlodbc odbc "Driver=PostgreSQL Unicode;Servername=$PGHOST;Port=$PGPORT;Database=his;UID=postgres"
mk psqlodbc4 odbc "Driver=PostgreSQL Unicode;Servername=$PGHOST;Port=$PGPORT;Database=his;UID=postgres" 4
LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$top/test/e2e/psqlodbc-encoding.supp:print_suppressions=0"
export LSAN_OPTIONS

for s in sqlite pg psqlodbc psqlodbc4; do
	hdx-extract -c "$T/site/$s.conf" -t dept_info --full -o "$T/$s.csv" 2>"$T/$s.err" ||
	    { cat "$T/$s.err" >&2; fail "$s: exit $?"; }
done
# the long values, whole, in their rows (line 1 is the header)
field() { sed -n "$(($1 + 1))p" "$T/sqlite.csv" | cut -d, -f"$2"; }
assert_eq "$d3,$(sqlite3 "$db" "SELECT ks_nm FROM his_dept_dict WHERE ks_cd = '$d3'")" \
    "$(field 3 2-3)" "the third name"
assert_eq 70001 "$(field 5 3 | wc -c)" "bytes of the fifth name"
assert_eq "$(printf 'x%.0s' $(seq 70000))" "$(field 5 3)" "the fifth name"
assert_eq "$(printf 'ab%.0s' $(seq 150))" "$(field 5 10)" "the fifth phone"
assert_eq 217 "$(field 6 3 | wc -c)" "bytes of the sixth name"
assert_eq "" "$(field 6 10)" "the sixth phone (NULL)"
assert_eq 541 "$(field 8 11 | wc -c)" "bytes of the eighth director"
rows=$(($(wc -l <"$T/sqlite.csv") - 1))
assert_eq "$(sqlite3 "$db" 'SELECT count(*) FROM his_dept_dict')" "$rows" "rows"
for s in pg psqlodbc psqlodbc4; do
	cmp "$T/sqlite.csv" "$T/$s.csv" || fail "$s differs from SQLite ODBC"
done

# hdx-check sees the whole values: the length rule, with their lengths
hdx-check -q -c "$T/site/sqlite.conf" -t dept_info -i "$T/psqlodbc4.csv" -o "$T/valid.csv" \
    -r "$T/rej.csv" --today 2026-12-01 || [ $? -eq 1 ] || fail "hdx-check: an exit status beyond 1"
o=124115004170483179
assert_eq "$o+$d3,dept_name,at most 50 characters; the value has 70
$o+$d5,dept_name,at most 50 characters; the value has 70000
$o+$d5,phone,at most 20 characters; the value has 300
$o+$d6,dept_name,at most 50 characters; the value has 72
$o+$d8,director_code,at most 20 characters; the value has 180" \
    "$(grep ",length," "$T/rej.csv" | cut -d, -f3,5,7)" "length findings"
