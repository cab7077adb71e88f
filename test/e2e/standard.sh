# hdx-standard: the standard is data. dict/ equals the platform's files,
# lint is clean, the DDL equals the platform's frontdb.py in PostgreSQL's
# catalog and loads into SQLite, and a second, different standard works
# with no code change.
. "$(dirname "$0")/../lib.sh"

std=$top/dict

# 1. dict/ ships the platform's data files unchanged.
shared_std=${HDX_PLATFORM:-$top/../shared/platform}/../standard
if [ -f "$shared_std/tables.csv" ]; then
	for f in tables.csv fields.csv rules.csv; do
		cmp "$shared_std/$f" "$std/$f" || fail "dict/$f differs from the standard"
	done
	diff -r "$shared_std/domains" "$std/domains" || fail "dict/domains differs"
fi

# 2. lint is clean, list and show say exact things.
hdx-standard lint "$std" 2>"$T/lint" || { cat "$T/lint" >&2; fail "lint dict"; }
[ -s "$T/lint" ] && fail "lint dict printed: $(cat "$T/lint")"
# hdx's own shared_completion.csv is linted against the tables
cp -r "$std" "$T/badcompl"
sed -i 's/^visit.end_time,outpatient_visit,end_time,/visit.end_time,outpatient_visit,visit_type,/' "$T/badcompl/shared_completion.csv"
expect_fail 1 "hdx-standard: $T/badcompl/shared_completion.csv:21: role 'visit.end_time' field 'visit_type' of outpatient_visit is not of type DT
hdx-standard: 1 problem in $T/badcompl" hdx-standard lint "$T/badcompl"
hdx-standard --standard "$std" list >"$T/list"
assert_eq 28 "$(wc -l <"$T/list")" "list lines"
assert_eq "table,name_zh,category,primary_key,business_date,daily,fields,shared" \
    "$(head -n 1 "$T/list")" "list header"
assert_eq "outpatient_visit,门急诊就诊记录,outpatient,org_code+visit_id,visit_time,Y,22,Y" \
    "$(grep '^outpatient_visit,' "$T/list")" "list outpatient_visit"
hdx-standard --standard "$std" show dept_info >"$T/show"
assert_eq 15 "$(wc -l <"$T/show")" "show dept_info lines"
assert_eq "5,dept_category,S,10,C,dept_category,when:dept_type=1|2,N,N,诊疗科目代码" \
    "$(sed -n 6p "$T/show")" "show dept_category"
expect_fail 2 "hdx-standard: nosuch: no table 'nosuch' in $std/tables.csv" \
    hdx-standard --standard "$std" show nosuch

# 3. SQLite: both scripts load.
hdx-standard --standard "$std" ddl --dialect sqlite >"$T/front.sqlite.sql"
hdx-standard --standard "$std" ddl --dialect sqlite --shared >"$T/shared.sqlite.sql"
cat "$T/front.sqlite.sql" "$T/shared.sqlite.sql" | sqlite3 "$T/front.db"
assert_eq 43 "$(sqlite3 "$T/front.db" "select count(*) from sqlite_master where type='table'")" \
    "SQLite tables: 27, upload_batch, 12 shared and 3 support tables"

# 4. PostgreSQL: the catalog of hdx's DDL equals the catalog of frontdb.py's.
need_platform
plat=$PLAT py=$PY
pg_start
catalog() {	# schema
	psql -XAtq -v ON_ERROR_STOP=1 <<SQL
SELECT table_name, ordinal_position, column_name, data_type,
       coalesce(character_maximum_length, -1), coalesce(numeric_precision, -1),
       coalesce(numeric_scale, -1), is_nullable, coalesce(column_default, '')
FROM information_schema.columns WHERE table_schema = '$1' ORDER BY 1, 2;
SELECT tc.table_name, tc.constraint_type, kcu.ordinal_position, kcu.column_name
FROM information_schema.table_constraints tc
JOIN information_schema.key_column_usage kcu
  ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
WHERE tc.table_schema = '$1' ORDER BY 1, 2, 3;
SELECT tablename, indexname, replace(indexdef, '$1.', 'S.') FROM pg_indexes
WHERE schemaname = '$1' ORDER BY 1, 2;
SQL
}
load_pg() {	# schema file...
	s=$1; shift
	{ echo "CREATE SCHEMA $s; SET search_path = $s;"; cat "$@"; } |
	    psql -Xq -v ON_ERROR_STOP=1 >/dev/null
}
hdx-standard --standard "$std" ddl --dialect postgres >"$T/front.pg.sql"
hdx-standard --standard "$std" ddl --dialect postgres --shared >"$T/shared.pg.sql"
"$py" "$plat/frontdb.py" --standard "$std" >"$T/plat.pg.sql"
"$py" "$plat/frontdb.py" --standard "$std" --shared >"$T/plat.shared.pg.sql"
load_pg hdx "$T/front.pg.sql" "$T/shared.pg.sql"
load_pg plat "$T/plat.pg.sql" "$T/plat.shared.pg.sql"
catalog hdx >"$T/cat.hdx"
catalog plat >"$T/cat.plat"
[ "$(wc -l <"$T/cat.hdx")" -gt 900 ] || fail "catalog too small: $(wc -l <"$T/cat.hdx")"
assert_files "$T/cat.plat" "$T/cat.hdx" "PostgreSQL catalogs of frontdb.py and hdx-standard ddl"
# --drop makes the script re-runnable.
hdx-standard --standard "$std" ddl --drop >"$T/front.drop.sql"
{ echo "SET search_path = hdx;"; cat "$T/front.drop.sql"; } | psql -Xq -v ON_ERROR_STOP=1 2>/dev/null

# 5. A second standard, made here: a renamed table, an extra table and a
# changed domain. lint, ddl and the platform's frontdb.py agree on it.
alt=$T/alt
cp -r "$std" "$alt"
sed -i "s/^lab_result,/assay_result,/" "$alt/tables.csv" "$alt/fields.csv" "$alt/shared_tables.csv"
printf '%s\n' 'bed_census,床位日报,inpatient,org_code+census_id,census_date,Y,Daily bed census' >>"$alt/tables.csv"
cat >>"$alt/fields.csv" <<'CSV'
bed_census,1,org_code,医疗机构统一社会信用代码,,S,18,Y,,uscc,Reporting institution
bed_census,2,census_id,日报编号,,S,32,Y,,unique,Census id
bed_census,3,census_date,日期,,D,,Y,,range:2000-01-01..today;timeliness;continuity;volume:50..200,Census day
bed_census,4,occupied,占用床位,,I,6,Y,,range:0..20000,Occupied beds
bed_census,5,sex,性别,,S,1,N,sex,,Sex
bed_census,6,valid_flag,有效标志,,S,1,Y,valid_flag,,Valid
bed_census,7,update_time,数据更新时间,,DT,,Y,,range:2000-01-01..today,Last change
CSV
printf '%s\n' '3,第三性别,third' >>"$alt/domains/sex.csv"
hdx-standard lint "$alt" || fail "lint of the second standard"
hdx-standard --standard "$alt" list | cut -d, -f1 >"$T/alt.tables"
grep -qx assay_result "$T/alt.tables" || fail "renamed table not listed"
grep -qx bed_census "$T/alt.tables" || fail "extra table not listed"
grep -qx lab_result "$T/alt.tables" && fail "old table name still listed"
hdx-standard --standard "$alt" ddl >"$T/alt.pg.sql"
"$py" "$plat/frontdb.py" --standard "$alt" >"$T/alt.plat.sql"
load_pg althdx "$T/alt.pg.sql"
load_pg altplat "$T/alt.plat.sql"
catalog althdx >"$T/cat.althdx"
catalog altplat >"$T/cat.altplat"
assert_files "$T/cat.altplat" "$T/cat.althdx" "catalogs of the second standard"
grep -q '^bed_census|4|occupied|bigint' "$T/cat.althdx" || fail "bed_census.occupied column"
grep -q '^assay_result|' "$T/cat.althdx" || fail "assay_result table"

# 6. order: catalogs and patients first, tables that refer to each other
# in one group, details after what they refer to.
hdx-standard --standard "$std" order >"$T/order"
assert_eq 28 "$(wc -l <"$T/order")" "order lines"
assert_eq "0,1,dept_info" "$(grep ',dept_info$' "$T/order")" "dept_info's level and group"
assert_eq "0,1,staff_info" "$(grep ',staff_info$' "$T/order")" "staff_info shares dept_info's group"
assert_eq "5,10,outpatient_settlement" "$(grep ',outpatient_settlement$' "$T/order")" "settlement after its fee lines' visit"
lv() { grep ",$1\$" "$T/order" | cut -d, -f1; }
[ "$(lv patient_info)" -lt "$(lv outpatient_visit)" ] || fail "patient_info before outpatient_visit"
[ "$(lv outpatient_visit)" -lt "$(lv outpatient_diagnosis)" ] || fail "visits before diagnoses"
