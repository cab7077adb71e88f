# hdx-upload through libpq into a PostgreSQL front-end database: every
# batch verifies (frontdb.py --verify-batches), a rerun stores nothing
# new, the upsert keeps the latest update_time and reports stale records,
# revocations apply, SQL metacharacters stay data, held records never
# reach the database, and a database that is down keeps the batch in the
# outbox until --resend.
. "$(dirname "$0")/../lib.sh"
need_platform
pg_start
cases=$PLAT/../standard/cases
pg_site "batch_records = 5"
q() { psql -qXAt -v ON_ERROR_STOP=1 -c "$1" || fail "psql: $1"; }
up() { hdx-upload -c "$T/site.conf" -r "$T/rejects.csv" "$@"; }

# 1. the supporting case files, in batches of at most 5
total=0
for t in dept_info staff_info drug_catalog charge_item_catalog \
    outpatient_registration outpatient_fee_detail; do
	up -t "$t" -i "$cases/$t.csv" 2>"$T/err" || { cat "$T/err" >&2; fail "upload $t"; }
	n=$(($(wc -l <"$cases/$t.csv") - 1))
	assert_eq "$n" "$(q "SELECT count(*) FROM $t")" "$t rows"
	assert_eq "$n" "$(q "SELECT sum(record_count) FROM upload_batch WHERE table_name = '$t'")" "$t record_count"
	total=$((total + n))
done
assert_eq 80 "$total" "records of the supporting cases"
assert_eq "hdx-upload: 33 records: 33 stored, 0 held, 0 stale, 0 rejected; 7 batches: 0 sent before, 0 kept in the outbox, 0 quarantined" \
    "$(cat "$T/err")" "summary of outpatient_fee_detail"
assert_eq 19 "$(q 'SELECT count(*) FROM upload_batch')" "batches"
assert_eq 0 "$(q "SELECT count(*) FROM upload_batch WHERE batch_id !~ '^124115004170483179-[a-z_]+-[0-9]{8}-[0-9a-f]{12}$'")" "batch id form"
assert_eq 0 "$(q 'SELECT count(*) FROM outpatient_fee_detail f WHERE NOT EXISTS (SELECT 1 FROM upload_batch b WHERE b.batch_id = f.batch_id)')" "rows carry their batch_id"
"$PY" "$PLAT/frontdb.py" --verify-batches >"$T/verify"
assert_eq "19 ok, 0 mismatched, 0 skipped" "$(tail -n 1 "$T/verify")" "verify-batches"
assert_eq 19 "$(grep -c '^OK ' "$T/verify")" "OK lines"
[ ! -e "$T/rejects.csv" ] || fail "rejects written for valid records"
assert_eq 600 "$(stat -c %a "$T/state/ledger.db")" "ledger mode"

# 2. a second run stores nothing new: the ledger knows every batch
before=$(q 'SELECT max(received_at) FROM outpatient_fee_detail')
up -t outpatient_fee_detail -i "$cases/outpatient_fee_detail.csv" 2>"$T/err"
assert_eq "hdx-upload: 33 records: 0 stored, 0 held, 0 stale, 0 rejected; 7 batches: 7 sent before, 0 kept in the outbox, 0 quarantined" \
    "$(cat "$T/err")" "rerun summary"
assert_eq 19 "$(q 'SELECT count(*) FROM upload_batch')" "batches after the rerun"
assert_eq "$before" "$(q 'SELECT max(received_at) FROM outpatient_fee_detail')" "rows untouched"
hdx-upload -c "$T/site.conf" --status >"$T/status"
assert_eq 7 "$(grep -c '^batch 124115004170483179-outpatient_fee_detail-.* frontdb duplicate ' "$T/status")" "ledger says duplicate"
# without the ledger (a run killed after COMMIT), upload_batch knows them
rm -f "$T/state/ledger.db" "$T/state/ledger.db-wal" "$T/state/ledger.db-shm"
up -t dept_info -i "$cases/dept_info.csv" 2>"$T/err"
assert_eq "hdx-upload: 8 records: 0 stored, 0 held, 0 stale, 0 rejected; 2 batches: 2 sent before, 0 kept in the outbox, 0 quarantined" \
    "$(cat "$T/err")" "rerun without the ledger"
assert_eq 19 "$(q 'SELECT count(*) FROM upload_batch')" "batches after the rerun without ledger"

# 3. a newer version replaces, an older one is stale, a revocation applies;
# a value full of SQL metacharacters is stored exactly
head -n 1 "$cases/dept_info.csv" >"$T/d.csv"
grep '^124115004170483179,D0301,' "$cases/dept_info.csv" |
    sed 's/,2026-10-01 08:30:00$/,2026-10-05 09:00:00/; s/,呼吸内科,/,"x'"'"'y\\\\z	"" '"'"'; DROP TABLE upload_batch; --",/' >>"$T/d.csv"
grep '^124115004170483179,D0304,' "$cases/dept_info.csv" |
    sed 's/,2026-10-01 08:30:00$/,2026-09-01 08:30:00/; s/,心血管内科,/,OLD,/' >>"$T/d.csv"
line=$(grep -n '^124115004170483179,D0401,' "$cases/dept_info.csv" | cut -d: -f1)
sed -n "${line}p" "$cases/dept_info.csv" |
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
assert_eq 3 "$(q "SELECT record_count FROM upload_batch WHERE batch_id = (SELECT batch_id FROM dept_info WHERE dept_code = 'D0301')")" "record_count counts the stale record"
assert_eq "table,line,primary_key,rule,field,level,message,stage
dept_info,3,124115004170483179+D0304,unique,dept_code,error,stale: the front-end database holds a version of the key with a later update_time,upload" \
    "$(cat "$T/rejects.csv")" "stale record in the rejects"
"$PY" "$PLAT/frontdb.py" --verify-batches >"$T/verify"
assert_eq "18 ok, 0 mismatched, 2 skipped" "$(tail -n 1 "$T/verify")" "verify-batches after the upsert"

# 4. records the channel cannot carry are held with a rejects line
head -n 1 "$cases/dept_info.csv" >"$T/h.csv"
sed -n 2p "$cases/dept_info.csv" | awk -F, -v OFS=, '{ $2 = "X9001"; $9 = "4x"; print }' >>"$T/h.csv"
sed -n 2p "$cases/dept_info.csv" | awk -F, -v OFS=, '{ $2 = ""; print }' >>"$T/h.csv"
sed -n 2p "$cases/dept_info.csv" | awk -F, -v OFS=, '{ $2 = "X9002"; $10 = "012345678901234567890"; print }' >>"$T/h.csv"
sed -n 2p "$cases/dept_info.csv" | awk -F, -v OFS=, '{ $2 = "X9003"; print }' >>"$T/h.csv"
expect_fail 1 "hdx-upload: 4 records: 1 stored, 3 held, 0 stale, 0 rejected; 1 batch: 0 sent before, 0 kept in the outbox, 0 quarantined" \
    up -t dept_info -i "$T/h.csv"
assert_eq "dept_info,2,124115004170483179+X9001,type,beds,error,an integer [+-]digits (type I),upload
dept_info,3,124115004170483179+,required,dept_code,error,a value: a primary-key field is never empty,upload
dept_info,4,124115004170483179+X9002,length,phone,error,at most 20 characters; the value has 21,upload" \
    "$(tail -n 3 "$T/rejects.csv")" "held records"
assert_eq "X9003" "$(q "SELECT string_agg(dept_code, ',') FROM dept_info WHERE dept_code LIKE 'X9%'")" "only the sendable record"

# 5. the database down: the batch waits in the outbox, --resend sends it
pg_stop
sed -n 2p "$cases/dept_info.csv" | awk -F, -v OFS=, '{ $2 = "X9004"; print }' >"$T/o.body"
{ head -n 1 "$cases/dept_info.csv"; cat "$T/o.body"; } >"$T/o.csv"
set +e
up -t dept_info -i "$T/o.csv" 2>"$T/err"
rc=$?
set -e
assert_eq 4 "$rc" "exit status with the database down"
assert_eq "hdx-upload: 1 record: 0 stored, 0 held, 0 stale, 0 rejected; 1 batch: 0 sent before, 1 kept in the outbox, 0 quarantined" \
    "$(tail -n 1 "$T/err")" "summary with the database down"
hdx-upload -c "$T/site.conf" --status >"$T/status"
grep -q '^outbox 124115004170483179-dept_info-20261001-[0-9a-f]* dept_info queued .* transient attempts 1: front-end database' "$T/status" ||
    { cat "$T/status" >&2; fail "outbox in --status"; }
$PG_CTL -D "$PGDIR/data" -l "$PGDIR/log" -w -o "-k $PGDIR -p $PGPORT -c listen_addresses=''" start >/dev/null
up --resend 2>"$T/err"
assert_eq "hdx-upload: 1 record: 1 stored, 0 held, 0 stale, 0 rejected; 1 batch: 0 sent before, 0 kept in the outbox, 0 quarantined" \
    "$(cat "$T/err")" "resend"
assert_eq 1 "$(q "SELECT count(*) FROM dept_info WHERE dept_code = 'X9004'")" "resent record"
hdx-upload -c "$T/site.conf" --status >"$T/status"
! grep -q '^outbox' "$T/status" || fail "outbox not empty after --resend"
"$PY" "$PLAT/frontdb.py" --verify-batches >"$T/verify"
assert_eq "20 ok, 0 mismatched, 2 skipped" "$(tail -n 1 "$T/verify")" "verify-batches at the end"

# 6. reconciliation: the ledger's keys against the front-end database;
# a deliberate re-send under a new generation takes new batch ids
assert_eq 0 "$(q "SELECT count(*) FROM upload_batch WHERE table_name = 'outpatient_registration' AND batch_id NOT IN (SELECT batch_id FROM outpatient_registration)")" "registrations all in place"
q "DELETE FROM outpatient_registration WHERE reg_id = (SELECT min(reg_id) FROM outpatient_registration WHERE CAST(reg_time AS date) = '2026-10-27')"
set +e
hdx-reconcile -c "$T/site.conf" --date 2026-10-27 -t outpatient_registration -t dept_info >"$T/out"
rc=$?
set -e
assert_eq 1 "$rc" "reconcile exit status with a gap"
assert_eq "outpatient_registration 2026-10-27: no staging files; 0 uploaded, 8 on the platform
outpatient_registration 2026-10-27: gap: 8 records on the platform not in the ledger
dept_info 2026-10-27: no staging files; 0 uploaded, 0 on the platform" "$(cat "$T/out")" "reconcile after the ledger was lost"
up -t outpatient_registration -i "$cases/outpatient_registration.csv" --generation 1 2>"$T/err"
assert_eq "hdx-upload: 21 records: 21 stored, 0 held, 0 stale, 0 rejected; 5 batches: 0 sent before, 0 kept in the outbox, 0 quarantined" \
    "$(cat "$T/err")" "re-send under generation 1"
hdx-reconcile -c "$T/site.conf" --date 2026-10-27 -t outpatient_registration >"$T/out" || fail "hdx-reconcile"
assert_eq "outpatient_registration 2026-10-27: no staging files; 9 uploaded, 9 on the platform" "$(cat "$T/out")" "reconcile after the re-send"
assert_eq 21 "$(q 'SELECT count(*) FROM outpatient_registration')" "registrations after the re-send"
"$PY" "$PLAT/frontdb.py" --verify-batches >"$T/verify"
assert_eq "20 ok, 0 mismatched, 7 skipped" "$(tail -n 1 "$T/verify")" "verify-batches after the re-send"

# 7. a batch the database refuses is quarantined with the reason and
# does not hold back the batch behind it
q "ALTER TABLE staff_info ADD CONSTRAINT hdx_test_refuse CHECK (staff_code <> 'XBAD')"
head -n 1 "$cases/staff_info.csv" >"$T/s.csv"
for c in XBAD Y0001 Y0002 Y0003 Y0004 Y0005; do
	sed -n 2p "$cases/staff_info.csv" | awk -F, -v OFS=, -v c=$c '{ $2 = c; print }' >>"$T/s.csv"
done
set +e
up -t staff_info -i "$T/s.csv" 2>"$T/err"
rc=$?
set -e
assert_eq 1 "$rc" "exit status with a quarantined batch"
assert_eq "hdx-upload: 6 records: 1 stored, 0 held, 0 stale, 0 rejected; 2 batches: 0 sent before, 0 kept in the outbox, 1 quarantined" \
    "$(tail -n 1 "$T/err")" "summary with a quarantined batch"
grep -q '^hdx-upload: warning: 124115004170483179-staff_info-[0-9]*-[0-9a-f]*: quarantined: staff_info: the database refused a value (SQLSTATE 23514)$' "$T/err" ||
    { cat "$T/err" >&2; fail "quarantine warning"; }
assert_eq "Y0005" "$(q "SELECT string_agg(staff_code, ',') FROM staff_info WHERE staff_code IN ('XBAD', 'Y0001', 'Y0002', 'Y0003', 'Y0004', 'Y0005')")" "the batch behind was delivered"
hdx-upload -c "$T/site.conf" --status >"$T/status"
assert_eq 1 "$(grep -c ' staff_info 5 records frontdb quarantined .*: staff_info: the database refused a value (SQLSTATE 23514)$' "$T/status")" "quarantined in the ledger"
! grep -q '^outbox' "$T/status" || fail "a quarantined batch left in the outbox"
