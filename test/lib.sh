# test/lib.sh - the shared set-up of the end-to-end tests (sourced):
# a temporary directory removed on exit, assertions that say what
# differed, and throwaway servers (PostgreSQL, the platform receiver).
set -eu
top=${HDX_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
T=$(mktemp -d "${TMPDIR:-/tmp}/hdx-e2e.XXXXXX")
chmod 755 "$T"
cleanup_hooks=""
cleanup() {
	for h in $cleanup_hooks; do $h || true; done
	[ -n "${KEEP:-}" ] && { echo "kept $T" >&2; return; }
	rm -rf "$T"
}
trap cleanup EXIT
on_exit() { cleanup_hooks="$1 $cleanup_hooks"; }

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

# demo_night DAY: the demo hospital's site copied to $T/site, reading its
# HIS built at $T/his.db, extracted and mapped for DAY by hdx-nightly
# into $T/site/staging/DAY (needs sqlite3 and the SQLite3 ODBC driver).
demo_night() {
	cp -R "$top/demo/site" "$T/site"
	"$top/demo/make-hospital" "$T/his.db"
	sed -i "s|^dsn = .*|dsn = Driver=SQLite3;Database=$T/his.db|" "$T/site/site.conf"
	hdx-nightly -q -c "$T/site/site.conf" --date "$1" --stage extract-map 2>"$T/err" ||
	    { cat "$T/err" >&2; fail "extract and map"; }
}

# pg_start: a throwaway PostgreSQL cluster on a Unix socket under $T;
# sets PGHOST, PGPORT, PGUSER, PGDATABASE for libpq and psql.
pg_start() {
	bindir=$(pg_config --bindir 2>/dev/null) || skip "pg_config not found"
	[ -x "$bindir/initdb" ] || bindir=$(ls -d /usr/lib/postgresql/*/bin | tail -n 1)
	PGDIR=$T/pg
	mkdir -p "$PGDIR"
	as=""
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres "$PGDIR"
		as="runuser -u postgres --"
	fi
	$as "$bindir/initdb" -D "$PGDIR/data" -A trust -U postgres -E UTF8 \
	    --locale=C.UTF-8 >"$T/initdb.log" 2>&1 || { cat "$T/initdb.log" >&2; fail "initdb"; }
	PGPORT=$((20000 + $$ % 20000))
	$as "$bindir/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w -o \
	    "-k $PGDIR -p $PGPORT -c listen_addresses=''" start >/dev/null ||
	    { cat "$PGDIR/log" >&2; fail "pg_ctl start"; }
	PG_CTL="$as $bindir/pg_ctl"
	export PGHOST=$PGDIR PGPORT PGUSER=postgres PGDATABASE=postgres
	on_exit pg_stop
}
pg_stop() { $PG_CTL -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1; }

# platformd_start [platformd options...]: the platform's receiver on a
# free loopback port with a fresh store; sets BASE (its URL) and
# PLATFORMD_PID; writes $T/orgs.json with the org of ORG/SECRET/SM4KEY
# (defaults below) unless it exists. Needs need_platform first.
ORG=${ORG:-124115004170483179}
SECRET=${SECRET:-demo-secret-0123456789}
SM4KEY=${SM4KEY:-0123456789abcdeffedcba9876543210}
platformd_start() {
	[ -f "$T/orgs.json" ] || printf '{"orgs": [{"org_code": "%s", "secret": "%s", "sm4_key_hex": "%s"}]}\n' \
	    "$ORG" "$SECRET" "$SM4KEY" >"$T/orgs.json"
	rm -f "$T/platform.port"
	"$PY" "$PLAT/platformd.py" --orgs "$T/orgs.json" --store "$T/platform.db" \
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
