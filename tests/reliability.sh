#!/bin/sh
# Regression tests of issue 20 (a fuzzing and bad-input campaign) through
# the ccscore binary, in TAP: each failed before its fix.  Fixtures in
# tests/fixtures/reliability/ and tests/fixtures/queue_log/.
set -u
: "${top_srcdir:?top_srcdir must be set}"
: "${top_builddir:?top_builddir must be set}"
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore} # tests/valgrind.sh sets it
FIX=$top_srcdir/tests/fixtures
work=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-rel.XXXXXX") || { echo "Bail out! no temporary folder"; exit 0; }
trap 'rm -rf "$work"' EXIT
unset CCSCORE_PLUGIN_DIR CCSCORE_DATA_DIR
n=0
result() { # result DESC RC
    n=$((n + 1))
    if [ "$2" -eq 0 ]; then echo "ok $n - $1"; else echo "not ok $n - $1"; fi
}
has() { # has FILE TEXT: the exact text is in the file (else show the file)
    grep -qF -- "$2" "$1" && return 0
    echo "# want: $2"; sed 's/^/# got: /' "$1" | head -20
    return 1
}
echo "1..2"

# 9. A queue_log without login, membership or pause lines: the workload
# check once called qsort on a null pointer (UBSan).
"$CCSCORE" run -c "$FIX/queue_log/weeks.ini" "$FIX/reliability/nologin.queue_log" >"$work/9.txt" 2>"$work/9.err"
result "9: a queue_log without login or pause lines runs clean (exit 0)" $?
grep -q "^Workload and staffing by queue and interval" "$work/9.txt" && ! grep -q "runtime error" "$work/9.err"
result "9: the workload section is there, no sanitizer report" $?
