#!/bin/sh
# ccscore explain (issue 15), in TAP, against tests/fixtures/whatif counted
# by hand (README.md there): a mean (A1's AHT), a rate (A1's FCR), a survey
# metric (A1's CSAT) and QA (an auto-fail among A1's evaluations), each with
# its records and contributions and every record left out with the reason
# (outside the period, abandoned, no survey, the rejected row at file:line);
# a team's figure; a target from a personal objective and one whose dates
# miss the period; on the example, A021's AHT, FCR and CSAT recomputed by an
# independent script from the raw contacts; usage errors.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
PYTHON3=${PYTHON3:-python3}
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore} # tests/valgrind.sh sets it
echo "1..10"
work=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-explain.XXXXXX") || { echo "Bail out! no temporary folder"; exit 0; }
trap 'rm -rf "$work"' EXIT
unset CCSCORE_PLUGIN_DIR CCSCORE_DATA_DIR
export CCSCORE_NOW=2026-12-31
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for f in "$@"; do [ -f "$f" ] && sed 's/^/# /' "$f"; done; }
result() { r=$1 d=$2; shift 2; if [ "$r" = 0 ]; then ok "$d"; else not_ok "$d" "$@"; fi; }
mkdir "$work/fx" && cp "$top_srcdir"/tests/fixtures/whatif/*.ini "$top_srcdir"/tests/fixtures/whatif/*.csv "$work/fx/" ||
    { echo "Bail out! cannot copy the fixtures"; exit 0; }
chmod u+w "$work"/fx/*
fx=$work/fx

# check JSON VALUE N 'REF=VALUE ...' 'REF=REASON|...': the figure, its
# records (reference -> contribution) and what was left out, exactly.
cat >"$work/check.py" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
value, n = float(sys.argv[2]), int(sys.argv[3])
recs = dict(x.split("=") for x in sys.argv[4].split())
left = dict(x.split("=", 1) for x in sys.argv[5].split("|") if x)
problems = []
if abs(d["value"] - value) > 1e-9 * max(1, abs(value)) or d["n"] != n:
    problems.append("value %r n %r, wanted %r n %r" % (d["value"], d["n"], value, n))
got = {r["reference"].rsplit("/", 1)[-1]: r["value"] for r in d["records"]}
if got != {k: float(v) for k, v in recs.items()}:
    problems.append("records %r" % got)
mean = sum(r["value"] for r in d["records"]) / len(d["records"])
if abs(mean - d["value"]) > 1e-9 * max(1, abs(mean)) or not d["matches"]:
    problems.append("the mean of the records %r is not the figure" % mean)
gotleft = {x["reference"].rsplit("/", 1)[-1]: x["reason"] for x in d["excluded"]}
if gotleft != left:
    problems.append("excluded %r" % gotleft)
for extra in sys.argv[6:]:
    k, v = extra.split("=", 1)
    try:
        same = abs(float(v) - d[k]) <= 1e-9 * max(1, abs(float(v)))
    except (TypeError, ValueError):
        same = str(d[k]) == v
    if not same:
        problems.append("%s is %r, wanted %s" % (k, d[k], v))
print("\n".join(problems))
sys.exit(1 if problems else 0)
PY

explain() { # OUT ARGS...
    out=$1; shift
    "$CCSCORE" explain -c "$fx/current.ini" --period 2026-W46 --format json "$@" >"$work/$out.json" 2>"$work/$out.err"
}
REJ="contacts.csv:8=rejected row: bad number in talk_s: 'abc'"

explain aht --agent A1 --metric aht && $PYTHON3 "$work/check.py" "$work/aht.json" 275 4 \
    "C101=240 C102=300 C103=360 C104=200" "C100=outside the period|C105=abandoned: not handled|$REJ" \
    status=meets target=300.0 points=100.0 >"$work/out" 2>&1
result $? "a mean: A1's AHT 275 s = (240 + 300 + 360 + 200) / 4; C100 (last week), C105 (abandoned) and line 8 (rejected) left out" "$work/out" "$work/aht.err"

explain fcr --agent A1 --metric fcr && $PYTHON3 "$work/check.py" "$work/fcr.json" 0.75 4 \
    "C101=1 C102=1 C103=0 C104=1" "C100=outside the period|C105=abandoned: not handled|$REJ" status=meets >"$work/out" 2>&1 &&
    $PYTHON3 - "$work/fcr.json" >>"$work/out" 2>&1 <<'PY'
import json, math, sys
d = json.load(open(sys.argv[1]))
z, k, n = 1.959963984540054, 3, 4  # Wilson score interval of 3 in 4
p = k / n
c = (p + z * z / (2 * n)) / (1 + z * z / n)
h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
assert abs(d["ci_low"] - (c - h)) < 1e-12 and abs(d["ci_high"] - (c + h)) < 1e-12, d
PY
result $? "a rate: A1's FCR 3 of 4 = 75%, each contact 0 or 1, with its Wilson interval" "$work/out" "$work/fcr.err"

explain csat --agent A1 --metric csat && $PYTHON3 "$work/check.py" "$work/csat.json" 0.6666666666666666 3 \
    "C101=1 C103=0 C104=1" "C100=outside the period|C102=no survey|C105=abandoned: not handled|$REJ" \
    status=below points=83.33333333333334 >"$work/out" 2>&1
result $? "a survey metric: A1's CSAT 2 of 3 responses (5, 2, 4) score 4-5; C102 has no survey" "$work/out" "$work/csat.err"

explain qa --agent A1 --metric qa && $PYTHON3 "$work/check.py" "$work/qa.json" 45 2 \
    "evaluations.csv:3=90 evaluations.csv:4=0" "evaluations.csv:2=outside the period" \
    status=below points=56.25 >"$work/out" 2>&1
result $? "QA: A1's 45 = (90 + 0 (auto-fail)) / 2, the 2 November evaluation left out; points 100 x (1 - 35/80)" "$work/out" "$work/qa.err"

explain team --team north --metric aht && $PYTHON3 "$work/check.py" "$work/team.json" 297.14285714285717 7 \
    "C101=240 C102=300 C103=360 C104=200 C201=350 C202=330 C203=300" \
    "C100=outside the period|C105=abandoned: not handled|$REJ" status=meets >"$work/out" 2>&1
result $? "a team: north's AHT = 2080 s / 7 contacts of A1 and A2" "$work/out" "$work/team.err"

# Objectives: A1's FCR target 70% from 2026-11-01 to 2026-11-30; another of
# October misses the period.
printf 'agent_id,metric,target,from,to\nA1,fcr,0.70,2026-11-01,2026-11-30\nA1,fcr,0.90,2026-10-01,2026-10-31\n' >"$fx/objectives.csv"
printf '\n[source objectives]\nuse = csv\npath = objectives.csv\n' >>"$fx/common.ini"
explain obj --agent A1 --metric fcr && $PYTHON3 "$work/check.py" "$work/obj.json" 0.75 4 \
    "C101=1 C102=1 C103=0 C104=1" \
    "C100=outside the period|C105=abandoned: not handled|$REJ|objective=objective dates: 2026-10-01 to 2026-10-31 miss the period" \
    target=0.7 "target_from=personal objective, 2026-11-01 to 2026-11-30 (objectives file)" >"$work/out" 2>&1
result $? "a personal objective sets the target (70%); one whose dates miss the period is listed as left out" "$work/out" "$work/obj.err"

"$CCSCORE" explain -c "$fx/current.ini" --period 2026-W46 --agent A1 >"$work/all.txt" 2>"$work/all.err" &&
    grep -q "^Explain: agent A1, aht, period 2026-W46 (2026-11-09 to 2026-11-15)" "$work/all.txt" &&
    grep -q "^  C103 *2026-11-11T10:00:00Z *360$" "$work/all.txt" &&
    grep -q "^  value     275 s = the mean of the 4 values above (recomputed: 275 s)" "$work/all.txt" &&
    grep -q "^  status    below: 43.8% short of the target, beyond the near band of 5.0%" "$work/all.txt" &&
    grep -q "^  1 record outside the period" "$work/all.txt" &&
    [ "$(grep -c '^Explain:' "$work/all.txt")" = 4 ]
result $? "text, without --metric: every figure of A1's card" "$work/all.txt" "$work/all.err"

ex=$top_srcdir/conf/example
r=0
: >"$work/out"
for m in aht fcr csat; do
    "$CCSCORE" explain --agent A021 --metric "$m" --format json >"$work/a021_$m.json" 2>>"$work/out" &&
        $PYTHON3 "$top_srcdir/tests/explain_independent.py" "$ex/data/contacts.csv" Europe/London \
            "$($PYTHON3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["period"])' "$work/a021_$m.json")" \
            A021 "$m" "$work/a021_$m.json" >>"$work/out" 2>&1 || r=1
done
result $r "example: A021's AHT, FCR and CSAT recomputed from the raw contacts by an independent script" "$work/out"

: >"$work/u"
"$CCSCORE" explain -c "$fx/current.ini" >/dev/null 2>>"$work/u"; a=$?
"$CCSCORE" explain -c "$fx/current.ini" --agent A1 --team north >/dev/null 2>>"$work/u"; b=$?
"$CCSCORE" explain -c "$fx/current.ini" --agent A9 >/dev/null 2>>"$work/u"; c=$?
"$CCSCORE" explain -c "$fx/current.ini" --agent A1 --metric speed >/dev/null 2>>"$work/u"; d=$?
[ $a = 2 ] && [ $b = 2 ] && [ $c = 2 ] && [ $d = 2 ] &&
    [ "$(grep -c 'explain needs one of --agent ID or --team ID' "$work/u")" = 2 ] &&
    grep -q "no agent 'A9' in the report for 2026-W46: check the id" "$work/u" &&
    grep -q "current.ini: error: no metric 'speed' in this policy: name one of its \[metric NAME\] sections" "$work/u"
result $? "usage errors: no entity, both, an unknown agent, an unknown metric (exit 2, said why)" "$work/u"

"$CCSCORE" explain -c "$fx/current.ini" --period 2026-W46 --team south --format json >"$work/card.json" 2>"$work/card.err"
if ! "$PYTHON3" -c "import jsonschema" 2>/dev/null; then
    n=$((n + 1)); echo "ok $n # SKIP python3-jsonschema is not installed"
else
    "$PYTHON3" - "$top_srcdir/docs/whatif.schema.json" "$work"/aht.json "$work"/qa.json "$work"/obj.json \
        "$work"/card.json "$work"/a021_aht.json >"$work/out" 2>&1 <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft7Validator.check_schema(schema)
for f in sys.argv[2:]:
    jsonschema.validate(json.load(open(f)), schema)
PY
    result $? "explain's JSON (one figure, a whole card) is valid against docs/whatif.schema.json" "$work/out" "$work/card.err"
fi
