#!/bin/sh
# Pseudonyms at intake, in TAP: the bundled example with pseudonymise = yes,
# written as text, JSON, CSV, text with --feedback, and through a `files`
# sink (one file per agent and team): no output and no file written (its
# contents or its name) carries any raw agent id or name of the roster
# (conf/example/data/agents.csv), findings and feedback texts included, nor
# any evaluator's name (conf/example/data/evaluations.csv: staff too, named
# by the qa check's evaluator findings and table).
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore} # tests/valgrind.sh sets it
echo "1..4"
work=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-intake.XXXXXX") || { echo "Bail out! no temporary folder"; exit 0; }
trap 'rm -rf "$work"' EXIT
unset CCSCORE_PLUGIN_DIR CCSCORE_DATA_DIR
umask 022
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do printf '%s\n' "$l" | sed 's/^/# /'; done; }

ex="$top_srcdir/conf/example"
mkdir "$work/conf" && cp -R "$ex" "$top_srcdir/conf/templates" "$work/conf/" || { echo "Bail out! cannot copy the example"; exit 0; }
chmod -R u+w "$work/conf"
cd "$work/conf/example" || exit 0
conf_dir=$PWD
cp policy.ini policy.ini.plain
printf 'ccscore test key: 32 bytes long!' >key.bin
chmod 600 key.bin
# pseudonymise in [organisation], and a files sink into out/feedback
awk '{ print } /^\[organisation\]/ { print "pseudonymise = yes"; print "pseudonym_key = key.bin" }' \
    policy.ini >p.ini && mv p.ini policy.ini
printf '\n[sink files]\npath = %s/out/feedback\n' "$work" >>policy.ini
mkdir "$work/out"
export CCSCORE_NOW=2026-12-31
rc=0
for f in text json csv; do
    "$CCSCORE" run -c policy.ini --format $f -o "$work/out/report.$f" 2>>"$work/err" || rc=$?
done
"$CCSCORE" run -c policy.ini --feedback -o "$work/out/feedback.txt" 2>>"$work/err" || rc=$?
"$CCSCORE" run -c policy.ini --format json >"$work/out/stdout.json" 2>>"$work/err" || rc=$?
nfiles=$(find "$work/out/feedback" -type f | wc -l)
if [ $rc -eq 0 ] && [ "$nfiles" -gt 0 ]; then ok "the example runs pseudonymised in every format ($nfiles feedback files)"
else not_ok "the example runs pseudonymised in every format ($nfiles feedback files)" "exit $rc" "$(cat "$work/err")"; fi

# every raw id and name (and each word of a name) of the roster
tail -n +2 "$ex/data/agents.csv" | cut -d, -f1,2 | tr ',' '\n' | sed '/^$/d' >"$work/words"
tail -n +2 "$ex/data/agents.csv" | cut -d, -f2 | tr ' ' '\n' | sed '/^$/d' >>"$work/words"
sort -u "$work/words" -o "$work/words"
# the evaluators' names, whole (a name's words may be common words)
tail -n +2 "$ex/data/evaluations.csv" | cut -d, -f3 | sed '/^$/d' | sort -u >"$work/evaluators"
searched=$(wc -l <"$work/words")
find "$work/out" -type f >"$work/files"
hits=$(cd "$work/out" && find . -type f -exec grep -Fwo -f "$work/words" {} + | sort | uniq -c)
names=$(find "$work/out" | sed "s|^$work/out||" | grep -Fw -f "$work/words")
echo "# searched $(wc -l <"$work/files") files for $searched raw ids and names"
if [ -z "$hits" ] && [ "$searched" -gt 0 ]; then ok "no output carries a raw agent id or name ($searched searched)"
else not_ok "no output carries a raw agent id or name ($searched searched)" "$hits"; fi
if [ -z "$names" ]; then ok "no file name carries a raw agent id or name"
else not_ok "no file name carries a raw agent id or name" "$names"; fi
ev=$(wc -l <"$work/evaluators")
evhits=$(cd "$work/out" && find . -type f -exec grep -Fo -f "$work/evaluators" {} + | sort | uniq -c)
plain=$(cd "$conf_dir" && "$CCSCORE" run -c policy.ini.plain --format json 2>/dev/null | grep -Fc -f "$work/evaluators")
if [ -z "$evhits" ] && [ "$ev" -gt 0 ] && [ "${plain:-0}" -gt 0 ]; then
    ok "no output carries an evaluator's name ($ev searched; $plain lines name one without pseudonyms)"
else not_ok "no output carries an evaluator's name ($ev searched; ${plain:-0} lines name one without pseudonyms)" "$evhits"; fi
exit 0
