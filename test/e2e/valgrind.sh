#!/bin/sh
# valgrind.sh - the demo chain (demo/run-demo, one business day: the
# nightly chain of every table, hdx-status, the push-back with
# hdx-verify, the QC summary) with every hdx tool under valgrind
# --error-exitcode=99 --leak-check=full: no run may report an error or a
# definite or possible leak. Slow (minutes): only with HDX_VALGRIND=1,
# which make valgrind sets; on the optimised build (ASan and valgrind do
# not mix).
. "$(dirname "$0")/../lib.sh"
[ -n "${HDX_VALGRIND:-}" ] || skip "slow: set HDX_VALGRIND=1 (make valgrind)"
command -v valgrind >/dev/null || skip "valgrind not found"
! nm "$HDX_BIN/hdx-map" 2>/dev/null | grep -q __asan_init ||
    skip "$HDX_BIN is an ASan build: valgrind needs the optimised one (build/bin)"
mkdir "$T/bin" "$T/vg"
n=0
for tool in "$HDX_BIN"/hdx-*; do
	name=${tool##*/}
	cat >"$T/bin/$name" <<EOT
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full --track-fds=no \\
    --log-file="$T/vg/$name.%p.log" "$tool" "\$@"
EOT
	chmod 755 "$T/bin/$name"
	n=$((n + 1))
done
[ $n -ge 8 ] || fail "only $n tools in $HDX_BIN"
rc=0
HDX_BIN=$T/bin "$top/demo/run-demo" -o "$T/demo" --fresh 2026-10-27 >"$T/demo.out" 2>&1 || rc=$?
runs=$(find "$T/vg" -name '*.log' | wc -l)
# a log with any line is a run that reported something
bad=$(find "$T/vg" -name '*.log' -size +0 | sort)
for f in $bad; do
	echo "== ${f##*/}" >&2
	head -n 40 "$f" >&2
done
[ -z "$bad" ] || fail "valgrind reported errors in $(echo "$bad" | wc -l) of $runs runs"
[ "$rc" -eq 0 ] || { tail -n 30 "$T/demo.out" >&2; fail "run-demo under valgrind: exit $rc"; }
[ "$runs" -gt 100 ] || fail "only $runs runs of the tools under valgrind"
grep -q '^2026-10-27: [0-9]* records extracted' "$T/demo.out" || fail "the demo's summary line"
for t in hdx-extract hdx-map hdx-check hdx-upload hdx-standard hdx-verify; do
	ls "$T/vg/$t."*.log >/dev/null 2>&1 || fail "$t never ran under valgrind"
done
echo "$runs runs of the tools under valgrind, no error"
