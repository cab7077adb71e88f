#!/bin/sh
# nightly_late.sh - the nightly chain's look-back (hdx-extract --date
# with --previous): a row committed after the night's run, with an
# update_time of that night's window, arrives with the next night,
# exactly once; the rows of the look-back that the night before sent are
# not sent again; a run of the night again gives the same extract, byte
# for byte, and stores nothing.
. "$(dirname "$0")/../lib.sh"
command -v sqlite3 >/dev/null || skip "sqlite3 not found"
command -v flock >/dev/null || skip "flock not found"
odbcinst -q -d -n SQLite3 >/dev/null 2>&1 || skip "no ODBC driver SQLite3"
export HDX_STANDARD="$top/dict"
d1=2026-10-26 d2=2026-10-27 d3=2026-10-28
demo_frontdb
his() { sqlite3 "$T/his.db" "$1"; }
front() { sqlite3 "$T/front.db" "$1"; }
stg=$T/site/staging
night() {	# night DAY: the chain of patient_info for one business day
	hdx-nightly -q -c "$conf" --date "$1" patient_info 2>"$T/err" ||
	    { cat "$T/err" >&2; fail "hdx-nightly --date $1: exit $?"; }
}
keys() { tail -n +2 "$1" | cut -d, -f2 | sort; }	# patient_id
has() { grep -c ",$2," "$1" || true; }	# has FILE ID: lines with the id

# Two patients of each night changed in its last minutes: inside the
# next night's look-back (10 minutes), sent by their own night.
a=$(his "SELECT min(pat_no) FROM his_patient WHERE modify_dt >= '$d1' AND modify_dt < '$d2'")
b=$(his "SELECT min(pat_no) FROM his_patient WHERE modify_dt >= '$d2' AND modify_dt < '$d3'")
[ -n "$a" ] && [ -n "$b" ] || fail "no patients changed on $d1 and $d2"
his "UPDATE his_patient SET modify_dt = '$d1 23:55:00.000' WHERE pat_no = '$a'"
his "UPDATE his_patient SET modify_dt = '$d2 23:56:30.000' WHERE pat_no = '$b'"

night $d1
assert_eq 1 "$(has "$stg/$d1/patient_info.extract.csv" "$a")" "$a sent on $d1"
stored=$(front "SELECT count(*) FROM patient_info")

# A transaction commits after the night's run; its row carries an
# update_time of that night's last minutes.
his "INSERT INTO his_patient SELECT 'PLATE001', nm, xb, cs_rq, no_lb, no_hm, no_kh_hm,
    c_nationality, c_ethnicity, marital_zt, c_occupation, tel, dz, dz_division,
    contact_nm, c_contact_relation, contact_tel, c_abo_blood, c_rh_blood,
    insurance_kh_hm, health_kh_hm, create_dt, del_flag, '$d1 23:58:00.000'
    FROM his_patient WHERE pat_no = '$a'" ||
    fail "insert the late row (the vendor's columns changed?)"

night $d2
x=$stg/$d2/patient_info.extract.csv
want=$(his "SELECT count(*) FROM his_patient WHERE modify_dt >= '$d2' AND modify_dt < '$d3'")
assert_eq $((want + 1)) "$(($(wc -l <"$x") - 1))" "rows of $d2: its own and the late one"
assert_eq 1 "$(has "$x" PLATE001)" "the late row in $d2's extract"
assert_eq 0 "$(has "$x" "$a")" "$a (sent on $d1, unchanged) in $d2's extract"
assert_eq "$d1 23:58:00" "$(grep ',PLATE001,' "$x" | awk -F, '{ print $NF }')" "the late row's update_time"
assert_eq 1 "$(front "SELECT count(*) FROM patient_info WHERE patient_id = 'PLATE001'")" "the late row stored"
assert_eq $((stored + $(wc -l <"$stg/$d2/patient_info.valid.csv") - 1)) \
    "$(front "SELECT count(*) FROM patient_info")" "stored after $d2: the valid rows"
grep -q "extract status=ok exit=0 rows=$((want + 1)) " "$T/site/log/nightly-$d2.log" ||
    fail "the run log does not count the late row"

# The night again: the same extract, nothing stored, nothing batched.
cp "$x" "$T/x2.first"
batches=$(front "SELECT count(*) FROM upload_batch")
received=$(front "SELECT received_at FROM patient_info WHERE patient_id = 'PLATE001'")
night $d2
cmp "$T/x2.first" "$x" || fail "a run of $d2 again changed its extract"
assert_eq "$batches" "$(front "SELECT count(*) FROM upload_batch")" "batches after a run again"
assert_eq "$received" "$(front "SELECT received_at FROM patient_info WHERE patient_id = 'PLATE001'")" \
    "the late row received again"

# The next night: neither the late row nor $b (sent on $d2) again.
night $d3
x=$stg/$d3/patient_info.extract.csv
want=$(his "SELECT count(*) FROM his_patient WHERE modify_dt >= '$d3' AND modify_dt < date('$d3', '+1 day')")
assert_eq "$want" "$(($(wc -l <"$x") - 1))" "rows of $d3"
assert_eq 0 "$(has "$x" PLATE001)" "the late row in $d3's extract"
assert_eq 0 "$(has "$x" "$b")" "$b (sent on $d2, unchanged) in $d3's extract"
assert_eq 1 "$(front "SELECT count(*) FROM patient_info WHERE patient_id = 'PLATE001'")" "the late row stored once"
assert_eq "$received" "$(front "SELECT received_at FROM patient_info WHERE patient_id = 'PLATE001'")" \
    "the late row received once"
