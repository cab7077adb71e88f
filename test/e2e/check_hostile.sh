# Hostile values reach hdx-check: a 1 MB field, a NUL byte, a formula
# and SQL metacharacters in free text, invalid UTF-8. Each is a clear
# finding or a clear error naming file and line, never a crash (this
# runs under ASan/UBSan), and data stays data.
. "$(dirname "$0")/../lib.sh"

hdr=$(hdx-standard show patient_info | tail -n +2 | cut -d, -f2 | paste -sd, -)
# A valid record; $1 replaces the name, $2 the address.
row() {
	printf '124115004170483179,%s,%s,1,1990-01-01,01,110105199001010010,110105199001010010,CHN,01,10,17,13800138000,%s,110105,,,,,,,,2026-10-01 08:00:00,1,2026-10-02 08:00:00\n' \
	    "$3" "$1" "$2"
}
big=$(head -c 1048576 /dev/zero | tr '\0' 'x')
{
	echo "$hdr"
	row "$big" "北京市" P1
	row '张三' "$(printf 'a\001b')" P2
	row '李四' '"=cmd|'"'"' /C calc'"'"'!A0"' P3
	row '王五' "\"x'); DROP TABLE patient_info; --\"" P4
	row '赵六' '北京市' P5
} >"$T/hostile.csv"
set +e
hdx-check -t patient_info --today 2026-12-01 -i "$T/hostile.csv" -o "$T/valid.csv" \
    -r "$T/rej.csv" --findings "$T/f.csv" 2>"$T/err"
rc=$?
set -e
assert_eq 1 "$rc" "exit status"
assert_eq "table,row,rule,field,level
patient_info,1,length,name,error
patient_info,2,type,address,error" "$(cat "$T/f.csv")" "findings of the hostile values"
# the formula and the SQL pass as data, unchanged
assert_eq 4 "$(wc -l <"$T/valid.csv")" "records sent"
grep -qF ',=cmd|'"'"' /C calc'"'"'!A0,' "$T/valid.csv" || fail "the formula did not pass unchanged"
grep -qF "x'); DROP TABLE patient_info; --" "$T/valid.csv" || fail "the SQL text did not pass unchanged"
# the rejects say which rule and field, never the value
[ "$(wc -c <"$T/rej.csv")" -lt 4096 ] || fail "the 1 MB value is in the rejects"
assert_eq 'patient_info,2,124115004170483179+P1,length,name,error,at most 50 characters; the value has 1048576,check' \
    "$(sed -n 2p "$T/rej.csv")" "the length finding's line"

# invalid UTF-8: one line naming file, line and column, exit 3
{ echo "$hdr"; row "$(printf 'ab\377')" x P9; } >"$T/bad.csv"
expect_fail 3 "hdx-check: $T/bad.csv:2:25: invalid UTF-8" \
    hdx-check -t patient_info -i "$T/bad.csv" -o "$T/v2.csv"
[ -e "$T/v2.csv" ] && fail "an output file was left by a failed run"
[ -z "$(ls "$T" | grep tmp)" ] || fail "a temporary file was left: $(ls "$T")"
