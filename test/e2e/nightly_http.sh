#!/bin/sh
# nightly_http.sh - hdx-nightly on the demo hospital (SQLite over ODBC)
# for all 27 tables over the HTTP API into the platform's receiver: its
# store holds exactly the records of the valid staging files, value for
# value, the platform rejects none of them, its receipts are the
# ledger's batches, GET /api/v1/stats agrees (hdx-reconcile), and a
# second run stores nothing new. Then a receiver that fails 30% and
# drops 10% of the requests still ends with every record stored exactly
# once, and a run after that sends nothing new.
. "$(dirname "$0")/../lib.sh"
need_platform
command -v sqlite3 >/dev/null || skip "sqlite3 not found"
command -v flock >/dev/null || skip "flock not found"
odbcinst -q -d -n SQLite3 >/dev/null 2>&1 || skip "no ODBC driver SQLite3"
export HDX_STANDARD="$top/dict"
export HDX_UPLOAD_BACKOFF=0.05
# the demo's last day: the only one where all 27 tables have records
day=2026-10-28
"$top/demo/make-hospital" "$T/his.db"
tables=$(hdx-standard order | tail -n +2 | cut -d, -f3)
rows() { echo $(($(wc -l <"$1") - 1)); }
pq() { sqlite3 "$T/platform.db" "$1"; }
# site DIR: the demo site in DIR, its channel the receiver at BASE
site() {
	cp -R "$top/demo/site" "$1"
	sed -i "s|^dsn = .*|dsn = Driver=SQLite3;Database=$T/his.db|" "$1/site.conf"
	http_upload "$1/site.conf"
}
# night DIR [OPTION...]: hdx-nightly of the day, quiet, nothing on stderr
night() {
	_d=$1
	shift
	hdx-nightly -q -c "$_d/site.conf" --date $day -j 2 "$@" 2>"$T/err" ||
	    { cat "$T/err" >&2; fail "hdx-nightly of $_d: exit"; }
	assert_eq "" "$(cat "$T/err")" "stderr of a quiet night of $_d"
}
# store_csv TABLE FIELDS: the store's rows as minimally quoted CSV, NULL
# as an empty field, as hdx writes its staging files
store_csv() {
	"$PY" -c 'import csv, sqlite3, sys
w = csv.writer(sys.stdout, lineterminator="\n")
for r in sqlite3.connect(sys.argv[1]).execute("SELECT %s FROM %s" % (sys.argv[3], sys.argv[2])):
    w.writerow(["" if v is None else v for v in r])' "$T/platform.db" "$1" "$2"
}
ledger() { sqlite3 "$1/state/ledger.db" "$2"; }
# stored DIR: the platform holds exactly the valid records of DIR's
# night, none rejected, and its receipts are the ledger's batches
stored() {
	_st=$1/staging/$day _n=0 _total=0
	for t in $tables; do
		_v=$(rows "$_st/$t.valid.csv")
		[ "$_v" -gt 0 ] || fail "$t: no valid records on $day"
		assert_eq "$_v" "$(pq "SELECT count(*) FROM $t")" "$t rows on the platform"
		assert_eq "$_v" "$(pq "SELECT sum(record_count) FROM receipts WHERE table_name = '$t'")" \
		    "$t records of the platform's receipts"
		tail -n +2 "$_st/$t.valid.csv" | LC_ALL=C sort >"$T/want"
		store_csv "$t" "$(head -n 1 "$_st/$t.valid.csv")" | LC_ALL=C sort >"$T/got"
		assert_files "$T/want" "$T/got" "$t: valid file and the platform's store"
		_n=$((_n + 1)) _total=$((_total + _v))
	done
	assert_eq 27 "$_n" "tables"
	[ "$_total" -gt 4000 ] || fail "only $_total valid records"
	assert_eq 0 "$(pq 'SELECT count(*) FROM rejected_records')" "records the platform rejected"
	assert_eq "$_total" "$(pq 'SELECT sum(record_count) FROM receipts')" "records of the receipts"
	pq "SELECT batch_id, table_name, record_count FROM receipts ORDER BY 1" >"$T/receipts"
	ledger "$1" "SELECT batch_id, table_name, record_count FROM batches ORDER BY 1" >"$T/batches"
	assert_files "$T/receipts" "$T/batches" "the platform's receipts and the ledger's batches"
	assert_eq 0 "$(ledger "$1" 'SELECT count(*) FROM outbox')" "outbox of $1"
	total=$_total
}
# again DIR STATUS [OPTION...]: a second night stores nothing new;
# every batch of the ledger has STATUS afterwards
again() {
	_a=$1 _s=$2
	shift 2
	pq "SELECT count(*), max(created_at) FROM receipts" >"$T/before"
	for t in $tables; do pq "SELECT '$t', count(*), max(received_at) FROM $t"; done >>"$T/before"
	night "$_a" "$@"
	pq "SELECT count(*), max(created_at) FROM receipts" >"$T/after"
	for t in $tables; do pq "SELECT '$t', count(*), max(received_at) FROM $t"; done >>"$T/after"
	assert_files "$T/before" "$T/after" "the platform's store after a second run"
	assert_eq "http|$_s|$(pq 'SELECT count(*) FROM receipts')|$total" \
	    "$(ledger "$_a" "SELECT channel, status, count(*), sum(record_count) FROM batches GROUP BY 1, 2")" \
	    "the ledger of $_a after a second run"
	assert_eq 0 "$(hdx-status -c "$_a/site.conf" --date $day --csv |
	    awk -F, 'NR > 1 { n += $7 } END { print n }')" "stored by the second run of $_a"
}

# 1. the night, all 27 tables, over HTTP
platformd_start
site "$T/a"
night "$T/a"
stored "$T/a"
assert_eq "http|delivered|$(pq 'SELECT count(*) FROM receipts')|$total" \
    "$(ledger "$T/a" "SELECT channel, status, count(*), sum(record_count) FROM batches GROUP BY 1, 2")" \
    "the ledger after the night"
# reconcile DIR: GET /api/v1/stats, the platform's distinct keys of the
# business date, agrees with the ledger for every table
reconcile() {
	_r=$1
	set --
	for t in $tables; do set -- "$@" -t "$t"; done
	hdx-reconcile -c "$_r/site.conf" --date $day "$@" >"$T/reconcile" ||
	    { cat "$T/reconcile" >&2; fail "hdx-reconcile of $_r: exit"; }
	assert_eq 27 "$(grep -c "^[a-z_]* $day: .*; \([0-9]*\) uploaded, \1 on the platform\$" "$T/reconcile")" \
	    "tables reconciled for $_r"
	assert_eq 0 "$(grep -c ': gap: ' "$T/reconcile")" "gaps for $_r"
}
reconcile "$T/a"

# 2. the night again: nothing new, the platform answers duplicate
again "$T/a" duplicate

# 3. a receiver that fails 30% and drops 10% of the requests (half of
# the dropped ones stored before the connection closes; each 503 asks to
# wait a second): a fresh store and a fresh site whose night starts from
# the same staging files, so that only the upload (and the watermark)
# runs under the faults
platformd_stop
rm -f "$T/platform.db"
platformd_start --seed 7 --fail-rate 0.3 --drop-rate 0.1
site "$T/b"
mkdir -p "$T/b/staging"
cp -Rp "$T/a/staging/$day" "$T/b/staging/$day"
night "$T/b" --stage upload
stored "$T/b"
reconcile "$T/b"
assert_eq 27 "$(grep -c ' stage=upload status=ok ' "$T/b/log/nightly-$day.log")" "uploads under faults"
assert_eq 27 "$(grep -c ' stage=watermark status=ok ' "$T/b/log/nightly-$day.log")" "watermarks under faults"
for t in $tables; do
	cmp "$T/a/state/$t.watermark" "$T/b/state/$t.watermark" || fail "$t: watermark under faults"
done
grep -q ' 503 #' "$T/platformd.log" || fail "no 503 injected"
grep -q ' - #' "$T/platformd.log" || fail "no connection dropped"
# every record once: the platform's receipts are the ledger's batches
# (stored), so no batch was stored twice under another id, and the
# store's primary keys hold each key once; the next run sends nothing
again "$T/b" duplicate --stage upload
