#!/bin/sh
# The html sinks, in TAP: `run -o report.html` on the example writes one
# self-contained page whose structure tests/html_check.py validates (one h1,
# headings in order, <th> in every table, text alternatives for every chart,
# nothing external, under 1 MB) and whose figures equal the JSON report's;
# the Asterisk example's workload section is a heat map with its
# bottlenecks; the checker itself catches a changed figure; html_files
# writes one page per agent naming no other agent, and without 'path' fails
# with the exact error; names are escaped, bytes that are not UTF-8 become
# U+FFFD; `ccscore plugins` names both formats.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore} # tests/valgrind.sh sets it
PY=${PYTHON3:-python3}
echo "1..9"
work=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-html.XXXXXX") || { echo "Bail out! no temporary folder"; exit 0; }
trap 'rm -rf "$work"' EXIT
unset CCSCORE_PLUGIN_DIR CCSCORE_DATA_DIR
umask 022
export CCSCORE_NOW=2026-12-31
n=0
check() { # check NAME STATUS DETAILS...
    n=$((n + 1)); name=$1; st=$2; shift 2
    if [ "$st" -eq 0 ]; then echo "ok $n - $name"; else
        echo "not ok $n - $name"; for l in "$@"; do printf '%s\n' "$l" | sed 's/^/# /'; done; fi
}
checker="$top_srcdir/tests/html_check.py"

# 1-2. the example: -o report.html picks the html sink; the page checks out
"$CCSCORE" run -o "$work/report.html" >"$work/out" 2>"$work/err"
rc=$?
"$CCSCORE" run --format json -o "$work/report.json" 2>>"$work/err"
[ $rc -eq 0 ] && [ -s "$work/report.html" ] && [ ! -s "$work/out" ] && head -c 15 "$work/report.html" | grep -q '<!DOCTYPE html>'
check "run -o report.html writes the page" $? "exit $rc" "$(cat "$work/err")"
"$PY" "$checker" "$work/report.html" "$work/report.json" >"$work/check" 2>&1
check "the example's page: valid structure, figures equal the JSON report's" $? "$(cat "$work/check")"

# 3. the Asterisk example: the workload section's heat map and bottlenecks
pol="$top_srcdir/conf/example-asterisk/policy.ini"
"$CCSCORE" run -c "$pol" --format html -o "$work/ast.html" 2>"$work/err" &&
    "$CCSCORE" run -c "$pol" --format json -o "$work/ast.json" 2>>"$work/err" &&
    "$PY" "$checker" "$work/ast.html" "$work/ast.json" >"$work/check" 2>&1 &&
    grep -q '<svg class="heat" viewBox="0 0 436 450"' "$work/ast.html" &&
    grep -q 'aria-label="Heat map of Typical week: contacts offered per interval: 24 rows by 7 columns; the highest is Mon at 11:00 with 53.0"' "$work/ast.html" &&
    grep -q '<caption>Bottlenecks</caption>' "$work/ast.html"
check "the workload section: a heat map of the typical week (24 intervals x 7 days) and the bottlenecks" $? \
    "$(cat "$work/err" "$work/check")"

# 4. the checker is not blind: one figure changed is caught
sed 's/data-metric="aht" data-value="[0-9.]*"/data-metric="aht" data-value="1"/' "$work/report.html" >"$work/bad.html"
"$PY" "$checker" "$work/bad.html" "$work/report.json" >"$work/check" 2>&1
[ $? -eq 1 ] && grep -q 'aht: data-value = 1, JSON' "$work/check"
check "the checker catches a figure that differs from the JSON" $? "$(cat "$work/check")"

# 5-6. html_files: one page per agent, naming no other agent
printf 'include = %s\n[sink pages]\nuse = html_files\npath = %s/pages\n' \
    "$top_srcdir/conf/example/policy.ini" "$work" >"$work/pages.ini"
"$CCSCORE" run -c "$work/pages.ini" --format json -o "$work/pages.json" 2>"$work/err"
rc=$?
agents=$("$PY" -c 'import json,sys; print(" ".join(a["id"] for a in json.load(open(sys.argv[1]))["agents"]))' "$work/pages.json")
count=$(ls "$work/pages" 2>/dev/null | wc -l)
[ $rc -eq 0 ] && [ "$count" -eq 30 ] && [ "$(echo $agents | wc -w)" -eq 30 ]
check "html_files writes one page per agent (30)" $? "exit $rc, $count pages" "$(cat "$work/err")"
bad=0
for a in $agents; do
    "$PY" "$checker" "$work/pages/agent-$a.html" "$work/pages.json" --agent "$a" >"$work/check" 2>&1 || { bad=1; break; }
done
[ $bad -eq 0 ] && grep -q '<h2>Feedback</h2>' "$work/pages/agent-A001.html" &&
    grep -q '<h2>Since last period</h2>' "$work/pages/agent-A001.html"
check "each agent's page: their figures equal the JSON's, trend and feedback, no other agent" $? "$(cat "$work/check")"

# 7. html_files without a folder
printf 'include = %s\n[sink pages]\nuse = html_files\n' "$top_srcdir/conf/example/policy.ini" >"$work/nopath.ini"
"$CCSCORE" run -c "$work/nopath.ini" -o "$work/x.html" >"$work/out" 2>"$work/err"
rc=$?
want="ccscore: pages: error: [sink pages] needs 'path = FOLDER' (where the agents' pages go)
$work/nopath.ini:2: error: [sink pages] (html_files from module 'html') failed to start"
[ $rc -eq 2 ] && [ "$(cat "$work/err")" = "$want" ] && [ ! -e "$work/x.html" ]
check "html_files without 'path' exits 2 with the exact error" $? "exit $rc" "$(cat "$work/err")"

# 8. escaping: markup in a name is text; a byte that is not UTF-8 is U+FFFD
printf 'include = %s\n[organisation]\nname = Acme <b>&amp; "Q" \377\n' "$top_srcdir/conf/example/policy.ini" >"$work/name.ini"
"$CCSCORE" run -c "$work/name.ini" -o "$work/name.html" 2>"$work/err" &&
    "$CCSCORE" run -c "$work/name.ini" --format json -o "$work/name.json" 2>>"$work/err" &&
    grep -q '^<h1>Acme &lt;b&gt;&amp;amp; &quot;Q&quot; '"$(printf '\357\277\275')"': performance report</h1>$' "$work/name.html" &&
    "$PY" "$checker" "$work/name.html" "$work/name.json" >"$work/check" 2>&1
check "a name with markup and a stray byte: escaped, U+FFFD, still valid" $? "$(cat "$work/err" "$work/check")"

# 9. ccscore plugins names both sinks
"$CCSCORE" plugins >"$work/plugins.out" 2>&1
grep -q '^  \[sink html\]' "$work/plugins.out" && grep -q '^  \[sink html_files\]' "$work/plugins.out"
check "ccscore plugins lists the html and html_files sinks" $? "$(grep -n sink "$work/plugins.out")"
