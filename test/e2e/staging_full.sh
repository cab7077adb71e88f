#!/bin/sh
# staging_full.sh - the disk full under the staging directory: a small
# tmpfs as hdx-nightly's staging directory (root only; skipped
# otherwise). The night fails with exit 1 and the tool's one line naming
# the file and "No space left on device"; no staging file is left
# half-written under its name (each one there is whole: the same bytes
# as a clean night's), no temporary is left, nothing but whole records
# reached the front-end database; with space again, the next night
# equals a clean one: rows, rejects, ledger keys, hdx-reconcile.
. "$(dirname "$0")/../lib.sh"
[ "$(id -u)" -eq 0 ] || skip "not root: cannot mount a tmpfs for the full disk"
command -v flock >/dev/null || skip "flock not found"
odbcinst -q -d -n SQLite3 >/dev/null 2>&1 || skip "no ODBC driver SQLite3"
day=2026-10-27
tables="dept_info staff_info patient_info outpatient_registration outpatient_visit outpatient_fee_detail outpatient_settlement"

demo_site clean
night_of clean || { cat "$T/clean.err" >&2; fail "the clean night"; }
night_record clean
need=$(du -sk "$T/clean/staging" | cut -f1)

demo_site full
mnt=$T/full/staging
mkdir -p "$mnt"
# a third of what the night writes: the extracts fit, the rest does not
mount -t tmpfs -o size=$((need / 3))k,mode=0700 tmpfs "$mnt" ||
    skip "cannot mount a tmpfs on $mnt"
unmount() { umount "$mnt"; }
on_exit unmount
rc=0
night_of full || rc=$?
assert_eq 1 "$rc" "hdx-nightly's exit with the disk full"
grep -Eq "^hdx-(extract|map|check): $mnt/$day/[a-z_]+\.(extract|mapped|valid)\.csv: No space left on device$" "$T/full.err" ||
    { cat "$T/full.err" >&2; fail "no message naming a file and the full disk"; }
grep -Eq "^hdx-nightly: $day: [a-z_]+: (extract|map|check) failed \(exit 4\)$" "$T/full.err" ||
    { cat "$T/full.err" >&2; fail "no failed stage named"; }
# what is there is whole; nothing half-written, no temporary left
n=0
for f in "$mnt/$day/"*.csv; do
	[ -f "$f" ] || continue
	case $f in *rejects.csv) continue ;; esac
	n=$((n + 1))
	cmp -s "$f" "$T/clean/staging/$day/${f##*/}" ||
	    fail "${f##*/} is not the whole file of a clean night"
done
[ $n -gt 0 ] || fail "no staging file written at all: the tmpfs is too small"
left=$(find "$mnt/$day" -name '*.tmp*' | wc -l)
assert_eq 0 "$left" "temporaries left in the staging directory"
# the rows stored are rows of the clean night
# shellcheck disable=SC2086 # table names
front_dump full $tables | grep -v '^upload_batch' | sort >"$T/full.partial"
sort "$T/clean.rows" | comm -13 - "$T/full.partial" >"$T/extra"
assert_eq 0 "$(wc -l <"$T/extra")" "rows stored that a clean night does not store"

# space again: the next night completes and equals the clean one
mount -o remount,size=$((need * 4))k "$mnt" || fail "remount of $mnt"
mv "$T/full.err" "$T/full.first.err"
night_of full || { cat "$T/full.err" >&2; fail "the night with space again"; }
night_record full
for what in rows rejects keys reconcile; do
	assert_files "$T/clean.$what" "$T/full.$what" "$what after the disk was full"
done
# shellcheck disable=SC2086 # table names
front_dups full $tables
