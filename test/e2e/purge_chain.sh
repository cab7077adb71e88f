# hdx-purge --shared with C taken from the hospital's own records as its
# business systems hold them: the demo HIS in its vendor's schema (local
# table and column names, YYYYMMDD and YYYY/MM/DD dates, del_flag), read
# through the site's extraction queries, normalised as hdx-extract writes
# them. One appointment per completion case of api.md 8.6: a settled
# visit (a refund counted, a deleted settlement left out), an unsettled
# visit, an admission not yet discharged, an admission discharged and
# settled later, a cancellation, a no-show, a revocation, a consent
# without a booking. Every purge is judged by pushback.py check-purge
# --hospital-csv on the CSV the chain's hdx-extract writes of those
# tables, over a run of dates; the purge of the day before deletes
# nothing that must stay. Then the same on PostgreSQL: the HIS copied
# into a database of its own (libpq source), the front-end database and
# shared library in PostgreSQL, the daily purges in a row.
. "$(dirname "$0")/../lib.sh"
need_platform
command -v sqlite3 >/dev/null || skip "sqlite3 not found"
odbcinst -q -d -n SQLite3 >/dev/null 2>&1 || skip "no ODBC driver SQLite3"
H=124115004170483179
TABLES="appointment outpatient_registration outpatient_visit outpatient_settlement admission inpatient_settlement"
cp -R "$top/demo/site" "$T/site"
"$top/demo/make-hospital" "$T/his.db"
conf=$T/site/site.conf db=$T/front.db
sed -i "s|^dsn = .*|dsn = Driver=SQLite3;Database=$T/his.db|" "$conf"
printf '[upload]\nchannel = frontdb\nfrontdb = odbc:Driver=SQLite3;Database=%s\n' "$db" >>"$conf"
{ hdx-standard --standard "$top/dict" ddl --dialect sqlite
  hdx-standard --standard "$top/dict" ddl --dialect sqlite --shared; } | sqlite3 "$db"
q() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }

# the consents, given at booking: authorized_at is the booking's time;
# AP00008 consented without a booking the HIS holds
"$PY" "$PLAT/pushback.py" make-source --out "$T/src" --org 12411500417051225K \
    --org 124501004985102139 --patients 8 --seed 5 --hospital "$H" >/dev/null
awk -F, -v OFS=, 'NR > 1 { split("2026-10-19 07:00:00,2026-11-01 07:00:00,2026-09-30 07:00:00,2026-10-26 07:00:00,2026-10-25 07:00:00,2026-10-25 07:05:00,2026-10-28 07:00:00,2026-10-25 08:00:00", at, ",")
	$7 = at[NR - 1] } { print }' "$T/src/authorizations.csv" >"$T/auth.csv"
sed 's/^\([^,]*-AP00007,.*\),$/\1,2026-11-05 10:00:00/' "$T/auth.csv" >"$T/auth_final.csv"

# the HIS's records of those appointments, as its vendor writes them
cat >"$T/cases.sql" <<'EOT'
INSERT INTO reg_booking (appointment_no, pat_no, book_dt, appoint_rq, zt, cancel_dt, del_flag, modify_dt) VALUES
 ('AP00001', 'HP00001', '2026-10-19 07:00:00', '20261020', '2', NULL, 'N', '2026-10-19 07:00:00.120'),
 ('AP00002', 'HP00002', '2026-11-01 07:00:00', '20261104', '2', NULL, 'N', '2026-11-01 07:00:00.000'),
 ('AP00003', 'HP00003', '2026-09-30 07:00:00', '20261001', '2', NULL, 'N', '2026-09-30 07:00:00.000'),
 ('AP00004', 'HP00004', '2026-10-26 07:00:00', '20261027', '2', NULL, 'N', '2026-10-26 07:00:00.000'),
 ('AP00005', 'HP00005', '2026-10-25 07:00:00', '20261125', '3', '2026-11-01 10:00:00', 'N', '2026-11-01 10:00:00.000'),
 ('AP00006', 'HP00006', '2026-10-25 07:05:00', '20261104', '4', NULL, 'N', '2026-11-05 01:00:00.000'),
 ('AP00007', 'HP00007', '2026-10-28 07:00:00', '20261029', '2', NULL, 'N', '2026-10-28 07:00:00.000');
INSERT INTO op_register (reg_no, pat_no, mz_hm, appointment_no, reg_dt, reg_zt, return_dt, del_flag, modify_dt) VALUES
 ('GA01', 'HP00001', 'OA01', 'AP00001', '2026-10-20 08:00:00', '1', NULL, 'N', '2026-10-20 08:00:00.000'),
 ('GA02', 'HP00002', 'OA02', 'AP00002', '2026-11-04 22:00:00', '1', NULL, 'N', '2026-11-04 22:00:00.000'),
 ('GA03', 'HP00003', 'OA03', 'AP00003', '2026-10-01 08:00:00', '1', NULL, 'N', '2026-10-01 08:00:00.000'),
 ('GA04', 'HP00004', 'OA04', 'AP00004', '2026-10-27 08:00:00', '1', NULL, 'N', '2026-10-27 08:00:00.000'),
 ('GA07', 'HP00007', 'OA07', 'AP00007', '2026-10-29 08:00:00', '1', NULL, 'N', '2026-10-29 08:00:00.000');
INSERT INTO op_encounter (jz_no, reg_no, pat_no, mz_hm, jz_dt, end_dt, del_flag, modify_dt) VALUES
 ('MA01', 'GA01', 'HP00001', 'OA01', '2026-10-20 09:00:00', '2026/10/20 09:20:00', 'N', '2026-10-20 09:20:00.000'),
 ('MA02', 'GA02', 'HP00002', 'OA02', '2026-11-04 23:00:00', '2026/11/04 23:40:00', 'N', '2026-11-04 23:40:00.000'),
 ('MA03', 'GA03', 'HP00003', 'OA03', '2026-10-01 09:00:00', '2026/10/01 09:30:00', 'N', '2026-10-01 09:30:00.000'),
 ('MA04', 'GA04', 'HP00004', 'OA04', '2026-10-27 09:00:00', '2026/10/27 09:30:00', 'N', '2026-10-27 09:30:00.000'),
 ('MA07', 'GA07', 'HP00007', 'OA07', '2026-10-29 09:00:00', NULL, 'N', '2026-10-29 09:00:00.000');
INSERT INTO op_balance (js_hm, jz_no, pat_no, settle_dt, js_lb, del_flag, modify_dt) VALUES
 ('JA011', 'MA01', 'HP00001', '2026-10-20 10:00:00', '1', 'N', '2026-10-20 10:00:00.000'),
 ('JA012', 'MA01', 'HP00001', '2026-11-02 15:00:00', '4', 'N', '2026-11-02 15:00:00.000'),
 ('JA013', 'MA01', 'HP00001', '2026-11-15 15:00:00', '1', 'Y', '2026-11-15 15:00:00.000');
INSERT INTO ip_inhos (zy_no, pat_no, mz_hm, ry_dt, cy_dt, del_flag, modify_dt) VALUES
 ('ZA03', 'HP00003', 'OA03', '2026-10-02 08:00:00', NULL, 'N', '2026-10-02 08:00:00.000'),
 ('ZA04', 'HP00004', 'OA04', '2026-10-27 20:00:00', '2026-11-03 10:00:00', 'N', '2026-11-03 10:00:00.000'),
 ('ZA07', 'HP00007', 'OA07', '2026-10-29 12:00:00', NULL, 'N', '2026-10-29 12:00:00.000');
INSERT INTO ip_balance (js_hm, zy_no, pat_no, settle_dt, del_flag, modify_dt) VALUES
 ('ZJA041', 'ZA04', 'HP00004', '2026-11-01 09:00:00', 'N', '2026-11-01 09:00:00.000'),
 ('ZJA042', 'ZA04', 'HP00004', '2026-11-05 09:00:00', 'N', '2026-11-05 09:00:00.000');
EOT
sqlite3 -bail "$T/his.db" <"$T/cases.sql"

# pushed on 11-02, verified; AP00007 revoked on 11-05
"$PY" "$PLAT/pushback.py" --sqlite "$db" --org "$H" --authorizations "$T/auth.csv" \
    --insert-authorizations --source-dir "$T/src" --seed 7 \
    --manifest "$T/m.csv" --today 2026-11-02 >/dev/null
hdx-verify -q -c "$conf" --today 2026-11-02 || [ $? -eq 1 ] || fail "hdx-verify"
hdx-verify authorize -q -c "$conf" -i "$T/auth_final.csv"

# the chain's extraction of the hospital's tables, for the judge
extract() {	# extract DIR: the six tables as hdx-extract writes them
	mkdir -p "$1"
	for t in $TABLES; do
		hdx-extract -q -c "$conf" -t "$t" --full -o "$1/$t.csv" || fail "hdx-extract -t $t"
	done
}
extract "$T/hcsv"
judge() {	# judge DAY DB-OPTIONS...: check-purge of DAY on the extracted CSV
	d=$1; shift
	"$PY" "$PLAT/pushback.py" check-purge "$@" --today "$d" --hospital-csv "$T/hcsv" \
	    --authorizations "$T/auth_final.csv" --manifest "$T/m.csv" >"$T/judge.out" 2>&1
}
summary() { tail -n 1 "$T/judge.out"; }
auths() { q "SELECT group_concat(appointment_id, ' ') FROM (SELECT appointment_id FROM shared_authorization ORDER BY 1)"; }

# before any purge the judge of 12-01 sees everything but AP00003 kept
judge 2026-12-01 --sqlite "$db" && fail "check-purge agrees before any purge"
assert_eq "8 authorisations on 2026-12-01: 0 gone, 1 kept, 7 wrongly kept, 0 wrongly deleted, 0 not judged" \
    "$(summary)" "the judge before the purge"

# the dry run reads the HIS over the window of the consents in force
# (from 30 days before the earliest, AP00003's), counts and deletes nothing
n0=$(q "SELECT count(*) FROM shared_push")
hdx-purge -v -c "$conf" --shared --today 2026-12-01 >"$T/dry.out" 2>"$T/err" || { cat "$T/err" >&2; fail "dry run"; }
assert_eq "$n0" "$(q "SELECT count(*) FROM shared_push")" "shared_push after the dry run"
assert_eq "hdx-purge: hospital's appointment records changed since 2026-08-31 00:00:00: 457 read, 6 of the authorisations kept" \
    "$(grep "hospital's appointment" "$T/err")" "the appointments read and kept"
assert_eq "hdx-purge: hospital's op_settlement records changed since 2026-08-31 00:00:00: 903 read, 2 of the authorisations kept" \
    "$(grep "hospital's op_settlement" "$T/err")" "the settlements read and kept (the deleted one left out)"
assert_eq "hdx-purge: shared library on 2026-12-01: 8 authorisations: 7 due (1 revoked, 6 completed), 1 kept (1 not complete); $(awk '{ n += $3 } END { print n }' "$T/dry.out") rows would be deleted (dry run; --yes deletes)" \
    "$(tail -n 1 "$T/err")" "dry-run summary"
# --full reads every record and decides the same
hdx-purge -v -c "$conf" --shared --full --today 2026-12-01 >"$T/full.out" 2>"$T/err"
assert_eq "hdx-purge: hospital's appointment records changed since 0001-01-01 00:00:00: 457 read, 6 of the authorisations kept" \
    "$(grep "hospital's appointment" "$T/err")" "--full"
assert_files "$T/dry.out" "$T/full.out" "counts of --full"

# a run of dates, each purge on a copy of the library as it stands
sed "s|Database=$db|Database=$T/run.db|" "$conf" >"$T/site/run.conf"
for d in 2026-11-06 2026-11-09 2026-11-10 2026-11-16 2026-11-17 2026-11-18 2026-11-19 2026-11-20 2026-11-21 2027-03-01; do
	cp "$db" "$T/run.db"
	hdx-purge -q -c "$T/site/run.conf" --shared --today "$d" --yes >/dev/null || fail "purge of $d"
	judge "$d" --sqlite "$T/run.db" || { cat "$T/judge.out" >&2; fail "check-purge of $d"; }
	case $d in
	2026-11-09) assert_eq "8 authorisations on 2026-11-09: 1 gone, 7 kept, 0 wrongly kept, 0 wrongly deleted, 0 not judged" "$(summary)" "11-09" ;;
	2026-11-10) assert_eq "8 authorisations on 2026-11-10: 2 gone, 6 kept, 0 wrongly kept, 0 wrongly deleted, 0 not judged" "$(summary)" "11-10" ;;
	2026-11-20) assert_eq "8 authorisations on 2026-11-20: 6 gone, 2 kept, 0 wrongly kept, 0 wrongly deleted, 0 not judged" "$(summary)" "11-20" ;;
	2027-03-01) assert_eq "8 authorisations on 2027-03-01: 7 gone, 1 kept, 0 wrongly kept, 0 wrongly deleted, 0 not judged" "$(summary)" "03-01" ;;
	esac
done
grep -q '^KEPT  *124115004170483179-AP00003: not complete: in hospital$' "$T/judge.out" ||
    { cat "$T/judge.out" >&2; fail "AP00003 in hospital"; }

# the wrong day: the purge of 11-19 keeps what that of 11-20 deletes
hdx-purge -q -c "$conf" --shared --today 2026-11-19 --yes >/dev/null
judge 2026-11-19 --sqlite "$db" || { cat "$T/judge.out" >&2; fail "check-purge of 11-19"; }
assert_eq "AP00002 AP00003 AP00004 AP00006" "$(auths)" "kept by the purge of 11-19 (C 11-04 and later, in hospital)"
judge 2026-11-20 --sqlite "$db" && fail "the purge of 11-19 did that of 11-20"
assert_eq "8 authorisations on 2026-11-20: 4 gone, 2 kept, 2 wrongly kept, 0 wrongly deleted, 0 not judged" \
    "$(summary)" "the day after the purge of 11-19"
hdx-purge -q -c "$conf" --shared --today 2026-11-20 --yes >/dev/null
judge 2026-11-20 --sqlite "$db" || { cat "$T/judge.out" >&2; fail "check-purge of 11-20"; }
assert_eq "AP00003 AP00004" "$(auths)" "kept by the purge of 11-20"

# a query that does not fit its table stops the purge before any deletion
cp "$T/site/sql/admission.sql" "$T/admission.sql"
sed -i 's/ AS discharge_time,/ AS discharged,/' "$T/site/sql/admission.sql"
expect_fail 3 "hdx-purge: error: $T/site/sql/admission.sql: the columns do not match admission: missing discharge_time; extra discharged" \
    hdx-purge -q -c "$conf" --shared --today 2027-03-01 --yes
assert_eq "AP00003 AP00004" "$(auths)" "nothing deleted by a purge that failed"
cp "$T/admission.sql" "$T/site/sql/admission.sql"

# PostgreSQL: the HIS in a database of its own, the front-end database
# in another, daily purges in a row, each judged on the CSV extracted
# from PostgreSQL (the same bytes as from SQLite)
command -v pg_config >/dev/null && command -v psql >/dev/null || exit 0
pg_start
P="host=$PGHOST port=$PGPORT user=postgres"
psql -X -q "$P dbname=postgres" -c "CREATE DATABASE his" >/dev/null
PGDATABASE=his "$top/demo/load-pg" "$T/his.db"
{ hdx-standard --standard "$top/dict" ddl --dialect postgres
  hdx-standard --standard "$top/dict" ddl --dialect postgres --shared; } |
    psql -X -q -v ON_ERROR_STOP=1 "$P dbname=postgres" >/dev/null
sed -e 's/^driver = odbc$/driver = pg/' -e "s|^dsn = .*|dsn = $P dbname=his|" \
    -e "s|^frontdb = .*|frontdb = $P dbname=postgres|" "$conf" >"$T/site/pg.conf"
conf=$T/site/pg.conf
mv "$T/hcsv" "$T/hcsv.sqlite"
extract "$T/hcsv"
for t in $TABLES; do
	assert_files "$T/hcsv.sqlite/$t.csv" "$T/hcsv/$t.csv" "$t extracted from PostgreSQL"
done
"$PY" "$PLAT/pushback.py" --dsn "$P dbname=postgres" --org "$H" --authorizations "$T/auth.csv" \
    --insert-authorizations --source-dir "$T/src" --seed 7 \
    --manifest "$T/m.csv" --today 2026-11-02 >/dev/null
hdx-verify -q -c "$conf" --today 2026-11-02 || [ $? -eq 1 ] || fail "hdx-verify on PostgreSQL"
hdx-verify authorize -q -c "$conf" -i "$T/auth_final.csv"
pq() { psql -X -A -t -q "$P dbname=postgres" -c "$1"; }
for d in 2026-11-09 2026-11-16 2026-11-19 2026-11-20 2027-03-01; do
	PGOPTIONS='-c TimeZone=UTC' hdx-purge -q -c "$conf" --shared --today "$d" --yes >/dev/null ||
	    fail "PostgreSQL: purge of $d"
	judge "$d" --dsn "$P dbname=postgres" || { cat "$T/judge.out" >&2; fail "PostgreSQL: check-purge of $d"; }
	[ "$d" = 2026-11-19 ] && assert_eq "AP00002 AP00003 AP00004 AP00006" \
	    "$(pq "SELECT string_agg(appointment_id, ' ' ORDER BY appointment_id) FROM shared_authorization")" \
	    "PostgreSQL: kept by the purge of 11-19"
done
assert_eq "8 authorisations on 2027-03-01: 7 gone, 1 kept, 0 wrongly kept, 0 wrongly deleted, 0 not judged" \
    "$(summary)" "PostgreSQL: 03-01"
