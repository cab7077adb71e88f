# hdx-upload through unixODBC (Driver=SQLite3) into a SQLite front-end
# database: exact row counts, every payload_sm3 recomputed by the
# platform's frontdb.payload_sm3 from the stored rows, a rerun stores
# nothing new, the upsert keeps the latest update_time and reports the
# stale record, a revocation applies and SQL metacharacters stay data.
. "$(dirname "$0")/../lib.sh"
need_platform
command -v sqlite3 >/dev/null || skip "sqlite3 not found"
odbcinst -q -d -n SQLite3 >/dev/null 2>&1 || skip "no ODBC driver SQLite3"
cases=$PLAT/../standard/cases
db=$T/front.db
hdx-standard --standard "$top/dict" ddl --dialect sqlite | sqlite3 "$db"
case_site "odbc:Driver=SQLite3;Database=$db" "batch_records = 5"
q() { sqlite3 "$db" "$1"; }
up() { hdx-upload -c "$T/site.conf" -r "$T/rejects.csv" "$@"; }
# OK / SKIPPED / MISMATCH per upload_batch row, as api.md 2.4
verify() {
	"$PY" - "$PLAT" "$db" <<'EOPY'
import sqlite3, sys
sys.path.insert(0, sys.argv[1])
import frontdb, qcstd
std = qcstd.Standard(None)
db = sqlite3.connect(sys.argv[2])
n = {"OK": 0, "SKIPPED": 0, "MISMATCH": 0}
for bid, tname, count, want in db.execute(
        "SELECT batch_id, table_name, record_count, payload_sm3 "
        "FROM upload_batch ORDER BY batch_id"):
    t = std.tables[tname]
    cols = [f.name for f in t.fields]
    rows = db.execute("SELECT %s FROM %s WHERE batch_id = ?"
                      % (", ".join(cols), tname), (bid,)).fetchall()
    if len(rows) != count:
        n["SKIPPED"] += 1
        continue
    recs = [{c: None if v is None else str(v) for c, v in zip(cols, r)}
            for r in rows]
    n["OK" if frontdb.payload_sm3(t, recs) == want else "MISMATCH"] += 1
print("%d ok, %d mismatched, %d skipped" % (n["OK"], n["MISMATCH"], n["SKIPPED"]))
EOPY
}

for t in dept_info staff_info drug_catalog charge_item_catalog \
    outpatient_registration outpatient_fee_detail; do
	up -t "$t" -i "$cases/$t.csv" 2>"$T/err" || { cat "$T/err" >&2; fail "upload $t"; }
	n=$(($(wc -l <"$cases/$t.csv") - 1))
	assert_eq "$n" "$(q "SELECT count(*) FROM $t")" "$t rows"
	assert_eq "$n" "$(q "SELECT sum(record_count) FROM upload_batch WHERE table_name = '$t'")" "$t record_count"
done
assert_eq "hdx-upload: 33 records: 33 stored, 0 held, 0 stale, 0 rejected; 7 batches: 0 sent before, 0 kept in the outbox, 0 quarantined" \
    "$(cat "$T/err")" "summary of outpatient_fee_detail"
assert_eq 19 "$(q 'SELECT count(*) FROM upload_batch')" "batches"
assert_eq "19 ok, 0 mismatched, 0 skipped" "$(verify)" "payload_sm3 of every batch"
# received_at in Beijing time: 8 hours ahead of UTC, to the minute
now=$(TZ=Asia/Shanghai date '+%Y-%m-%d %H')
assert_eq "$now" "$(q 'SELECT substr(max(received_at), 1, 13) FROM dept_info')" "received_at"

# a rerun stores nothing new, with or without the ledger
up -t outpatient_fee_detail -i "$cases/outpatient_fee_detail.csv" 2>"$T/err"
assert_eq "hdx-upload: 33 records: 0 stored, 0 held, 0 stale, 0 rejected; 7 batches: 7 sent before, 0 kept in the outbox, 0 quarantined" \
    "$(cat "$T/err")" "rerun summary"
rm -f "$T/state/ledger.db" "$T/state/ledger.db-wal" "$T/state/ledger.db-shm"
up -t outpatient_fee_detail -i "$cases/outpatient_fee_detail.csv" 2>"$T/err"
assert_eq "hdx-upload: 33 records: 0 stored, 0 held, 0 stale, 0 rejected; 7 batches: 7 sent before, 0 kept in the outbox, 0 quarantined" \
    "$(cat "$T/err")" "rerun without the ledger"
assert_eq 19 "$(q 'SELECT count(*) FROM upload_batch')" "batches after the reruns"
hdx-upload -c "$T/site.conf" --status >"$T/status"
assert_eq 7 "$(grep -c '^batch .* frontdb duplicate ' "$T/status")" "ledger says duplicate"

# newer, stale, revoked, and a value of SQL metacharacters
head -n 1 "$cases/dept_info.csv" >"$T/d.csv"
grep '^124115004170483179,D0301,' "$cases/dept_info.csv" |
    sed 's/,2026-10-01 08:30:00$/,2026-10-05 09:00:00/; s/,呼吸内科,/,"x'"'"'y\\\\z	"" '"'"'; DROP TABLE upload_batch; --",/' >>"$T/d.csv"
grep '^124115004170483179,D0304,' "$cases/dept_info.csv" |
    sed 's/,2026-10-01 08:30:00$/,2026-09-01 08:30:00/; s/,心血管内科,/,OLD,/' >>"$T/d.csv"
grep '^124115004170483179,D0401,' "$cases/dept_info.csv" |
    awk -F, -v OFS=, '{ $13 = "0"; $14 = "2026-10-06 10:00:00"; print }' >>"$T/d.csv"
expect_fail 1 "hdx-upload: 3 records: 2 stored, 0 held, 1 stale, 0 rejected; 1 batch: 0 sent before, 0 kept in the outbox, 0 quarantined" \
    up -t dept_info -i "$T/d.csv"
printf 'x'"'"'y\\\\z\t" '"'"'; DROP TABLE upload_batch; --\n' >"$T/want"
q "SELECT dept_name FROM dept_info WHERE dept_code = 'D0301'" >"$T/got"
assert_files "$T/want" "$T/got" "stored dept_name"
assert_eq "2026-10-05 09:00:00" "$(q "SELECT update_time FROM dept_info WHERE dept_code = 'D0301'")" "newer version"
assert_eq "心血管内科|2026-10-01 08:30:00" "$(q "SELECT dept_name, update_time FROM dept_info WHERE dept_code = 'D0304'")" "stale version skipped"
assert_eq "0|2026-10-06 10:00:00" "$(q "SELECT valid_flag, update_time FROM dept_info WHERE dept_code = 'D0401'")" "revocation"
assert_eq 8 "$(q 'SELECT count(*) FROM dept_info')" "dept_info rows"
assert_eq "table,line,primary_key,rule,field,level,message,stage
dept_info,3,124115004170483179+D0304,unique,dept_code,error,stale: the front-end database holds a version of the key with a later update_time,upload" \
    "$(cat "$T/rejects.csv")" "stale record in the rejects"
assert_eq "18 ok, 0 mismatched, 2 skipped" "$(verify)" "payload_sm3 after the upsert"

# a record with a type finding is held, never written
head -n 1 "$cases/dept_info.csv" >"$T/h.csv"
sed -n 2p "$cases/dept_info.csv" | awk -F, -v OFS=, '{ $2 = "X9001"; $12 = "1998-02-30"; print }' >>"$T/h.csv"
expect_fail 1 "hdx-upload: 1 record: 0 stored, 1 held, 0 stale, 0 rejected; 0 batches: 0 sent before, 0 kept in the outbox, 0 quarantined" \
    up -t dept_info -i "$T/h.csv"
assert_eq "dept_info,2,124115004170483179+X9001,type,established_date,error,a real date YYYY-MM-DD (type D),upload" \
    "$(tail -n 1 "$T/rejects.csv")" "held record"
assert_eq 0 "$(q "SELECT count(*) FROM dept_info WHERE dept_code = 'X9001'")" "held record not written"
