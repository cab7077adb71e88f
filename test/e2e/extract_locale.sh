#!/bin/sh
# extract_locale.sh - a client whose locale and PGCLIENTENCODING are
# GB18030 (a Windows-era habit of hospital servers): the demo hospital's
# tables with their Chinese text, in a UTF-8 PostgreSQL, extracted
# through libpq, the psqlODBC Unicode and the psqlODBC ANSI drivers,
# give the UTF-8 CSV of the run without them, byte for byte. The
# Unicode driver converts text to the client's encoding, and libpq
# takes PGCLIENTENCODING as the session's: the extraction must ask the
# server for UTF-8 itself. A source declared charset = GBK still gets
# the raw bytes of its SQL_ASCII database under the same environment.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || skip "sqlite3 not found"
command -v localedef >/dev/null || skip "localedef not found"
odbcinst -q -d -n "PostgreSQL Unicode" >/dev/null 2>&1 || skip "no psqlODBC driver"
odbcinst -q -d -n "PostgreSQL ANSI" >/dev/null 2>&1 || skip "no psqlODBC ANSI driver"
export HDX_STANDARD="$top/dict"

# the GB18030 locale, made here: LOCPATH names it for this process alone
mkdir "$T/loc"
localedef -i zh_CN -f GB18030 "$T/loc/zh_CN.GB18030" >"$T/localedef.log" 2>&1 ||
    [ -f "$T/loc/zh_CN.GB18030/LC_CTYPE" ] || skip "localedef zh_CN GB18030 failed"
assert_eq GB18030 "$(LOCPATH=$T/loc LC_ALL=zh_CN.GB18030 locale charmap)" "charmap of the locale"
gb() {	# gb command...: under the GB18030 locale and client encoding
	LOCPATH=$T/loc LANG=zh_CN.GB18030 LC_ALL=zh_CN.GB18030 PGCLIENTENCODING=GB18030 "$@"
}

pg_start
createdb -E UTF8 his
"$top/demo/make-hospital" "$T/his.db"
PGDATABASE=his "$top/demo/load-pg" "$T/his.db"
# what the environment does to a client that does not ask: GB18030 bytes
assert_eq e58685e7a791 "$(psql -At -d his -c "SELECT encode(convert_to('内科', 'UTF8'), 'hex')")" \
    "UTF-8 of the name"
assert_eq c4dabfc6 "$(gb psql -At -d his -c "SELECT convert_from('\\xe58685e7a791', 'UTF8')" </dev/null | od -An -tx1 | tr -d ' \n' |
    sed 's/0a$//')" "psql's bytes under GB18030"

cp -R "$top/demo/site" "$T/site"
source_site pg pg "host=$PGHOST port=$PGPORT dbname=his user=postgres"
source_site unicode odbc "Driver=PostgreSQL Unicode;Servername=$PGHOST;Port=$PGPORT;Database=his;UID=postgres"
source_site ansi odbc "Driver=PostgreSQL ANSI;Servername=$PGHOST;Port=$PGPORT;Database=his;UID=postgres"
# (psqlODBC, either driver, leaks the name of the encoding it is set
# to: 10 bytes; with LOCPATH set, glibc's newlocale() keeps its copy of
# the path, 40 bytes, when libp11-kit, loaded with libpq, makes a locale
# at its start: the frames past glibc's argz are not unwound, so that
# is what is named)
{ cat "$top/test/e2e/psqlodbc-encoding.supp"
  printf 'leak:psqlodbca.so\nleak:__argz_add_sep\n'; } >"$T/lsan.supp"
LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$T/lsan.supp:print_suppressions=0"
export LSAN_OPTIONS

day=2026-10-27
for t in dept_info patient_info outpatient_visit; do
	hdx-extract -q -c "$T/site/pg.conf" -t $t --date $day -o "$T/$t.want.csv"
	[ "$(wc -l <"$T/$t.want.csv")" -gt 10 ] || fail "$t: too few rows"
	for s in pg unicode ansi; do
		hdx-extract -q -c "$T/site/$s.conf" -t $t --date $day -o "$T/$t.$s.csv"
		cmp "$T/$t.want.csv" "$T/$t.$s.csv" || fail "$t: $s differs from libpq"
		gb hdx-extract -q -c "$T/site/$s.conf" -t $t --date $day -o "$T/$t.$s.gb.csv"
		cmp "$T/$t.want.csv" "$T/$t.$s.gb.csv" ||
		    fail "$t: $s under GB18030 differs from the UTF-8 run"
	done
done
# charset = GBK: the bytes of a SQL_ASCII database as they are, converted
# by hdx-extract, under the same environment
createdb -E SQL_ASCII --locale=C -T template0 hisgbk
cols=$(sqlite3 "$T/his.db" "SELECT group_concat(name || ' text', ', ') FROM pragma_table_info('his_dept_dict')")
psql -q -v ON_ERROR_STOP=1 -d hisgbk -c "CREATE TABLE his_dept_dict ($cols)"
sqlite3 -csv "$T/his.db" "SELECT * FROM his_dept_dict" | iconv -f UTF-8 -t GBK |
    PGCLIENTENCODING=SQL_ASCII psql -q -v ON_ERROR_STOP=1 -d hisgbk -c "\\copy his_dept_dict FROM STDIN WITH (FORMAT csv)"
for s in pg unicode ansi; do
	sed -e "s|dbname=his |dbname=hisgbk |; s|Database=his;|Database=hisgbk;|" \
	    -e "/^dsn = /a charset = GBK" "$T/site/$s.conf" >"$T/site/$s.gbk.conf"
	gb hdx-extract -q -c "$T/site/$s.gbk.conf" -t dept_info --date $day -o "$T/gbk.$s.csv"
	cmp "$T/dept_info.want.csv" "$T/gbk.$s.csv" || fail "charset = GBK through $s under GB18030"
done

# a connection string with ConnSettings of its own: still UTF-8 (the
# encoding is not left to a SET of ours that it would replace)
sed -i 's|^dsn = .*|&;ConnSettings={SET search_path TO public}|' "$T/site/unicode.conf"
gb hdx-extract -q -c "$T/site/unicode.conf" -t dept_info --date $day -o "$T/cs.csv"
cmp "$T/dept_info.want.csv" "$T/cs.csv" || fail "ConnSettings of the site: not UTF-8"
