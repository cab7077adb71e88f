#!/bin/sh
# check_delivered.sh - timeliness after upload: the demo night checked and
# uploaded to platformd over HTTP, then hdx-check --delivered over what
# was sent reaches the platform's own verdicts over its store
# (qc_report.py --store): the same per-record findings and the same
# report figures, timeliness included. One table is dated today, so that
# its records arrive before 08:00 tomorrow (on time) and the others late.
. "$(dirname "$0")/../lib.sh"
need_platform
command -v sqlite3 >/dev/null || skip "sqlite3 not found"
odbcinst -q -d -n SQLite3 >/dev/null 2>&1 || skip "no ODBC driver SQLite3"
export HDX_STANDARD="$top/dict" HDX_UPLOAD_BACKOFF=0.05
day=2026-10-27
today=$(date -u -d '+8 hours' +%F)	# Beijing time, the platform's clock
cp -R "$top/demo/site" "$T/site"
conf=$T/site/site.conf
"$top/demo/make-hospital" "$T/his.db"
sed -i "s|^dsn = .*|dsn = Driver=SQLite3;Database=$T/his.db|" "$conf"
platformd_start
printf '\n[upload]\nchannel = http\nurl = %s\nsecret = secret:hmac\nbatch_records = 500\n' \
    "$BASE" >>"$conf"
site_secrets "$conf" hmac="$SECRET"
hdx-nightly -q -c "$conf" --date $day --stage extract-map 2>"$T/err" ||
    { cat "$T/err" >&2; fail "extract and map"; }
mkdir "$T/night" "$T/sent"
for f in "$T/site/staging/$day"/*.mapped.csv; do
	cp "$f" "$T/night/$(basename "$f" .mapped.csv).csv"
done
sed -i "s/$day /$today /g" "$T/night/outpatient_visit.csv"

expect_status() { # STATUS... -- command: exits with one of the STATUSes
	want=""
	while [ "$1" != "--" ]; do want="$want $1"; shift; done
	shift
	set +e
	"$@" 2>"$T/err"
	rc=$?
	set -e
	case " $want " in *" $rc "*) ;; *) cat "$T/err" >&2; fail "$*: exit $rc" ;; esac
}
# before upload: timeliness is not applicable, and --delivered has no ledger
# policy send: what the platform rejects is assessed too (its rejected_records)
expect_status 0 1 -- hdx-check -c "$conf" --dir "$T/night" --today "$today" --policy send -o "$T/sent"
expect_fail 2 "hdx-check: --delivered: nothing delivered yet: the site has no ledger.db" \
    hdx-check -c "$conf" --dir "$T/sent" --delivered --today "$today"
for f in "$T/sent"/*.csv; do
	expect_status 0 1 -- hdx-upload -c "$conf" -t "$(basename "$f" .csv)" -i "$f" \
	    -r "$T/upload-rejects.csv"
done

"$PY" "$PLAT/qc_report.py" --store "$T/platform.db" --today "$today" --json \
    --per-record "$T/plat.per" >"$T/plat.json" || true
expect_status 0 1 -- hdx-check -c "$conf" --dir "$T/sent" --delivered --today "$today" \
    --per-record "$T/hdx.per" --report "$T/hdx.json"
LC_ALL=C sort "$T/plat.per" >"$T/a"
LC_ALL=C sort "$T/hdx.per" >"$T/b"
n=$(grep -c ',timeliness,' "$T/a" || true)
[ "$n" -gt 100 ] || fail "too few late records to compare: $n"
assert_files "$T/a" "$T/b" "per-record findings after upload"
"$PY" "$top/test/qc_same.py" "$T/plat.json" "$T/hdx.json" --partly-timely ||
    fail "report figures after upload differ"
