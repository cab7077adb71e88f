# hdx-status and the shared library on a PostgreSQL front-end database
# (read with psql): the pushes of pushback.py wait before hdx-verify,
# after it none does and the day's verdicts are the manifest's, also in
# a session whose TimeZone is UTC; a mismatch of the day gives exit 1,
# one alert to --alert-command, once, and the "shared" member of --json.
. "$(dirname "$0")/../lib.sh"
need_platform
command -v psql >/dev/null || skip "psql not found"
command -v jq >/dev/null || skip "jq not found"
pg_start
ORG=124115004170483179
DAY=2026-11-02
DSN="host=$PGHOST port=$PGPORT user=postgres dbname=postgres"
{ hdx-standard --standard "$top/dict" ddl --dialect postgres
  hdx-standard --standard "$top/dict" ddl --dialect postgres --shared; } |
    psql -X -q -v ON_ERROR_STOP=1 "$DSN" >/dev/null
shared_push "$DSN" --dsn "$DSN"
status() {
	_rc=0
	hdx-status -c "$T/site.conf" --date "$DAY" --now "$DAY 12:00:00" "$@" >"$T/all" 2>"$T/err" || _rc=$?
	sed -n '/^shared library/p' "$T/all"
	return $_rc
}
alert="cat >>'$T/alert'"

# before hdx-verify: every push waits, no verdict, exit 0, no alert
status --alert-command "$alert" >"$T/out" || fail "exit $? before verify"
assert_eq "shared library: $npush pushes waiting for hdx-verify
shared library, verdicts of $DAY: 0 ok, 0 mismatch, 0 qc_failed" "$(cat "$T/out")" "before verify"
assert_eq "" "$(cat "$T/err")" "stderr before verify"
[ ! -e "$T/alert" ] || fail "an alert before any mismatch"

hdx-verify -q -c "$T/site.conf" --today "$DAY" || [ $? -eq 1 ]
"$PY" "$PLAT/pushback.py" check-verify --dsn "$DSN" --manifest "$T/m.csv" >"$T/check.out" ||
    fail "check-verify: $(tail -n 1 "$T/check.out")"

# after: nothing waits, the manifest's verdicts, one alert, exit 1
set +e
status --alert-command "$alert" >"$T/out"
rc=$?
set -e
assert_eq 1 "$rc" "exit with a mismatch of the day"
assert_eq "shared library: 0 pushes waiting for hdx-verify
shared library, verdicts of $DAY: $ok ok, $mis mismatch, $qcf qc_failed" "$(cat "$T/out")" "after verify"
assert_eq "hdx-status: warning: $mis pushes of the shared library verified as mismatch on $DAY" \
    "$(cat "$T/err")" "the warning"
assert_eq "hdx-status: $ORG: $mis pushes of the shared library verified as mismatch on $DAY" \
    "$(cat "$T/alert")" "the alert"
assert_eq "alert: $mis pushes of the shared library verified as mismatch on $DAY" \
    "$(grep '^alert: ' "$T/all")" "the alert in the plain form"
# a second run: the same, nothing sent again; a UTC session: the same day
set +e
PGOPTIONS='-c TimeZone=UTC' status --alert-command "$alert" >"$T/out"
rc=$?
set -e
assert_eq 1 "$rc" "exit of the second run"
assert_eq "shared library, verdicts of $DAY: $ok ok, $mis mismatch, $qcf qc_failed" \
    "$(sed -n 2p "$T/out")" "verdicts in a UTC session"
assert_eq 1 "$(wc -l <"$T/alert")" "alert lines after the second run"
# --json: the shared member and the alert, sent at the first run
status --json >/dev/null || [ $? -eq 1 ]
jq -e . "$T/all" >/dev/null || fail "--json is not JSON"
assert_eq "{\"waiting\":0,\"date\":\"$DAY\",\"ok\":$ok,\"mismatch\":$mis,\"qc_failed\":$qcf}" \
    "$(jq -c .shared "$T/all")" "shared in --json"
assert_eq "mismatch mismatch:$DAY:$mis ${DAY}T12:00:00 failed" \
    "$(jq -r '"\(.alerts[0].kind) \(.alerts[0].key) \(.alerts[0].sent) \(.status)"' "$T/all")" "the alert in --json"
assert_eq 1 "$(jq '.alerts | length' "$T/all")" "alerts in --json"

# more mismatches later that day: a new alert
"$PY" "$PLAT/pushback.py" --dsn "$DSN" --org "$ORG" \
    --authorizations "$T/src/authorizations.csv" --source-dir "$T/src" \
    --today "$DAY" --seed 8 --corrupt 1 --manifest "$T/m2.csv" >/dev/null
status >"$T/out" || true
assert_eq "shared library: $(grep -c '^push,' "$T/m2.csv") pushes waiting for hdx-verify" \
    "$(head -n 1 "$T/out")" "the second round waits"
hdx-verify -q -c "$T/site.conf" --today "$DAY" || [ $? -eq 1 ]
status --alert-command "$alert" >/dev/null || true
assert_eq "hdx-status: $ORG: $((mis + 1)) pushes of the shared library verified as mismatch on $DAY" \
    "$(tail -n 1 "$T/alert")" "the new alert"
assert_eq 2 "$(wc -l <"$T/alert")" "alert lines after more mismatches"
# another day: no verdict of it, no alert, exit 0
: >"$T/state/log/nightly-2026-11-03.log"
hdx-status -c "$T/site.conf" --date 2026-11-03 --now "2026-11-03 12:00:00" >"$T/out"
assert_eq "shared library, verdicts of 2026-11-03: 0 ok, 0 mismatch, 0 qc_failed" \
    "$(grep verdicts "$T/out")" "another day"
