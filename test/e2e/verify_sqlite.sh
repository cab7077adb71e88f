# hdx-verify on the embedded SQLite front-end database (ODBC) against the
# platform's pushback.py: the verdicts and findings of api.md 8.5 equal
# the manifest's (pushes with corruptions, defects, warnings and dangling
# references), a rerun writes nothing, a run killed with -9 and rerun is
# still exact, a second round is verified too, no value reaches the log,
# and `hdx-verify authorize` writes and revokes authorisations.
. "$(dirname "$0")/../lib.sh"
need_platform
command -v sqlite3 >/dev/null || skip "sqlite3 not found"
odbcinst -q -d -n SQLite3 >/dev/null 2>&1 || skip "no ODBC driver SQLite3"
ORG=124115004170483179
db=$T/front.db
{ hdx-standard --standard "$top/dict" ddl --dialect sqlite
  hdx-standard --standard "$top/dict" ddl --dialect sqlite --shared; } | sqlite3 "$db"
cat >"$T/site.conf" <<EOT
[site]
org_code = $ORG
standard = $top/dict
[upload]
channel = frontdb
frontdb = odbc:Driver=SQLite3;Database=$db
EOT
q() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }
"$PY" "$PLAT/pushback.py" make-source --out "$T/src" --org 12411500417051225K \
    --org 124501004985102139 --patients 12 --seed 5 --hospital "$ORG" >/dev/null
push() {
	"$PY" "$PLAT/pushback.py" --sqlite "$db" --org "$ORG" \
	    --authorizations "$T/src/authorizations.csv" --source-dir "$T/src" \
	    --today 2026-11-02 "$@" >"$T/push.out" 2>"$T/push.err" ||
	    { cat "$T/push.err" >&2; fail "pushback.py $*"; }
}
check() {
	"$PY" "$PLAT/pushback.py" check-verify --sqlite "$db" --manifest "$1" >"$T/check.out" ||
	    { grep -v '^OK' "$T/check.out" >&2; fail "check-verify $1"; }
	tail -n 1 "$T/check.out"
}

# the authorisations as the hospital's booking system writes them
hdx-verify authorize -c "$T/site.conf" -i "$T/src/authorizations.csv" 2>"$T/err"
assert_eq "hdx-verify: 12 authorisations: 12 new, 0 revoked, 0 unchanged" "$(cat "$T/err")" "authorize"
push --seed 7 --corrupt 3 --defects 4 --warnings 3 --dangling-refs 2 --manifest "$T/m1.csv"
npush=$(grep -c '^push,' "$T/m1.csv")
assert_eq 146 "$npush" "pushes of round 1"
assert_eq 146 "$(q "SELECT count(*) FROM shared_push")" "shared_push rows"

# killed mid-run: whatever it committed is whole, the rest comes next
hdx-verify -c "$T/site.conf" --today 2026-11-02 2>/dev/null &
pid=$!
i=0
while [ "$(q "SELECT count(*) FROM shared_verify" 2>/dev/null || echo 0)" = 0 ] && [ $i -lt 500 ]; do
	sleep 0.01; i=$((i + 1))
done
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
before=$(q "SELECT count(*) FROM shared_verify")
[ "$before" -le 146 ] || fail "more verdicts than pushes"
set +e
hdx-verify -v -c "$T/site.conf" --today 2026-11-02 2>"$T/verify.log"
rc=$?
set -e
[ "$before" -gt 0 ] || assert_eq 1 "$rc" "exit status with qc_failed and mismatch pushes"
assert_eq 146 "$(q "SELECT count(*) FROM shared_verify")" "verdicts"
assert_eq "146 pushes: 146 agree, 0 differ" "$(check "$T/m1.csv")" "check-verify round 1"
verdicts() { awk -F, -v s="$2" '$1 == "push" && $6 == s { n++ } END { print n + 0 }' "$1"; }
ok=$(verdicts "$T/m1.csv" ok)
qc=$(verdicts "$T/m1.csv" qc_failed)
mis=$(verdicts "$T/m1.csv" mismatch)
assert_eq "hdx-verify: $((146 - before)) pushes verified:" \
    "$(tail -n 1 "$T/verify.log" | sed 's/verified:.*/verified:/')" "summary after the kill"
if [ "$before" -eq 0 ]; then
	assert_eq "hdx-verify: 146 pushes verified: $ok ok, $qc qc_failed, $mis mismatch; 0 failed, 0 verified by another run" \
	    "$(tail -n 1 "$T/verify.log")" "summary"
fi
assert_eq "4 3" "$qc $mis" "qc_failed and mismatch pushes of the manifest"
assert_eq "3" "$(q "SELECT count(*) FROM shared_verify WHERE status = 'mismatch' AND findings = '[]' AND findings_count = 0")" "mismatch verdicts without findings"
assert_eq "0" "$(q "SELECT count(*) FROM shared_verify WHERE mismatch = '' OR verified_at IS NULL OR substr(verified_at, 1, 10) <> '2026-11-02'")" "mismatch never empty, verified_at on --today"
# no value of a pushed record in the log: names, identity numbers, keys of patients
"$PY" - "$T/src" "$T/verify.log" <<'EOPY'
import csv, sys
log = open(sys.argv[2], encoding="utf-8").read()
for row in csv.DictReader(open(sys.argv[1] + "/patient_info.csv", encoding="utf-8")):
    for f in ("name", "id_card_no", "id_no", "phone", "address"):
        v = row.get(f) or ""
        if len(v) >= 4 and v in log:
            sys.exit("a value of patient_info.%s is in the log" % f)
EOPY

# a rerun verifies nothing and writes nothing
sum1=$(q "SELECT group_concat(push_id || verified_at || status, ',') FROM shared_verify")
hdx-verify -c "$T/site.conf" --today 2026-11-02 2>"$T/err"
assert_eq "hdx-verify: 0 pushes verified: 0 ok, 0 qc_failed, 0 mismatch; 0 failed, 0 verified by another run" \
    "$(cat "$T/err")" "rerun"
assert_eq "$sum1" "$(q "SELECT group_concat(push_id || verified_at || status, ',') FROM shared_verify")" "shared_verify after the rerun"

# round 2: the mismatched pushes again and the rows planted before
push --seed 8 --manifest "$T/m2.csv"
n2=$(grep -c '^push,' "$T/m2.csv")
[ "$n2" -gt 0 ] || fail "round 2 pushed nothing"
hdx-verify -c "$T/site.conf" --today 2026-11-02 2>"$T/err"
assert_eq "hdx-verify: $n2 pushes verified: $n2 ok, 0 qc_failed, 0 mismatch; 0 failed, 0 verified by another run" \
    "$(cat "$T/err")" "round 2"
assert_eq "$n2 pushes: $n2 agree, 0 differ" "$(check "$T/m2.csv")" "check-verify round 2"

# --push: only the pushes named, and only once
q "DELETE FROM shared_verify WHERE push_id IN (SELECT push_id FROM shared_verify ORDER BY push_id LIMIT 2)"
first=$(q "SELECT push_id FROM shared_push p WHERE NOT EXISTS (SELECT 1 FROM shared_verify v WHERE v.push_id = p.push_id) ORDER BY push_id LIMIT 1")
hdx-verify -c "$T/site.conf" --today 2026-11-02 --push "$first" --push Pnosuchpush 2>/dev/null || true
assert_eq 1 "$(q "SELECT count(*) FROM shared_push p WHERE NOT EXISTS (SELECT 1 FROM shared_verify v WHERE v.push_id = p.push_id)")" "pushes left after --push"

# --since: only pushes at or after the time
hdx-verify -c "$T/site.conf" --today 2026-11-02 --since 2999-01-01 2>"$T/err"
assert_eq "hdx-verify: 0 pushes verified: 0 ok, 0 qc_failed, 0 mismatch; 0 failed, 0 verified by another run" \
    "$(cat "$T/err")" "--since in the future"
hdx-verify -q -c "$T/site.conf" --today 2026-11-02 --since 2026-01-01 || [ $? -eq 1 ]
assert_eq 0 "$(q "SELECT count(*) FROM shared_push p WHERE NOT EXISTS (SELECT 1 FROM shared_verify v WHERE v.push_id = p.push_id)")" "pushes left after --since"

# what a faulty platform might write: a table that is not shared, a
# record_count of 0, rows of another institution than source_org_code
PI=$(awk -F, '$1 == "push" && $4 == "patient_info" && $6 == "ok" && $8 == "1" {print $2 "," $3 "," $5; exit}' "$T/m1.csv")
PI_PUSH=${PI%%,*} PI_AUTH=$(echo "$PI" | cut -d, -f2) PI_ORG=${PI##*,}
Z=0000000000000000000000000000000000000000000000000000000000000000
sqlite3 "$db" <<EOT
INSERT INTO shared_push (push_id, auth_id, table_name, source_org_code, record_count, payload_sm3)
VALUES ('PX-table', '$PI_AUTH', 'dept_info', '$PI_ORG', 1, '$Z'),
       ('PX-count', '$PI_AUTH', 'lab_result', '$PI_ORG', 0, '$Z');
UPDATE shared_push SET source_org_code = CASE source_org_code WHEN '12411500417051225K'
       THEN '124501004985102139' ELSE '12411500417051225K' END WHERE push_id = '$PI_PUSH';
DELETE FROM shared_verify WHERE push_id = '$PI_PUSH';
EOT
{ head -n 1 "$T/m1.csv"
  echo "push,PX-table,$PI_AUTH,dept_info,$PI_ORG,mismatch,table_name,0,0,,,,,"
  echo "push,PX-count,$PI_AUTH,lab_result,$PI_ORG,mismatch,record_count,0,0,,,,,"
  echo "push,$PI_PUSH,$PI_AUTH,patient_info,,mismatch,source_org_code,1,0,,,,,"; } >"$T/mx.csv"
hdx-verify -q -c "$T/site.conf" --today 2026-11-02 && fail "mismatches exit 0"
assert_eq "3 pushes: 3 agree, 0 differ" "$(check "$T/mx.csv")" "table_name, record_count and source_org_code mismatches"

# authorisations: a revocation is written once, nothing else changes
sed '2s/,$/,2026-11-03 09:00:00/' "$T/src/authorizations.csv" >"$T/auth2.csv"
hdx-verify authorize -c "$T/site.conf" -i "$T/auth2.csv" 2>"$T/err"
assert_eq "hdx-verify: 12 authorisations: 0 new, 1 revoked, 11 unchanged" "$(cat "$T/err")" "revocation"
assert_eq 1 "$(q "SELECT count(*) FROM shared_authorization WHERE revoked_at = '2026-11-03 09:00:00'")" "revoked_at"
sed '2s/^[^,]*,[^,]*/x y,124115004170483179/' "$T/src/authorizations.csv" >"$T/auth3.csv"
expect_fail 3 "hdx-verify: $T/auth3.csv:2: auth_id: expected 1 to 64 of A-Z a-z 0-9 . _ : -" \
    hdx-verify authorize -c "$T/site.conf" -i "$T/auth3.csv"
usage="usage: hdx-verify [-qv] -c SITE [--standard DIR] [--push ID]... [--since TS] [--today D]
       hdx-verify [-qv] authorize -c SITE [-i FILE]
       hdx-verify [-qv] summary -c SITE [--today D]"
expect_fail 2 "$usage" hdx-verify --today 2026-11-02
expect_fail 2 "$usage" hdx-verify summary -c "$T/site.conf" --push P1
