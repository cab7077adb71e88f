# hdx-map refuses a malformed site or mapping file before it reads a
# record, with the exact message and exit status; usage and I/O errors;
# a record with a wrong number of columns is kept, unmapped.
. "$(dirname "$0")/../lib.sh"

mkdir "$T/mapping"
H=org_code,patient_id,name,sex,birth_date,id_type,id_no,id_card_no,nationality,ethnicity,marital_status,occupation,phone,address,address_division,contact_name,contact_relation,contact_phone,abo_blood,rh_blood,insurance_card_no,health_card_no,create_time,valid_flag,update_time
R='124115004170483179,P1,N,M,1980-01-01,99,X1,,CHN,,,,,,,,,,,,,,2026-10-26 08:00:00,1,2026-10-26 08:00:00'
printf '%s\n%s\n' "$H" "$R" >"$T/in.csv"
conf() { printf '[site]\norg_code = 124115004170483179\nmapping_dir = mapping\n'
	cat; }
map() { hdx-map -c "$T/site.conf" -t patient_info -i "$T/in.csv" -o "$T/out.csv" "$@"; }

printf '\n[map sex]\nunmapped = default:7\n' | conf >"$T/site.conf"
expect_fail 3 "hdx-map: $T/site.conf:6: [map sex] unmapped: the default is not a code of domain sex" map

printf 'local_code,std_code\nM,1\nＭ,2\n' >"$T/mapping/sex.csv"
printf '' | conf >"$T/site.conf"
expect_fail 3 "hdx-map: $T/mapping/sex.csv:3: local_code 'M' maps to '2' here and to '1' on line 2" map

printf 'local_code,std_code\nM,1\nF,女\n' >"$T/mapping/sex.csv"
expect_fail 3 "hdx-map: $T/mapping/sex.csv:3: std_code '女' is not a code of domain sex" map

printf 'code,std\n' >"$T/mapping/sex.csv"
expect_fail 3 "hdx-map: $T/mapping/sex.csv:1: header must be local_code,std_code[,local_name]" map
rm "$T/mapping/sex.csv"

printf '\n[map sex]\nfile = nowhere.csv\n' | conf >"$T/site.conf"
expect_fail 4 "hdx-map: $T/nowhere.csv: No such file or directory" map

printf '\n[table patient_info]\nmap.name = names.csv\n' | conf >"$T/site.conf"
expect_fail 3 "hdx-map: $T/site.conf:6: [table patient_info] map.name: field name has no domain" map

printf '[site]\nname = x\n' >"$T/site.conf"
expect_fail 3 "hdx-map: $T/site.conf:1: [site]: org_code is required" map

printf '' | conf >"$T/site.conf"
expect_fail 2 "hdx-map: -t nosuch: no table 'nosuch' in $top/dict/tables.csv" \
    hdx-map -c "$T/site.conf" -t nosuch -i "$T/in.csv"
expect_fail 4 "hdx-map: $T/missing.csv: No such file or directory" \
    hdx-map -c "$T/site.conf" -t patient_info -i "$T/missing.csv"
printf 'org_code,sexx\n' >"$T/bad.csv"
expect_fail 3 "hdx-map: $T/bad.csv:1: column 'sexx' is not a field of patient_info" \
    hdx-map -c "$T/site.conf" -t patient_info -i "$T/bad.csv"

# usage
set +e
hdx-map -t patient_info >/dev/null 2>"$T/stderr"; rc=$?
set -e
assert_eq 2 "$rc" "exit status without -c"
head -n 1 "$T/stderr" | grep -q '^usage: hdx-map ' || fail "usage"
hdx-map --help | grep -q '^usage: hdx-map \[-qv\] -c SITE -t TABLE' || fail "--help"
set +e
hdx-map suggest -c "$T/site.conf" --domain sex >/dev/null 2>&1; rc=$?
set -e
assert_eq 2 "$rc" "exit status of suggest without --local"

# a ragged record keeps its columns and is not mapped; M on a good row is
printf 'local_code,std_code\nM,1\n' >"$T/mapping/sex.csv"
printf '%s\n%s\n%s,extra\n' "$H" "$R" "$R" >"$T/ragged.csv"
set +e
hdx-map -c "$T/site.conf" -t patient_info -i "$T/ragged.csv" -o "$T/out.csv" \
    2>"$T/stderr"; rc=$?
set -e
assert_eq 0 "$rc" "exit status with a ragged record"
assert_eq "hdx-map: sex: 1 value: 1 mapped, 0 passed through, 0 unmapped
hdx-map: warning: 1 record with a wrong number of columns left unmapped
hdx-map: 2 records" "$(cat "$T/stderr")" "summary with a ragged record"
assert_eq "$(printf '%s\n%s\n%s,' "$H" "$(echo "$R" | sed 's/,M,/,1,/')" "$R")" \
    "$(cat "$T/out.csv")" "ragged record kept"

# a tool that fails in a pipe leaves its output cut, never whole: with
# the input cut short in its last record, hdx-map fails naming it, its
# output ends in an open quote, and hdx-check after it fails too, on
# the few records and on many (whatever hdx-map had written by then)
cut_pipe() { # RECORDS
	{ printf '%s\n' "$H"
	  awk -v n="$1" -v r="$R" 'BEGIN { for (i = 1; i < n; i++) { s = r; sub(/,P1,/, ",P" i ",", s); print s } }'
	  printf '%.40s' "$R"; } >"$T/cut.csv"
	set +e
	hdx-map -q -c "$T/site.conf" -t patient_info <"$T/cut.csv" 2>"$T/map.err" |
	    hdx-check -q -t patient_info --today 2026-10-27 >"$T/checked.csv" 2>"$T/check.err"
	rc=$?
	set -e
}
cut_pipe 1
assert_eq 3 "$rc" "hdx-check's exit after hdx-map failed"
assert_eq "hdx-map: -:2: the last record has no line end: the file is cut short" \
    "$(cat "$T/map.err")" "hdx-map on the cut record"
assert_eq "hdx-check: -:1: the last record has an open quote and no line end: the file is cut short" \
    "$(cat "$T/check.err")" "hdx-check after hdx-map failed"
# and hdx-check's own output is cut the same way, for the next stage
assert_eq '"the writer of this stream failed: it is cut short' \
    "$(cat "$T/checked.csv")" "hdx-check's output after hdx-map failed"
cut_pipe 20000
assert_eq 3 "$rc" "hdx-check's exit after hdx-map failed on the 20000th record"
assert_eq "hdx-map: -:20001: the last record has no line end: the file is cut short" \
    "$(cat "$T/map.err")" "hdx-map on the 20000th record, cut"
# the cut falls where hdx-map's buffer ended: at a field's start the
# quote is left open, inside a field it is out of place
case $(sed 's/^hdx-check: -:[0-9]*: /hdx-check: -:N: /' "$T/check.err") in
"hdx-check: -:N: the last record has an open quote and no line end: the file is cut short" | \
"hdx-check: -:N: malformed CSV: error parsing data while strict checking enabled") ;;
*) fail "hdx-check after hdx-map failed on the 20000th record: $(cat "$T/check.err")" ;;
esac
[ "$(wc -l <"$T/checked.csv")" -lt 20000 ] || fail "hdx-check passed every record after hdx-map failed"
