#!/bin/sh
# extract.sh - hdx-extract on the demo hospital through the SQLite3 ODBC
# driver: all 27 tables with --date (exact headers and row counts), two
# consecutive windows with rows exactly at the boundary, the watermark,
# a query whose columns do not match, and a SQL error.
. "$(dirname "$0")/../lib.sh"

odbcinst -q -d -n SQLite3 >/dev/null 2>&1 || skip "no SQLite3 ODBC driver"
export HDX_STANDARD="$top/dict"
cp -R "$top/demo/site" "$T/site"
"$top/demo/make-hospital" "$T/his.db"
db=$T/his.db
sed -i "s|^dsn = .*|dsn = Driver=SQLite3;Database=$db|" "$T/site/site.conf"
conf=$T/site/site.conf
day=2026-10-27 next=2026-10-28

# the vendor table a query reads: its FROM line
vendor() { sed -n 's/^FROM \([a-z_]*\).*/\1/p' "$T/site/sql/$1.sql"; }
count() {	# count TABLE SINCE UNTIL: the rows of the window, by sqlite3
	sqlite3 "$db" "SELECT count(*) FROM $(vendor "$1") WHERE modify_dt >= '$2' AND modify_dt < '$3'"
}

# 1. every table of the standard, one business day
mkdir "$T/out"
n=0 total=0
for t in $(hdx-standard list | tail -n +2 | cut -d, -f1); do
	hdx-extract -q -c "$conf" -t "$t" --date $day -o "$T/out/$t.csv"
	want=$(hdx-standard show "$t" | tail -n +2 | cut -d, -f2 | paste -sd, -)
	assert_eq "$want" "$(head -n 1 "$T/out/$t.csv")" "$t header"
	rows=$(($(wc -l <"$T/out/$t.csv") - 1))
	assert_eq "$(count "$t" "$day 00:00:00" "$next 00:00:00")" "$rows" "$t rows"
	[ "$(stat -c %a "$T/out/$t.csv")" = 600 ] || fail "$t.csv is not mode 600"
	n=$((n + 1)) total=$((total + rows))
done
assert_eq 27 "$n" "tables extracted"
[ "$total" -gt 4000 ] || fail "only $total rows in all"
# normalised values: birth_date YYYYMMDD -> YYYY-MM-DD, fractions cut
assert_eq "124115004170483179,P00000327,赵强,M,2002-01-05" \
    "$(sed -n 2p "$T/out/patient_info.csv" | cut -d, -f1-5)" "first patient"
assert_eq "2026-10-27 08:08:50" \
    "$(sed -n 2p "$T/out/patient_info.csv" | awk -F, '{print $NF}')" "update_time"
# the summary line
hdx-extract -c "$conf" -t dept_info --date $day -o "$T/d.csv" 2>"$T/err"
assert_eq "hdx-extract: dept_info: $(count dept_info "$day 00:00:00" "$next 00:00:00") rows from $day 00:00:00 .. $next 00:00:00 in" \
    "$(sed 's/ [0-9.]* s$//' "$T/err")" "summary"
# an output that is a FIFO (or /dev/null) is written in place
through_fifo "$T/fifo.csv" hdx-extract -q -c "$conf" -t dept_info --date $day -o "$T/fifo"
assert_files "$T/d.csv" "$T/fifo.csv" "extract into a FIFO"
# --count agrees
assert_eq "$(count outpatient_visit "$day 00:00:00" "$next 00:00:00")" \
    "$(hdx-extract -q -c "$conf" -t outpatient_visit --date $day --count)" "--count"

# 2. consecutive windows, two rows exactly at the boundary
mid="$day 12:00:00"
sqlite3 "$db" "UPDATE his_patient SET modify_dt = '$mid' WHERE pat_no IN ('P00000300', 'P00000310')"
hdx-extract -q -c "$conf" -t patient_info --since "$day 00:00:00" --until "$mid" -o "$T/a.csv"
hdx-extract -q -c "$conf" -t patient_info --since "$mid" --until "$next 00:00:00" -o "$T/b.csv"
hdx-extract -q -c "$conf" -t patient_info --date $day -o "$T/all.csv"
{ tail -n +2 "$T/a.csv"; tail -n +2 "$T/b.csv"; } | cut -d, -f2 | sort >"$T/ab.keys"
tail -n +2 "$T/all.csv" | cut -d, -f2 | sort >"$T/all.keys"
assert_files "$T/all.keys" "$T/ab.keys" "keys of the two windows and of the day"
assert_eq "" "$(uniq -d "$T/ab.keys")" "keys sent twice"
assert_eq 0 "$(grep -c -e P00000300 -e P00000310 "$T/a.csv" || true)" "boundary rows in the first window"
assert_eq 2 "$(grep -c -e P00000300 -e P00000310 "$T/b.csv")" "boundary rows in the second window"
assert_eq "$(count patient_info "$day 00:00:00" "$mid")" "$(($(wc -l <"$T/a.csv") - 1))" "first window rows"

# 3. the watermark: committed, read back less the look-back (10m)
expect_fail 2 "hdx-extract: patient_info: no watermark yet: give --date, --since and --until, or --full" \
    hdx-extract -c "$conf" -t patient_info
hdx-extract -c "$conf" -t patient_info --commit-watermark "$day 12:10:00"
assert_eq "$day 12:10:00" "$(cat "$T/site/state/patient_info.watermark")" "watermark file"
[ "$(stat -c %a "$T/site/state/patient_info.watermark")" = 600 ] || fail "watermark mode"
hdx-extract -c "$conf" -t patient_info -o "$T/inc.csv" 2>"$T/err"
grep -q "rows from $mid \.\. " "$T/err" || { cat "$T/err" >&2; fail "incremental window"; }
assert_eq "$(sqlite3 "$db" "SELECT count(*) FROM his_patient WHERE modify_dt >= '$mid'")" \
    "$(($(wc -l <"$T/inc.csv") - 1))" "incremental rows"
expect_fail 2 "hdx-extract: --commit-watermark 2026-10-27 25:00:00: expected YYYY-MM-DD HH:MM:SS" \
    hdx-extract -c "$conf" -t patient_info --commit-watermark "2026-10-27 25:00:00"

# 4. a query whose columns do not match the table's fields
sed -e '/AS dept_name,/d' -e 's/ AS beds,/ AS bed_count,/' "$T/site/sql/dept_info.sql" \
    >"$T/site/sql/dept_broken.sql"
printf '\n[table dept_info]\nsource = his\nsql = sql/dept_broken.sql\n' >>"$conf"
expect_fail 3 "hdx-extract: $T/site/sql/dept_broken.sql: the columns do not match dept_info: missing dept_name, beds; extra bed_count" \
    hdx-extract -c "$conf" -t dept_info --date $day -o "$T/dept.csv"
[ ! -e "$T/dept.csv" ] || fail "dept.csv written despite the error"

# 5. a SQL error: exit 4, one line, no output file and no temporary
printf 'SELECT nosuch FROM his_employee WHERE modify_dt >= :since AND modify_dt < :until\n' \
    >"$T/site/sql/staff_bad.sql"
printf '\n[table staff_info]\nsource = his\nsql = sql/staff_bad.sql\n' >>"$conf"
set +e
hdx-extract -c "$conf" -t staff_info --date $day -o "$T/new/staff.csv" 2>"$T/err"
rc=$?
set -e
assert_eq 4 "$rc" "exit status of a SQL error"
assert_eq 1 "$(wc -l <"$T/err")" "lines of the error"
grep -q "^hdx-extract: $T/site/sql/staff_bad.sql: source his: prepare: .*nosuch" "$T/err" ||
    { cat "$T/err" >&2; fail "SQL error text"; }
mkdir "$T/new"
hdx-extract -c "$conf" -t staff_info --date $day -o "$T/new/staff.csv" 2>/dev/null && fail "no error"
assert_eq "" "$(ls -A "$T/new")" "files left by a failed extraction"
# an unknown parameter is refused before the database sees the text
printf 'SELECT 1 AS x WHERE :sinc = 1\n' >"$T/site/sql/staff_bad.sql"
expect_fail 4 "hdx-extract: $T/site/sql/staff_bad.sql: parameter :sinc is not known (known: :since, :until)" \
    hdx-extract -c "$conf" -t staff_info --date $day
