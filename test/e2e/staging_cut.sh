#!/bin/sh
# staging_cut.sh - a staging file cut in the middle of a record, fed to
# each stage by hdx-nightly --stage STAGE- (map, check, upload: from the
# cut stage to the end): the stage fails with one line naming the file
# and the line of the cut record, hdx-nightly exits 1, nothing of the
# table reaches the PostgreSQL front-end database (also when the file
# is longer than a batch), and after the stage before is run again the
# night equals a clean one: the same rows, rejects, ledger keys and
# hdx-reconcile counts.
. "$(dirname "$0")/../lib.sh"
command -v flock >/dev/null || skip "flock not found"
command -v truncate >/dev/null || skip "truncate not found"
odbcinst -q -d -n SQLite3 >/dev/null 2>&1 || skip "no ODBC driver SQLite3"
pg_start
day=2026-10-27
tables="dept_info staff_info patient_info outpatient_registration"
# shellcheck disable=SC2086 # table names
stages() { hdx-nightly -q -c "$T/$1/site.conf" --date $day --stage "$2" $tables 2>"$T/$1.err"; }

demo_site clean pg
night_of clean || { cat "$T/clean.err" >&2; fail "the clean night"; }
night_record clean

# cut FILE: FILE cut in the middle of its middle line; prints that line
cut_mid_record() {
	_n=$(($(wc -l <"$1") / 2))
	_keep=$(head -n $_n "$1" | wc -c)
	_line=$(sed -n "$((_n + 1))p" "$1" | wc -c)
	truncate -s $((_keep + _line / 2)) "$1"
	echo $((_n + 1))
}

# the file each stage reads, and the stage before it
for s in map:extract:extract check:map:mapped upload:check:valid; do
	stage=${s%%:*} prev=${s#*:} prev=${prev%%:*} file=patient_info.${s##*:}.csv
	site=cut$stage
	demo_site "$site" pg
	# batches of 50: the valid file is four of them
	printf 'batch_records = 50\n' >>"$T/$site/site.conf"
	stages "$site" "extract-$prev" || { cat "$T/$site.err" >&2; fail "$site: up to $prev"; }
	f=$T/$site/staging/$day/$file
	line=$(cut_mid_record "$f")
	rc=0
	stages "$site" "$stage-" || rc=$?
	assert_eq 1 "$rc" "hdx-nightly's exit with $file cut"
	assert_eq "hdx-$stage: $f:$line: the last record has no line end: the file is cut short" \
	    "$(grep "^hdx-$stage: " "$T/$site.err")" "the message of hdx-$stage with $file cut"
	if [ "$stage" = check ]; then
		# one submission: a file of it malformed fails it whole
		grep -q "^hdx-nightly: $day: patient_info: check failed (exit 3)$" "$T/$site.err" ||
		    { cat "$T/$site.err" >&2; fail "$site: no failure named"; }
		assert_eq 0 "$(front_sql "$site" "SELECT count(*) FROM upload_batch")" "batches with $file cut"
	else
		assert_eq "hdx-nightly: $day: patient_info: $stage failed (exit 3)" \
		    "$(grep "^hdx-nightly: $day: [a-z_]*: [a-z]* failed" "$T/$site.err")" "the failure of $file cut"
	fi
	assert_eq 0 "$(front_sql "$site" "SELECT count(*) FROM patient_info")" "patient_info rows with $file cut"
	# the file is made again from the stage before, and the night ends
	stages "$site" "$prev-" || { cat "$T/$site.err" >&2; fail "$site: from $prev again"; }
	night_record "$site"
	for what in rows rejects keys reconcile; do
		assert_files "$T/clean.$what" "$T/$site.$what" "$what after $file was cut"
	done
	# shellcheck disable=SC2086 # table names
	front_dups "$site" $tables
done
