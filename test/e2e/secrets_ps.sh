#!/bin/sh
# secrets_ps.sh - no secret is ever visible in `ps`: two real nights of
# the demo hospital, one extracted from PostgreSQL with a password and
# uploaded into a PostgreSQL front-end database with another (both
# checked by scram-sha-256), one uploaded over HTTP to the platform's
# receiver with the HMAC secret and the SM4 key; meanwhile every
# descendant's /proc/PID/cmdline and /proc/PID/environ are read over and
# over (test/ps_sample.py) and no secret may appear in them. A planted
# canary shows that the sampler does find one. Then a secrets file of
# mode 0640 or 0604 is refused with the exact message, and a variable
# HDX_SECRET_NAME does not stand in for the file.
# The chain's scripts drop any HDX_SECRET_* from their environment.
. "$(dirname "$0")/../lib.sh"
need_platform
command -v sqlite3 >/dev/null || skip "sqlite3 not found"
command -v flock >/dev/null || skip "flock not found"
command -v psql >/dev/null || skip "psql not found"
odbcinst -q -d -n SQLite3 >/dev/null 2>&1 || skip "no ODBC driver SQLite3"
export HDX_STANDARD="$top/dict" HDX_UPLOAD_BACKOFF=0.05
day=2026-10-28

# The secrets: one random token in each, written only to files.
tok=S$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
SECRET=hmac-$tok
SM4KEY=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
printf '%s\n%s\n' "$tok" "$SM4KEY" >"$T/needles"

# The HIS in PostgreSQL, read as hdx_his; the front-end database written
# as hdx_front; both by password only.
pg_start
createdb his
createdb front
"$top/demo/make-hospital" "$T/his.db"
PGDATABASE=his "$top/demo/load-pg" "$T/his.db"
"$PY" "$PLAT/frontdb.py" --standard "$top/dict" | psql -qX -v ON_ERROR_STOP=1 -d front >/dev/null
psql -qX -v ON_ERROR_STOP=1 >/dev/null <<EOT
CREATE ROLE hdx_his LOGIN SUPERUSER PASSWORD 'his-$tok';
CREATE ROLE hdx_front LOGIN SUPERUSER PASSWORD 'front-$tok';
EOT
printf 'local all hdx_his scram-sha-256\nlocal all hdx_front scram-sha-256\nlocal all all trust\n' \
    >"$PGDIR/data/pg_hba.conf"
$PG_CTL -D "$PGDIR/data" reload >/dev/null
# the cluster does ask hdx_his for its password now
psql -qXAt -w -U hdx_his -d his -c 'SELECT 1' >/dev/null 2>&1 &&
    fail "hdx_his connected without a password"

# Site pg: the PostgreSQL chain.
cp -R "$top/demo/site" "$T/spg"
sed -i -e "s|^driver = .*|driver = pg|" \
    -e "s|^dsn = .*|dsn = host=$PGHOST port=$PGPORT dbname=his user=hdx_his\\npassword = secret:his_db|" \
    "$T/spg/site.conf"
printf '\n[upload]\nchannel = frontdb\nfrontdb = host=%s port=%s dbname=front user=hdx_front\nfrontdb_password = secret:frontdb\n' \
    "$PGHOST" "$PGPORT" >>"$T/spg/site.conf"
site_secrets "$T/spg/site.conf" his_db="his-$tok" frontdb="front-$tok"
# Site http: the demo's SQLite HIS over ODBC, to platformd with SM4.
platformd_start
cp -R "$top/demo/site" "$T/shttp"
sed -i "s|^dsn = .*|dsn = Driver=SQLite3;Database=$T/his.db|" "$T/shttp/site.conf"
printf '\n[upload]\nchannel = http\nurl = %s\nsecret = secret:hmac\nsm4_key = secret:sm4\nmax_attempts = 10\n' \
    "$BASE" >>"$T/shttp/site.conf"
site_secrets "$T/shttp/site.conf" hmac="$SECRET" sm4="$SM4KEY"
grep -rlF "$tok" "$T/spg/site.conf" "$T/shttp/site.conf" && fail "a secret in a site file"

# sample OUT command...: runs the command with test/ps_sample.py reading
# the process tree of this shell throughout.
sample() {
	_out=$1
	shift
	rm -f "$T/stop"
	"$PY" "$top/test/ps_sample.py" $$ "$T/needles" "$T/stop" "$_out" &
	_sp=$!
	sleep 0.5	# the sampler's first pass
	_rc=0
	"$@" || _rc=$?
	: >"$T/stop"
	wait "$_sp" || fail "ps_sample.py: exit"
	return $_rc
}
# read_count OUT NAME: how many processes NAME the sampler read
read_count() { awk -v n="$2" '$1 == "read" && $2 == n { print $3 }' "$1"; }

# 1. The canary: a secret in a child's argv and environment is found.
canary() { (HDX_CANARY=$tok && export HDX_CANARY && exec sh -c 'sleep 1; :' sh "$tok"); }
sample "$T/canary" canary
assert_eq "hit cmdline sh
hit environ sh
hit environ sleep" "$(awk '$1 == "hit" { print $1, $3, $4 }' "$T/canary" | sort)" \
    "the canary's hits"

# 2. The nights, both sites at once, then their status and reconcile.
chain() {
	hdx-nightly -q -c "$T/spg/site.conf" --date $day -j 2 2>"$T/spg.err" &
	_pp=$!
	_hr=0
	hdx-nightly -q -c "$T/shttp/site.conf" --date $day -j 2 2>"$T/shttp.err" || _hr=$?
	_pr=0
	wait "$_pp" || _pr=$?
	[ "$_pr" -eq 0 ] || { cat "$T/spg.err" >&2; fail "hdx-nightly of pg: exit $_pr"; }
	[ "$_hr" -eq 0 ] || { cat "$T/shttp.err" >&2; fail "hdx-nightly of http: exit $_hr"; }
	hdx-status -c "$T/shttp/site.conf" --date $day >"$T/status" 2>&1 ||
	    { cat "$T/status" >&2; fail "hdx-status: exit"; }
	# the password-protected front-end database, read by hdx-verify
	hdx-status -c "$T/spg/site.conf" --date $day >"$T/status.pg" 2>"$T/status.pg.err" ||
	    { cat "$T/status.pg.err" >&2; fail "hdx-status of pg: exit"; }
	hdx-reconcile -c "$T/shttp/site.conf" --date $day -t outpatient_registration \
	    >"$T/reconcile" 2>&1 || { cat "$T/reconcile" >&2; fail "hdx-reconcile: exit"; }
}
sample "$T/ps" chain
assert_eq "" "$(cat "$T/spg.err" "$T/shttp.err")" "stderr of the quiet nights"
assert_eq "" "$(cat "$T/status.pg.err")" "stderr of hdx-status on the password-protected front end"
assert_eq "" "$(grep '^hit' "$T/ps" || true)" "secrets in a /proc/PID/cmdline or environ"
n=$(awk '$1 == "samples" { print $2 }' "$T/ps")
[ "$n" -ge 20 ] || fail "only $n passes of the sampler"
# every program of the chain was read while it ran, each time it ran:
# one hdx-extract and hdx-map per table of each site
tables=$(hdx-standard order | tail -n +2 | wc -l)
for p in hdx-nightly hdx-upload hdx-status hdx-reconcile platformd.py; do
	[ -n "$(read_count "$T/ps" $p)" ] || { cat "$T/ps" >&2; fail "$p never sampled"; }
done
ne=$(read_count "$T/ps" hdx-extract)
[ "${ne:-0}" -ge "$tables" ] || { cat "$T/ps" >&2; fail "hdx-extract sampled ${ne:-0} times"; }

# the nights did use the secrets: every record delivered on both sites
ledger() { sqlite3 "$T/$1/state/ledger.db" "$2"; }
for s in spg shttp; do
	assert_eq 0 "$(ledger $s 'SELECT count(*) FROM outbox')" "outbox of $s"
	assert_eq "$tables" "$(ledger $s 'SELECT count(DISTINCT table_name) FROM batches')" \
	    "tables delivered by $s"
done
assert_eq "$(ledger spg 'SELECT sum(record_count) FROM batches')" \
    "$(psql -qXAt -d front -c 'SELECT sum(record_count) FROM upload_batch')" \
    "records of pg's ledger and of the front-end database"
assert_eq "$(ledger shttp 'SELECT sum(record_count) FROM batches')" \
    "$(sqlite3 "$T/platform.db" 'SELECT sum(record_count) FROM receipts')" \
    "records of http's ledger and of the platform"
grep -q "; \([0-9]*\) uploaded, \1 on the platform\$" "$T/reconcile" ||
    { cat "$T/reconcile" >&2; fail "hdx-reconcile"; }

# 3. A secrets file its group or others may read is refused, exactly.
# copies of the sites with a state of their own
for s in spg shttp; do
	mkdir -p "$T/$s.copy/state"
	cp -R "$T/$s/site.conf" "$T/$s/secrets" "$T/$s/sql" "$T/$s/mapping" "$T/$s.copy"
done
mv "$T/spg.copy" "$T/m"
mv "$T/shttp.copy" "$T/n"
chmod 640 "$T/m/secrets"
expect_fail 4 "hdx-extract: secrets file $T/m/secrets: mode 0640 is readable by its group; chmod 600 it" \
    hdx-extract -q -c "$T/m/site.conf" -t dept_info --date $day -o "$T/m/out.csv"
[ ! -e "$T/m/out.csv" ] || fail "hdx-extract wrote its output without the password"
chmod 604 "$T/n/secrets"
f=$T/shttp/staging/$day/dept_info.valid.csv
m="secrets file $T/n/secrets: mode 0604 is readable by others; chmod 600 it"
assert_eq 1 "$(ledger shttp "SELECT count(*) FROM batches WHERE table_name = 'dept_info'")" \
    "batches of dept_info"
b=$(ledger shttp "SELECT batch_id FROM batches WHERE table_name = 'dept_info'")
expect_fail 4 "hdx-upload: warning: $m
hdx-upload: warning: $b: kept in the outbox: $m
hdx-upload: $(($(wc -l <"$f") - 1)) records: 0 stored, 0 held, 0 stale, 0 rejected; 1 batch: 0 sent before, 1 kept in the outbox, 0 quarantined" \
    hdx-upload -c "$T/n/site.conf" -t dept_info -i "$f" -r "$T/n/rej.csv"

# 4. The environment does not stand in for the secrets file.
chmod 600 "$T/m/secrets"
sed -i '/^secrets = secrets$/d' "$T/m/site.conf"
l=$(grep -n '^password = secret:his_db$' "$T/m/site.conf" | cut -d: -f1)
expect_fail 4 "hdx-extract: $T/m/site.conf:$l: password: secret:his_db: [site] names no secrets file" \
    env HDX_SECRET_HIS_DB="his-$tok" hdx-extract -q -c "$T/m/site.conf" -t dept_info \
    --date $day -o "$T/m/out.csv"

# 5. A HDX_SECRET_* left in a site's environment is not handed on by the
# chain's scripts to the tools they run.
assert_eq "" "$(HDX_SECRET_HIS_DB="his-$tok" bash -c ". '$top/scripts/lib.sh'; env | grep '^HDX_SECRET_' || :")" \
    "HDX_SECRET_ variables after scripts/lib.sh"
