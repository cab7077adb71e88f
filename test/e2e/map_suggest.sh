# hdx-map suggest: standard codes proposed by name for the local codes
# that the mapping file does not map, sorted by score; the mapping file
# itself is never written.
. "$(dirname "$0")/../lib.sh"

mkdir "$T/mapping"
printf 'local_code,std_code\nM,1\n' >"$T/mapping/sex.csv"
cp "$T/mapping/sex.csv" "$T/sex.before"
printf '[site]\norg_code = 124115004170483179\nmapping_dir = mapping\n' >"$T/site.conf"
cat >"$T/dict.csv" <<'EOF2'
local_code,local_name
M,男
F,女性
U,未知
N,未说明
Z,其它
Ｆ,女
W,（女 性）
G,未知性别
EOF2
hdx-map suggest -c "$T/site.conf" --domain sex --local "$T/dict.csv" \
    -o "$T/out.csv" 2>"$T/stderr"
cat >"$T/expected.csv" <<'EOF2'
local_code,local_name,std_code,std_name,score
F,女性,2,女性,1.00
W,（女 性）,2,女性,0.95
N,未说明,9,未说明的性别,0.70
U,未知,0,未知的性别,0.66
G,未知性别,0,未知的性别,0.46
Z,其它,,,0.00
EOF2
assert_files "$T/expected.csv" "$T/out.csv" "suggestions"
assert_eq "" "$(cat "$T/stderr")" "stderr"
cmp "$T/sex.before" "$T/mapping/sex.csv" || fail "the mapping file was written"

# to standard output; a domain with no mapping file suggests for all
hdx-map suggest -c "$T/site.conf" --domain marital_status --local "$T/dict.csv" |
    head -n 1 >"$T/head"
assert_eq "local_code,local_name,std_code,std_name,score" "$(cat "$T/head")" "header"
assert_eq 8 "$(hdx-map suggest -c "$T/site.conf" --domain ethnicity \
    --local "$T/dict.csv" | wc -l)" "rows without a mapping file"

expect_fail 2 "hdx-map: --domain nosuch: no domain 'nosuch' in $top/dict/domains" \
    hdx-map suggest -c "$T/site.conf" --domain nosuch --local "$T/dict.csv"
printf 'code,name\n' >"$T/bad.csv"
expect_fail 3 "hdx-map: $T/bad.csv:1: header must begin local_code,local_name" \
    hdx-map suggest -c "$T/site.conf" --domain sex --local "$T/bad.csv"
