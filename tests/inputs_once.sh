#!/bin/sh
# Data files that are not plain finished files (issue 20 defects 6 and 10),
# in TAP: a FIFO is opened once and gives the report its file gives; a file
# cut short inside a record is an input error (exit 2) naming file:line,
# unless the policy sets on_bad_row.
set -u
: "${top_srcdir:?top_srcdir must be set}"
: "${top_builddir:?top_builddir must be set}"
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore} # tests/valgrind.sh sets it
FIX=$top_srcdir/tests/fixtures
echo "1..8"
work=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-once.XXXXXX") || { echo "Bail out! no temporary folder"; exit 0; }
trap 'rm -rf "$work"' EXIT
# ccscore's copies of FIFOs go under TMPDIR: a folder of this test's own, so
# that "none left behind" sees only this test's runs
mkdir "$work/tmp" && TMPDIR=$work/tmp && export TMPDIR
unset CCSCORE_PLUGIN_DIR CCSCORE_DATA_DIR
n=0
result() { # result DESC RC
    n=$((n + 1))
    if [ "$2" -eq 0 ]; then echo "ok $n - $1"; else echo "not ok $n - $1"; fi
}
QLP=$FIX/queue_log/weeks.ini
E2E=$FIX/e2e/policy.ini

# 1-2 (defect 6): a FIFO as a data file, a queue_log and a CSV.
"$CCSCORE" run -c "$QLP" --format csv "$FIX/queue_log/trust_wazo.queue_log" 2>/dev/null |
    grep -v "trust_wazo" >"$work/file.csv"
mkfifo "$work/ql.fifo"
cat "$FIX/queue_log/trust_wazo.queue_log" >"$work/ql.fifo" &
timeout 60 "$CCSCORE" run -c "$QLP" --format csv "$work/ql.fifo" >"$work/fifo.out" 2>"$work/fifo.err"
rc=$?
grep -v "ql.fifo" "$work/fifo.out" >"$work/fifo.csv"
[ $rc -eq 0 ] && [ -s "$work/file.csv" ] && cmp -s "$work/file.csv" "$work/fifo.csv" &&
    grep -q "ql.fifo" "$work/fifo.out"
result "6: a queue_log FIFO is read once: exit 0, the file's report, its name in the input" $?
"$CCSCORE" run -c "$E2E" --format csv "$FIX/e2e/contacts.csv" 2>/dev/null | grep -v "contacts.csv" >"$work/e2e_file.csv"
mkfifo "$work/c.fifo"
cat "$FIX/e2e/contacts.csv" >"$work/c.fifo" &
timeout 60 "$CCSCORE" run -c "$E2E" --format csv "$work/c.fifo" 2>/dev/null >"$work/c.out"
rc=$?
grep -v "c.fifo" "$work/c.out" >"$work/e2e_fifo.csv"
[ $rc -eq 0 ] && [ -s "$work/e2e_file.csv" ] && cmp -s "$work/e2e_file.csv" "$work/e2e_fifo.csv"
result "6: a CSV FIFO is read once: exit 0, the file's report" $?

# 3-6 (defect 10): files cut short inside their last record.
head -c -20 "$FIX/e2e/contacts.csv" >"$work/cut.csv" # line 21 loses 'abandoned,0,,,,X20,'
"$CCSCORE" run -c "$E2E" "$work/cut.csv" >"$work/cut.out" 2>"$work/cut.err"
rc=$?
[ $rc -eq 2 ] && [ ! -s "$work/cut.out" ] &&
    grep -q "^$work/cut.csv:21: error: the file ends inside a record that was rejected (cut short while being written or copied?): re-export it, or set on_bad_row = reject in \[source contacts\] to score it without that record$" "$work/cut.err"
result "10: a CSV cut inside its last row: exit 2, file:line named, no report" $?
printf 'include = %s/policy.ini\n[organisation]\non_bad_row = reject\n' "$(cd "$FIX/e2e" && pwd)" >"$work/reject.ini"
"$CCSCORE" run -c "$work/reject.ini" --format json "$work/cut.csv" >"$work/cut.json" 2>/dev/null
rc=$?
[ $rc -eq 0 ] && grep -q '"rejected": 1' "$work/cut.json" && grep -q '"accepted": 19' "$work/cut.json"
result "10: with on_bad_row = reject in the policy: exit 0, 19 rows scored, 1 rejected" $?
head -c -25 "$FIX/queue_log/trust_base.queue_log" >"$work/cut.queue_log" # the REMOVEMEMBER line cut
"$CCSCORE" run -c "$QLP" "$work/cut.queue_log" >"$work/qcut.out" 2>"$work/qcut.err"
rc=$?
[ $rc -eq 2 ] && [ ! -s "$work/qcut.out" ] &&
    grep -q "^$work/cut.queue_log:7: error: the file ends inside a record that was rejected" "$work/qcut.err"
result "10: a queue_log cut inside its last line: exit 2, file:line named" $?
head -c -1 "$FIX/e2e/contacts.csv" >"$work/nolf.csv"
"$CCSCORE" run -c "$E2E" --format json "$work/nolf.csv" >"$work/nolf.json" 2>"$work/nolf.err"
rc=$?
[ $rc -eq 0 ] && grep -q '"accepted": 20' "$work/nolf.json" && [ ! -s "$work/nolf.err" ]
result "10: a complete last row without a line end is no error (20 rows accepted)" $?

# 7-8: a data file that does not exist, and one that is a folder.
"$CCSCORE" run -c "$E2E" "$work/none.csv" >/dev/null 2>"$work/none.err"
rc=$?
[ $rc -eq 2 ] && grep -q "none.csv.*cannot read data file: No such file or directory" "$work/none.err"
result "a missing data file: exit 2, named" $?
ls -A "$TMPDIR" >"$work/left" 2>/dev/null
[ ! -s "$work/left" ]
result "no copy of a FIFO is left behind" $?
