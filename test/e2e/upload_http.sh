# hdx-upload over the HTTP API against the platform's receiver: exact
# counts on the platform side, a rerun stores nothing new (the ledger, or
# the platform's duplicate answer without it), the SM4 envelope, the
# receipt's rejected records in the rejects with the platform's rule, and
# a receiver failing, dropping and rate-limiting requests still ends with
# every record stored exactly once.
. "$(dirname "$0")/../lib.sh"
need_platform
command -v sqlite3 >/dev/null || skip "sqlite3 not found"
cases=$PLAT/../standard/cases
export HDX_UPLOAD_BACKOFF=0.05
tables="dept_info staff_info drug_catalog charge_item_catalog outpatient_registration outpatient_fee_detail"

site() {	# site DIR [extra upload lines]
	mkdir -p "$1"
	cat >"$1/site.conf" <<EOT
[site]
org_code = $ORG
standard = $top/dict
state_dir = state
staging_dir = staging
[upload]
channel = http
url = $BASE
secret = secret:hmac
batch_records = 5
max_attempts = 10
connect_timeout = 5s
timeout = 10s
${2:-}
EOT
	site_secrets "$1/site.conf" hmac="$SECRET" sm4="$SM4KEY"
}
up() { d=$1; shift; hdx-upload -c "$d/site.conf" -r "$d/rejects.csv" "$@"; }
pq() { sqlite3 "$T/platform.db" "$1"; }

platformd_start
site "$T/a"
for t in $tables; do
	up "$T/a" -t "$t" -i "$cases/$t.csv" 2>"$T/err" || { cat "$T/err" >&2; fail "upload $t"; }
	n=$(($(wc -l <"$cases/$t.csv") - 1))
	assert_eq "$n" "$(pq "SELECT count(*) FROM $t")" "$t on the platform"
done
assert_eq "hdx-upload: 33 records: 33 stored, 0 held, 0 stale, 0 rejected; 7 batches: 0 sent before, 0 kept in the outbox, 0 quarantined" \
    "$(cat "$T/err")" "summary"
assert_eq 19 "$(pq 'SELECT count(*) FROM receipts')" "batches on the platform"
# a rerun: the ledger knows; without the ledger the platform says duplicate
up "$T/a" -t dept_info -i "$cases/dept_info.csv" 2>"$T/err"
assert_eq "hdx-upload: 8 records: 0 stored, 0 held, 0 stale, 0 rejected; 2 batches: 2 sent before, 0 kept in the outbox, 0 quarantined" \
    "$(cat "$T/err")" "rerun"
rm -f "$T/a/state/ledger.db"*
up "$T/a" -t dept_info -i "$cases/dept_info.csv" 2>"$T/err"
assert_eq "hdx-upload: 8 records: 0 stored, 0 held, 0 stale, 0 rejected; 2 batches: 2 sent before, 0 kept in the outbox, 0 quarantined" \
    "$(cat "$T/err")" "rerun without the ledger"
assert_eq 19 "$(pq 'SELECT count(*) FROM receipts')" "batches after the reruns"
hdx-upload -c "$T/a/site.conf" --status | grep -c ' http duplicate ' >"$T/n" || true
assert_eq 2 "$(cat "$T/n")" "ledger says duplicate"

# the SM4 envelope; patient_info has records the platform rejects
site "$T/b" "sm4_key = secret:sm4"
set +e
up "$T/b" -t patient_info -i "$cases/patient_info.csv" 2>"$T/err"
rc=$?
set -e
assert_eq 1 "$rc" "exit status with rejected records"
assert_eq "hdx-upload: 27 records: 11 stored, 5 held, 0 stale, 11 rejected; 5 batches: 0 sent before, 0 kept in the outbox, 0 quarantined" \
    "$(cat "$T/err")" "summary with rejected records"
# P000002 comes twice, in two batches: 11 accepted, 10 keys held
assert_eq 10 "$(pq 'SELECT count(*) FROM patient_info')" "patient_info stored"
assert_eq 5 "$(pq "SELECT count(*) FROM receipts WHERE table_name = 'patient_info'")" "patient_info batches"
# held here (type, length, another org_code), the rest from the receipts
cat >"$T/want" <<'EOT'
patient_info,10,124115004170483179+P000009,type,birth_date,error,a real date YYYY-MM-DD (type D),upload
patient_info,11,124115004170483179+P000010,domain,sex,error,sex: not a code of domain sex,upload
patient_info,12,124115004170483179+P000011,required,name,error,name is required,upload
patient_info,13,124115004170483179+P000012,when,id_card_no,error,id_card_no is required when id_type=01,upload
patient_info,15,124115004170483179+P000014,domain,ethnicity,error,ethnicity: not a code of domain ethnicity,upload
patient_info,16,124115004170483179+P000015,domain,marital_status,error,marital_status: not a code of domain marital_status,upload
patient_info,18,124115004170483179+P000017,range,birth_date,error,birth_date outside 1900-01-01..today,upload
patient_info,20,124115004170483178+P000019,org,org_code,error,the org_code of the site,upload
patient_info,21,124115004170483179+P000020,length,health_card_no,error,at most 30 characters; the value has 31,upload
patient_info,22,124115004170483179+P000021,type,create_time,error,a real date-time YYYY-MM-DD HH:MM:SS (type DT),upload
patient_info,23,124115004170483179+P000022,domain,valid_flag,error,valid_flag: not a code of domain valid_flag,upload
patient_info,25,124115004170483179+P000024,idcard,id_card_no,error,id_card_no: not 18 characters of 17 digits and a digit or X,upload
patient_info,27,124115004170483179+P000026,required,sex,error,sex is required,upload
patient_info,28,12411500417051225K+P000027,org,org_code,error,the org_code of the site,upload
patient_info,8,124115004170483179+P000007,idcard,id_card_no,error,id_card_no: check digit mismatch (MOD 11-2),upload
patient_info,9,124115004170483179+P000008,idcard,id_card_no,error,id_card_no: embedded birth date differs from birth_date,upload
EOT
tail -n +2 "$T/b/rejects.csv" | LC_ALL=C sort >"$T/got"
assert_files "$T/want" "$T/got" "patient_info rejects"
# the receipt is in the ledger
hdx-upload -c "$T/b/site.conf" --status >"$T/status"
assert_eq 5 "$(grep -c '^batch 124115004170483179-patient_info-.* http delivered ' "$T/status")" "patient_info in the ledger"

# faults: 503s, dropped connections, 429s; every record stored once
platformd_stop
rm -f "$T/platform.db"
platformd_start --seed 7 --fail-rate 0.3 --drop-rate 0.1 --rate-limit 5
site "$T/c"
for t in $tables; do
	i=0
	until up "$T/c" -t "$t" -i "$cases/$t.csv" 2>>"$T/c.err"; do
		i=$((i + 1))
		[ $i -lt 3 ] || { cat "$T/c.err" >&2; fail "$t under faults"; }
	done
	n=$(($(wc -l <"$cases/$t.csv") - 1))
	assert_eq "$n" "$(pq "SELECT count(*) FROM $t")" "$t under faults"
done
assert_eq 19 "$(pq 'SELECT count(*) FROM receipts')" "batches under faults"
# every key once, and a second run stores nothing new
for t in $tables; do
	up "$T/c" -t "$t" -i "$cases/$t.csv" 2>"$T/err"
	n=$(($(wc -l <"$cases/$t.csv") - 1))
	assert_eq "$n" "$(pq "SELECT count(*) FROM $t")" "$t after the second run"
done
assert_eq 19 "$(pq 'SELECT count(*) FROM receipts')" "batches after the second run"
grep -q ' 503 ' "$T/platformd.log" || fail "no 503 injected"
grep -q ' 429 ' "$T/platformd.log" || fail "no 429 injected"
grep -q ' - ' "$T/platformd.log" || fail "no connection dropped"

# reconciliation against GET /api/v1/stats
for d in 2026-10-26 2026-10-27 2026-10-28; do
	hdx-reconcile -c "$T/c/site.conf" --date $d -t outpatient_registration
done >"$T/out"
assert_eq "outpatient_registration 2026-10-26: no staging files; 5 uploaded, 5 on the platform
outpatient_registration 2026-10-27: no staging files; 9 uploaded, 9 on the platform
outpatient_registration 2026-10-28: no staging files; 7 uploaded, 7 on the platform" "$(cat "$T/out")" "reconcile over HTTP"

# HTTPS with a private CA: verified with cacert; without it the batch
# waits in the outbox (exit 4) and is not lost
platformd_stop
rm -f "$T/platform.db"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key.pem" -out "$T/cert.pem" \
    -days 2 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" 2>/dev/null
platformd_start --tls "$T/cert.pem" "$T/key.pem"
BASE=https://127.0.0.1:$(cat "$T/platform.port")
site "$T/d"
set +e
up "$T/d" -t dept_info -i "$cases/dept_info.csv" 2>"$T/err"
rc=$?
set -e
assert_eq 4 "$rc" "exit status without the CA"
grep -q "kept in the outbox: http: .*[Cc]ertificate" "$T/err" || { cat "$T/err" >&2; fail "TLS failure not named"; }
assert_eq "hdx-upload: 8 records: 0 stored, 0 held, 0 stale, 0 rejected; 2 batches: 0 sent before, 2 kept in the outbox, 0 quarantined" \
    "$(tail -n 1 "$T/err")" "summary without the CA"
printf 'cacert = %s\n' "$T/cert.pem" >>"$T/d/site.conf"
up "$T/d" --resend 2>"$T/err" || { cat "$T/err" >&2; fail "resend over HTTPS"; }
assert_eq "hdx-upload: 8 records: 8 stored, 0 held, 0 stale, 0 rejected; 2 batches: 0 sent before, 0 kept in the outbox, 0 quarantined" \
    "$(cat "$T/err")" "resend over verified HTTPS"
assert_eq 8 "$(pq 'SELECT count(*) FROM dept_info')" "dept_info over HTTPS"
