# test/common.sh - what the end-to-end tests (test/lib.sh) and the
# benchmarks (bench/lib.sh) both set up, sourced by each: a temporary
# directory $T removed at exit after the cleanup hooks, and a throwaway
# PostgreSQL cluster on a Unix socket under it. The caller's lib.sh says
# what a missing or failed server means to it (a skipped test, a failed
# test, a benchmark row not measured).
#
#   tmp_init PREFIX             $T: a new directory ${TMPDIR:-/tmp}/PREFIX.XXXXXX
#   on_exit FUNCTION            run FUNCTION at exit, the last added first
#   pg_cluster [SERVER_OPTIONS] start the cluster; sets PGHOST, PGPORT,
#                               PGUSER, PGDATABASE, PGDIR and PG_CTL.
#                               Returns 2 when PostgreSQL is not installed,
#                               1 when it did not start; PG_WHY says why.
# KEEP=1 keeps $T.
# shellcheck disable=SC2034 # PG_WHY and PG_CTL are for the sourcing script

tmp_init() {
	T=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
	chmod 755 "$T"	# the postgres user reads its socket directory
	cleanup_hooks=""
	trap cleanup EXIT
	# a signal ends the script through its EXIT trap, servers stopped
	trap 'exit 130' INT TERM
}
cleanup() {
	for _h in $cleanup_hooks; do $_h || true; done
	[ -n "${KEEP:-}" ] && { echo "kept $T" >&2; return; }
	rm -rf "$T"
}
on_exit() { cleanup_hooks="$1 $cleanup_hooks"; }

pg_cluster() {
	PG_WHY=""
	_bin=$(pg_config --bindir 2>/dev/null) || { PG_WHY="pg_config not found"; return 2; }
	# pg_config of libpq-dev may point at a directory without the server
	[ -x "$_bin/initdb" ] || _bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -n 1)
	[ -x "$_bin/initdb" ] || { PG_WHY="initdb not found"; return 2; }
	PGDIR=$T/pg
	mkdir -p "$PGDIR"
	_as=""
	if [ "$(id -u)" -eq 0 ]; then	# initdb refuses to run as root
		chown postgres "$PGDIR"
		_as="runuser -u postgres --"
	fi
	$_as "$_bin/initdb" -D "$PGDIR/data" -A trust -U postgres -E UTF8 \
	    --locale=C.UTF-8 >"$T/initdb.log" 2>&1 ||
	    { cat "$T/initdb.log" >&2; PG_WHY="initdb failed"; return 1; }
	PGPORT=$((20000 + $$ % 20000))
	$_as "$_bin/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w -o \
	    "-k $PGDIR -p $PGPORT -c listen_addresses='' ${1:-}" start >/dev/null ||
	    { cat "$PGDIR/log" >&2; PG_WHY="pg_ctl start failed"; return 1; }
	PG_CTL="$_as $_bin/pg_ctl"
	export PGHOST=$PGDIR PGPORT PGUSER=postgres PGDATABASE=postgres
	on_exit pg_stop
}
pg_stop() { $PG_CTL -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1; }
