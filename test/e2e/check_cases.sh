# hdx-check reaches the platform's verdicts on the standard's cases:
# --findings equals cases/expected.csv exactly (sorted), and the records
# held are exactly those with an error-level finding.
. "$(dirname "$0")/../lib.sh"

cases=${HDX_PLATFORM:-$top/../shared/platform}/../standard/cases
[ -f "$cases/expected.csv" ] || skip "standard cases not found at $cases"

sorted() { head -n 1 "$1"; tail -n +2 "$1" | LC_ALL=C sort; }

set +e
hdx-check --dir "$cases" --today 2026-12-01 --findings "$T/findings.csv" \
    --per-record "$T/per-record.csv" -r "$T/rejects.csv" \
    2>"$T/stderr"
rc=$?
set -e
mkdir -p "$T/valid"
assert_eq 1 "$rc" "exit status with held records"
assert_eq "hdx-check: 149 records: 115 to send, 34 held; 34 errors, 16 warnings" \
    "$(cat "$T/stderr")" "summary"
sorted "$cases/expected.csv" >"$T/expected.sorted"
sorted "$T/findings.csv" >"$T/findings.sorted"
assert_files "$T/expected.sorted" "$T/findings.sorted" "findings and expected.csv"
assert_eq 51 "$(wc -l <"$T/findings.csv")" "findings lines"

# Held records: exactly the distinct (table, row) with an error finding.
awk -F, 'NR > 1 && $5 == "error" { print $1 "," $2 }' "$cases/expected.csv" |
    sort -u >"$T/held.expected"
awk -F, 'NR > 1 && $NF == "check" { print $1 "," $2 - 1 }' "$T/rejects.csv" |
    sort -u >"$T/held.actual"
assert_files "$T/held.expected" "$T/held.actual" "held records"
assert_eq "table,line,primary_key,rule,field,level,message,stage" \
    "$(head -n 1 "$T/rejects.csv")" "rejects header"
grep -q '^patient_info,17,124115004170483179+P000002,unique,patient_id,error,' \
    "$T/rejects.csv" || fail "the duplicate key's rejects line"
