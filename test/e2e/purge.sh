# hdx-purge: the shared library's deletion of api.md 8.6, C computed
# from the hospital's own records (a database of their own with the
# standard's tables, read through the site's queries as hdx-extract reads
# them) for every completion case: a settled visit (a revoked
# settlement left out), an unsettled visit (end_time, visit_time), an
# admission within 24 h settled after discharge, one still in hospital,
# one 25 h later that is not the visit's, a cancelled appointment, no
# registration, a no-show, a revocation, no appointment, a returned
# registration; judged by pushback.py check-purge over a run of dates.
# A dry run deletes nothing; a purge on the wrong day deletes nothing it
# must keep. Then the retention purge of api.md 6 on the front-end tables
# (exactly the patient-level rows older than D - 15 days, master tables
# kept) and on the staging area; then both again on PostgreSQL
# (front-end and hospital databases of their own, a UTC session).
. "$(dirname "$0")/../lib.sh"
need_platform
command -v sqlite3 >/dev/null || skip "sqlite3 not found"
odbcinst -q -d -n SQLite3 >/dev/null 2>&1 || skip "no ODBC driver SQLite3"
H=124115004170483179
db=$T/front.db hdb=$T/hospital.db
{ hdx-standard --standard "$top/dict" ddl --dialect sqlite
  hdx-standard --standard "$top/dict" ddl --dialect sqlite --shared; } | sqlite3 "$db"
hdx-standard --standard "$top/dict" ddl --dialect sqlite | sqlite3 "$hdb"
mkdir -p "$T/staging" "$T/sql"
# the site's queries: the hospital's tables have the standard's names
for t in appointment outpatient_registration outpatient_visit outpatient_settlement admission inpatient_settlement; do
	cols=$(hdx-standard --standard "$top/dict" show "$t" | tail -n +2 | cut -d, -f2 | paste -sd, -)
	echo "SELECT $cols FROM $t WHERE update_time >= :since AND update_time < :until" >"$T/sql/$t.sql"
done
cat >"$T/site.conf" <<EOT
[site]
org_code = $H
standard = $top/dict
staging_dir = staging
sql_dir = sql
[source his]
driver = odbc
dsn = Driver=SQLite3;Database=$hdb
[upload]
channel = frontdb
frontdb = odbc:Driver=SQLite3;Database=$db
EOT
q() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }
"$PY" "$PLAT/pushback.py" make-source --out "$T/src" --org 12411500417051225K \
    --org 124501004985102139 --patients 12 --seed 5 --hospital "$H" >/dev/null
auth=$T/src/authorizations.csv

# the hospital's own records, one completion case per appointment; the
# purge of 2026-11-20 deletes C < 2026-11-05
cat >"$T/hosp.sql" <<EOT
INSERT INTO appointment (org_code, appointment_id, patient_id, book_time, appoint_date, status, cancel_time, valid_flag, update_time) VALUES
 ('$H', 'AP00001', 'HP00001', '2026-10-20 07:00:00', '2026-10-20', '2', NULL, '1', '2026-10-20 07:00:00'),
 ('$H', 'AP00002', 'HP00002', '2026-10-21 07:00:00', '2026-11-06', '2', NULL, '1', '2026-10-21 07:00:00'),
 ('$H', 'AP00003', 'HP00003', '2026-10-22 07:00:00', '2026-11-04', '2', NULL, '1', '2026-10-22 07:00:00'),
 ('$H', 'AP00004', 'HP00004', '2026-10-23 07:00:00', '2026-10-27', '2', NULL, '1', '2026-10-23 07:00:00'),
 ('$H', 'AP00005', 'HP00005', '2026-09-30 07:00:00', '2026-10-01', '2', NULL, '1', '2026-09-30 07:00:00'),
 ('$H', 'AP00006', 'HP00006', '2026-10-19 07:00:00', '2026-10-20', '2', NULL, '1', '2026-10-19 07:00:00'),
 ('$H', 'AP00007', 'HP00007', '2026-10-25 07:00:00', '2026-11-25', '3', '2026-11-01 10:00:00', '1', '2026-11-01 10:00:00'),
 ('$H', 'AP00008', 'HP00008', '2026-10-25 07:00:00', '2026-11-05', '1', NULL, '1', '2026-10-25 07:00:00'),
 ('$H', 'AP00009', 'HP00009', '2026-10-25 07:00:00', '2026-11-04', '4', NULL, '1', '2026-10-25 07:00:00'),
 ('$H', 'AP00010', 'HP00010', '2026-10-25 07:00:00', '2026-11-30', '1', NULL, '1', '2026-10-25 07:00:00'),
 ('$H', 'AP00011', 'HP00011', '2026-10-25 07:00:00', '2026-10-26', '2', NULL, '0', '2026-10-25 07:00:00'),
 ('$H', 'AP00012', 'HP00012', '2026-10-30 07:00:00', '2026-11-03', '2', NULL, '1', '2026-10-30 07:00:00');
INSERT INTO outpatient_registration (org_code, reg_id, patient_id, outpatient_no, appointment_id, reg_time, reg_status, return_time, valid_flag, update_time) VALUES
 ('$H', 'R01', 'HP00001', 'MZ01', 'AP00001', '2026-10-20 08:00:00', '1', NULL, '1', '2026-10-20 08:00:00'),
 ('$H', 'R02', 'HP00002', 'MZ02', 'AP00002', '2026-11-06 08:00:00', '1', NULL, '1', '2026-11-06 08:00:00'),
 ('$H', 'R03', 'HP00003', 'MZ03', 'AP00003', '2026-11-04 22:00:00', '1', NULL, '1', '2026-11-04 22:00:00'),
 ('$H', 'R04', 'HP00004', 'MZ04', 'AP00004', '2026-10-27 08:00:00', '1', NULL, '1', '2026-10-27 08:00:00'),
 ('$H', 'R05', 'HP00005', 'MZ05', 'AP00005', '2026-10-01 08:00:00', '1', NULL, '1', '2026-10-01 08:00:00'),
 ('$H', 'R06', 'HP00006', 'MZ06', 'AP00006', '2026-10-20 08:00:00', '1', NULL, '1', '2026-10-20 08:00:00'),
 ('$H', 'R12', 'HP00012', 'MZ12', 'AP00012', '2026-11-03 08:00:00', '2', '2026-11-06 09:00:00', '1', '2026-11-06 09:00:00');
INSERT INTO outpatient_visit (org_code, visit_id, reg_id, patient_id, outpatient_no, visit_time, end_time, valid_flag, update_time) VALUES
 ('$H', 'V01', 'R01', 'HP00001', 'MZ01', '2026-10-20 09:00:00', '2026-10-20 09:20:00', '1', '2026-10-20 09:20:00'),
 ('$H', 'V02', 'R02', 'HP00002', 'MZ02', '2026-11-06 08:30:00', '2026-11-06 09:00:00', '1', '2026-11-06 09:00:00'),
 ('$H', 'V03', 'R03', 'HP00003', 'MZ03', '2026-11-04 23:00:00', NULL, '1', '2026-11-04 23:00:00'),
 ('$H', 'V04', 'R04', 'HP00004', 'MZ04', '2026-10-27 09:00:00', '2026-10-27 09:30:00', '1', '2026-10-27 09:30:00'),
 ('$H', 'V05', 'R05', 'HP00005', 'MZ05', '2026-10-01 09:00:00', '2026-10-01 09:30:00', '1', '2026-10-01 09:30:00'),
 ('$H', 'V06', 'R06', 'HP00006', 'MZ06', '2026-10-20 09:00:00', NULL, '1', '2026-10-20 09:00:00');
INSERT INTO outpatient_settlement (org_code, settlement_no, visit_id, patient_id, settle_time, settlement_type, valid_flag, update_time) VALUES
 ('$H', 'S011', 'V01', 'HP00001', '2026-10-20 10:00:00', '1', '1', '2026-10-20 10:00:00'),
 ('$H', 'S012', 'V01', 'HP00001', '2026-11-02 15:00:00', '4', '1', '2026-11-02 15:00:00'),
 ('$H', 'S013', 'V01', 'HP00001', '2026-11-15 15:00:00', '1', '0', '2026-11-15 15:00:00'),
 ('$H', 'S061', 'V06', 'HP00006', '2026-10-20 10:00:00', '1', '1', '2026-10-20 10:00:00');
INSERT INTO admission (org_code, inpatient_id, patient_id, outpatient_no, admit_time, discharge_time, valid_flag, update_time) VALUES
 ('$H', 'I04', 'HP00004', 'MZ04', '2026-10-27 20:00:00', '2026-11-03 10:00:00', '1', '2026-11-03 10:00:00'),
 ('$H', 'I05', 'HP00005', 'MZ05', '2026-10-02 08:00:00', NULL, '1', '2026-10-02 08:00:00'),
 ('$H', 'I06', 'HP00006', 'MZ06', '2026-10-21 10:00:00', NULL, '1', '2026-10-21 10:00:00');
INSERT INTO inpatient_settlement (org_code, settlement_no, inpatient_id, patient_id, settle_time, valid_flag, update_time) VALUES
 ('$H', 'IS041', 'I04', 'HP00004', '2026-11-01 09:00:00', '1', '2026-11-01 09:00:00'),
 ('$H', 'IS042', 'I04', 'HP00004', '2026-11-05 09:00:00', '1', '2026-11-05 09:00:00');
EOT
sqlite3 "$hdb" <"$T/hosp.sql"
# the same records uploaded to the front-end tables, and master records
sqlite3 "$db" <"$T/hosp.sql"
q "INSERT INTO dept_info (org_code, dept_code, update_time) VALUES ('$H', 'D01', '2020-01-01 00:00:00'), ('$H', 'D02', '2026-11-19 00:00:00')"

# round 1 pushed, verified; AP00010 revoked after its push
"$PY" "$PLAT/pushback.py" --sqlite "$db" --org "$H" --authorizations "$auth" \
    --insert-authorizations --source-dir "$T/src" --seed 7 --corrupt 3 --defects 4 \
    --manifest "$T/m.csv" --today 2026-11-02 >/dev/null
hdx-verify -q -c "$T/site.conf" --today 2026-11-02 || [ $? -eq 1 ] || fail "hdx-verify"
sed 's/^\([^,]*-AP00010,.*\),$/\1,2026-11-15 10:00:00/' "$auth" >"$T/auth_final.csv"
hdx-verify authorize -c "$T/site.conf" -i "$T/auth_final.csv" 2>"$T/err"
assert_eq "hdx-verify: 12 authorisations: 0 new, 1 revoked, 11 unchanged" "$(cat "$T/err")" "revocation"
# rows of an authorisation that is gone, and a verdict of a push that is gone
q "INSERT INTO shared_lab_result (org_code, result_id, auth_id, push_id) VALUES ('12411500417051225K', 'X1', 'gone-auth', 'Pgone')"
q "INSERT INTO shared_verify (push_id, status, record_count, findings_count, findings) VALUES ('Pgone', 'ok', 1, 0, '[]')"
judge() {
	"$PY" "$PLAT/pushback.py" check-purge --sqlite "$db" --today "$1" \
	    --hospital-sqlite "$hdb" --authorizations "$T/auth_final.csv" \
	    --manifest "$T/m.csv" >"$T/judge.out" 2>&1
}
snap() { q "SELECT (SELECT count(*) FROM shared_authorization) || ' ' || (SELECT count(*) FROM shared_push) || ' ' || (SELECT count(*) FROM shared_verify) || ' ' || (SELECT count(*) FROM shared_patient_info) || ' ' || (SELECT count(*) FROM shared_lab_result)"; }

# before: the purge of 11-20 has not run
judge 2026-11-20 && fail "check-purge agrees before any purge"
grep -q "^12 authorisations on 2026-11-20: 0 gone, 5 kept, 9 wrongly kept, 0 wrongly deleted, 0 not judged$" "$T/judge.out" || { cat "$T/judge.out" >&2; fail "7 due and 2 orphans"; }

# the dry run counts and deletes nothing
s0=$(snap)
hdx-purge -c "$T/site.conf" --shared --today 2026-11-20 >"$T/dry.out" 2>"$T/err" || { cat "$T/err" >&2; fail "dry run"; }
assert_eq "$s0" "$(snap)" "shared library after the dry run"
assert_eq "hdx-purge: shared library on 2026-11-20: 12 authorisations: 7 due (1 revoked, 6 completed), 5 kept (1 not complete); $(awk '{ n += $3 } END { print n }' "$T/dry.out") rows would be deleted (dry run; --yes deletes)" \
    "$(cat "$T/err")" "dry-run summary"
assert_eq "shared shared_authorization 7" "$(grep ' shared_authorization ' "$T/dry.out")" "authorisations due"
assert_eq 15 "$(wc -l <"$T/dry.out")" "lines of the dry run (shared_verify, 12 tables, shared_push, shared_authorization)"
lab=$(q "SELECT count(*) FROM shared_lab_result WHERE auth_id NOT IN (SELECT auth_id FROM shared_authorization) OR auth_id IN ('$H-AP00001', '$H-AP00003', '$H-AP00006', '$H-AP00007', '$H-AP00009', '$H-AP00010', '$H-AP00011')")
assert_eq "shared shared_lab_result $lab" "$(grep ' shared_lab_result ' "$T/dry.out")" "lab_result rows due"

# a run of dates, each on a copy of the library as it stands, judged on
# the hospital's records as CSV files (as the chain extracts them)
mkdir "$T/hcsv"
for t in appointment outpatient_registration outpatient_visit outpatient_settlement admission inpatient_settlement; do
	sqlite3 -csv -header "$hdb" "SELECT * FROM $t" >"$T/hcsv/$t.csv"
done
sed "s|Database=$db|Database=$T/run.db|" "$T/site.conf" >"$T/run.conf"
for d in 2026-11-01 2026-11-15 2026-11-16 2026-11-17 2026-11-18 2026-11-21 2026-11-22 2026-12-01; do
	cp "$db" "$T/run.db"
	hdx-purge -q -c "$T/run.conf" --shared --today "$d" --yes >/dev/null
	"$PY" "$PLAT/pushback.py" check-purge --sqlite "$T/run.db" --today "$d" \
	    --hospital-csv "$T/hcsv" --authorizations "$T/auth_final.csv" \
	    --manifest "$T/m.csv" >"$T/judge.out" 2>&1 || { cat "$T/judge.out" >&2; fail "check-purge of $d"; }
done
grep -q '^12 authorisations on 2026-12-01: 11 gone, 1 kept, 0 wrongly kept, 0 wrongly deleted, 0 not judged$' "$T/judge.out" ||
    { cat "$T/judge.out" >&2; fail "check-purge of 2026-12-01"; }

# the wrong day: the purge of 11-19 keeps what 11-20 deletes, except the revoked
hdx-purge -q -c "$T/site.conf" --shared --today 2026-11-19 --yes >/dev/null
judge 2026-11-19 || { cat "$T/judge.out" >&2; fail "check-purge of 11-19"; }
grep -q '^12 authorisations on 2026-11-19: .*0 wrongly kept, 0 wrongly deleted' "$T/judge.out" || { cat "$T/judge.out" >&2; fail "11-19"; }
# due on 11-19: C before 11-04 (AP00001, 06, 07, 11) and the revoked AP00010
assert_eq "AP00002 AP00003 AP00004 AP00005 AP00008 AP00009 AP00012" "$(q "SELECT group_concat(appointment_id, ' ') FROM (SELECT appointment_id FROM shared_authorization ORDER BY 1)")" "authorisations after the purge of 11-19"

# the purge of 11-20
hdx-purge -c "$T/site.conf" --shared --today 2026-11-20 --yes >"$T/yes.out" 2>"$T/err"
judge 2026-11-20 || { cat "$T/judge.out" >&2; fail "check-purge of 11-20"; }
grep -q '^12 authorisations on 2026-11-20: 7 gone, 5 kept, 0 wrongly kept, 0 wrongly deleted, 0 not judged$' "$T/judge.out" ||
    { cat "$T/judge.out" >&2; fail "check-purge summary"; }
assert_eq "AP00002 AP00004 AP00005 AP00008 AP00012" "$(q "SELECT group_concat(appointment_id, ' ') FROM (SELECT appointment_id FROM shared_authorization ORDER BY 1)")" "authorisations kept"
assert_eq 0 "$(q "SELECT count(*) FROM shared_verify WHERE push_id NOT IN (SELECT push_id FROM shared_push)")" "orphan verdicts"
# a second purge finds nothing more
hdx-purge -c "$T/site.conf" --shared --today 2026-11-20 --yes >"$T/again.out" 2>/dev/null
assert_eq 0 "$(awk '{ n += $3 } END { print n }' "$T/again.out")" "rows of a second purge"

# api.md 6 on the front-end tables: business date < 2026-11-05
old=$(q "SELECT (SELECT count(*) FROM appointment WHERE book_time < '2026-11-05') + (SELECT count(*) FROM outpatient_registration WHERE reg_time < '2026-11-05') + (SELECT count(*) FROM outpatient_visit WHERE visit_time < '2026-11-05') + (SELECT count(*) FROM outpatient_settlement WHERE settle_time < '2026-11-05') + (SELECT count(*) FROM admission WHERE admit_time < '2026-11-05') + (SELECT count(*) FROM inpatient_settlement WHERE settle_time < '2026-11-05')")
assert_eq 30 "$old" "front-end rows older than 2026-11-05"
hdx-purge -c "$T/site.conf" --frontdb --today 2026-11-20 >"$T/f.out" 2>"$T/err"
assert_eq "hdx-purge: front-end database, business dates before 2026-11-05: 30 rows of 22 tables would be deleted (dry run; --yes deletes)" "$(cat "$T/err")" "frontdb dry run"
assert_eq "frontdb appointment 12
frontdb outpatient_registration 6
frontdb outpatient_visit 5
frontdb outpatient_settlement 3
frontdb admission 3
frontdb inpatient_settlement 1" "$(awk '$3 > 0' "$T/f.out")" "counts per table"
grep -q '^frontdb dept_info' "$T/f.out" && fail "a master table in the purge"
assert_eq 12 "$(q "SELECT count(*) FROM appointment")" "appointments after the dry run"
hdx-purge -c "$T/site.conf" --frontdb --today 2026-11-20 --yes >"$T/f2.out" 2>"$T/err"
assert_eq "hdx-purge: front-end database, business dates before 2026-11-05: 30 rows of 22 tables deleted" "$(cat "$T/err")" "frontdb purge"
assert_eq "0 1 1 1 0 1 2" "$(q "SELECT (SELECT count(*) FROM appointment) || ' ' || (SELECT count(*) FROM outpatient_registration) || ' ' || (SELECT count(*) FROM outpatient_visit) || ' ' || (SELECT count(*) FROM outpatient_settlement) || ' ' || (SELECT count(*) FROM admission) || ' ' || (SELECT count(*) FROM inpatient_settlement) || ' ' || (SELECT count(*) FROM dept_info)")" "rows left"
assert_eq 0 "$(q "SELECT count(*) FROM outpatient_visit WHERE visit_time < '2026-11-05'")" "old visits"
assert_eq 1 "$(q "SELECT count(*) FROM outpatient_visit WHERE visit_time >= '2026-11-05'")" "recent visits kept"

# the staging area: directories of dates before D - 15
for d in 2026-11-03 2026-11-04 2026-11-05 2026-11-19; do
	mkdir -p "$T/staging/$d"
	: >"$T/staging/$d/outpatient_visit.extract.csv"
	: >"$T/staging/$d/outpatient_visit.valid.csv"
done
mkdir "$T/staging/notadate"
hdx-purge -c "$T/site.conf" --staging --today 2026-11-20 >"$T/s.out" 2>"$T/err"
assert_eq "staging 2026-11-03 2
staging 2026-11-04 2" "$(cat "$T/s.out")" "staging dry run"
assert_eq "2026-11-03 2026-11-04 2026-11-05 2026-11-19 notadate" "$(ls "$T/staging" | tr '\n' ' ' | sed 's/ $//')" "staging after the dry run"
hdx-purge -q -c "$T/site.conf" --today 2026-11-20 --yes >/dev/null
assert_eq "2026-11-05 2026-11-19 notadate" "$(ls "$T/staging" | tr '\n' ' ' | sed 's/ $//')" "staging after the purge"
expect_fail 2 "hdx-purge: --today 2026-13-01: expected YYYY-MM-DD" hdx-purge -c "$T/site.conf" --today 2026-13-01
# a site without a front-end database (channel http) has no front-end purge
printf '[site]\norg_code = %s\nstandard = %s\n' "$H" "$top/dict" >"$T/nofront.conf"
expect_fail 0 "hdx-purge: warning: $T/nofront.conf: [upload] frontdb is not set: no front-end database purge" \
    hdx-purge -c "$T/nofront.conf" --frontdb --yes

# the same shared purge on PostgreSQL: the front-end database and the
# hospital's records in a database of their own, in a UTC session
command -v pg_config >/dev/null && command -v psql >/dev/null || exit 0
pg_start
P="host=$PGHOST port=$PGPORT user=postgres"
psql -X -q "$P dbname=postgres" -c "CREATE DATABASE hospital" >/dev/null
{ hdx-standard --standard "$top/dict" ddl --dialect postgres
  hdx-standard --standard "$top/dict" ddl --dialect postgres --shared; } |
    psql -X -q -v ON_ERROR_STOP=1 "$P dbname=postgres" >/dev/null
{ hdx-standard --standard "$top/dict" ddl --dialect postgres; cat "$T/hosp.sql"; } |
    psql -X -q -v ON_ERROR_STOP=1 "$P dbname=hospital" >/dev/null
cat >"$T/pg.conf" <<EOT
[site]
org_code = $H
standard = $top/dict
sql_dir = sql
[source his]
driver = pg
dsn = $P dbname=hospital
[upload]
channel = frontdb
frontdb = $P dbname=postgres
EOT
"$PY" "$PLAT/pushback.py" --dsn "$P dbname=postgres" --org "$H" --authorizations "$auth" \
    --insert-authorizations --source-dir "$T/src" --seed 7 --corrupt 3 --defects 4 \
    --manifest "$T/mp.csv" --today 2026-11-02 >/dev/null
hdx-verify -q -c "$T/pg.conf" --today 2026-11-02 || [ $? -eq 1 ] || fail "hdx-verify on PostgreSQL"
hdx-verify authorize -q -c "$T/pg.conf" -i "$T/auth_final.csv"
pq() { psql -X -A -t -q "$P dbname=postgres" -c "$1"; }
n0=$(pq "SELECT count(*) FROM shared_push")
PGOPTIONS='-c TimeZone=UTC' hdx-purge -c "$T/pg.conf" --shared --today 2026-11-20 >"$T/pgdry.out" 2>"$T/err"
assert_eq "$n0" "$(pq "SELECT count(*) FROM shared_push")" "PostgreSQL: shared_push after the dry run"
assert_eq "hdx-purge: shared library on 2026-11-20: 12 authorisations: 7 due (1 revoked, 6 completed), 5 kept (1 not complete); $(awk '{ n += $3 } END { print n }' "$T/pgdry.out") rows would be deleted (dry run; --yes deletes)" \
    "$(cat "$T/err")" "PostgreSQL: dry-run summary"
PGOPTIONS='-c TimeZone=UTC' hdx-purge -q -c "$T/pg.conf" --shared --today 2026-11-20 --yes >/dev/null
"$PY" "$PLAT/pushback.py" check-purge --dsn "$P dbname=postgres" --today 2026-11-20 \
    --hospital-dsn "$P dbname=hospital" --authorizations "$T/auth_final.csv" \
    --manifest "$T/mp.csv" >"$T/judge.out" 2>&1 || { cat "$T/judge.out" >&2; fail "PostgreSQL: check-purge"; }
grep -q '^12 authorisations on 2026-11-20: 7 gone, 5 kept, 0 wrongly kept, 0 wrongly deleted, 0 not judged$' "$T/judge.out" ||
    { cat "$T/judge.out" >&2; fail "PostgreSQL: check-purge summary"; }
# and the retention purge of the front-end tables on PostgreSQL
psql -X -q -v ON_ERROR_STOP=1 "$P dbname=postgres" -f "$T/hosp.sql" >/dev/null
PGOPTIONS='-c TimeZone=UTC' hdx-purge -c "$T/pg.conf" --frontdb --today 2026-11-20 --yes >"$T/pgf.out" 2>"$T/err"
assert_eq "hdx-purge: front-end database, business dates before 2026-11-05: 30 rows of 22 tables deleted" "$(cat "$T/err")" "PostgreSQL: frontdb purge"
assert_eq "0 1 1 1 0 1" "$(pq "SELECT (SELECT count(*) FROM appointment) || ' ' || (SELECT count(*) FROM outpatient_registration) || ' ' || (SELECT count(*) FROM outpatient_visit) || ' ' || (SELECT count(*) FROM outpatient_settlement) || ' ' || (SELECT count(*) FROM admission) || ' ' || (SELECT count(*) FROM inpatient_settlement)")" "PostgreSQL: rows left"
