#!/bin/sh
# map_lint.sh - hdx-map lint: the demo site's mapping files are clean;
# unknown standard codes, conflicting duplicates, empty files and
# mapping keys naming no field or no domain are each one line, exit 1.
. "$(dirname "$0")/../lib.sh"
export HDX_STANDARD="$top/dict"
cp -R "$top/demo/site" "$T/site"
hdx-map lint -c "$T/site/site.conf" 2>"$T/err" || { cat "$T/err" >&2; fail "lint of the demo site"; }
assert_eq "" "$(cat "$T/err")" "lint of the demo site"
m=$T/site/mapping
printf 'M,3,男\n' >>"$m/sex.csv"
l=$(wc -l <"$m/marital_status.csv")
first=$(sed -n 2p "$m/marital_status.csv" | cut -d, -f1)
printf '%s,90,x\n' "$first" >>"$m/marital_status.csv"
: >"$m/visit_type.csv"
printf '\n[table patient_info]\nmap.sexx = mapping/sex.csv\n[map nosuch]\nunmapped = reject\n' >>"$T/site/site.conf"
n=$(wc -l <"$T/site/site.conf")
set +e
hdx-map lint -c "$T/site/site.conf" 2>"$T/err"
rc=$?
set -e
assert_eq 1 "$rc" "exit of a lint with problems"
s=$T/site/site.conf
assert_eq "hdx-map: $s:$((n - 2)): map.sexx: no field 'sexx' in patient_info
hdx-map: $s: [map nosuch]: not a domain of the standard
hdx-map: $m/sex.csv:$(wc -l <"$m/sex.csv"): std_code '3' is not a code of domain sex
hdx-map: $m/visit_type.csv: empty file: no header
hdx-map: $m/marital_status.csv:$((l + 1)): local_code '$first' maps to '90' here and to '$(sed -n 2p "$m/marital_status.csv" | cut -d, -f2)' on line 2
hdx-map: 5 problems in the mapping files" "$(cat "$T/err")" "lint's lines"
