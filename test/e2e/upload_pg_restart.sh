#!/bin/sh
# upload_pg_restart.sh - PostgreSQL restarted (pg_ctl restart -m fast,
# then -m immediate) while hdx-upload is inside a batch's COPY: the
# batch is rolled back and kept in the outbox with a message naming it,
# hdx-upload reconnects for the batches after it and exits 4; --resend
# delivers it, a rerun of the whole file stores nothing new, and the
# front-end database holds every record once (frontdb.py
# --verify-batches, hdx-reconcile per business date).
. "$(dirname "$0")/../lib.sh"
need_platform
pg_start
cases=$PLAT/../standard/cases
t=outpatient_fee_detail
pg_site
q() { psql -qXAt -v ON_ERROR_STOP=1 -c "$1" || fail "psql: $1"; }
# rows PREFIX COPIES: the case file's records COPIES times over, each
# copy's fee_detail_id made unique with PREFIX and the copy's number
rows() {
	awk -F, -v OFS=, -v p="$1" -v n="$2" 'NR == 1 { print; next }
	    { r[NR] = $0 } END { for (i = 1; i <= n; i++) for (j = 2; j <= NR; j++) {
		$0 = r[j]; $2 = sprintf("%s%05d%s", p, i, $2); print } }' "$cases/$t.csv"
}
# in_copy: true while a session of hdx-upload is inside COPY hdx_in
# (its query is "BEGIN; COPY hdx_in ...": BEGIN goes with the COPY)
in_copy() {
	[ "$(psql -qXAt -c "SELECT count(*) FROM pg_stat_progress_copy p JOIN pg_stat_activity a USING (pid) WHERE a.query LIKE '%COPY hdx_in%'")" = 1 ]
}
# wait_copy: waits (at most 20 s) until a COPY of hdx-upload is under way
# (a transaction sees one snapshot of the statistics unless cleared)
wait_copy() {
	psql -qXAt -c "DO \$\$ BEGIN FOR i IN 1..10000 LOOP
	    EXIT WHEN EXISTS (SELECT 1 FROM pg_stat_progress_copy p JOIN pg_stat_activity a USING (pid)
		WHERE a.query LIKE '%COPY hdx_in%');
	    PERFORM pg_sleep(0.002); PERFORM pg_stat_clear_snapshot(); END LOOP; END \$\$" >/dev/null
}

# restart_mid_copy MODE FILE: hdx-upload of FILE, stopped (SIGSTOP) in
# the middle of a COPY, PostgreSQL restarted with -m MODE, hdx-upload
# continued; its exit status in $rc, its stderr in $T/err.
restart_mid_copy() {
	hdx-upload -c "$T/site.conf" -t $t -i "$2" -r "$T/rejects.csv" 2>"$T/err" &
	up=$!
	caught=0 tries=0
	while [ $caught -eq 0 ] && [ $tries -lt 20 ]; do
		tries=$((tries + 1))
		wait_copy
		kill -STOP $up
		# the COPY may have ended between the look and the stop
		if in_copy; then caught=1; else kill -CONT $up; fi
	done
	[ $caught -eq 1 ] || { kill -CONT $up; wait $up; fail "never caught hdx-upload in a COPY"; }
	$PG_CTL -D "$PGDIR/data" -l "$PGDIR/log" -w -m "$1" restart >/dev/null ||
	    { cat "$PGDIR/log" >&2; fail "pg_ctl restart -m $1"; }
	kill -CONT $up
	rc=0
	wait $up || rc=$?
}

# round MODE PREFIX: 3 batches of 5000; the restart hits one of them
round() {
	rows "$2" 455 | head -n 15001 >"$T/$2.csv"
	before=$(q "SELECT count(*) FROM $t")
	restart_mid_copy "$1" "$T/$2.csv"
	[ "$rc" -eq 4 ] || { cat "$T/err" >&2; fail "-m $1: hdx-upload exit $rc, expected 4"; }
	assert_eq "hdx-upload: 15000 records: 10000 stored, 0 held, 0 stale, 0 rejected; 3 batches: 0 sent before, 1 kept in the outbox, 0 quarantined" \
	    "$(tail -n 1 "$T/err")" "-m $1: summary"
	assert_eq 2 "$(wc -l <"$T/err")" "-m $1: lines on stderr"
	grep -Eq "^hdx-upload: warning: 124115004170483179-$t-[0-9]{8}-[0-9a-f]{12}: kept in the outbox: (COPY: )?(server closed the connection unexpectedly|terminating connection due to administrator command|FATAL)" "$T/err" ||
	    { cat "$T/err" >&2; fail "-m $1: the warning naming the batch"; }
	! grep -q "$2[0-9]" "$T/err" || fail "-m $1: a value on stderr"
	assert_eq $((before + 10000)) "$(q "SELECT count(*) FROM $t")" "-m $1: rows after the restart"
	hdx-upload -c "$T/site.conf" --status >"$T/status"
	assert_eq 1 "$(grep -c "^outbox 124115004170483179-$t-.* $t queued .* transient attempts 1: " "$T/status")" \
	    "-m $1: the batch in the outbox"
	# the outbox first, then the whole file again: nothing new
	hdx-upload -c "$T/site.conf" --resend -r "$T/rejects.csv" 2>"$T/err" ||
	    { cat "$T/err" >&2; fail "-m $1: --resend"; }
	assert_eq "hdx-upload: 5000 records: 5000 stored, 0 held, 0 stale, 0 rejected; 1 batch: 0 sent before, 0 kept in the outbox, 0 quarantined" \
	    "$(cat "$T/err")" "-m $1: --resend"
	hdx-upload -c "$T/site.conf" -t $t -i "$T/$2.csv" -r "$T/rejects.csv" 2>"$T/err" ||
	    { cat "$T/err" >&2; fail "-m $1: the rerun"; }
	assert_eq "hdx-upload: 15000 records: 0 stored, 0 held, 0 stale, 0 rejected; 3 batches: 3 sent before, 0 kept in the outbox, 0 quarantined" \
	    "$(cat "$T/err")" "-m $1: the rerun"
	assert_eq $((before + 15000)) "$(q "SELECT count(*) FROM $t")" "-m $1: rows at the end"
	assert_eq 15000 "$(q "SELECT count(*) FROM $t WHERE fee_detail_id LIKE '$2%'")" "-m $1: this round's rows"
	hdx-upload -c "$T/site.conf" --status >"$T/status"
	! grep -q '^outbox' "$T/status" || fail "-m $1: outbox not empty at the end"
	[ ! -e "$T/rejects.csv" ] || fail "-m $1: rejects written"
}
round fast F
round immediate G

assert_eq 0 "$(q "SELECT count(*) FROM (SELECT fee_detail_id FROM $t GROUP BY 1 HAVING count(*) > 1) d")" "keys stored twice"
"$PY" "$PLAT/frontdb.py" --verify-batches >"$T/verify"
assert_eq "6 ok, 0 mismatched, 0 skipped" "$(tail -n 1 "$T/verify")" "verify-batches"
# per business date: the ledger's keys, the database's, the files'
for d in 2026-10-26 2026-10-27 2026-10-28; do
	n=$(cat "$T/F.csv" "$T/G.csv" | awk -F, -v d="$d" 'substr($6, 1, 10) == d' | wc -l)
	hdx-reconcile -c "$T/site.conf" --date $d -t $t >"$T/out" 2>&1 || { cat "$T/out" >&2; fail "hdx-reconcile $d"; }
	assert_eq "$t $d: no staging files; $n uploaded, $n on the platform" "$(cat "$T/out")" "hdx-reconcile $d"
done

# A run killed between the database's COMMIT and the ledger's: the
# ledger as it was before the run, the batches in the database. The
# rerun finds them in upload_batch and records their keys as delivered,
# so the ledger and the database agree again.
rows H 2 >"$T/H.csv"
cp "$T/state/ledger.db" "$T/ledger.before"
rm -f "$T/state/ledger.db-wal" "$T/state/ledger.db-shm"
hdx-upload -c "$T/site.conf" -t $t -i "$T/H.csv" -r "$T/rejects.csv" 2>"$T/err" ||
    { cat "$T/err" >&2; fail "upload of H"; }
rm -f "$T/state/ledger.db-wal" "$T/state/ledger.db-shm"
cp "$T/ledger.before" "$T/state/ledger.db"
hdx-upload -c "$T/site.conf" -t $t -i "$T/H.csv" -r "$T/rejects.csv" 2>"$T/err" ||
    { cat "$T/err" >&2; fail "rerun of H"; }
assert_eq "hdx-upload: 66 records: 0 stored, 0 held, 0 stale, 0 rejected; 1 batch: 1 sent before, 0 kept in the outbox, 0 quarantined" \
    "$(cat "$T/err")" "rerun of H with the ledger of before"
for d in 2026-10-26 2026-10-27 2026-10-28; do
	n=$(cat "$T/F.csv" "$T/G.csv" "$T/H.csv" | awk -F, -v d="$d" 'substr($6, 1, 10) == d' | wc -l)
	hdx-reconcile -c "$T/site.conf" --date $d -t $t >"$T/out" 2>&1 || { cat "$T/out" >&2; fail "hdx-reconcile $d after H"; }
	assert_eq "$t $d: no staging files; $n uploaded, $n on the platform" "$(cat "$T/out")" "hdx-reconcile $d after H"
done
