# hdx-check in a pipe: one table on stdin, the records to send on
# stdout in the standard's column order, the held ones in the rejects;
# the two policies; messages that never carry a value.
. "$(dirname "$0")/../lib.sh"
cases=${HDX_PLATFORM:-$top/../shared/platform}/../standard/cases
[ -f "$cases/patient_info.csv" ] || skip "standard cases not found at $cases"

# hold (default): every record with an error finding of expected.csv is held
held=$(awk -F, 'NR > 1 && $1 == "patient_info" && $5 == "error" { print $2 }' \
    "$cases/expected.csv" | sort -u | wc -l)
total=$(($(wc -l <"$cases/patient_info.csv") - 1))
set +e
hdx-check -t patient_info --today 2026-12-01 -r "$T/rej.csv" \
    <"$cases/patient_info.csv" >"$T/valid.csv" 2>"$T/err"
rc=$?
set -e
assert_eq 1 "$rc" "exit status when records are held"
assert_eq "$(hdx-standard show patient_info | tail -n +2 | cut -d, -f2 | paste -sd, -)" \
    "$(head -n 1 "$T/valid.csv")" "valid header in the standard's order"
assert_eq $((total - held + 1)) "$(wc -l <"$T/valid.csv")" "valid lines"
errors=$(awk -F, '$1 == "patient_info" && $5 == "error"' "$cases/expected.csv" | wc -l)
warnings=$(awk -F, '$1 == "patient_info" && $5 == "warning"' "$cases/expected.csv" | wc -l)
assert_eq "hdx-check: $total records: $((total - held)) to send, $held held; $errors errors, $warnings warnings" \
    "$(cat "$T/err")" "summary"
[ "$(stat -c %a "$T/rej.csv")" = 600 ] || fail "rejects file mode $(stat -c %a "$T/rej.csv")"
# an output that is a FIFO (or /dev/null) is written in place
through_fifo "$T/fifo.csv" hdx-check -q -t patient_info --today 2026-12-01 -r "$T/rej.fifo" \
    -i "$cases/patient_info.csv" -o "$T/fifo" || [ $? -eq 1 ]
assert_files "$T/valid.csv" "$T/fifo.csv" "check into a FIFO"

# send: only what the channel cannot carry is held (type, length, empty key)
set +e
hdx-check -t patient_info --today 2026-12-01 --policy send -r "$T/rej2.csv" \
    -i "$cases/patient_info.csv" -o "$T/valid2.csv" 2>/dev/null
set -e
unsendable=$(awk -F, 'NR > 1 && $1 == "patient_info" && ($3 == "type" || $3 == "length") { print $2 }' \
    "$cases/expected.csv" | sort -u | wc -l)
assert_eq $((total - unsendable + 1)) "$(wc -l <"$T/valid2.csv")" "valid lines under policy send"
grep -q ',domain,sex,error,a code of domain sex,check-sent$' "$T/rej2.csv" ||
    fail "an error sent under policy send is listed as check-sent"

# Patient values never reach stderr or the rejects: plant a canary name
# and identity number in a record with findings.
canary=ZZCANARY
sed "s/,王[^,]*,/,$canary,/; s/11010519491231002X/${canary}1234567890/" \
    "$cases/patient_info.csv" >"$T/canary.csv"
grep -q "$canary" "$T/canary.csv" || fail "canary not planted"
hdx-check -t patient_info --today 2026-12-01 -v -r "$T/rej3.csv" \
    -i "$T/canary.csv" -o /dev/null 2>"$T/err3" || true
if grep -l "$canary" "$T/err3" "$T/rej3.csv"; then
	fail "a patient value reached a log or the rejects"
fi

# Errors are one line, name the file and line, and exit 3.
printf 'org_code,nosuch\n' >"$T/bad.csv"
expect_fail 3 "hdx-check: $T/bad.csv:1: column 'nosuch' is not a field of patient_info" \
    hdx-check -t patient_info -i "$T/bad.csv"
expect_fail 2 "hdx-check: -t nosuch: no table 'nosuch' in $top/dict/tables.csv" \
    hdx-check -t nosuch -i "$T/bad.csv"
