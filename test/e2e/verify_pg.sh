# hdx-verify on a PostgreSQL front-end database (libpq) against the
# platform's pushback.py: the verdicts and findings of api.md 8.5 equal
# the manifest's, a rerun writes nothing, a second round is verified too,
# in a session whose TimeZone is UTC (verified_at stays Beijing time).
. "$(dirname "$0")/../lib.sh"
need_platform
command -v psql >/dev/null || skip "psql not found"
pg_start
ORG=124115004170483179
DSN="host=$PGHOST port=$PGPORT user=postgres dbname=postgres"
{ hdx-standard --standard "$top/dict" ddl --dialect postgres
  hdx-standard --standard "$top/dict" ddl --dialect postgres --shared; } |
    psql -X -q -v ON_ERROR_STOP=1 "$DSN" >/dev/null
cat >"$T/site.conf" <<EOT
[site]
org_code = $ORG
standard = $top/dict
[upload]
channel = frontdb
frontdb = $DSN
EOT
q() { psql -X -A -t -q "$DSN" -c "$1"; }
"$PY" "$PLAT/pushback.py" make-source --out "$T/src" --org 12411500417051225K \
    --org 124501004985102139 --patients 12 --seed 5 --hospital "$ORG" >/dev/null
push() {
	"$PY" "$PLAT/pushback.py" --dsn "$DSN" --org "$ORG" \
	    --authorizations "$T/src/authorizations.csv" --source-dir "$T/src" \
	    --today 2026-11-02 "$@" >"$T/push.out" 2>"$T/push.err" ||
	    { cat "$T/push.err" >&2; fail "pushback.py $*"; }
}
check() {
	"$PY" "$PLAT/pushback.py" check-verify --dsn "$DSN" --manifest "$1" >"$T/check.out" ||
	    { grep -v '^OK' "$T/check.out" >&2; fail "check-verify $1"; }
	tail -n 1 "$T/check.out"
}
verdicts() { awk -F, -v s="$2" '$1 == "push" && $6 == s { n++ } END { print n + 0 }' "$1"; }

hdx-verify authorize -c "$T/site.conf" -i "$T/src/authorizations.csv" 2>"$T/err"
assert_eq "hdx-verify: 12 authorisations: 12 new, 0 revoked, 0 unchanged" "$(cat "$T/err")" "authorize"
push --seed 7 --corrupt 3 --defects 4 --warnings 3 --dangling-refs 2 --manifest "$T/m1.csv"
n1=$(grep -c '^push,' "$T/m1.csv")
assert_eq 146 "$n1" "pushes of round 1"
set +e
PGOPTIONS='-c TimeZone=UTC' hdx-verify -c "$T/site.conf" --today 2026-11-02 2>"$T/err"
rc=$?
set -e
assert_eq 1 "$rc" "exit status with qc_failed and mismatch pushes"
assert_eq "hdx-verify: 146 pushes verified: $(verdicts "$T/m1.csv" ok) ok, $(verdicts "$T/m1.csv" qc_failed) qc_failed, $(verdicts "$T/m1.csv" mismatch) mismatch; 0 failed, 0 verified by another run" \
    "$(cat "$T/err")" "summary"
assert_eq "146 pushes: 146 agree, 0 differ" "$(check "$T/m1.csv")" "check-verify round 1"
assert_eq 0 "$(q "SELECT count(*) FROM shared_verify WHERE verified_at::date <> '2026-11-02' OR mismatch = ''")" "verified_at on --today, mismatch never empty"

sum1=$(q "SELECT md5(string_agg(push_id || verified_at || status, ',' ORDER BY push_id)) FROM shared_verify")
hdx-verify -c "$T/site.conf" --today 2026-11-02 2>"$T/err"
assert_eq "hdx-verify: 0 pushes verified: 0 ok, 0 qc_failed, 0 mismatch; 0 failed, 0 verified by another run" \
    "$(cat "$T/err")" "rerun"
assert_eq "$sum1" "$(q "SELECT md5(string_agg(push_id || verified_at || status, ',' ORDER BY push_id)) FROM shared_verify")" "shared_verify after the rerun"

push --seed 8 --manifest "$T/m2.csv"
n2=$(grep -c '^push,' "$T/m2.csv")
[ "$n2" -gt 0 ] || fail "round 2 pushed nothing"
hdx-verify -c "$T/site.conf" --today 2026-11-02 2>"$T/err"
assert_eq "hdx-verify: $n2 pushes verified: $n2 ok, 0 qc_failed, 0 mismatch; 0 failed, 0 verified by another run" \
    "$(cat "$T/err")" "round 2"
assert_eq "$n2 pushes: $n2 agree, 0 differ" "$(check "$T/m2.csv")" "check-verify round 2"
