# shellcheck shell=bash
# lib.sh - shell functions shared by hdx-nightly, hdx-backfill,
# hdx-status and install-cron (sourced, never run). The caller sets prog.
#
#   die STATUS MESSAGE        "prog: MESSAGE" on stderr, exit STATUS
#   site_get SITE SECTION KEY the value of a key of the site file
#   site_dir SITE KEY         a [site] path, resolved against the file's
#                             directory (as the tools do)
#   bj_now, bj_stamp,         Beijing time (UTC+8, no summer time): as
#   bj_yesterday              update_time, as a log stamp, yesterday
#   date_ok D                 D is a real date YYYY-MM-DD
#   date_next D               the day after D
#   csv_records FILE          records of a CSV file with a header,
#                             quoted line ends counted right
#   csv_max_update FILE       the largest well-formed update_time of a
#                             standard CSV file (empty when none)
#   std_run SITE ARGS...      hdx-standard ARGS for the site's standard
#   std_order SITE            hdx-standard order for the site's standard
#
# Values of records never reach a message or a log line: only counts.

: "${prog:=hdx}"

# The tools read secrets from the secrets file only (hdx-site(5)); a
# HDX_SECRET_* variable left in a site's environment by an older set-up
# would still be inherited by every child and shown in /proc: drop it.
for _v in $(compgen -e HDX_SECRET_ 2>/dev/null); do unset "$_v"; done
unset _v

# Exit statuses of hdx(7).
EX_OK=0 EX_FOUND=1 EX_USAGE=2 EX_DATA=3 EX_IO=4 EX_LOCKED=5
export EX_OK EX_FOUND EX_USAGE EX_DATA EX_IO EX_LOCKED

die() {
	_st=$1
	shift
	printf '%s: %s\n' "$prog" "$*" >&2
	exit "$_st"
}

warn() {
	printf '%s: warning: %s\n' "$prog" "$*" >&2
}

# site_get SITE SECTION KEY: the value (a quoted value unquoted) or
# nothing. The tools themselves check the file; this only reads it.
site_get() {
	awk -v want="$2" -v key="$3" '
	function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t\r]+$/, "", s); return s }
	NR == 1 { sub(/^\357\273\277/, "") }
	{ line = trim($0) }
	line == "" || line ~ /^[#;]/ { next }
	line ~ /^\[/ {
		s = line; sub(/^\[[ \t]*/, "", s); sub(/[ \t]*\]$/, "", s)
		gsub(/[ \t]+/, " ", s)
		insec = (s == want)
		next
	}
	insec {
		i = index(line, "=")
		if (i == 0) next
		if (trim(substr(line, 1, i - 1)) != key) next
		v = trim(substr(line, i + 1))
		if (v ~ /^"/) {
			out = ""
			for (j = 2; j <= length(v); j++) {
				c = substr(v, j, 1)
				if (c == "\\") { j++; out = out substr(v, j, 1); continue }
				if (c == "\"") break
				out = out c
			}
			v = out
		}
		print v
		exit
	}' "$1"
}

# site_dir SITE KEY: a path of [site], absolute.
site_dir() {
	_v=$(site_get "$1" site "$2")
	[ -n "$_v" ] || return 0
	case $_v in
	/*) printf '%s\n' "$_v" ;;
	*) printf '%s/%s\n' "$(cd "$(dirname "$1")" && pwd)" "$_v" ;;
	esac
}

bj_now() { TZ=CST-8 date '+%Y-%m-%d %H:%M:%S'; }
bj_stamp() { TZ=CST-8 printf '%(%Y-%m-%dT%H:%M:%S+08:00)T' -1; }
bj_yesterday() { TZ=CST-8 date -d '-1 day' '+%Y-%m-%d'; }

date_ok() {
	case $1 in
	[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]) ;;
	*) return 1 ;;
	esac
	[ "$(TZ=UTC date -d "$1" '+%Y-%m-%d' 2>/dev/null)" = "$1" ]
}

date_next() { TZ=UTC date -d "$1 + 1 day" '+%Y-%m-%d'; }

# csv_records FILE: data records (not lines) of an RFC 4180 file with a
# header; a record continues while its count of double quotes is odd.
csv_records() {
	[ -s "$1" ] || { echo 0; return 0; }
	awk '{ q += gsub(/"/, "\""); if (q % 2 == 0) { n++; q = 0 } }
	    END { print (n > 0 ? n - 1 : 0) }' "$1"
}

# csv_max_update FILE: max(update_time) over the records whose value is
# a well-formed datetime, read by sqlite3's CSV import (quotes, commas
# and line ends inside fields handled); nothing when there is none.
csv_max_update() {
	[ -s "$1" ] || return 0
	sqlite3 -batch :memory: '.mode csv' '.import /dev/stdin x' '.mode list' \
	    "SELECT coalesce(max(update_time), '') FROM x WHERE update_time GLOB
	    '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]'
	    AND datetime(update_time) = update_time" <"$1"
}

# std_run SITE ARGS...: hdx-standard -q ARGS for the site's standard,
# else HDX_STANDARD's, else the installed one.
std_run() {
	_sf=$1
	shift
	_std=$(site_get "$_sf" site standard)
	if [ -n "$_std" ]; then
		case $_std in
		/*) ;;
		*) _std=$(cd "$(dirname "$_sf")" && pwd)/$_std ;;
		esac
		hdx-standard -q --standard "$_std" "$@"
	else
		hdx-standard -q "$@"
	fi
}

# std_order SITE: "level,group,table" lines (no header).
std_order() { std_run "$1" order | tail -n +2; }
