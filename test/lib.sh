# test/lib.sh - the shared set-up of the end-to-end tests (sourced):
# a temporary directory removed on exit, assertions that say what
# differed, and throwaway servers (PostgreSQL, the platform receiver).
set -eu
top=${HDX_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
# shellcheck source=test/common.sh disable=SC1091
. "$top/test/common.sh"
tmp_init hdx-e2e

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*"; exit 0; }

# assert_eq EXPECTED ACTUAL WHAT
assert_eq() {
	[ "$1" = "$2" ] || fail "$3: expected '$1', got '$2'"
}
# assert_files EXPECTED_FILE ACTUAL_FILE WHAT
assert_files() {
	diff -u "$1" "$2" >"$T/diff" 2>&1 || { cat "$T/diff" >&2; fail "$3 differ"; }
}
# expect_fail STATUS STDERR_TEXT command...: exits with STATUS, and
# stderr is exactly STDERR_TEXT (one line).
expect_fail() {
	want_rc=$1 want_err=$2; shift 2
	set +e
	"$@" >"$T/stdout" 2>"$T/stderr"
	rc=$?
	set -e
	[ "$rc" -eq "$want_rc" ] || { cat "$T/stderr" >&2; fail "$*: exit $rc, expected $want_rc"; }
	assert_eq "$want_err" "$(cat "$T/stderr")" "$* stderr"
}

# need_platform: sets PLAT (the platform side) and PY (a python3 with
# hashlib sm3 and cryptography), or skips the test with one line.
need_platform() {
	PLAT=${HDX_PLATFORM:-$top/../shared/platform}
	[ -f "$PLAT/platformd.py" ] || skip "platform side not found at $PLAT (set HDX_PLATFORM)"
	PLAT=$(cd "$PLAT" && pwd)
	PY=""
	for py in python3 /usr/bin/python3; do
		if "$py" -c 'import hashlib, cryptography; hashlib.new("sm3")' 2>/dev/null; then
			PY=$py; break
		fi
	done
	[ -n "$PY" ] || skip "no python3 with hashlib sm3 and cryptography"
}

# demo_copy: the demo hospital's site copied to $T/site (conf: its
# site.conf), reading its HIS built at $T/his.db (needs sqlite3 and the
# SQLite3 ODBC driver). demo_site below makes named copies for the
# crash tests.
demo_copy() {
	cp -R "$top/demo/site" "$T/site"
	"$top/demo/make-hospital" "$T/his.db"
	conf=$T/site/site.conf
	sed -i "s|^dsn = .*|dsn = Driver=SQLite3;Database=$T/his.db|" "$conf"
}
# demo_frontdb: demo_copy uploading into an embedded front-end database,
# $T/front.db, made from the standard's schema.
demo_frontdb() {
	demo_copy
	printf '\n[upload]\nchannel = frontdb\nfrontdb = odbc:Driver=SQLite3;Database=%s\n' \
	    "$T/front.db" >>"$conf"
	hdx-standard ddl --dialect sqlite | sqlite3 "$T/front.db"
}
# demo_night DAY: demo_copy, extracted and mapped for DAY by hdx-nightly
# into $T/site/staging/DAY.
demo_night() {
	demo_copy
	hdx-nightly -q -c "$T/site/site.conf" --date "$1" --stage extract-map 2>"$T/err" ||
	    { cat "$T/err" >&2; fail "extract and map"; }
}

# pg_start: a throwaway PostgreSQL cluster on a Unix socket under $T
# (common.sh's); sets PGHOST, PGPORT, PGUSER, PGDATABASE for libpq and
# psql. Skips the test when PostgreSQL is not installed.
pg_start() {
	_rc=0
	pg_cluster || _rc=$?
	[ $_rc -ne 2 ] || skip "$PG_WHY"
	[ $_rc -eq 0 ] || fail "$PG_WHY"
}
# case_site FRONTDB [LINE...]: $T/site.conf, a site of the case
# institution whose front-end database is FRONTDB (a libpq conninfo, or
# odbc:...); each LINE is added to its [upload] section.
case_site() {
	cat >"$T/site.conf" <<EOT
[site]
org_code = 124115004170483179
standard = $top/dict
state_dir = state
staging_dir = staging
[upload]
channel = frontdb
frontdb = $1
EOT
	shift
	for _l in "$@"; do printf '%s\n' "$_l" >>"$T/site.conf"; done
}
# source_site NAME DRIVER DSN [LINE...]: $T/site/NAME.conf, the site
# copied to $T/site with another [source his] (DRIVER and DSN), a state
# directory of its own, and each LINE added after the dsn (charset = GBK).
source_site() {
	_n=$1 _d=$2 _s=$3
	shift 3
	sed -e "s|^driver = .*|driver = $_d|" -e "s|^dsn = .*|dsn = $_s|" \
	    -e "s|^state_dir = .*|state_dir = $T/state-$_n|" \
	    "$T/site/site.conf" >"$T/site/$_n.conf"
	for _l in "$@"; do sed -i "/^dsn = /a $_l" "$T/site/$_n.conf"; done
}
# pg_site [LINE...]: case_site on the pg_start cluster, with the
# standard's tables.
pg_site() {
	hdx-standard --standard "$top/dict" ddl | psql -qX -v ON_ERROR_STOP=1 >/dev/null
	case_site "host=$PGHOST port=$PGPORT dbname=postgres user=postgres" "$@"
}

# shared_push FRONTDB PUSHBACK-DB-OPTION...: the push-back set-up of the
# status tests: a site on FRONTDB (state only, no staging), the sources of
# two other hospitals made by pushback.py, authorised with hdx-verify
# authorize, and pushed for $DAY with 2 corrupt pushes and 2 with defects;
# sets npush, ok, mis and qcf from the manifest $T/m.csv.
shared_push() {
	_front=$1
	shift
	mkdir -p "$T/state/log"
	: >"$T/state/log/nightly-$DAY.log"
	cat >"$T/site.conf" <<EOT
[site]
org_code = $ORG
standard = $top/dict
state_dir = state
[upload]
channel = frontdb
frontdb = $_front
EOT
	"$PY" "$PLAT/pushback.py" make-source --out "$T/src" --org 12411500417051225K \
	    --org 124501004985102139 --patients 12 --seed 5 --hospital "$ORG" >/dev/null
	hdx-verify authorize -q -c "$T/site.conf" -i "$T/src/authorizations.csv"
	"$PY" "$PLAT/pushback.py" "$@" --org "$ORG" \
	    --authorizations "$T/src/authorizations.csv" --source-dir "$T/src" \
	    --today "$DAY" --seed 7 --corrupt 2 --defects 2 --manifest "$T/m.csv" >/dev/null
	npush=$(grep -c '^push,' "$T/m.csv")
	ok=$(_verdicts ok) mis=$(_verdicts mismatch) qcf=$(_verdicts qc_failed)
	assert_eq "146 142 2 2" "$npush $ok $mis $qcf" "the manifest's pushes and verdicts"
}
_verdicts() { awk -F, -v s="$1" '$1 == "push" && $6 == s { n++ } END { print n + 0 }' "$T/m.csv"; }

# site_secrets CONF NAME=VALUE...: the secrets file "secrets" beside the
# site file CONF, mode 0600, with a line NAME = VALUE for each argument,
# named by CONF's [site] section. The tools read secrets from it only.
site_secrets() {
	_sf=$(dirname "$1")/secrets
	(umask 077 && : >"$_sf")
	_conf=$1
	shift
	for _kv in "$@"; do printf '%s = %s\n' "${_kv%%=*}" "${_kv#*=}"; done >>"$_sf"
	sed -i '/^\[site\]$/a secrets = secrets' "$_conf"
	grep -q '^secrets = secrets$' "$_conf" || fail "$_conf: no [site] section"
}

# http_upload CONF: appends an [upload] section for the receiver at BASE
# to the site file CONF, its HMAC secret in a secrets file beside it.
http_upload() {
	cat >>"$1" <<EOT

[upload]
channel = http
url = $BASE
secret = secret:hmac
max_attempts = 10
connect_timeout = 5s
timeout = 10s
EOT
	site_secrets "$1" hmac="$SECRET"
}

# platformd_start [platformd options...]: the platform's receiver on a
# free loopback port with a fresh store; sets BASE (its URL) and
# PLATFORMD_PID; its store is $PLATFORM_STORE (default $T/platform.db);
# writes $T/orgs.json with the org of ORG/SECRET/SM4KEY
# (defaults below) unless it exists. Needs need_platform first.
ORG=${ORG:-124115004170483179}
SECRET=${SECRET:-demo-secret-0123456789}
SM4KEY=${SM4KEY:-0123456789abcdeffedcba9876543210}
platformd_start() {
	[ -f "$T/orgs.json" ] || printf '{"orgs": [{"org_code": "%s", "secret": "%s", "sm4_key_hex": "%s"}]}\n' \
	    "$ORG" "$SECRET" "$SM4KEY" >"$T/orgs.json"
	rm -f "$T/platform.port"
	"$PY" "$PLAT/platformd.py" --orgs "$T/orgs.json" --store "${PLATFORM_STORE:-$T/platform.db}" \
	    --port 0 --port-file "$T/platform.port" "$@" >"$T/platformd.out" 2>"$T/platformd.log" &
	PLATFORMD_PID=$!
	i=0
	while [ ! -s "$T/platform.port" ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || { cat "$T/platformd.log" >&2; fail "platformd did not start"; }
		sleep 0.1
	done
	BASE=http://127.0.0.1:$(cat "$T/platform.port")
	on_exit platformd_stop
}
platformd_stop() {
	[ -n "${PLATFORMD_PID:-}" ] || return 0
	kill -TERM "$PLATFORMD_PID" 2>/dev/null && wait "$PLATFORMD_PID" 2>/dev/null
	PLATFORMD_PID=""
}

# ---- the demo hospital's nightly chain (crash and fault tests) ----
#
# demo_site NAME [FRONTDB]: a fresh copy of demo/site as $T/NAME reading
# the demo HIS $T/his.db (built on first use). Its front-end database is
# the libpq conninfo FRONTDB when given (a new database NAME in the
# cluster of pg_start: give "pg"), else SQLite $T/NAME/front.db; either
# gets the standard's tables. With "http" its channel is the HTTP API of
# a platformd of its own (need_platform first) whose store $T/NAME.store
# front_sql reads.
demo_site() {
	[ -f "$T/his.db" ] || "$top/demo/make-hospital" "$T/his.db"
	rm -rf "${T:?}/$1"
	cp -R "$top/demo/site" "$T/$1"
	sed -i "s|^dsn = .*|dsn = Driver=SQLite3;Database=$T/his.db|" "$T/$1/site.conf"
	if [ "${2:-}" = http ]; then
		# a receiver of its own, with a store of its own
		platformd_stop
		PLATFORM_STORE=$T/$1.store platformd_start
		http_upload "$T/$1/site.conf"
	elif [ "${2:-}" = pg ]; then
		psql -qX -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE $1" >/dev/null
		hdx-standard ddl | psql -qX -v ON_ERROR_STOP=1 -d "$1" >/dev/null
		printf '\n[upload]\nchannel = frontdb\nfrontdb = host=%s port=%s dbname=%s user=%s\n' \
		    "$PGHOST" "$PGPORT" "$1" "$PGUSER" >>"$T/$1/site.conf"
	else
		printf '\n[upload]\nchannel = frontdb\nfrontdb = odbc:Driver=SQLite3;Database=%s\n' \
		    "$T/$1/front.db" >>"$T/$1/site.conf"
		hdx-standard ddl --dialect sqlite | sqlite3 "$T/$1/front.db"
	fi
}
# front_sql NAME SQL: rows of a query on site NAME's front-end database,
# as CSV.
front_sql() {
	if [ -f "$T/$1.store" ]; then
		sqlite3 -csv "$T/$1.store" "$(printf '%s\n' "$2" | sed 's/FROM upload_batch$/FROM receipts/')"
	elif [ -f "$T/$1/front.db" ]; then
		sqlite3 -csv "$T/$1/front.db" "$2"
	else
		psql -qXA -F, -t -v ON_ERROR_STOP=1 -d "$1" -c "$2"
	fi
}
# front_dump NAME TABLE...: every stored row of the tables without the
# platform columns, sorted, then the count and records of upload_batch.
front_dump() {
	_s=$1; shift
	for _t in "$@"; do
		_c=$(hdx-standard show "$_t" | tail -n +2 | cut -d, -f2 | paste -sd, -)
		front_sql "$_s" "SELECT '$_t', $_c FROM $_t ORDER BY 2, 3"
	done
	front_sql "$_s" "SELECT 'upload_batch', count(*), sum(record_count) FROM upload_batch"
}
# front_dups NAME TABLE...: fails when a table holds a key twice.
front_dups() {
	_s=$1; shift
	for _t in "$@"; do
		_k=$(hdx-standard show "$_t" | awk -F, '$8 == "Y" && $2 != "org_code" { print $2 }' |
		    paste -sd, -)
		_d=$(front_sql "$_s" "SELECT count(*) FROM (SELECT org_code, $_k FROM $_t GROUP BY org_code, $_k HAVING count(*) > 1) d")
		assert_eq 0 "$_d" "$_s: $_t keys stored twice"
	done
}
# reconcile NAME DATE TABLE...: hdx-reconcile of the tables, which must
# agree (exit 0); its lines on stdout.
reconcile() {
	_s=$1 _d=$2; shift 2
	_a=""
	for _t in "$@"; do _a="$_a -t $_t"; done
	_rc=0
	# shellcheck disable=SC2086 # -t TABLE words
	hdx-reconcile -c "$T/$_s/site.conf" --date "$_d" $_a >"$T/$_s.reconcile.out" \
	    2>"$T/$_s.reconcile.err" || _rc=$?
	[ "$_rc" -eq 0 ] || { cat "$T/$_s.reconcile.out" "$T/$_s.reconcile.err" >&2
	    fail "$_s: hdx-reconcile $_d: exit $_rc"; }
	cat "$T/$_s.reconcile.out"
}
# seeded N SEED I: a number in [0, N) from the seed and the point I,
# the same on every run.
seeded() {
	awk -v n="$1" -v s="$2" -v i="$3" 'BEGIN { srand(s * 1000 + i); printf "%d", rand() * n }'
}
# ms_sleep MS: sleep for MS milliseconds.
ms_sleep() { sleep "$(awk -v ms="$1" 'BEGIN { printf "%.3f", ms / 1000 }')"; }
# stage_wrap DIR: in DIR, a wrapper for each stage's tool (hdx-extract,
# hdx-map, hdx-check, hdx-upload) that runs the real one and appends
# "STAGE CALL MS STATUS" to $WRAP_LOG: the stage's CALLth run, its
# milliseconds and exit status. With KILL_STAGE, KILL_CALL and KILL_MS
# set, the KILL_CALLth run of KILL_STAGE gets kill -9 after KILL_MS ms
# (status 137 when it was still running). Put DIR first in PATH.
stage_wrap() {
	mkdir -p "$1"
	for _st in extract map check upload; do
		_real=$(command -v "hdx-$_st") || fail "hdx-$_st not found"
		cat >"$1/hdx-$_st" <<EOT
#!/bin/sh
# a stage under test: the real tool, perhaps killed at a point
n=\$((\$(cat "\$WRAP_LOG.$_st" 2>/dev/null || echo 0) + 1))
echo \$n >"\$WRAP_LOG.$_st"
t0=\$(date +%s%N)
if [ "\${KILL_STAGE:-}" = $_st ] && [ "\$KILL_CALL" = \$n ]; then
	exec 3<&0
	"$_real" "\$@" <&3 3<&- &
	pid=\$!
	sleep "\$(awk -v ms="\$KILL_MS" 'BEGIN { printf "%.3f", ms / 1000 }')"
	kill -9 \$pid 2>/dev/null
	wait \$pid
else
	"$_real" "\$@"
fi
rc=\$?
echo "$_st \$n \$(((\$(date +%s%N) - t0) / 1000000)) \$rc" >>"\$WRAP_LOG"
exit \$rc
EOT
		chmod 755 "$1/hdx-$_st"
	done
}
# stage_point LOG STAGE SEED I: "CALL MS", a seeded point in the time
# the runs of STAGE took in LOG (a WRAP_LOG): a run picked with odds by
# its length, and a millisecond in the first half of it (a loaded
# machine may run it twice as fast or slow another time).
stage_point() {
	_at=$(seeded "$(awk -v s="$2" '$1 == s { n += $3 } END { print n + 0 }' "$1")" "$3" "$4")
	awk -v s="$2" -v at="$_at" '$1 == s { if (at < $3) { print $2, int(at / 2); exit }
	    at -= $3 }' "$1"
}
# stage_crash STAGE [http]: kill -9 one stage's tool of the demo night at
# CRASH_POINTS (default 3) seeded points (CRASH_SEED), each time on a
# fresh site with a PostgreSQL front-end database (or, with http, the
# HTTP API of a platformd of its own); rerun the night and
# compare with a clean night: the same rows, no key twice, the same
# rejects files, the ledger's keys and hdx-reconcile agreeing.
stage_crash() {
	command -v flock >/dev/null || skip "flock not found"
	odbcinst -q -d -n SQLite3 >/dev/null 2>&1 || skip "no ODBC driver SQLite3"
	_mode=${2:-pg}
	if [ "$_mode" = http ]; then
		need_platform
		export HDX_UPLOAD_BACKOFF=0.05
	else
		pg_start
	fi
	_stage=$1 day=2026-10-27
	points=${CRASH_POINTS:-3} seed=${CRASH_SEED:-11}
	# four tables: every stage runs for each, in a night short enough
	# for 3 points of 4 stages in make check
	tables="dept_info staff_info patient_info outpatient_registration"
	stage_wrap "$T/wrap"
	PATH=$T/wrap:$PATH
	export WRAP_LOG KILL_STAGE KILL_CALL KILL_MS
	WRAP_LOG=$T/clean.wrap
	demo_site clean "$_mode"
	night_of clean || { cat "$T/clean.err" >&2; fail "the clean night"; }
	night_record clean
	[ "$(wc -l <"$T/clean.rows")" -gt 500 ] || fail "the clean night stored too little"
	# a kill that came after the tool had finished is tried again at
	# the next point, up to three times the points
	_i=0 _hits=0
	while [ $_hits -lt "$points" ] && [ $_i -lt $((3 * points)) ]; do
		_i=$((_i + 1))
		# shellcheck disable=SC2046 # "CALL MS"
		set -- $(stage_point "$T/clean.wrap" "$_stage" "$seed" $_i)
		demo_site "crash$_i" "$_mode"
		WRAP_LOG=$T/crash$_i.wrap KILL_STAGE=$_stage KILL_CALL=$1 KILL_MS=$2
		_rc=0
		night_of "crash$_i" || _rc=$?
		_at="$_stage run $1 at $2 ms"
		grep -q "^$_stage $1 [0-9]* 137$" "$WRAP_LOG" || continue
		_hits=$((_hits + 1))
		if [ "$_stage" = check ] && [ "$1" -eq 2 ]; then
			# the second run writes the HTML report only
			assert_eq 0 "$_rc" "hdx-nightly's exit after the kill of $_at"
			assert_eq "hdx-nightly: warning: $day: the HTML QC report could not be written" \
			    "$(cat "$T/crash$_i.err")" "stderr after the kill of $_at"
		else
			assert_eq 1 "$_rc" "hdx-nightly's exit after the kill of $_at"
			grep -Eq ": ($_stage failed \(exit 137\)|watermark failed \(exit 4\))$" "$T/crash$_i.err" ||
			    { cat "$T/crash$_i.err" >&2; fail "no failure named after the kill of $_at"; }
		fi
		KILL_STAGE="" WRAP_LOG=$T/rerun$_i.wrap
		night_of "crash$_i" || { cat "$T/crash$_i.err" >&2; fail "rerun after the kill of $_at"; }
		night_record "crash$_i"
		for _f in rows rejects keys reconcile; do
			assert_files "$T/clean.$_f" "$T/crash$_i.$_f" "$_f after the kill of $_at"
		done
		# shellcheck disable=SC2086 # table names
		front_dups "crash$_i" $tables
	done
	# the kills must have hit running tools, or nothing was tested
	[ "$_hits" -gt 0 ] || fail "no kill of $_i hit a running hdx-$_stage"
	echo "$_hits of $_i kills hit a running hdx-$_stage"
}
# night_of NAME: the demo night of site NAME (stderr to $T/NAME.err).
night_of() {
	# shellcheck disable=SC2086 # table names
	hdx-nightly -q -c "$T/$1/site.conf" --date "$day" $tables 2>>"$T/$1.err"
}
# night_record NAME: what a night left, to compare: $T/NAME.rows (the
# front-end rows), .rejects (every rejects file), .keys (the ledger's
# keys per table and date), .reconcile (hdx-reconcile's lines).
night_record() {
	# shellcheck disable=SC2086 # table names
	front_dump "$1" $tables | grep -v '^upload_batch' >"$T/$1.rows"
	for _f in "$T/$1/staging/$day/"*rejects.csv; do
		printf '== %s\n' "${_f##*/}"
		cat "$_f"
	done >"$T/$1.rejects"
	sqlite3 -csv "$T/$1/state/ledger.db" "SELECT table_name, business_date, count(*),
	    count(DISTINCT key_sm3) FROM keys GROUP BY 1, 2 ORDER BY 1, 2" >"$T/$1.keys"
	# shellcheck disable=SC2086 # table names
	reconcile "$1" "$day" $tables >"$T/$1.reconcile"
}

# through_fifo OUT TOOL ARGS...: runs TOOL ARGS, which names the FIFO
# $T/fifo as its output file, and copies what it writes to OUT. A device
# or FIFO given as a tool's output is written in place: renaming a
# temporary onto it would replace /dev/null itself when run as root.
through_fifo() {
	_out=$1
	shift
	rm -f "$T/fifo"
	mkfifo "$T/fifo"
	cat "$T/fifo" >"$_out" &
	_cat=$!
	_rc=0
	"$@" || _rc=$?
	# a tool that renamed a file onto it never opened it: cat still waits
	[ -p "$T/fifo" ] || { kill "$_cat"; fail "$1 replaced the FIFO it wrote to"; }
	wait "$_cat"
	[ -z "$(ls "$T" | grep '^fifo\.tmp' || true)" ] || fail "$1 left a temporary beside the FIFO"
	return "$_rc"
}
