# bench/lib.sh - the benchmarks' set-up (sourced by run-bench, run-scale,
# run-upload after setting top): the work directory $W and the throwaway
# PostgreSQL cluster of test/common.sh (shared with the tests), the bench
# site and data, and the measurement of a command.
#
#   bench_tools            $W/gen and $W/presign built against build/libhdx.a
#   MAPS                   -m DOMAIN=FILE options of every mapping file
#   site NAME SOURCE CHANNEL URL   $W/NAME.conf, state in $W/NAME.d/state
#   cols TABLE             the standard's columns, comma-separated
#   query TABLE            bench/sql/TABLE.sql over the whole time window
#   upsert TABLE           the upsert of lib/chan_pg.c, from stage_TABLE
#   pkey TABLE             the primary key, fields joined by +
#   front_db               database "front" with frontdb.py's DDL
#   front_reset TABLE      TABLE and upload_batch emptied, stage_TABLE new
#   platformd_start/stop   the platform's receiver, a fresh store; BASE
#   measure CMD...         M_WALL, M_RSS (KiB), M_CPU (user+sys s) and
#                          M_SRV (CPU s of the server side, by $SRV_CPU)
#   best REPS CMD...       measure, REPS times, $PRE run before each; the
#                          least wall, CPU and server CPU of the runs
#   rec, skiprow           a line of the results file $R (see report)
# shellcheck disable=SC2034 # variables set here for the scripts that source it
set -eu
: "${top:?the sourcing script sets top}"
# shellcheck source=test/common.sh disable=SC1091
. "$top/test/common.sh"
tmp_init hdx-bench
W=$T
note() { printf '%s\n' "bench: $*" >&2; }

BIN=${HDX_BIN:-$top/build/bin}
STD=$top/dict
PLAT=${HDX_PLATFORM:-$top/../shared/platform}
TODAY=2026-10-29
ORG=124115004170483179
BENCH_SECRET=bench-secret-0123456789
# the secrets of bench/site.conf (secret:bench, platformd's HMAC secret)
(umask 077 && echo "bench = $BENCH_SECRET" >"$W/secrets")
export LC_ALL=C.UTF-8

# pg_start: the cluster with a front-end machine's settings (2 cores, a
# few GB of memory); autovacuum off, so that no worker started by one
# measurement runs into the next (the source tables are analyzed by
# hand). Returns 1 (with a note) when there is no PostgreSQL.
pg_start() {
	pg_cluster "-c shared_buffers=256MB -c max_wal_size=4GB -c synchronous_commit=off -c autovacuum=off" ||
	    { note "$PG_WHY"; return 1; }
	PM_PID=$(head -n 1 "$PGDIR/data/postmaster.pid")
}
# CPU seconds of the server's backends that have ended (the postmaster's
# reaped children): the server side of a psql or hdx run
pg_cpu() {
	sleep 0.2	# the backend of the client that just ended reaped
	awk -v t="$(getconf CLK_TCK)" '{ print ($16 + $17) / t }' "/proc/$PM_PID/stat"
}

bench_tools() {
	# shellcheck disable=SC2046 # the flags are words
	for _c in gen presign; do
		cc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
		    -Wmissing-prototypes -I"$top/lib" -o "$W/$_c" "$top/bench/$_c.c" \
		    "$top/build/libhdx.a" -lcsv \
		    $(pkg-config --libs libpq odbc jansson libcurl openssl sqlite3) -lm
	done
}
MAPS=""
for _f in "$top"/demo/site/mapping/*.csv "$top"/bench/mapping/*.csv; do
	MAPS="$MAPS -m $(basename "$_f" .csv)=$_f"
done

site() { # site NAME SOURCE CHANNEL URL
	sed -e "s|@TOP@|$top|g; s|@WORK@|$W/$1.d|g; s|@DATA@|$W|g; s|@SOURCE@|$2|; s|@CHANNEL@|$3|" \
	    -e "s|@URL@|$4|; s|@PGHOST@|${PGHOST:-/nonexistent}|g; s|@PGPORT@|${PGPORT:-5432}|g" \
	    "$top/bench/site.conf" >"$W/$1.conf"
	rm -rf "$W/$1.d"
	mkdir -p "$W/$1.d/state"	# hdx-check fails without it (exit 4, ledger.db)
}
cols() { "$W/gen" --standard "$STD" -n 0 "$1"; }	# (after bench_tools)
pkey() { awk -F, -v t="$1" '$1 == t { print $4 }' "$STD/tables.csv"; }
query() {
	sed -e '/^--/d' -e "s/:since/'0001-01-01 00:00:00'/; s/:until/'9999-12-31 23:59:59'/" \
	    -e 's/;$//' "$top/bench/sql/$1.sql" | tr '\n\t' '  '
}
upsert() {
	awk -v t="$1" -v cols="$(cols "$1")" -v key="$(pkey "$1")" 'BEGIN {
		n = split(cols, c, ","); split(key, k, "+")
		for (i in k) inkey[k[i]] = 1
		gsub(/\+/, ", ", key)
		printf "INSERT INTO %s AS t (%s, batch_id) SELECT %s, '\''ref'\'' FROM stage_%s ", t, cols, cols, t
		printf "ON CONFLICT (%s) DO UPDATE SET ", key
		for (i = 1; i <= n; i++) if (!(c[i] in inkey)) printf "%s = EXCLUDED.%s, ", c[i], c[i]
		printf "batch_id = EXCLUDED.batch_id, received_at = (now() AT TIME ZONE '\''Asia/Shanghai'\'') "
		printf "WHERE t.update_time <= EXCLUDED.update_time;\n"
	}'
}
front_db() {
	psql -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE front"
	python3 "$PLAT/frontdb.py" --standard "$STD" >"$W/front.sql" 2>"$W/frontdb.err" ||
	    python3 "$PLAT/frontdb.py" >"$W/front.sql"
	psql -q -v ON_ERROR_STOP=1 -d front -f "$W/front.sql" >/dev/null
}
front_reset() {
	psql -q -d front -c "TRUNCATE $1, upload_batch" -c "DROP TABLE IF EXISTS stage_$1" \
	    -c "CREATE UNLOGGED TABLE stage_$1 AS SELECT $(cols "$1") FROM $1 WITH NO DATA" \
	    -c "CHECKPOINT"
}

# ---- platformd, a fresh store each start; sets BASE, or PLATD_WHY
PLATD=""
platformd_start() {
	PLATD_WHY=""
	[ -f "$PLAT/platformd.py" ] || { PLATD_WHY="platform side not found at $PLAT"; return 1; }
	python3 -c 'import hashlib, cryptography; hashlib.new("sm3")' 2>/dev/null ||
	    { PLATD_WHY="no python3 with hashlib sm3 and cryptography"; return 1; }
	printf '{"orgs": [{"org_code": "%s", "secret": "%s"}]}\n' "$ORG" "$BENCH_SECRET" >"$W/orgs.json"
	rm -f "$W/platform.port" "$W/platform.db"*
	python3 "$PLAT/platformd.py" --orgs "$W/orgs.json" --store "$W/platform.db" \
	    --standard "$top/../shared/standard" --port 0 --port-file "$W/platform.port" \
	    >"$W/platformd.out" 2>"$W/platformd.log" &
	PLATD=$!
	_i=0
	while [ ! -s "$W/platform.port" ]; do
		_i=$((_i + 1))
		[ $_i -lt 100 ] || { PLATD_WHY="platformd did not start"; return 1; }
		sleep 0.1
	done
	BASE=http://127.0.0.1:$(cat "$W/platform.port")
}
platformd_stop() { [ -z "$PLATD" ] || { kill -TERM "$PLATD" 2>/dev/null; wait "$PLATD" 2>/dev/null; PLATD=""; }; }
on_exit platformd_stop
# CPU seconds platformd has used (utime + stime)
platformd_cpu() { awk -v t="$(getconf CLK_TCK)" '{ print ($14 + $15) / t }' "/proc/$PLATD/stat"; }

# measure command...: the command (stdout and stderr as the caller set
# them) under GNU time: M_WALL seconds, M_RSS KiB (the largest process of
# a pipeline: GNU time's children's maximum), M_CPU user+sys seconds of
# the command and every process it waited for; M_SRV the CPU seconds the
# server side spent meanwhile, when SRV_CPU names a function printing its
# counter (pg_cpu, platformd_cpu). Returns the command's status.
measure() {
	_s0=""; [ -z "${SRV_CPU:-}" ] || _s0=$($SRV_CPU)
	_mrc=0
	/usr/bin/time -f '%e %M %U %S' -o "$W/time.out" "$@" || _mrc=$?
	# "Command exited with non-zero status" comes first on failure
	# shellcheck disable=SC2046 # the four numbers
	set -- $(tail -n 1 "$W/time.out")
	M_WALL=$1 M_RSS=$2 M_CPU=$(echo "$3 $4" | awk '{ printf "%.2f", $1 + $2 }') M_SRV=""
	[ -z "$_s0" ] || M_SRV=$(echo "$($SRV_CPU) $_s0" | awk '{ printf "%.2f", $1 - $2 }')
	return $_mrc
}
# best REPS command...: measure REPS times, the function $PRE (if set)
# run before each and $POST (if set) after each, unmeasured; statuses 0
# and 1 are success (1 means findings, by design), a POST that fails
# makes the status 3. M_WALL, M_CPU, M_SRV the least of the runs, M_RSS
# the largest; files $W/st.* a run leaves are kept as $W/best.st.* from
# the run of the least wall. Returns the first status above 1.
best() {
	_bn=$1; shift
	_bw="" _bc="" _bs="" _br=0 _k=0
	rm -f "$W"/best.st.*
	while [ $_k -lt "$_bn" ]; do
		_k=$((_k + 1))
		[ -z "${PRE:-}" ] || $PRE
		rm -f "$W"/st.*
		_bst=0
		measure "$@" || _bst=$?
		[ $_bst -le 1 ] || return $_bst
		[ -z "${POST:-}" ] || $POST "$_k" || return 3
		if [ -z "$_bw" ] || awk -v a="$M_WALL" -v b="$_bw" 'BEGIN { exit !(a < b) }'; then
			_bw=$M_WALL
			for _f in "$W"/st.*; do [ -f "$_f" ] && mv "$_f" "$W/best.${_f##*/}"; done
		fi
		[ -n "$_bc" ] && awk -v a="$M_CPU" -v b="$_bc" 'BEGIN { exit !(a >= b) }' || _bc=$M_CPU
		[ -n "$_bs" ] && awk -v a="${M_SRV:-0}" -v b="$_bs" 'BEGIN { exit !(a >= b) }' || _bs=${M_SRV:-}
		[ "$M_RSS" -le "$_br" ] || _br=$M_RSS
	done
	M_WALL=$_bw M_CPU=$_bc M_SRV=$_bs M_RSS=$_br
}

# the results file: one measurement a line, tab-separated
#   id stage method table rows wall bytes rss_kb cpu srv_cpu ref_id targets note
# (id "skip": not measured, the reason in note). Targets: see bench/report.
R=$W/results.tsv
: >"$R"
rec() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$R"; }
skiprow() { # STAGE METHOD TABLE REASON [TARGETS]
	rec skip "$1" "$2" "$3" "" "" "" "" "" "" "" "${5:-}" "$4"
	note "$1 $2 $3: not measured: $4"
}

# chain_cmd TABLE [upload]: the sh command of the chain on site pg,
# extract | map | check | upload (or > /dev/null without upload), each
# stage under GNU time into $W/st.STAGE (its own peak RSS and CPU). sh
# has no pipefail, and a stage that dies after its header has gone
# through leaves the next ones a valid, shorter input: the status is 3
# when any stage exited above 1 or was killed (GNU time's first line
# then says so; the stages are named on stderr), else the last stage's.
chain_cmd() {
	_tm="/usr/bin/time -f '%e %M %U %S' -o '$W/st"
	_o="-c '$W/pg.conf' -t $1"
	_e="2>>'$W/err.chain.$1'"
	_c="$_tm.extract' '$BIN/hdx-extract' $_o --full $_e |"
	_c="$_c $_tm.map' '$BIN/hdx-map' $_o $_e |"
	_c="$_c $_tm.check' '$BIN/hdx-check' $_o --today $TODAY -r '$W/$1.chainrej' $_e"
	if [ -n "${2:-}" ]; then
		_c="$_c | $_tm.upload' '$BIN/hdx-upload' $_o -r '$W/$1.chainuprej' $_e"
	else
		_c="$_c >/dev/null"
	fi
	# false, naming them, when a stage exited above 1 or was killed
	cat >"$W/stages-ok.awk" <<-'EOF'
	/^Command (exited|terminated)/ && $0 !~ /status 1$/ {
		s = FILENAME; sub(/^(.*\/)?st\./, "", s)
		print "chain: hdx-" s ": " $0 >"/dev/stderr"; bad = 1
	}
	END { exit bad }
	EOF
	printf "%s; _s=\$?; awk -f '%s' '%s'/st.* || exit 3; test \$_s -le 1\n" "$_c" \
	    "$W/stages-ok.awk" "$W"
}
# chain_stages ID TABLE ROWS: a row per stage of the best chain run
# (best.st.STAGE): its own wall, peak RSS and CPU inside the pipe; map's
# and upload's RSS against the 64 MiB target
chain_stages() {
	_id=$1 _t=$2 _n=$3
	for _s in extract map check upload; do
		[ -f "$W/best.st.$_s" ] || continue
		_tg=""
		case $_s in map|upload) _tg="rss<=65536" ;; esac
		# shellcheck disable=SC2046 # the four numbers of GNU time
		set -- $(tail -n 1 "$W/best.st.$_s")
		rec "$_id.$_s" "in the chain" "hdx-$_s" "$_t" "$_n" "$1" "" "$2" \
		    "$(echo "$3 $4" | awk '{ printf "%.2f", $1 + $2 }')" "" "" "$_tg" ""
	done
}
