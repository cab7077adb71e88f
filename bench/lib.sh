# bench/lib.sh - the benchmarks' set-up (sourced by run-bench, run-scale):
# a work directory removed at exit, a throwaway PostgreSQL cluster (the
# pg_start of test/lib.sh, which cannot be sourced here: it derives the
# source tree from the test's path and its skip() ends the caller) and
# the measurement of one command: wall time and peak RSS by GNU time.
set -eu
W=$(mktemp -d "${TMPDIR:-/tmp}/hdx-bench.XXXXXX")
chmod 755 "$W"
# the secrets of bench/site.conf (secret:bench, platformd's HMAC secret)
(umask 077 && echo 'bench = bench-secret-0123456789' >"$W/secrets")
cleanup_hooks=""
cleanup() {
	for h in $cleanup_hooks; do $h || true; done
	[ -n "${KEEP:-}" ] && { echo "kept $W" >&2; return; }
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
on_exit() { cleanup_hooks="$1 $cleanup_hooks"; }
note() { printf '%s\n' "bench: $*" >&2; }

# pg_start: a cluster on a Unix socket under $W; sets PGHOST, PGPORT,
# PGUSER, PGDATABASE. Returns 1 (with a note) when PostgreSQL is missing.
pg_start() {
	bindir=$(pg_config --bindir 2>/dev/null) || { note "pg_config not found"; return 1; }
	[ -x "$bindir/initdb" ] || bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -n 1)
	[ -x "$bindir/initdb" ] || { note "initdb not found"; return 1; }
	PGDIR=$W/pg
	mkdir -p "$PGDIR"
	as=""
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres "$PGDIR"
		as="runuser -u postgres --"
	fi
	$as "$bindir/initdb" -D "$PGDIR/data" -A trust -U postgres -E UTF8 \
	    --locale=C.UTF-8 >"$W/initdb.log" 2>&1 || { cat "$W/initdb.log" >&2; return 1; }
	PGPORT=$((20000 + $$ % 20000))
	# a front-end machine's settings: 2 cores, a few GB of memory
	$as "$bindir/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w -o \
	    "-k $PGDIR -p $PGPORT -c listen_addresses='' -c shared_buffers=256MB -c max_wal_size=4GB -c synchronous_commit=off" \
	    start >/dev/null || { cat "$PGDIR/log" >&2; return 1; }
	PG_CTL="$as $bindir/pg_ctl"
	export PGHOST=$PGDIR PGPORT PGUSER=postgres PGDATABASE=postgres
	on_exit pg_stop
}
pg_stop() { $PG_CTL -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1; }

# measure OUT_SECONDS_VAR OUT_RSS_VAR command...: runs the command (stdout
# and stderr as the caller set them) under GNU time; sets the two named
# variables to the wall seconds and the peak RSS in KiB (of the largest
# process of a pipeline). Returns the command's status.
measure() {
	_s=$1 _r=$2; shift 2
	if [ -x /usr/bin/time ]; then
		_rc=0
		/usr/bin/time -f '%e %M' -o "$W/time.out" "$@" || _rc=$?
		# "Command exited with non-zero status" comes first on failure
		_e=$(tail -n 1 "$W/time.out" | cut -d' ' -f1)
		_m=$(tail -n 1 "$W/time.out" | cut -d' ' -f2)
	else
		_t0=$(date +%s.%N)
		_rc=0
		"$@" || _rc=$?
		_e=$(echo "$(date +%s.%N) $_t0" | awk '{ printf "%.2f", $1 - $2 }')
		_m=""
	fi
	eval "$_s=\$_e; $_r=\$_m"
	return $_rc
}
