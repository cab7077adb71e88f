#!/bin/sh
# status.sh - hdx-status on a known night of the demo hospital: the real
# chain into an embedded SQLite front-end database, one table broken on
# a re-run, then the times pinned (the run log's seconds, the ledger's
# attempts, one batch left in the outbox) so that every figure of --json
# is exact; the alerts and their once-only sending to --alert-command;
# the page of --html rendered in headless Chromium.
. "$(dirname "$0")/../lib.sh"
command -v sqlite3 >/dev/null || skip "sqlite3 not found"
command -v jq >/dev/null || skip "jq not found"
command -v flock >/dev/null || skip "flock not found"
odbcinst -q -d -n SQLite3 >/dev/null 2>&1 || skip "no ODBC driver SQLite3"
export HDX_STANDARD="$top/dict"
day=2026-10-27
demo_frontdb
ORG=124115004170483179
state=$T/site/state st=$T/site/staging/$day log=$T/site/log/nightly-$day.log
rows() { echo $(($(wc -l <"$1") - 1)); }
led() { sqlite3 "$state/ledger.db" "$1"; }

# 1. The night, then lab_report alone again with its query broken.
hdx-nightly -q -c "$conf" --date $day -j 2 || fail "nightly exit $?"
echo "SELECT no_such_column FROM no_such_table WHERE x >= :since AND x < :until" \
    >"$T/site/sql/lab_report.sql"
set +e
hdx-nightly -q -c "$conf" --date $day lab_report 2>/dev/null
rc=$?
set -e
assert_eq 1 "$rc" "exit of the broken re-run"

# 2. The times pinned: every stage 0 s but five, so the latency ranking
# is known; the batches last tried on 10-28 (dept_info's on 10-27), the
# ones of prescription_item and vital_signs failed for now; one
# prescription batch in the outbox since 01:40.
sed -i -e 's/seconds=[0-9]*/seconds=0/' \
    -e '/ table=patient_info stage=upload /s/seconds=0/seconds=9/' \
    -e '/ table=outpatient_visit stage=extract /s/seconds=0/seconds=7/' \
    -e '/ table=lab_result stage=map /s/seconds=0/seconds=5/' \
    -e '/ table=prescription stage=upload /s/seconds=0/seconds=4/' \
    -e '/ table=vital_signs stage=upload /s/seconds=0/seconds=3/' \
    -e '/ table=- stage=run status=end /s/seconds=0/seconds=42/' "$log"
led "UPDATE batches SET first_at = '2026-10-28 01:31:00', last_at = '2026-10-28 01:31:00';
    UPDATE batches SET last_at = '2026-10-27 01:31:00' WHERE rowid IN
        (SELECT rowid FROM batches WHERE table_name = 'dept_info');
    UPDATE batches SET status = 'transient' WHERE table_name IN ('prescription_item', 'vital_signs');
    INSERT INTO outbox (batch_id, table_name, org_code, generation, records, queued_at)
        VALUES ('b-test', 'prescription', '$ORG', 1, 'org_code' || char(10), '2026-10-28 01:40:00')"
nb=$(led "SELECT count(*) FROM batches WHERE last_at LIKE '2026-10-28%'")
nb27=$(led "SELECT count(*) FROM batches WHERE last_at LIKE '2026-10-27%'")
rec=$(led "SELECT sum(record_count) FROM batches WHERE last_at LIKE '2026-10-28%'")
nf=$(led "SELECT count(*) FROM batches WHERE status = 'transient'")
[ "$nb" -gt 20 ] && [ "$nb27" -ge 1 ] && [ "$nf" -eq 2 ] || fail "ledger: $nb, $nb27, $nf batches"

# 3. --json at 09:00 the next morning: valid JSON, exact figures.
NOW='2026-10-28 09:00:00'
set +e
hdx-status -c "$conf" --date $day --now "$NOW" --json >"$T/s.json" 2>"$T/err"
rc=$?
set -e
assert_eq 1 "$rc" "exit with a failed table"
assert_eq "" "$(cat "$T/err")" "stderr of --json"
python3 -m json.tool "$T/s.json" >/dev/null || fail "not JSON (json.tool)"
j() { jq -r "$1" "$T/s.json"; }
assert_eq "$ORG $day $NOW failed" "$(j '"\(.org_code) \(.date) \(.now) \(.status)"')" "header"
assert_eq "2 42" "$(j '"\(.run.runs) \(.run.seconds)"')" "runs of the day"
assert_eq "$(hdx-standard order | tail -n +2 | cut -d, -f3 | tr '\n' ' ')" \
    "$(j '[.tables[].table] | join(" ") + " "')" "tables in the chain's order"
for t in patient_info outpatient_visit prescription; do
	ex=$(rows "$st/$t.extract.csv") va=$(rows "$st/$t.valid.csv")
	assert_eq "ok $ex $ex $va $((ex - va)) $((ex - va)) $va 0" \
	    "$(j ".tables[] | select(.table == \"$t\") | \"\(.status) \(.extracted) \(.mapped) \(.valid) \(.held) \(.rejected) \(.uploaded) \(.sent_before)\"")" \
	    "figures of $t"
done
assert_eq "failed:extract null 0" \
    "$(j '.tables[] | select(.table == "lab_report") | "\(.status) \(.extracted) \(.seconds)"')" \
    "the failed table"
wm=$(tr ' ' T <"$state/patient_info.watermark")
age=$(awk -v h="${wm#*T}" 'BEGIN { split(h, a, ":"); printf "%.1f", (33 * 3600 - a[1] * 3600 - a[2] * 60 - a[3]) / 3600 }')
assert_eq "$wm $age 9 true" \
    "$(j '.tables[] | select(.table == "patient_info") | "\(.watermark) \(.watermark_age_hours) \(.seconds) \(.daily)"')" \
    "watermark of patient_info"
assert_eq "1 2026-10-28T01:40:00" \
    "$(j '.tables[] | select(.table == "prescription") | "\(.outbox) \(.outbox_oldest)"')" "outbox"
sum=0 val=0
for t in $(hdx-standard order | tail -n +2 | cut -d, -f3); do
	[ "$t" = lab_report ] && continue
	sum=$((sum + $(rows "$st/$t.extract.csv"))) val=$((val + $(rows "$st/$t.valid.csv")))
done
# lab_report: mapped and checked by the first run, as its log lines say
lrx=$(rows "$st/lab_report.extract.csv")
lrv=$(sed -n 's/.* table=lab_report stage=check status=ok .* rows=\([0-9]*\) held=\([0-9]*\) .*/\1 \2/p' "$log")
assert_eq "27 26 1 0 $sum $((sum + lrx)) $((val + ${lrv% *})) $((sum - val + ${lrv#* })) 1" \
    "$(j '.totals | "\(.tables) \(.ok) \(.failed) \(.not_run) \(.extracted) \(.mapped) \(.valid) \(.held) \(.outbox)"')" \
    "totals (lab_report mapped by the first run)"
assert_eq "patient_info:9 outpatient_visit:7 lab_result:5 prescription:4 vital_signs:3" \
    "$(j '[.top.latency[] | "\(.table):\(.seconds)"] | join(" ")')" "top 5 by latency"
ok=$((nb - 2))
pcts=$(awk -v a=$ok -v n="$nb" 'BEGIN { printf "%.2f %.2f", int(a * 10000 / n + 0.5) / 100, int(2 * 10000 / n + 0.5) / 100 }')
assert_eq "\"calls\": {\"date\": \"2026-10-28\", \"calls\": $nb, \"success\": $ok, \"failure\": 2, \"success_pct\": ${pcts% *}, \"failure_pct\": ${pcts#* }}," \
    "$(grep '^"calls"' "$T/s.json")" "calls of the day, as written"
assert_eq "prescription_item:1:1 vital_signs:1:1" "$(j '[.top.failures[] | "\(.table):\(.failures):\(.calls)"] | join(" ")')" \
    "top by failures"
assert_eq "$(led "SELECT group_concat(r, ' ') FROM (SELECT sum(record_count) r FROM batches
    WHERE last_at LIKE '2026-10-28%' GROUP BY table_name ORDER BY r DESC LIMIT 5)")" \
    "$(j '[.top.volume[].records] | map(tostring) | join(" ")')" "top 5 by volume"
assert_eq "14 2026-10-15 2026-10-28 $nb27 $nb $rec" \
    "$(j '.trend | "\(length) \(.[0].date) \(.[13].date) \(.[12].calls) \(.[13].calls) \(.[13].records)"')" "trend"
assert_eq "null" "$(j '.shared')" "no shared library"
# the alerts: the failed table, the outbox, the QC report's failing
# indicators (as jq reads them from the night's qc.json)
qc=$(jq -r --arg d $day '.institutions[] | .org_code as $o |
    ((.indicators | to_entries[] | select(.value.pass == false) |
      "\($d): QC indicator \(.key) of institution \($o) is \(.value.value | tostring)%, below its threshold \(.value.threshold)%"),
     (.tables[] | .table as $t | .indicators | to_entries[] | select(.value.pass == false) |
      "\($d): QC indicator \(.key) of \($t) (\($o)) is \(.value.value)%, below its threshold \(.value.threshold)%"))' \
    "$st/qc.json" | sed 's/ is \([0-9]*\)%/ is \1.00%/; s/ is \([0-9]*\.[0-9]\)%/ is \10%/')
nqc=$(printf '%s\n' "$qc" | grep -c . || true)
[ "$nqc" -ge 1 ] || fail "the night's QC report has no failing indicator to alert on"
assert_eq "hdx-status: $ORG: $day: lab_report: extract failed
hdx-status: $ORG: prescription: 1 batches in the outbox, the oldest queued 2026-10-28T01:40:00, 7.3 hours ago (more than 6)
$(printf '%s\n' "$qc" | sed "s/^/hdx-status: $ORG: /")" "$(j '.alerts[].text')" "alert texts"
assert_eq "failed outbox $(printf '%s\n' "$qc" | sed 's/.*/qc/' | tr '\n' ' ')" \
    "$(j '[.alerts[].kind] | join(" ")') " "alert kinds"
assert_eq "failed:$day:lab_report:extract outbox:prescription:b-test" \
    "$(j '[.alerts[0:2][].key] | join(" ")')" "alert keys"

# the plain form: the same alerts, the slowest tables, the calls
hdx-status -c "$conf" --date $day --now "$NOW" >"$T/plain" 2>&1 || true
assert_eq "slowest tables: patient_info 9 s, outpatient_visit 7 s, lab_result 5 s, prescription 4 s, vital_signs 3 s" \
    "$(grep '^slowest' "$T/plain")" "slowest tables"
assert_eq "calls of 2026-10-28: $nb, $ok ok (${pcts% *}%), 2 failed (${pcts#* }%)" \
    "$(grep '^calls' "$T/plain")" "calls line"
assert_eq "$(j '.alerts[].text' | sed "s/^hdx-status: $ORG: /alert: /")" "$(grep '^alert: ' "$T/plain")" "alert lines"
assert_eq "$day,lab_report,-,$lrx" "$(hdx-status -c "$conf" --date $day --now "$NOW" --csv | grep ',lab_report,' | cut -d, -f1-4)" \
    "CSV line of the failed table"

# 4. --alert-command: one run per new alert, each once.
sent() { grep -c '^---$' "$T/sent" || true; }
cmd="cat >>'$T/sent'; echo --- >>'$T/sent'"
na=$(j '.alerts | length')
hdx-status -c "$conf" --date $day --now "$NOW" --alert-command "$cmd" >/dev/null 2>&1 || true
assert_eq "$na" "$(sent)" "alert commands run"
assert_eq "$(j '.alerts[].text')" "$(grep -v '^---$' "$T/sent")" "the alerts' text on stdin"
assert_eq 600 "$(stat -c %a "$state/status-alerts")" "mode of the alert memory"
assert_eq "$na" "$(wc -l <"$state/status-alerts")" "alerts remembered"
hdx-status -c "$conf" --date $day --now "$NOW" --alert-command "$cmd" >/dev/null 2>&1 || true
assert_eq "$na" "$(sent)" "alert commands after a second run"
hdx-status -c "$conf" --date $day --now "$NOW" --json >"$T/s.json" 2>/dev/null || true
assert_eq "2026-10-28T09:00:00" "$(j '[.alerts[].sent] | unique | join(" ")')" "sent stamps in --json"
# two days later: the watermarks of the daily tables are stale, new
# alerts; the outbox one moved on to 55 hours but is not new
LATER='2026-10-29 22:00:00'
hdx-status -c "$conf" --date $day --now "$LATER" --json >"$T/later.json" 2>/dev/null || true
nwm=$(jq '[.alerts[] | select(.kind == "watermark")] | length' "$T/later.json")
daily_wm=0
for t in $(hdx-standard list | awk -F, '$6 == "Y" { print $1 }'); do
	[ -f "$state/$t.watermark" ] && daily_wm=$((daily_wm + 1))
done
assert_eq "$daily_wm" "$nwm" "watermark alerts of the daily tables"
[ "$nwm" -ge 10 ] || fail "only $nwm daily tables with a watermark"
assert_eq "null" "$(jq -r '.alerts[] | select(.kind == "watermark") | .sent' "$T/later.json" | sort -u)" "not yet sent"
hdx-status -c "$conf" --date $day --now "$LATER" --alert-command "$cmd" >/dev/null 2>&1 || true
assert_eq $((na + nwm)) "$(sent)" "alert commands after new alerts"
assert_eq 1 "$(grep -c "patient_info: watermark $wm is" "$T/sent")" "the watermark alert of patient_info"
# a command that fails: a warning, nothing remembered, sent next time
led "INSERT INTO outbox (batch_id, table_name, org_code, generation, records, queued_at)
    VALUES ('b-test2', 'vital_signs', '$ORG', 1, 'org_code' || char(10), '2026-10-30 10:00:00')"
LAST='2026-10-30 22:00:00'
hdx-status -c "$conf" --date $day --now "$LAST" --alert-command 'cat >/dev/null; exit 7' >/dev/null 2>"$T/err" || true
assert_eq "hdx-status: warning: the alert command failed (exit 7)" "$(cat "$T/err")" "a failing alert command"
assert_eq $((na + nwm)) "$(wc -l <"$state/status-alerts")" "memory after a failed command"
hdx-status -c "$conf" --date $day --now "$LAST" --alert-command "$cmd" >/dev/null 2>&1 || true
assert_eq $((na + nwm + 1)) "$(sent)" "alert commands after the failed one"
assert_eq "hdx-status: $ORG: vital_signs: 1 batches in the outbox, the oldest queued 2026-10-30T10:00:00, 12.0 hours ago (more than 6)" \
    "$(grep -v '^---$' "$T/sent" | tail -n 1)" "the new outbox alert"
# --outbox-hours: above its age, no alert of it
hdx-status -c "$conf" --date $day --now "$LAST" --outbox-hours 13 --json 2>/dev/null |
    jq -r '[.alerts[] | select(.kind == "outbox") | .table] | join(" ")' >"$T/ob"
assert_eq "prescription" "$(cat "$T/ob")" "outbox alerts over 13 hours"
expect_fail 2 "hdx-status: --now 2026-10-28: expected a time YYYY-MM-DD HH:MM:SS" \
    hdx-status -c "$conf" --now 2026-10-28
expect_fail 2 "hdx-status: --watermark-hours x: expected a number of hours" \
    hdx-status -c "$conf" --watermark-hours x

# 5. --html: the page in headless Chromium, exact content.
hdx-status -c "$conf" --date $day --now "$NOW" --html "$T/status.html" >/dev/null 2>&1 || true
assert_eq 600 "$(stat -c %a "$T/status.html")" "mode of the page"
printf '{"org_code": "x"}' >"$T/bad.json"
expect_fail 3 "hdx-dashboard: $T/bad.json: status: date: missing" hdx-dashboard html -i "$T/bad.json" -o "$T/bad.html"
[ ! -e "$T/bad.html" ] || fail "a malformed status wrote a page"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || skip "no $CHROMIUM: the page is not rendered (apt-get install chromium)"
timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$T/chr" --dump-dom "file://$T/status.html" >"$T/dom.html" 2>"$T/chromium.log" ||
    { tail -n 5 "$T/chromium.log" >&2; fail "chromium --dump-dom"; }
dom=$T/dom.html
n() { grep -o "$1" "$dom" | wc -l | tr -d ' '; }
assert_eq 1 "$(n "<span class=\"org\">$ORG</span>, business day <span class=\"date\">$day</span>, as of <span class=\"now\">$NOW</span>")" "header"
assert_eq 1 "$(n "<span class=\"status overall s-fail\">failed</span> <span class=\"nalerts\">$na alerts</span>")" "overall"
assert_eq "$na" "$(n '<li class="alert">')" "alerts on the page"
assert_eq 1 "$(n '<span class="kind">failed</span> <span class="text">hdx-status: '"$ORG"': '"$day"': lab_report: extract failed</span> <span class="sent">sent 2026-10-28T09:00:00</span>')" "the failed table's alert"
assert_eq 1 "$(n "<span class=\"calls\">$nb</span>")" "calls"
assert_eq 5 "$(sed -n '/data-top="latency"/,/<\/svg>/p' "$dom" | grep -c '<rect class="bar top"')" "latency bars"
assert_eq 1 "$(n '<rect class="bar top" data-table="patient_info" x="170" y="6" width="140.0" height="18"><title>patient_info: 9 s</title></rect>')" "the longest bar"
assert_eq 5 "$(sed -n '/data-top="volume"/,/<\/svg>/p' "$dom" | grep -c '<rect class="bar top"')" "volume bars"
assert_eq 1 "$(sed -n '/data-top="failures"/,/<\/svg>/p' "$dom" | grep -c '<rect class="bar failures" data-table="prescription_item"')" "failure bars"
assert_eq 14 "$(grep -o '<polyline class="trend calls" points="[^"]*"' "$dom" | tr ' ' '\n' | grep -c ',')" "trend points"
assert_eq 14 "$(n '<circle class="failures"')" "failure dots"
assert_eq 1 "$(n '<tr class="table-row failed"><td class="l">lab_report</td><td class="l fail">failed:extract</td><td>-</td>')" "failed row"
assert_eq 27 "$(n '<tr class="table-row')" "table rows"
assert_eq 0 "$(n '<script')" "script elements"
# no patient value in the JSON or the page
name=$(sed -n 2p "$st/patient_info.extract.csv" | cut -d, -f3)
[ -n "$name" ] || fail "no patient name to look for"
! grep -qF "$name" "$T/s.json" "$dom" "$T/plain" "$T/sent" || fail "a patient's name in the status"
exit 0
