# hdx-map on patient_info with local sex codes (M, F, full-width Ｍ):
# the default:9 policy with its warning, the reject policy leaving the
# value for hdx-check to reject with rule domain, the exact JSON report,
# passthrough=no, fold=no, and files that pass byte-identical.
. "$(dirname "$0")/../lib.sh"

cases=$top/../shared/standard/cases
[ -f "$cases/patient_info.csv" ] || skip "standard cases not found at $cases"

mkdir "$T/mapping"
printf 'local_code,std_code,local_name\nM,1,男\nF,2,女\n' >"$T/mapping/sex.csv"
site() {	# site NAME [map sex] lines...
	name=$1; shift
	{
		printf '[site]\norg_code = 124115004170483179\n'
		printf 'mapping_dir = mapping\n\n[map sex]\n'
		for l in "$@"; do printf '%s\n' "$l"; done
	} >"$T/$name.conf"
}
# five clean records of the standard's cases, with local sex codes;
# the sixth keeps an empty sex
sed -n 1,7p "$cases/patient_info.csv" | awk -F, 'BEGIN { OFS = ","
	split("F,Ｍ,2,M,X,", s, ",") } NR > 1 { $4 = s[NR - 1] } { print }' \
    >"$T/in.csv"
assert_eq "F Ｍ 2 M X  " "$(tail -n +2 "$T/in.csv" | cut -d, -f4 | tr '\n' ' ')" \
    "fixture sex codes"

# default:9 - X becomes 9 with a warning; exit 0; empty stays empty
site default 'unmapped = default:9'
set +e
hdx-map -c "$T/default.conf" -t patient_info -i "$T/in.csv" -o "$T/out.csv" \
    --report "$T/report.json" 2>"$T/stderr"
rc=$?
set -e
assert_eq 0 "$rc" "exit status, default policy"
# an output that is a FIFO (or /dev/null) is written in place
through_fifo "$T/fifo.csv" hdx-map -q -c "$T/default.conf" -t patient_info -i "$T/in.csv" -o "$T/fifo"
assert_files "$T/out.csv" "$T/fifo.csv" "map into a FIFO"
cat >"$T/expected.stderr" <<'EOF'
hdx-map: sex: 5 values: 3 mapped, 1 passed through, 1 unmapped
hdx-map: sex: top unmapped: 'X' (1)
hdx-map: warning: sex: 1 unmapped value set to the default 9
hdx-map: 6 records
EOF
assert_files "$T/expected.stderr" "$T/stderr" "summary, default policy"
awk -F, 'BEGIN { OFS = ","; split("2,1,2,1,9,", s, ",") }
	NR > 1 { $4 = s[NR - 1] } { print }' "$T/in.csv" >"$T/expected.csv"
assert_files "$T/expected.csv" "$T/out.csv" "mapped records"
assert_eq "-rw-------" "$(ls -l "$T/out.csv" | cut -c1-10)" "output mode"

cat >"$T/expected.json" <<EOF
{
  "table": "patient_info",
  "input": "$T/in.csv",
  "records": 6,
  "ragged": 0,
  "domains": [
    {
      "domain": "sex",
      "fields": [
        "sex"
      ],
      "files": [
        "$T/mapping/sex.csv"
      ],
      "unmapped_policy": "default:9",
      "passthrough": true,
      "fold": true,
      "seen": 5,
      "mapped": 3,
      "passed_through": 1,
      "unmapped": 1,
      "defaulted": 1,
      "distinct_unmapped": 1,
      "untracked": 0,
      "hidden_sensitive": 0,
      "top_unmapped": [
        {
          "code": "X",
          "count": 1
        }
      ]
    }
  ]
}
EOF
assert_files "$T/expected.json" "$T/report.json" "JSON report"

# reject (the default policy): X stays, exit 1, and hdx-check rejects it
site reject 'passthrough = yes'
head -n 6 "$T/in.csv" >"$T/in5.csv"
set +e
hdx-map -c "$T/reject.conf" -t patient_info <"$T/in5.csv" >"$T/out.csv" \
    2>"$T/stderr"
rc=$?
set -e
assert_eq 1 "$rc" "exit status, reject policy"
cat >"$T/expected.stderr" <<'EOF'
hdx-map: sex: 5 values: 3 mapped, 1 passed through, 1 unmapped
hdx-map: sex: top unmapped: 'X' (1)
hdx-map: warning: sex: 1 unmapped value left for hdx-check to reject
hdx-map: 5 records
EOF
assert_files "$T/expected.stderr" "$T/stderr" "summary, reject policy"
assert_eq "2 1 2 1 X " "$(tail -n +2 "$T/out.csv" | cut -d, -f4 | tr '\n' ' ')" \
    "sex after reject policy"
set +e
hdx-check -t patient_info -i "$T/out.csv" --today 2026-12-01 \
    -r "$T/rejects.csv" -o "$T/valid.csv" 2>"$T/check.stderr"
rc=$?
set -e
assert_eq 1 "$rc" "hdx-check exit status"
assert_eq "table,line,primary_key,rule,field,level,message,stage
patient_info,6,124115004170483179+P000005,domain,sex,error,a code of domain sex,check" \
    "$(cat "$T/rejects.csv")" "hdx-check rejects"
assert_eq 5 "$(wc -l <"$T/valid.csv")" "records hdx-check lets through"

# passthrough = no: the standard code 2 with no mapping row is unmapped
site nopass 'passthrough = no' 'unmapped = default:9'
hdx-map -q -c "$T/nopass.conf" -t patient_info -i "$T/in5.csv" -o "$T/out.csv"
assert_eq "2 1 9 1 9 " "$(tail -n +2 "$T/out.csv" | cut -d, -f4 | tr '\n' ' ')" \
    "sex with passthrough=no"

# fold = no: the full-width Ｍ is not M
site nofold 'fold = no'
set +e
hdx-map -c "$T/nofold.conf" -t patient_info -i "$T/in5.csv" -o "$T/out.csv" \
    2>"$T/stderr"
rc=$?
set -e
assert_eq 1 "$rc" "exit status, fold=no"
assert_eq "hdx-map: sex: top unmapped: 'X' (1), 'Ｍ' (1)" \
    "$(sed -n 2p "$T/stderr")" "top unmapped, fold=no"

# every domain value already standard: byte-identical, exit 0; -q is quiet
sed -n 1,6p "$cases/patient_info.csv" >"$T/std.csv"
hdx-map -q -c "$T/reject.conf" -t patient_info -i "$T/std.csv" \
    -o "$T/out.csv" 2>"$T/stderr"
cmp "$T/std.csv" "$T/out.csv" || fail "standard codes are not byte-identical"
assert_eq "" "$(cat "$T/stderr")" "-q stderr"

# a domain with no mapping file passes untouched, whatever its values
printf '[site]\norg_code = 124115004170483179\n' >"$T/none.conf"
hdx-map -c "$T/none.conf" -t patient_info -i "$T/in.csv" -o "$T/out.csv" \
    2>"$T/stderr"
cmp "$T/in.csv" "$T/out.csv" || fail "unmapped domains are not untouched"
assert_eq "hdx-map: 6 records" "$(cat "$T/stderr")" "summary without mappings"
