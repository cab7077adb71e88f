# hdx-status and the shared library on the embedded SQLite front-end
# database: before hdx-verify the pushes of pushback.py wait, after it
# none does and the day's verdicts are the manifest's; a mismatch of the
# day gives exit 1 and exactly one line to --alert-command, once (a
# second run sends nothing), another day none; a front-end database
# without the shared library shows nothing.
. "$(dirname "$0")/../lib.sh"
need_platform
command -v sqlite3 >/dev/null || skip "sqlite3 not found"
odbcinst -q -d -n SQLite3 >/dev/null 2>&1 || skip "no ODBC driver SQLite3"
ORG=124115004170483179
DAY=2026-11-02
db=$T/front.db
{ hdx-standard --standard "$top/dict" ddl --dialect sqlite
  hdx-standard --standard "$top/dict" ddl --dialect sqlite --shared; } | sqlite3 "$db"
shared_push "odbc:Driver=SQLite3;Database=$db" --sqlite "$db"
shared() {
	_rc=0
	hdx-status -c "$T/site.conf" --date "$DAY" "$@" >"$T/all" || _rc=$?
	sed -n '/^shared library/p' "$T/all"
	return $_rc
}

# before hdx-verify: every push waits, no verdict, exit 0, no alert
set +e
shared --alert-command "cat >>'$T/alert'" >"$T/out" 2>"$T/err"
rc=$?
set -e
assert_eq 0 "$rc" "exit before verify"
assert_eq "shared library: $npush pushes waiting for hdx-verify
shared library, verdicts of $DAY: 0 ok, 0 mismatch, 0 qc_failed" "$(cat "$T/out")" "before verify"
assert_eq "" "$(cat "$T/err")" "stderr before verify"
[ ! -e "$T/alert" ] || fail "an alert before any mismatch"

hdx-verify -q -c "$T/site.conf" --today "$DAY" || [ $? -eq 1 ]
"$PY" "$PLAT/pushback.py" check-verify --sqlite "$db" --manifest "$T/m.csv" >"$T/check.out" ||
    fail "check-verify: $(tail -n 1 "$T/check.out")"

# after: nothing waits, the verdicts are the manifest's, one alert line
set +e
shared --alert-command "cat >>'$T/alert'" >"$T/out" 2>"$T/err"
rc=$?
set -e
assert_eq 1 "$rc" "exit with a mismatch of the day"
assert_eq "shared library: 0 pushes waiting for hdx-verify
shared library, verdicts of $DAY: $ok ok, $mis mismatch, $qcf qc_failed" "$(cat "$T/out")" "after verify"
assert_eq "hdx-status: warning: $mis pushes of the shared library verified as mismatch on $DAY" \
    "$(cat "$T/err")" "the warning"
assert_eq 1 "$(wc -l <"$T/alert")" "lines the alert command got"
assert_eq "hdx-status: $ORG: $mis pushes of the shared library verified as mismatch on $DAY" \
    "$(cat "$T/alert")" "the alert"
# --csv: the tables only, the same exit, the alert not sent again
set +e
hdx-status -q -c "$T/site.conf" --date "$DAY" --csv --alert-command "cat >>'$T/alert'" >"$T/out" 2>/dev/null
rc=$?
set -e
assert_eq 1 "$rc" "exit of --csv with a mismatch"
assert_eq 0 "$(grep -c 'shared' "$T/out")" "shared lines in the CSV"
assert_eq 1 "$(wc -l <"$T/alert")" "alert lines after --csv"
assert_eq "sent mismatch:$DAY:$mis" "$(cut -d' ' -f1-2 "$T/state/status-alerts")" "the alert remembered"
# without --alert-command: exit 1 all the same
hdx-status -c "$T/site.conf" --date "$DAY" >/dev/null 2>&1 && fail "a mismatch exits 0"
# an alert command that fails (the alert forgotten first): a warning,
# exit 1, nothing remembered, so the next run sends it
rm "$T/state/status-alerts"
set +e
hdx-status -c "$T/site.conf" --date "$DAY" --alert-command 'cat >/dev/null; exit 7' >/dev/null 2>"$T/err"
rc=$?
set -e
assert_eq "1 hdx-status: warning: the alert command failed (exit 7)" \
    "$rc $(head -n 1 "$T/err")" "a failing alert command"
assert_eq "" "$(cat "$T/state/status-alerts")" "memory after a failing command"
hdx-status -c "$T/site.conf" --date "$DAY" --alert-command "cat >>'$T/alert'" >/dev/null 2>&1 || true
assert_eq 2 "$(wc -l <"$T/alert")" "alert lines after the failing command"

# another day: the verdicts are not of it, no alert, exit 0
: >"$T/state/log/nightly-2026-11-03.log"
hdx-status -c "$T/site.conf" --date 2026-11-03 --alert-command "cat >>'$T/alert'" >"$T/out"
assert_eq "shared library, verdicts of 2026-11-03: 0 ok, 0 mismatch, 0 qc_failed" \
    "$(grep verdicts "$T/out")" "another day"
assert_eq 2 "$(wc -l <"$T/alert")" "alert lines after another day"

# a front-end database without the shared library: nothing of it
hdx-standard --standard "$top/dict" ddl --dialect sqlite | sqlite3 "$T/plain.db"
sed "s|Database=.*|Database=$T/plain.db|" "$T/site.conf" >"$T/plain.conf"
hdx-status -c "$T/plain.conf" --date "$DAY" >"$T/out" 2>"$T/err"
assert_eq "0 " "$(grep -c '^shared' "$T/out") $(cat "$T/err")" "no shared library"
# no patient value reaches the output
"$PY" - "$T/src" "$T/out" "$T/alert" <<'EOPY'
import csv, sys
text = "".join(open(f, encoding="utf-8").read() for f in sys.argv[2:])
for row in csv.DictReader(open(sys.argv[1] + "/patient_info.csv", encoding="utf-8")):
    for f in ("name", "id_card_no", "id_no", "phone"):
        v = row.get(f) or ""
        if len(v) >= 4 and v in text:
            sys.exit("a value of patient_info.%s is in the output" % f)
EOPY
