#!/bin/sh
# The CLI follows the sink registry, in TAP: --format takes any format a
# loaded sink writes (here the test module mod_slowsink's 'slow'), -o's
# extension picks a format only when a sink writes it, and otherwise run
# exits 2 naming the formats there are and writes nothing; an explicit
# --format wins over the extension; `ccscore plugins` names each sink's format.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore} # tests/valgrind.sh sets it
echo "1..6"
work=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-formats.XXXXXX") || { echo "Bail out! no temporary folder"; exit 0; }
trap 'rm -rf "$work"' EXIT
unset CCSCORE_PLUGIN_DIR CCSCORE_DATA_DIR
umask 022
export CCSCORE_NOW=2026-12-31
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do printf '%s\n' "$l" | sed 's/^/# /'; done; }
check() { # check NAME CONDITION-STATUS DETAILS...
    name=$1; st=$2; shift 2
    if [ "$st" -eq 0 ]; then ok "$name"; else not_ok "$name" "$@"; fi
}

# 1. -o x.pdf with no pdf sink: exit 2, the formats named, nothing written
"$CCSCORE" run -o "$work/x.pdf" >"$work/out" 2>"$work/err"
rc=$?
want="ccscore: error: no sink writes '.pdf' (formats: text, json, csv, csv_wide, html)"
[ $rc -eq 2 ] && [ "$(cat "$work/err")" = "$want" ] && [ ! -e "$work/x.pdf" ] && [ ! -s "$work/out" ]
check "-o x.pdf with no pdf sink exits 2 naming the formats, and writes nothing" $? "exit $rc" "$(cat "$work/err")"

# 2. an unknown --format: exit 2, the formats named
"$CCSCORE" run --format nosuch >"$work/out" 2>"$work/err"
rc=$?
want="ccscore: error: unknown --format 'nosuch' (formats: text, json, csv, csv_wide, html)"
[ $rc -eq 2 ] && [ "$(cat "$work/err")" = "$want" ] && [ ! -s "$work/out" ]
check "an unknown --format exits 2 naming the formats" $? "exit $rc" "$(cat "$work/err")"

# 3-6. a plugin's sink (mod_slowsink, format 'slow') is chosen by --format
mkdir -p "$work/plugins"
cp "$top_builddir/tests/.libs/mod_slowsink.so" "$work/plugins/"
cp "$top_srcdir/tests/fixtures/e2e/contacts.csv" "$work/"
cat >"$work/policy.ini" <<INI
[organisation]
name = Formats
timezone = UTC
min_sample = 1
plugin_path = plugins
modules = csv kpi_core report mod_slowsink
[metric handled]
[source contacts]
use = csv
path = contacts.csv
INI
"$CCSCORE" run -c "$work/policy.ini" --format slow >"$work/slow.out" 2>"$work/err"
rc=$?
[ $rc -eq 0 ] && [ "$(head -1 "$work/slow.out")" = "report of Formats for 2026-W46" ] &&
    [ "$(tail -1 "$work/slow.out")" = "end of report" ]
check "--format slow writes with the plugin's sink" $? "exit $rc" "$(cat "$work/err")" "$(head -2 "$work/slow.out")"

"$CCSCORE" run -c "$work/policy.ini" -o "$work/r.slow" 2>"$work/err" &&
    "$CCSCORE" run -c "$work/policy.ini" --format json -o "$work/j.slow" 2>>"$work/err"
rc=$?
[ $rc -eq 0 ] && [ "$(head -1 "$work/r.slow")" = "report of Formats for 2026-W46" ] &&
    [ "$(head -c 1 "$work/j.slow")" = "{" ]
check "-o r.slow picks the plugin's sink; --format json wins over the extension" $? "exit $rc" "$(cat "$work/err")"

"$CCSCORE" run -c "$work/policy.ini" -o "$work/x.html" 2>"$work/err"
rc=$?
want="ccscore: error: no sink writes '.html' (formats: text, json, csv, csv_wide, slow)"
[ $rc -eq 2 ] && [ "$(cat "$work/err")" = "$want" ] && [ ! -e "$work/x.html" ]
check "the formats named include the plugin's" $? "exit $rc" "$(cat "$work/err")"

"$CCSCORE" plugins -c "$work/policy.ini" >"$work/plugins.out" 2>"$work/err"
rc=$?
[ $rc -eq 0 ] && grep -q "^  \[sink slow\]" "$work/plugins.out" &&
    grep -qxF "      (format 'slow': --format slow)" "$work/plugins.out" &&
    grep -qxF "      (format 'json': --format json)" "$work/plugins.out"
check "ccscore plugins names each sink's format" $? "exit $rc" "$(cat "$work/err")"
exit 0
