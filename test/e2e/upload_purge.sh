# hdx-purge --staging on the outbox of hdx-upload (api.md 6): with the
# front-end database down, batches wait in the outbox with their records;
# the purge of day D deletes exactly the records of business dates before
# D - 15 days (a batch wholly, or the part of a batch, queued again under
# the id of what it keeps; the business date, else update_time), keeps
# the rest and the master tables, leaves no byte of a purged record in
# the state directory, and what it kept is then delivered as it is.
. "$(dirname "$0")/../lib.sh"
command -v sqlite3 >/dev/null || skip "sqlite3 not found"
odbcinst -q -d -n SQLite3 >/dev/null 2>&1 || skip "no ODBC driver SQLite3"
cases=$top/../shared/standard/cases
[ -f "$cases/outpatient_registration.csv" ] || skip "no standard cases at $cases"
case_site "host=$T/nothing port=1 dbname=none user=none" "batch_records = 2"
up() { hdx-upload -c "$T/site.conf" -r "$T/rejects.csv" "$@"; }

# registrations: REG_ID REG_TIME UPDATE_TIME (patient_id = P + reg_id)
reg() {
	sed -n 2p "$cases/outpatient_registration.csv" |
	    awk -F, -v OFS=, -v id="$1" -v rt="$2" -v ut="$3" \
	    '{ $2 = id; $3 = "P" id; $6 = rt; $19 = ut; print }'
}
{
	head -n 1 "$cases/outpatient_registration.csv"
	reg RGONE1 "2026-11-03 08:00:00" "2026-11-20 08:00:00"	# batch A: both go
	reg RGONE2 "2026-11-04 23:59:59" "2026-11-20 08:00:00"
	reg RGONE3 "2026-11-04 10:00:00" "2026-11-20 08:00:00"	# batch B: one goes
	reg RKEEP1 "2026-11-05 00:00:00" "2026-11-20 08:00:00"
	reg RKEEP2 "2026-11-05 23:59:59" "2026-11-20 08:00:00"	# batch C: kept
	reg RKEEP3 "2026-11-19 10:00:00" "2026-11-20 08:00:00"
	reg RGONE4 "" "2026-11-02 08:00:00"			# batch D: by update_time
} >"$T/reg.csv"
set +e
up -t outpatient_registration -i "$T/reg.csv" 2>"$T/err"
rc=$?
set -e
assert_eq 4 "$rc" "exit status with the database down"
assert_eq "hdx-upload: 7 records: 0 stored, 0 held, 0 stale, 0 rejected; 4 batches: 0 sent before, 4 kept in the outbox, 0 quarantined" \
    "$(tail -n 1 "$T/err")" "registrations queued"
# a master table is never purged, however old
set +e
up -t dept_info -i "$cases/dept_info.csv" 2>"$T/err"
set -e
assert_eq "hdx-upload: 8 records: 0 stored, 0 held, 0 stale, 0 rejected; 4 batches: 0 sent before, 4 kept in the outbox, 0 quarantined" \
    "$(tail -n 1 "$T/err")" "departments queued"
hdx-upload -c "$T/site.conf" --status | sed -n 's/^outbox \([^ ]*\) outpatient_registration .*/\1/p' >"$T/ids"
assert_eq 4 "$(wc -l <"$T/ids")" "registration batches in the outbox"
A=$(sed -n 1p "$T/ids") B=$(sed -n 2p "$T/ids") C=$(sed -n 3p "$T/ids") D=$(sed -n 4p "$T/ids")
# the records are in the state directory before the purge (so the
# test below can fail)
grep -rlaq RGONE1 "$T/state" || fail "the queued records are not in the state directory"

# dry run: counts, nothing deleted
hdx-purge -c "$T/site.conf" --staging --today 2026-11-20 >"$T/out" 2>"$T/err"
assert_eq "outbox $A 2
outbox $B 1
outbox $D 1" "$(cat "$T/out")" "dry run"
assert_eq "hdx-purge: staging, before 2026-11-05: 0 files of 0 days would be deleted (dry run; --yes deletes)
hdx-purge: outbox, business dates before 2026-11-05: 4 records of 3 batches would be deleted (dry run; --yes deletes)" \
    "$(cat "$T/err")" "dry run summary"
assert_eq 8 "$(hdx-upload -c "$T/site.conf" --status | grep -c '^outbox ')" "outbox after the dry run"

hdx-purge -c "$T/site.conf" --staging --today 2026-11-20 --yes >"$T/out" 2>"$T/err"
assert_eq "outbox $A 2
outbox $B 1
outbox $D 1" "$(cat "$T/out")" "purge"
assert_eq "hdx-purge: staging, before 2026-11-05: 0 files of 0 days deleted
hdx-purge: outbox, business dates before 2026-11-05: 4 records of 3 batches deleted" \
    "$(cat "$T/err")" "purge summary"
hdx-upload -c "$T/site.conf" --status >"$T/status"
# B's kept record is queued again under the id of its content
B2=$(sed -n 's/^outbox \([^ ]*\) outpatient_registration queued .* queued attempts 0$/\1/p' "$T/status")
[ -n "$B2" ] && [ "$B2" != "$B" ] || { cat "$T/status" >&2; fail "the kept part of batch B is not queued again"; }
assert_eq "$C" "$(sed -n 's/^outbox \([^ ]*\) outpatient_registration .* transient .*/\1/p' "$T/status")" "batch C kept as it was"
assert_eq 4 "$(grep -c '^outbox [^ ]* dept_info ' "$T/status")" "master batches kept"
assert_eq 6 "$(grep -c '^outbox ' "$T/status")" "outbox after the purge"
grep -q "^batch $A outpatient_registration 2 records frontdb expired .* attempts 1: 2 of 2 records past the retention period (api.md 6) purged undelivered$" "$T/status" ||
    { cat "$T/status" >&2; fail "batch A in the ledger"; }
grep -q "^batch $B outpatient_registration 2 records frontdb expired .* attempts 1: 1 of 2 records past the retention period (api.md 6) purged undelivered; 1 queued again as $B2$" "$T/status" ||
    { cat "$T/status" >&2; fail "batch B in the ledger"; }
grep -q "^batch $D outpatient_registration 1 records frontdb expired .* attempts 1: 1 of 1 records past the retention period (api.md 6) purged undelivered$" "$T/status" ||
    { cat "$T/status" >&2; fail "batch D in the ledger"; }
# no byte of a purged record is left anywhere in the state directory
for v in RGONE1 RGONE2 RGONE3 RGONE4; do
	! grep -rlaq "$v" "$T/state" || fail "$v left in $(grep -rla "$v" "$T/state")"
done
for v in RKEEP1 RKEEP2 RKEEP3; do
	grep -rlaq "$v" "$T/state" || fail "$v purged"
done
# a second purge finds nothing more
hdx-purge -c "$T/site.conf" --staging --today 2026-11-20 --yes >"$T/out" 2>"$T/err"
assert_eq "" "$(cat "$T/out")" "second purge"

# the front-end database back: what was kept is delivered as it is
hdx-standard --standard "$top/dict" ddl --dialect sqlite | sqlite3 "$T/front.db"
case_site "odbc:Driver=SQLite3;Database=$T/front.db" "batch_records = 2"
up --resend 2>"$T/err" || { cat "$T/err" >&2; fail "resend after the purge"; }
assert_eq "hdx-upload: 11 records: 11 stored, 0 held, 0 stale, 0 rejected; 6 batches: 0 sent before, 0 kept in the outbox, 0 quarantined" \
    "$(cat "$T/err")" "resend after the purge"
assert_eq "RKEEP1,RKEEP2,RKEEP3" "$(sqlite3 "$T/front.db" "SELECT group_concat(reg_id, ',') FROM (SELECT reg_id FROM outpatient_registration ORDER BY reg_id)")" "registrations delivered"
assert_eq 8 "$(sqlite3 "$T/front.db" 'SELECT count(*) FROM dept_info')" "departments delivered"
