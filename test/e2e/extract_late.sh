#!/bin/sh
# extract_late.sh - a row committed late, with an update_time before the
# watermark, still arrives through the look-back, exactly once; the
# rows of the look-back that were delivered unchanged are not sent again.
. "$(dirname "$0")/../lib.sh"
command -v sqlite3 >/dev/null || skip "sqlite3 not found"
odbcinst -q -d -n SQLite3 >/dev/null 2>&1 || skip "no ODBC driver SQLite3"
export HDX_STANDARD="$top/dict"
demo_frontdb
his() { sqlite3 "$T/his.db" "$1"; }
front() { sqlite3 "$T/front.db" "$1"; }
night() {	# extract args...: the chain of one table, as hdx-nightly runs it
	hdx-extract -q -c "$conf" -t patient_info "$@" -o "$T/x.csv"
	hdx-map -q -c "$conf" -t patient_info -i "$T/x.csv" -o "$T/m.csv" || true
	hdx-check -q -c "$conf" -t patient_info -i "$T/m.csv" -o "$T/v.csv" \
	    -r "$T/r.csv" --policy send --today 2026-12-01 || true
	hdx-upload -q -c "$conf" -t patient_info -i "$T/v.csv" -r "$T/r.csv" || true
}
rows() { echo $(($(wc -l <"$1") - 1)); }

night --date 2026-10-26
wm=$(his "SELECT substr(max(modify_dt), 1, 19) FROM his_patient
    WHERE modify_dt >= '2026-10-26' AND modify_dt < '2026-10-27'")
hdx-extract -q -c "$conf" -t patient_info --commit-watermark "$wm"
stored=$(front "SELECT count(*) FROM patient_info")
[ "$stored" -gt 100 ] || fail "only $stored patients stored on the first night"
# A transaction commits late: its row carries an update_time 3 minutes
# before the watermark. Nothing after the watermark exists yet.
his "DELETE FROM his_patient WHERE modify_dt >= '2026-10-27'"
late=$(his "SELECT strftime('%Y-%m-%d %H:%M:%S', '$wm', '-180 seconds')")
his "INSERT INTO his_patient SELECT 'PLATE001', nm, xb, cs_rq, no_lb, no_hm, no_kh_hm,
    c_nationality, c_ethnicity, marital_zt, c_occupation, tel, dz, dz_division,
    contact_nm, c_contact_relation, contact_tel, c_abo_blood, c_rh_blood,
    insurance_kh_hm, health_kh_hm, create_dt, del_flag, '$late.000'
    FROM his_patient WHERE pat_no = (SELECT min(pat_no) FROM his_patient)" ||
    fail "insert the late row (the vendor's columns changed?)"
inwin=$(his "SELECT count(*) FROM his_patient WHERE modify_dt >=
    strftime('%Y-%m-%d %H:%M:%S', '$wm', '-600 seconds')")
[ "$inwin" -gt 1 ] || fail "the look-back holds only $inwin rows: nothing to drop"

# The incremental run re-reads 10 minutes before the watermark: only the
# late row goes out, the others of the look-back were delivered as they are.
night 2>"$T/err"
assert_eq 1 "$(rows "$T/x.csv")" "rows of the incremental run"
assert_eq PLATE001 "$(sed -n 2p "$T/x.csv" | cut -d, -f2)" "the late row"
assert_eq $((stored + 1)) "$(front "SELECT count(*) FROM patient_info")" "stored after the late row"
# Again: nothing new, the late row is not sent twice.
hdx-extract -q -c "$conf" -t patient_info -o "$T/x2.csv"
assert_eq 0 "$(rows "$T/x2.csv")" "rows of a rerun"
assert_eq 1 "$(front "SELECT count(*) FROM patient_info WHERE patient_id = 'PLATE001'")" "the late row stored once"
