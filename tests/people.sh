#!/bin/sh
# `ccscore skills` and `ccscore buddies` on the example (issue 17), in TAP:
#   - the skills matrix of a week and of a month against an independent
#     computation per agent x queue x channel (tests/skills_check.py:
#     independent_kpi.py's definitions, the policy's targets and objectives);
#   - the buddy plan of a week and of a month against its rules, re-derived
#     from the report's scorecards and the roster (tests/buddies_check.py),
#     and the coaching feedback naming the plan's buddies;
#   - text and CSV outputs, -o, and a bad --format refused with exit 2.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore}
PY=${PYTHON3:-python3}
data=$top_srcdir/conf/example/data
pol=$top_srcdir/conf/example/policy.ini
work=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-people.XXXXXX") || { echo "Bail out! no temporary folder"; exit 0; }
trap 'rm -rf "$work"' EXIT
echo "1..9"
n=0
tap() { # tap STATUS DESCRIPTION [LOG]
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; [ -n "${3:-}" ] && sed 's/^/# /' "$3" | head -40; fi
}
for p in 2026-W47 2026-11; do
    "$CCSCORE" skills -c "$pol" --period "$p" --format json -o "$work/skills.json" 2>"$work/err" &&
        "$PY" "$top_srcdir/tests/skills_check.py" "$work/skills.json" "$data/contacts.csv" \
            "$data/objectives.csv" "$p" Europe/London >"$work/out" 2>>"$work/err"
    tap $? "skills $p: the matrix equals the independent computation ($(grep -c '^ok' "$work/out") checks)" "$work/out"
    "$CCSCORE" buddies -c "$pol" --period "$p" -o "$work/plan.json" 2>"$work/err" &&
        "$CCSCORE" run -c "$pol" --period "$p" --format json -o "$work/report.json" 2>>"$work/err" &&
        "$PY" "$top_srcdir/tests/buddies_check.py" "$work/plan.json" "$work/report.json" "$data/agents.csv" \
            >"$work/out" 2>>"$work/err"
    tap $? "buddies $p: the plan keeps its rules and the coaching names its buddies ($(grep -c '^ok' "$work/out") checks)" "$work/out"
done
"$CCSCORE" buddies -c "$pol" >"$work/plan.txt" 2>"$work/err" &&
    grep -q '^A031 *north *A004 *north *qa *new starter, below target$' "$work/plan.txt" &&
    grep -q '^Unpaired$' "$work/plan.txt"
tap $? "buddies text: the new starter A031 first, with A004 on qa; an Unpaired list" "$work/plan.txt"
"$CCSCORE" buddies -c "$pol" -o "$work/plan.csv" 2>"$work/err" &&
    head -1 "$work/plan.csv" | grep -qx 'kind,mentee,team,buddy,buddy_team,metric,reason,why,review_on' &&
    grep -qx 'pair,A031,north,A004,north,qa,new_starter_below,,2026-12-20' "$work/plan.csv"
tap $? "buddies -o plan.csv: CSV from the extension" "$work/plan.csv"
"$CCSCORE" skills -c "$pol" --format csv >"$work/skills.csv" 2>"$work/err" &&
    head -1 "$work/skills.csv" | grep -qx 'section,agent_id,team,queue,channel,metric,value,n,ci_low,ci_high,target,status' &&
    [ "$(grep -c '^matrix,A001,north,sales,all,' "$work/skills.csv")" -eq 21 ]
tap $? "skills csv: a score and 20 figures per cell (13 KPIs, 7 comment metrics)" "$work/skills.csv"
"$CCSCORE" skills -c "$pol" --format html >"$work/out" 2>"$work/err"
rc=$?
[ "$rc" -eq 2 ] && grep -q "unknown --format 'html': skills writes text, json or csv" "$work/err" && [ ! -s "$work/out" ]
tap $? "skills --format html: exit 2 ($rc) and what to use" "$work/err"
"$CCSCORE" skills -c "$pol" --period 2026-11 -o "$work/s.json" 2>"$work/err" &&
    "$CCSCORE" buddies -c "$pol" --period 2026-11 -o "$work/b.json" 2>>"$work/err" &&
    "$PY" - "$top_srcdir/docs/report.schema.json" "$work/s.json" "$work/b.json" >"$work/out" 2>&1 <<'PY'
import json, sys
try:
    import jsonschema
except ImportError:
    print("no jsonschema"); sys.exit(0)
s = json.load(open(sys.argv[1]))
for name, path in (("skills_output", sys.argv[2]), ("buddies_output", sys.argv[3])):
    sub = dict(s["definitions"][name]); sub["definitions"] = s["definitions"]
    jsonschema.validate(json.load(open(path)), sub)
PY
tap $? "skills and buddies JSON validate against docs/report.schema.json (skills_output, buddies_output)" "$work/out"
