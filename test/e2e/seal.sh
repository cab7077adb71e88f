#!/bin/sh
# seal.sh - [staging] encrypt = sm4: the demo night with its staging
# files sealed, beside the same night plain. Every staging file of the
# sealed night starts with the magic and holds none of a few values of
# the plain night; decrypted, each is the plain night's byte for byte;
# both front-end databases hold the same rows and hdx-reconcile says the
# same. A file altered, cut short, plain where sealed is wanted, sealed
# where plain is, or under another key is refused with a clear message.
. "$(dirname "$0")/../lib.sh"
command -v sqlite3 >/dev/null || skip "sqlite3 not found"
command -v flock >/dev/null || skip "flock not found"
odbcinst -q -d -n SQLite3 >/dev/null 2>&1 || skip "no ODBC driver SQLite3"
export HDX_STANDARD="$top/dict"
day=2026-10-27
tables=$(hdx-standard order | tail -n +2 | cut -d, -f3)

demo_site plain
demo_site sealed
sealed=$T/sealed/site.conf
key=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
[ ${#key} -eq 32 ] || fail "a key of 32 hex digits: '$key'"
sed -i '/^\[site\]$/a secrets = secrets' "$sealed"
printf 'staging_key = %s\n' "$key" >"$T/sealed/secrets"
chmod 600 "$T/sealed/secrets"
printf '\n[staging]\nencrypt = sm4\nkey = secret:staging_key\n' >>"$sealed"

for s in plain sealed; do
	hdx-nightly -q -c "$T/$s/site.conf" --date $day 2>"$T/$s.err" ||
	    { cat "$T/$s.err" >&2; fail "$s night: exit $?"; }
	assert_eq "" "$(cat "$T/$s.err")" "stderr of the $s night"
done
P=$T/plain/staging/$day S=$T/sealed/staging/$day

# 1. sealed at rest: the magic, none of the plain night's values
org=$(sed -n 2p "$P/patient_info.extract.csv" | cut -d, -f1)
name=$(sed -n 2p "$P/patient_info.extract.csv" | cut -d, -f3)
pid=$(sed -n 2p "$P/patient_info.extract.csv" | cut -d, -f2)
for v in "$org" "$name" "$pid"; do
	[ ${#v} -ge 2 ] || fail "a value of the plain night to look for: '$v'"
	grep -qF -- "$v" "$P/patient_info.valid.csv" ||
	    fail "'$v' is not in the plain night's valid file"
done
magic=$(printf 'HDXSEAL\001' | od -An -tx1)
n=0
for f in "$P"/*.csv; do
	b=$(basename "$f")
	[ -f "$S/$b" ] || fail "$b: in the plain night, not in the sealed one"
	assert_eq "$magic" "$(head -c 8 "$S/$b" | od -An -tx1)" "$b: its magic"
	assert_eq 600 "$(stat -c %a "$S/$b")" "$b: its mode"
	for v in "$org" "$name" "$pid"; do
		! grep -qF -- "$v" "$S/$b" || fail "$b: a value of the night in the clear"
	done
	n=$((n + 1))
done
assert_eq $((27 * 4 + 1)) "$n" "staging CSV files"
assert_eq "$n" "$(ls "$S"/*.csv | wc -l)" "staging CSV files of the sealed night"
# the QC and map reports hold counts, rules and codes: plain
head -c 1 "$S/qc.json" | grep -q '{' || fail "qc.json is not plain JSON"

# 2. decrypted, the same files as the plain night
for f in "$P"/*.csv; do
	b=$(basename "$f")
	hdx-seal -c "$sealed" -d "$S/$b" >"$T/clear.csv" || fail "hdx-seal -d $b"
	cmp -s "$f" "$T/clear.csv" || fail "$b: decrypted, not the plain night's file"
done
# a sealed file is as long as its data, the header and the tag
assert_eq $(($(stat -c %s "$P/patient_info.valid.csv") + 56)) \
    "$(stat -c %s "$S/patient_info.valid.csv")" "length of a sealed file"

# 3. the same rows uploaded, the same reconciliation
# shellcheck disable=SC2086 # the table names
front_dump plain $tables >"$T/plain.front"
# shellcheck disable=SC2086
front_dump sealed $tables >"$T/sealed.front"
[ "$(wc -l <"$T/plain.front")" -gt 4000 ] || fail "only $(wc -l <"$T/plain.front") rows uploaded"
assert_files "$T/plain.front" "$T/sealed.front" "front-end databases"
reconcile plain $day patient_info outpatient_registration >"$T/plain.rec"
reconcile sealed $day patient_info outpatient_registration >"$T/sealed.rec"
assert_files "$T/plain.rec" "$T/sealed.rec" "hdx-reconcile"
grep -q '^patient_info ' "$T/sealed.rec" || fail "no reconcile line of patient_info"

# 4. the second night again: nothing new stored (the sealed extract of
# the night before read as --previous)
hdx-nightly -q -c "$sealed" --date 2026-10-28 2>"$T/err" ||
    { cat "$T/err" >&2; fail "the sealed night after: exit $?"; }
assert_eq "" "$(cat "$T/err")" "stderr of the sealed night after"

# 5. refused: altered, cut short, plain, sealed, another key
cp "$S/patient_info.valid.csv" "$T/v.csv"
printf '\001' | dd of="$S/patient_info.valid.csv" bs=1 seek=100 conv=notrunc 2>/dev/null
# the byte flipped back would be the same file: make sure it changed
! cmp -s "$T/v.csv" "$S/patient_info.valid.csv" || fail "the byte was not changed"
broken="the seal does not hold: the file was altered or cut short, or sealed under another key ([staging] key)"
expect_fail 3 "hdx-upload: $S/patient_info.valid.csv: $broken" \
    hdx-upload -q -c "$sealed" -t patient_info -i "$S/patient_info.valid.csv"
expect_fail 3 "hdx-seal: $S/patient_info.valid.csv: $broken" \
    hdx-seal -c "$sealed" -d "$S/patient_info.valid.csv"
head -c 500 "$T/v.csv" >"$S/patient_info.valid.csv"
expect_fail 3 "hdx-seal: $S/patient_info.valid.csv: $broken" \
    hdx-seal -c "$sealed" -d "$S/patient_info.valid.csv"
expect_fail 3 "hdx-map: $P/patient_info.extract.csv: not a sealed file, and the site seals its staging files ([staging] encrypt = sm4)" \
    hdx-map -q -c "$sealed" -t patient_info -i "$P/patient_info.extract.csv" -o "$T/m.csv"
[ ! -e "$T/m.csv" ] || fail "an output of a refused input"
expect_fail 3 "hdx-check: $S/patient_info.mapped.csv: a sealed staging file, and the site does not seal them ([staging] encrypt is not sm4)" \
    hdx-check -q -c "$T/plain/site.conf" -t patient_info -i "$S/patient_info.mapped.csv" -o "$T/v2.csv"
printf 'staging_key = %s\n' "$(echo "$key" | tr 0-9a-f 1-9a-f0)" >"$T/sealed/secrets"
expect_fail 3 "hdx-seal: $S/patient_info.extract.csv: $broken" \
    hdx-seal -c "$sealed" -d "$S/patient_info.extract.csv"
printf 'staging_key = 0123\n' >"$T/sealed/secrets"
expect_fail 3 "hdx-seal: $sealed:$(grep -n '^key = ' "$sealed" | cut -d: -f1): [staging] key: the secret is not 32 hex digits (a 128-bit key)" \
    hdx-seal -c "$sealed" -d "$S/patient_info.extract.csv"
sed -i '/^key = secret:staging_key$/d' "$sealed"
expect_fail 3 "hdx-seal: $sealed:$(grep -n '^encrypt = ' "$sealed" | cut -d: -f1): [staging] encrypt = sm4 needs key = secret:NAME" \
    hdx-seal -c "$sealed" -d "$S/patient_info.extract.csv"
echo ok
