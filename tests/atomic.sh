#!/bin/sh
# Atomic outputs, in TAP: reports are written to a temporary file beside the
# target and renamed into place, with the policy's output_mode (0640 by
# default); a run killed with SIGKILL half-way through writing leaves the
# previous report whole.  The slow writer is the test module mod_slowsink,
# loaded through plugin_path.  The files sink (feedback, one file per agent
# and team) writes through the host's atomic writes, so output_mode holds.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore} # tests/valgrind.sh sets it
echo "1..7"
work=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-atomic.XXXXXX") || { echo "Bail out! no temporary folder"; exit 0; }
pid=
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"' EXIT
unset CCSCORE_PLUGIN_DIR CCSCORE_DATA_DIR
umask 022
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }

mkdir -p "$work/plugins" "$work/out"
cp "$top_builddir/tests/.libs/mod_slowsink.so" "$work/plugins/"
cp "$top_srcdir/tests/fixtures/e2e/contacts.csv" "$work/"
policy() { # policy NAME PAUSE [MODE-LINE]
    extra=${3:-}
    cat >"$work/policy.ini" <<INI
[organisation]
name = $1
timezone = UTC
min_sample = 1
plugin_path = plugins
modules = csv kpi_core report mod_slowsink
$extra
[metric handled]
[source contacts]
use = csv
path = contacts.csv
[sink slowrep]
use = slow
path = out/report.txt
pause_s = $2
INI
}
mode_of() { stat -c %a "$1" 2>/dev/null; }

# 1. A whole report, mode 0640 by default.
policy First 0
"$CCSCORE" run -c "$work/policy.ini" -o "$work/out/main.txt" 2>"$work/err"
rc=$?
if [ $rc -eq 0 ] && [ "$(head -1 "$work/out/report.txt")" = "report of First for 2026-W46" ] &&
   [ "$(tail -1 "$work/out/report.txt")" = "end of report" ] &&
   [ "$(mode_of "$work/out/report.txt")" = 640 ] && [ "$(mode_of "$work/out/main.txt")" = 640 ]; then
    ok "the policy's sink and -o write whole reports with mode 0640"
else
    not_ok "the policy's sink and -o write whole reports with mode 0640" "exit $rc" \
        "modes $(mode_of "$work/out/report.txt") $(mode_of "$work/out/main.txt")" "$(cat "$work/err")"
fi
cp "$work/out/report.txt" "$work/previous.txt"

# 2. Killed half-way through the next report: the previous one is intact.
policy Second 60
"$CCSCORE" run -c "$work/policy.ini" >/dev/null 2>&1 &
pid=$!
tmpfile=
for i in $(seq 1 200); do # up to 20 s for the first half to be written
    tmpfile=$(ls "$work/out/" | grep '^report\.txt\.tmp\.' | head -1)
    [ -n "$tmpfile" ] && grep -q 'first half, line 999' "$work/out/$tmpfile" 2>/dev/null && break
    tmpfile=
    sleep 0.1
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
pid=
if [ -z "$tmpfile" ]; then
    not_ok "the run was caught half-way through writing" "no temporary file with the first half appeared"
else
    ok "the run was caught half-way through writing ($tmpfile) and killed"
fi
if cmp -s "$work/previous.txt" "$work/out/report.txt"; then
    ok "after SIGKILL during output the previous report is whole and unchanged"
else
    not_ok "after SIGKILL during output the previous report is whole and unchanged" \
        "$(diff "$work/previous.txt" "$work/out/report.txt" | head -5)"
fi
rm -f "$work/out/report.txt.tmp."*

# 3. The next run replaces it whole.
policy Third 0
"$CCSCORE" run -c "$work/policy.ini" >/dev/null 2>"$work/err"
rc=$?
if [ $rc -eq 0 ] && [ "$(head -1 "$work/out/report.txt")" = "report of Third for 2026-W46" ] &&
   [ "$(tail -1 "$work/out/report.txt")" = "end of report" ] && [ -z "$(ls "$work/out" | grep tmp)" ]; then
    ok "the next run replaces the report whole and leaves no temporary file"
else
    not_ok "the next run replaces the report whole and leaves no temporary file" "exit $rc" "$(ls "$work/out")"
fi

# 4. output_mode sets the mode.
policy Fourth 0 "output_mode = 0600"
"$CCSCORE" run -c "$work/policy.ini" -o "$work/out/main.txt" >/dev/null 2>"$work/err"
rc=$?
if [ $rc -eq 0 ] && [ "$(mode_of "$work/out/report.txt")" = 600 ] && [ "$(mode_of "$work/out/main.txt")" = 600 ]; then
    ok "output_mode = 0600 gives reports mode 0600"
else
    not_ok "output_mode = 0600 gives reports mode 0600" "exit $rc" "$(mode_of "$work/out/report.txt")"
fi

# 5. A mode that lets others write is refused.
policy Fifth 0 "output_mode = 0666"
"$CCSCORE" check-config -c "$work/policy.ini" >/dev/null 2>"$work/err"
rc=$?
want="$work/policy.ini:7: error: 'output_mode' = 0666 would let anyone change the reports: drop the others' write bit (e.g. 0640)
$work/policy.ini: 1 error"
if [ $rc -eq 2 ] && [ "$(cat "$work/err")" = "$want" ]; then
    ok "output_mode = 0666 is refused with exit 2"
else
    not_ok "output_mode = 0666 is refused with exit 2" "exit $rc" "$(cat "$work/err")"
fi
# 7. The files sink's per-agent files follow output_mode too.
mkdir "$work/conf" && cp -R "$top_srcdir/conf/example" "$top_srcdir/conf/templates" "$work/conf/" &&
    chmod -R u+w "$work/conf"
awk '{ print } /^\[organisation\]/ { print "output_mode = 0600" }' "$work/conf/example/policy.ini" >"$work/files.ini"
cp "$work/files.ini" "$work/conf/example/files.ini"
printf '\n[sink files]\npath = %s/feedback\n' "$work" >>"$work/conf/example/files.ini"
CCSCORE_NOW=2026-12-31 "$CCSCORE" run -c "$work/conf/example/files.ini" -o "$work/out/files.txt" >/dev/null 2>"$work/err"
rc=$?
nfiles=$(find "$work/feedback" -type f -name '*.md' 2>/dev/null | wc -l)
other=$(find "$work/feedback" -type f ! -perm 0600 2>/dev/null)
if [ $rc -eq 0 ] && [ "$nfiles" -gt 0 ] && [ -z "$other" ] && [ -z "$(find "$work/feedback" -name "*tmp*")" ]; then
    ok "the files sink writes its $nfiles files with output_mode 0600, whole"
else
    not_ok "the files sink writes its files with output_mode 0600, whole" "exit $rc, $nfiles files" "$other" "$(cat "$work/err")"
fi
exit 0
