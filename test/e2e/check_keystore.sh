# hdx-check with a site consults the key store that hdx-upload keeps:
# a reference to a key delivered on an earlier night is satisfied, a
# record older than its delivered version is stale (R12), and re-checking
# what was delivered gives the verdicts of its first check.
. "$(dirname "$0")/../lib.sh"
need_platform
command -v sqlite3 >/dev/null || skip "sqlite3 not found"
odbcinst -q -d -n SQLite3 >/dev/null 2>&1 || skip "no ODBC driver SQLite3"
cases=$PLAT/../standard/cases
db=$T/front.db
hdx-standard ddl --dialect sqlite | sqlite3 "$db"
cat >"$T/site.conf" <<EOT
[site]
org_code = 124115004170483179
state_dir = state
staging_dir = staging
[upload]
channel = frontdb
frontdb = odbc:Driver=SQLite3;Database=$db
EOT
check() { hdx-check -c "$T/site.conf" --today 2026-12-01 "$@"; }

# Night 1: the departments and staff go out.
for t in dept_info staff_info; do
	hdx-upload -c "$T/site.conf" -t "$t" -i "$cases/$t.csv" -r "$T/rej.csv" 2>/dev/null ||
	    fail "upload $t"
done
# Night 2: a visit refers to them. Without the store its references
# dangle; with it they are satisfied.
visit=$T/visit.csv
sed -n '1p;2p' "$cases/outpatient_visit.csv" >"$visit"
hdx-check --today 2026-12-01 -t outpatient_visit -i "$visit" -o /dev/null \
    --findings "$T/f0.csv" 2>/dev/null || true
grep -q ',ref,dept_code,warning$' "$T/f0.csv" || fail "without the store the department dangles"
check -t outpatient_visit -i "$visit" -o /dev/null --findings "$T/f1.csv" 2>/dev/null || true
grep -q ',ref,dept_code,' "$T/f1.csv" && fail "a department delivered earlier still dangles"
grep -q ',ref,doctor_code,' "$T/f1.csv" && fail "a doctor delivered earlier still dangles"

# A stale re-send: a department older than the version delivered.
sed '3s/,2026-10-[0-9][0-9] [0-9:]*$/,2026-09-01 08:00:00/' "$cases/dept_info.csv" >"$T/stale.csv"
cmp -s "$T/stale.csv" "$cases/dept_info.csv" && fail "no record made stale"
check -t dept_info -i "$T/stale.csv" -o /dev/null --findings "$T/f2.csv" 2>/dev/null || true
assert_eq "dept_info,2,unique,dept_code,error" "$(tail -n +2 "$T/f2.csv")" "the stale record's finding"
# The same records as delivered: the verdicts of their first check.
check -t dept_info -i "$cases/dept_info.csv" -o /dev/null --findings "$T/f3.csv" 2>/dev/null
assert_eq 1 "$(wc -l <"$T/f3.csv")" "findings of a re-check of what was delivered"
