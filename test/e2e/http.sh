# The HTTP channel (lib/http.c, lib/receipt.c) against the platform's
# receiver, through test/http_driver.c built here against the library
# under test: plain and SM4 uploads with their receipts, duplicates,
# receipt and stats GETs, keep-alive, 503s retried, 429s waited out, a
# timeout given up as TRANSIENT, a 403 refused without retry, and HTTPS
# verified with a private CA and refused without it.
. "$(dirname "$0")/../lib.sh"
need_platform

# The driver, built like the tools (sanitizers when the library has them).
lib=$(dirname "${HDX_BIN:?}")/libhdx.a
[ -f "$lib" ] || fail "no $lib"
san=""
nm "$lib" 2>/dev/null | grep -q __asan_ && san="-fsanitize=address,undefined"
# shellcheck disable=SC2046
cc -std=c11 -D_GNU_SOURCE -O1 -g $san -I"$top/lib" \
    $(pkg-config --cflags jansson libcurl openssl) -o "$T/http_driver" \
    "$top/test/http_driver.c" "$lib" -lcsv \
    $(pkg-config --libs libpq odbc jansson libcurl openssl sqlite3) -lm ||
    fail "cannot build test/http_driver.c"
drv() { "$T/http_driver" "$@"; }
export HDX_TEST_ORG="$ORG" HDX_TEST_SECRET="$SECRET" HDX_TEST_SM4="$SM4KEY"
cases=$PLAT/../standard/cases

# run NAME driver-args...: stdout in $T/NAME.out, stderr in $T/NAME.err
run() {
	name=$1; shift
	set +e
	drv "$@" >"$T/$name.out" 2>"$T/$name.err"
	echo $? >"$T/$name.rc"
	set -e
}
out() { cat "$T/$1.out"; }
rc() { cat "$T/$1.rc"; }
retries() { grep -c '^retry ' "$T/$1.err" || true; }

# 1. Plain upload, duplicate, SM4 upload, GETs, on a receiver without faults.
platformd_start
export HDX_TEST_BASE="$BASE"
run plain -i hdx-e2e-dept-1 upload dept_info "$cases/dept_info.csv"
assert_eq 0 "$(rc plain)" "plain upload exit"
assert_eq "class=DELIVERED status=200 attempts=1
accepted=8 rejected=0 duplicate=0" "$(out plain)" "plain upload"
run dup -i hdx-e2e-dept-1 upload dept_info "$cases/dept_info.csv"
assert_eq "class=DELIVERED status=200 attempts=1
accepted=8 rejected=0 duplicate=1" "$(out dup)" "re-sent batch_id"
run sm4 --sm4 -i hdx-e2e-dept-2 upload dept_info "$cases/dept_info.csv"
assert_eq "class=DELIVERED status=200 attempts=1
accepted=8 rejected=0 duplicate=0" "$(out sm4)" "SM4 upload"
run sm4dup --sm4 -i hdx-e2e-dept-2 upload dept_info "$cases/dept_info.csv"
assert_eq "accepted=8 rejected=0 duplicate=1" "$(sed -n 2p "$T/sm4dup.out")" \
    "SM4 re-send"

# patient_info: the platform rejects the rows expected.csv gives an error,
# plus those of another org_code (rule org); three batches over one
# connection (keep-alive), SM4 and plain alike.
nrej=$( { awk -F, '$1 == "patient_info" && $5 == "error" { print $2 }' \
    "$cases/expected.csv"; awk -F, -v org="$ORG" \
    'NR > 1 && $1 != org { print NR - 1 }' "$cases/patient_info.csv"; } |
    sort -u | wc -l)
nrec=$(($(wc -l <"$cases/patient_info.csv") - 1))
assert_eq "27 17" "$nrec $nrej" "patient_info cases"
run pat --sm4 --repeat 3 -i hdx-e2e-pat upload patient_info \
    "$cases/patient_info.csv"
for i in 1 2 3; do
	printf 'class=DELIVERED status=200 attempts=1\naccepted=%d rejected=%d duplicate=0\n' \
	    $((nrec - nrej)) "$nrej"
done >"$T/pat.want"
assert_files "$T/pat.want" "$T/pat.out" "patient_info batches"
assert_eq "connections=1" "$(tail -n 1 "$T/pat.err")" "one connection for 3 uploads"

run receipt receipt hdx-e2e-dept-1
assert_eq 'class=DELIVERED status=200 attempts=1
{"code": 0, "batch_id": "hdx-e2e-dept-1", "accepted": 8, "rejected": []}' \
    "$(out receipt)" "receipt GET"
run patreceipt receipt hdx-e2e-pat-0
assert_eq "$nrej" "$(sed -n 2p "$T/patreceipt.out" | grep -o '"index": [0-9]*' |
    sort -u | wc -l)" "rejected records in the stored receipt"
run stats stats dept_info
assert_eq 'class=DELIVERED status=200 attempts=1
{"table": "dept_info", "date": null, "records": {"2026-10-01": 8}}' \
    "$(out stats)" "stats GET"
run statsd stats dept_info 2026-10-01
assert_eq '{"table": "dept_info", "date": "2026-10-01", "records": 8}' \
    "$(sed -n 2p "$T/statsd.out")" "stats GET with date"
run nobatch receipt hdx-e2e-none
assert_eq "1 class=REFUSED status=404 attempts=1" "$(rc nobatch) $(out nobatch)" \
    "unknown receipt"
assert_eq "http: GET /api/v1/receipt/hdx-e2e-none: HTTP 404: unknown batch" \
    "$(head -n 1 "$T/nobatch.err")" "unknown receipt error"
run badstats stats dept_info 2026-13-01
assert_eq "class=REFUSED status=400 attempts=1" "$(out badstats)" "bad stats date"

# 403: the body's org_code is not X-Org-Code; refused, never retried.
run forbid -o 124115004170483178 -i hdx-e2e-403 upload dept_info \
    "$cases/dept_info.csv"
assert_eq "1 class=REFUSED status=403 attempts=1" "$(rc forbid) $(out forbid)" "403"
assert_eq "http: POST /api/v1/upload/dept_info: HTTP 403: body org_code differs from X-Org-Code
connections=1" "$(cat "$T/forbid.err")" "403 error, no retry"
assert_eq 1 "$(grep -c ' 403 #' "$T/platformd.log")" "403 requests at the receiver"
platformd_stop

# 2. --fail-first 2: two 503s with Retry-After: 1, delivered on attempt 3.
platformd_start --fail-first 2
export HDX_TEST_BASE="$BASE"
run ff -i hdx-e2e-ff upload dept_info "$cases/dept_info.csv"
assert_eq "class=DELIVERED status=200 attempts=3
accepted=8 rejected=0 duplicate=0" "$(out ff)" "fail-first upload"
assert_eq "retry attempt=1 status=503 wait=1
retry attempt=2 status=503 wait=1" "$(grep '^retry' "$T/ff.err")" "fail-first retries"
assert_eq 2 "$(grep -c ' 503 #' "$T/platformd.log")" "503s at the receiver"
platformd_stop

# 3. --rate-limit 1: quick uploads get 429 and wait Retry-After.
platformd_start --rate-limit 1
export HDX_TEST_BASE="$BASE"
run rl --repeat 4 -i hdx-e2e-rl upload dept_info "$cases/dept_info.csv"
assert_eq 0 "$(rc rl)" "rate-limited uploads exit"
assert_eq 4 "$(grep -c '^accepted=8 rejected=0 duplicate=0$' "$T/rl.out")" \
    "rate-limited uploads delivered"
n429=$(grep -c ' 429 #' "$T/platformd.log" || true)
[ "$n429" -ge 2 ] || fail "only $n429 answers 429 for 4 uploads in a second"
assert_eq "$n429" "$(grep -c '^retry attempt=[0-9]* status=429 wait=1$' "$T/rl.err")" \
    "429s waited out with Retry-After"
assert_eq $((4 + n429)) "$(sed -n 's/.*attempts=//p' "$T/rl.out" | paste -sd+ | bc)" \
    "attempts of the rate-limited uploads"
assert_eq 4 "$(grep -c ' 200 #' "$T/platformd.log")" "200s at the receiver"
platformd_stop

# 4. --delay-ms 3000 against a 1 s timeout, 2 attempts: TRANSIENT.
platformd_start --delay-ms 3000
export HDX_TEST_BASE="$BASE"
run slow --timeout 1 --max-attempts 2 -i hdx-e2e-slow upload dept_info \
    "$cases/dept_info.csv"
assert_eq "1 class=TRANSIENT status=0 attempts=2" "$(rc slow) $(out slow)" \
    "timed-out upload"
assert_eq "http: POST /api/v1/upload/dept_info: gave up after 2 attempts: Operation timed out after N milliseconds with 0 bytes received" \
    "$(grep "^http:" "$T/slow.err" | sed 's/after [0-9]* milli/after N milli/')" \
    "timed-out upload error"
assert_eq 1 "$(retries slow)" "timed-out upload retries"
# The receiver still processed both after its delay ("-": the client had
# gone): the first stored the batch, the second, signed afresh (a reused
# nonce would be 401), was recognised as its duplicate.
i=0
while [ "$(grep -c 'POST ' "$T/platformd.log" || true)" -lt 2 ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "the receiver did not log both attempts"
	sleep 0.1
done
assert_eq "- #1 batch=hdx-e2e-slow records=8 accepted=8 rejected=0
- #2 batch=hdx-e2e-slow records=- accepted=8 rejected=- duplicate" \
    "$(grep 'POST ' "$T/platformd.log" | sed 's/.*dept_info //; s/ org=[^ ]*//; s/ [0-9]*ms//')" \
    "the receiver's view of the timed-out attempts"
platformd_stop

# 4b. A kept-alive connection dropped after the receiver stored the batch
# (seed 1: request 2 is dropped after storing, 1 and 3 are answered).
# libcurl would send the same request again on a new connection by
# itself, nonce and all, and get 401 for the nonce; the attempt is
# stopped before it goes, and the next one, signed afresh, is answered as
# the duplicate it is.
platformd_start --seed 1 --drop-rate 0.5
export HDX_TEST_BASE="$BASE"
run drop --repeat 2 -b 0.01 -i hdx-e2e-drop upload dept_info "$cases/dept_info.csv"
assert_eq "class=DELIVERED status=200 attempts=1
accepted=8 rejected=0 duplicate=0
class=DELIVERED status=200 attempts=2
accepted=8 rejected=0 duplicate=1" "$(out drop)" "upload after a dropped kept-alive connection"
assert_eq "200 #1 batch=hdx-e2e-drop-0
- #2 batch=hdx-e2e-drop-1 dropped(stored)
200 #3 batch=hdx-e2e-drop-1 duplicate" \
    "$(grep 'POST ' "$T/platformd.log" | sed 's/.*dept_info //; s/ org=[^ ]*//; s/ records=.* [0-9]*ms//; s/ \(dropped\|duplicate\)/ \1/')" \
    "the receiver's view of the dropped connection"
assert_eq 0 "$(grep -c ' 401 ' "$T/platformd.log" || true)" "no nonce used twice"
platformd_stop

# 5. HTTPS with a throwaway self-signed certificate.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key.pem" \
    -out "$T/cert.pem" -days 1 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 >"$T/openssl.log" 2>&1 ||
    { cat "$T/openssl.log" >&2; fail "openssl req"; }
platformd_start --tls "$T/cert.pem" "$T/key.pem"
assert_eq "listening on https://127.0.0.1:$(cat "$T/platform.port")" \
    "$(cat "$T/platformd.out")" "platformd TLS banner"
export HDX_TEST_BASE="https://${BASE#http://}"
run tls --cacert "$T/cert.pem" --sm4 -i hdx-e2e-tls upload dept_info \
    "$cases/dept_info.csv"
assert_eq "class=DELIVERED status=200 attempts=1
accepted=8 rejected=0 duplicate=0" "$(out tls)" "HTTPS with the CA"
run tlsget --cacert "$T/cert.pem" stats dept_info 2026-10-01
assert_eq '{"table": "dept_info", "date": "2026-10-01", "records": 8}' \
    "$(sed -n 2p "$T/tlsget.out")" "HTTPS stats"
run notls -i hdx-e2e-notls upload dept_info "$cases/dept_info.csv"
assert_eq "1 class=TRANSIENT status=0 attempts=1" "$(rc notls) $(out notls)" \
    "HTTPS without the CA"
assert_eq "http: POST /api/v1/upload/dept_info: SSL certificate problem: self-signed certificate" \
    "$(head -n 1 "$T/notls.err")" "HTTPS without the CA error"
run tlsreceipt --cacert "$T/cert.pem" receipt hdx-e2e-tls
assert_eq 0 "$(rc tlsreceipt)" "receipt over HTTPS"
export HDX_TEST_BASE="https://localhost:$(cat "$T/platform.port")"
run badname --cacert "$T/cert.pem" receipt hdx-e2e-tls
assert_eq "1 class=TRANSIENT status=0 attempts=1" "$(rc badname) $(out badname)" \
    "certificate for another name"
assert_eq "http: GET /api/v1/receipt/hdx-e2e-tls: SSL: no alternative certificate subject name matches target host name 'localhost'" \
    "$(head -n 1 "$T/badname.err")" "certificate for another name error"
run insecure --insecure receipt hdx-e2e-tls
assert_eq "0 class=DELIVERED status=200 attempts=1" \
    "$(rc insecure) $(head -n 1 "$T/insecure.out")" "insecure, as asked"
assert_eq 0 "$(grep -c 'notls' "$T/platformd.log" || true)" \
    "an unverified request never reached the receiver"
platformd_stop

# Plain HTTP to anything but the loopback interface is refused up front.
HDX_TEST_BASE=http://hip.example.gov.cn:8080 run plainnet stats dept_info
assert_eq "2 http_driver: http: base URL http://hip.example.gov.cn:8080: plain HTTP is only for a receiver on the loopback interface; use https://" \
    "$(rc plainnet) $(cat "$T/plainnet.err")" "plain HTTP off loopback"
