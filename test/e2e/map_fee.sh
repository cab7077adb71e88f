# hdx-map on outpatient_settlement: the HIS's fee class 01 means 自费
# (self-paid), which is the standard's 07, although 01 is also a valid
# standard code (城镇职工基本医疗保险): the mapping file is consulted first.
# The table's map.payment_method overrides the domain's file.
. "$(dirname "$0")/../lib.sh"

cases=$top/../shared/standard/cases
[ -f "$cases/outpatient_settlement.csv" ] || skip "standard cases not found at $cases"

mkdir "$T/his"
printf 'local_code,std_code,local_name\n01,07,自费\n1,01,职工医保\n2,02,居民医保\n' \
    >"$T/his/fee_class.csv"
printf 'local_code,std_code\n01,01\n' >"$T/his/unused.csv"
cat >"$T/site.conf" <<'EOF2'
[site]
org_code = 124115004170483179

[table outpatient_settlement]
map.payment_method = his/fee_class.csv

[map payment_method]
file = his/unused.csv
EOF2
sed -n 1,5p "$cases/outpatient_settlement.csv" | awk -F, 'BEGIN { OFS = ","
	split("1,2,01,05", s, ",") } NR > 1 { $7 = s[NR - 1] } { print }' \
    >"$T/in.csv"

hdx-map -c "$T/site.conf" -t outpatient_settlement -i "$T/in.csv" \
    -o "$T/out.csv" --report "$T/report.json" 2>"$T/stderr"
assert_eq "01 02 07 05 " "$(tail -n +2 "$T/out.csv" | cut -d, -f7 | tr '\n' ' ')" \
    "payment_method mapped"
assert_eq "hdx-map: payment_method: 4 values: 3 mapped, 1 passed through, 0 unmapped
hdx-map: 4 records" "$(cat "$T/stderr")" "summary"
# every other column is as it was
cut -d, -f1-6,8- "$T/in.csv" >"$T/a"
cut -d, -f1-6,8- "$T/out.csv" >"$T/b"
assert_files "$T/a" "$T/b" "columns without a mapping"
grep -q "\"$T/his/fee_class.csv\"" "$T/report.json" || fail "report files"
grep -q "unused" "$T/report.json" && fail "the overridden file is in the report"

# hdx-check sees the mapped codes: no domain reject
set +e
hdx-check -t outpatient_settlement -i "$T/out.csv" --today 2026-12-01 \
    -r "$T/rejects.csv" -o /dev/null 2>/dev/null
set -e
grep -q ',domain,' "$T/rejects.csv" && fail "domain rejects after mapping"
exit 0
