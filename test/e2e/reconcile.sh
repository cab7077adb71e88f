# hdx-reconcile on a business date: what the staging files of every night
# say was extracted, held by hdx-check, held by hdx-upload and uploaded,
# against the ledger and the front-end database (SQLite through ODBC);
# distinct keys, a key of the date coming again on a later night counted
# once; then every kind of gap, each named with its table and count.
. "$(dirname "$0")/../lib.sh"
command -v sqlite3 >/dev/null || skip "sqlite3 not found"
odbcinst -q -d -n SQLite3 >/dev/null 2>&1 || skip "no ODBC driver SQLite3"
cases=$top/../shared/standard/cases
[ -f "$cases/outpatient_registration.csv" ] || skip "no standard cases at $cases"
db=$T/front.db
hdx-standard --standard "$top/dict" ddl --dialect sqlite | sqlite3 "$db"
cat >"$T/site.conf" <<EOT
[site]
org_code = 124115004170483179
standard = $top/dict
state_dir = state
staging_dir = staging
[upload]
channel = frontdb
frontdb = odbc:Driver=SQLite3;Database=$db
EOT
t=outpatient_registration
n1=$T/staging/2026-10-27 n2=$T/staging/2026-10-28
mkdir -p "$n1" "$n2"
head -n 1 "$cases/$t.csv" >"$T/header"
# rec REG_ID REG_TIME UPDATE_TIME [awk assignments]: a registration
rec() {
	sed -n 2p "$cases/$t.csv" | awk -F, -v OFS=, -v id="$1" -v rt="$2" \
	    -v ut="$3" "{ \$2 = id; \$6 = rt; \$19 = ut; ${4:-} print }"
}
check() {	# check NIGHT: TABLE.extract.csv to valid and rejects
	hdx-check -q -c "$T/site.conf" -t $t --today 2026-10-29 -i "$1/$t.extract.csv" \
	    -o "$1/$t.valid.csv" -r "$1/$t.rejects.csv" || [ $? -eq 1 ]
}
up() {	# up NIGHT
	hdx-upload -q -c "$T/site.conf" -t $t -i "$1/$t.valid.csv" -r "$1/$t.rejects.csv" || [ $? -eq 1 ]
}
rc() {	# rc: hdx-reconcile of 2026-10-27, its exit status in $T/rc
	set +e
	hdx-reconcile -c "$T/site.conf" --date 2026-10-27 -t $t >"$T/out" 2>"$T/err"
	echo $? >"$T/rc"
	set -e
	[ ! -s "$T/err" ] || { cat "$T/err" >&2; fail "hdx-reconcile wrote to stderr"; }
}
L="$t 2026-10-27"

# night 1: the cases (9 of 2026-10-27), one held by hdx-check (a required
# value missing), one of another institution that hdx-upload holds (org)
{
	cat "$cases/$t.csv"
	rec RBAD1 "2026-10-27 09:00:00" "2026-10-27 09:00:00" '$4 = "";'
	rec RORG1 "2026-10-27 09:30:00" "2026-10-27 09:30:00" '$1 = "12411500417051225K";'
} >"$n1/$t.extract.csv"
check "$n1"
up "$n1"
# night 2: R0006 (of 2026-10-27) updated, and a record of another date
{
	cat "$T/header"
	grep '^124115004170483179,R0006,' "$cases/$t.csv" | sed 's/,[^,]*$/,2026-10-28 07:00:00/'
	rec R2801 "2026-10-28 10:00:00" "2026-10-28 10:00:00"
} >"$n2/$t.extract.csv"
check "$n2"
up "$n2"
assert_eq 2 "$(sqlite3 "$db" "SELECT count(*) FROM upload_batch WHERE table_name = '$t' AND batch_id LIKE '%-20261028-%'")" "night 2 uploaded"

rc
assert_eq 0 "$(cat "$T/rc")" "exit status when all agrees"
assert_eq "$L: 11 extracted = 10 valid + 1 rejected; 10 valid = 9 uploaded + 1 rejected at upload; 9 uploaded, 9 on the platform" \
    "$(cat "$T/out")" "all agrees"

# a checked record neither uploaded nor rejected (in the outbox, lost)
rec RLATE "2026-10-27 23:00:00" "2026-10-28 08:00:00" >>"$n2/$t.extract.csv"
rec RLATE "2026-10-27 23:00:00" "2026-10-28 08:00:00" >>"$n2/$t.valid.csv"
rc
assert_eq 1 "$(cat "$T/rc")" "exit status with a record not uploaded"
assert_eq "$L: 12 extracted = 11 valid + 1 rejected; 11 valid = 9 uploaded + 1 rejected at upload + 1 missing; 9 uploaded, 9 on the platform
$L: gap: 1 valid record neither uploaded nor rejected (in the outbox or lost)" \
    "$(cat "$T/out")" "a record not uploaded"
up "$n2"
rc
assert_eq "0 $L: 12 extracted = 11 valid + 1 rejected; 11 valid = 10 uploaded + 1 rejected at upload; 10 uploaded, 10 on the platform" \
    "$(cat "$T/rc") $(cat "$T/out")" "uploaded at last"

# a valid record that no extract holds
cp "$n2/$t.valid.csv" "$T/valid.keep"
rec RVONLY "2026-10-27 12:00:00" "2026-10-28 08:00:00" >>"$n2/$t.valid.csv"
rc
assert_eq 1 "$(cat "$T/rc")" "exit status with a valid record not extracted"
assert_eq "$L: 12 extracted = 11 valid + 1 rejected; 12 valid = 10 uploaded + 1 rejected at upload + 1 missing; 10 uploaded, 10 on the platform
$L: gap: 1 valid record not in the extract
$L: gap: 1 valid record neither uploaded nor rejected (in the outbox or lost)" \
    "$(cat "$T/out")" "a valid record not extracted"
cp "$T/valid.keep" "$n2/$t.valid.csv"

# uploaded by hand: in the ledger and on the platform, in no staging file
{ cat "$T/header"; rec RHAND "2026-10-27 13:00:00" "2026-10-28 09:00:00"; } >"$T/hand.csv"
hdx-upload -q -c "$T/site.conf" -t $t -i "$T/hand.csv" -r "$T/hand.rej"
rc
assert_eq 1 "$(cat "$T/rc")" "exit status with an upload outside the staging files"
assert_eq "$L: 12 extracted = 11 valid + 1 rejected; 11 valid = 10 uploaded + 1 rejected at upload; 11 uploaded, 11 on the platform
$L: gap: 1 uploaded record not in the staging files" \
    "$(cat "$T/out")" "an upload outside the staging files"
rm "$T/state/ledger.db"*
hdx-upload -q -c "$T/site.conf" -t $t -i "$n1/$t.valid.csv" -r "$T/again.rej" || [ $? -eq 1 ]
hdx-upload -q -c "$T/site.conf" -t $t -i "$n2/$t.valid.csv" -r "$T/again.rej" || [ $? -eq 1 ]

# the ledger lost: the rerun finds every batch in upload_batch, and a
# front-end database holds a committed batch whole, so it records their
# keys again; only the record uploaded by hand, in no staging file, is on
# the platform and not in the ledger
rc
assert_eq 1 "$(cat "$T/rc")" "exit status with keys the ledger does not know"
assert_eq "$L: 12 extracted = 11 valid + 1 rejected; 11 valid = 10 uploaded + 1 rejected at upload; 10 uploaded, 11 on the platform
$L: gap: 1 record on the platform not in the ledger" \
    "$(cat "$T/out")" "the ledger lost"

# a re-send under a new generation puts the keys back; then a row lost on
# the platform side
rm "$T/state/ledger.db"*
for n in "$n1" "$n2"; do
	hdx-upload -q -c "$T/site.conf" -t $t -i "$n/$t.valid.csv" -r "$T/again.rej" --generation 1 || [ $? -eq 1 ]
done
rc
assert_eq "1 $L: 12 extracted = 11 valid + 1 rejected; 11 valid = 10 uploaded + 1 rejected at upload; 10 uploaded, 11 on the platform
$L: gap: 1 record on the platform not in the ledger" \
    "$(cat "$T/rc") $(cat "$T/out")" "re-sent under generation 1, RHAND not"
sqlite3 "$db" "DELETE FROM $t WHERE reg_id IN ('RHAND', 'R0007')"
rc
assert_eq 1 "$(cat "$T/rc")" "exit status with a record missing on the platform"
assert_eq "$L: 12 extracted = 11 valid + 1 rejected; 11 valid = 10 uploaded + 1 rejected at upload; 10 uploaded, 9 on the platform
$L: gap: 1 uploaded record missing on the platform" \
    "$(cat "$T/out")" "a record missing on the platform"
