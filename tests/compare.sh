#!/bin/sh
# ccscore compare (issue 15), in TAP.  On tests/fixtures/whatif (values
# worked out by hand in its README.md): a target moved, a weight changed, a
# metric added, a metric removed and the minimum sample changed, each with
# exactly the figures whose status moves; the same policy twice moves
# nothing and scores as `ccscore run` does; a check added makes its findings
# appear; on the bundled example, AHT 400 -> 360 s and FCR 75% -> 80% move
# exactly the agents that an independent python script finds from the raw
# contacts; usage errors.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
PYTHON3=${PYTHON3:-python3}
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore} # tests/valgrind.sh sets it
echo "1..11"
work=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-compare.XXXXXX") || { echo "Bail out! no temporary folder"; exit 0; }
trap 'rm -rf "$work"' EXIT
unset CCSCORE_PLUGIN_DIR CCSCORE_DATA_DIR
export CCSCORE_NOW=2026-12-31
fx=$top_srcdir/tests/fixtures/whatif
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for f in "$@"; do [ -f "$f" ] && sed 's/^/# /' "$f"; done; }
result() { r=$1 d=$2; shift 2; if [ "$r" = 0 ]; then ok "$d"; else not_ok "$d" "$@"; fi; }

# moves JSON "entity id metric before after; ..." : the changes, exactly.
cat >"$work/moves.py" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
got = sorted("%s %s %s %s %s" % (c["entity"], c["id"], c["metric"], c["before"]["status"], c["after"]["status"])
             for c in d["changes"])
want = sorted(x.strip() for x in sys.argv[2].split(";") if x.strip())
if got != want:
    print("changes:", got)
    print("wanted: ", want)
    sys.exit(1)
for c in d["changes"]:
    if c["before"]["status"] == c["after"]["status"]:
        sys.exit("a change that is no change: %r" % c)
PY

compare() { # NAME: current.ini against NAME.ini, JSON in $work/NAME.json
    "$CCSCORE" compare -c "$fx/current.ini" -c "$fx/$1.ini" --period 2026-W46 --format json \
        -o "$work/$1.json" 2>"$work/$1.err"
}
ORG="organisation Whatif Test Centre"

compare target && $PYTHON3 "$work/moves.py" "$work/target.json" \
    "agent A1 aht meets near; agent A2 aht near below; team north aht meets below; $ORG aht meets near" >"$work/out" 2>&1
result $? "AHT target 300 -> 260 s moves A1 (275 s) to near, A2 (326.7 s) to below, north (297.1 s) to below, the organisation (276.7 s) to near" "$work/out" "$work/target.err"

# A1: aht 100 x 2, fcr 100, csat 100 x (1 - (0.8 - 2/3) / 0.8), qa 100 x (1 - 35/80)
compare weight && $PYTHON3 "$work/moves.py" "$work/weight.json" "" >"$work/out" 2>&1 && $PYTHON3 - "$work/weight.json" >>"$work/out" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
s = {(x["entity"], x["id"]): (x["before"], x["after"]) for x in d["scores"]}
csat, qa = 100 * (1 - (0.8 - 2 / 3) / 0.8), 100 * (1 - 35 / 80)
want = ((200 + 100 + csat + qa) / 5, (400 + 100 + csat + qa) / 7)
if any(abs(a - b) > 1e-9 for a, b in zip(s[("agent", "A1")], want)):
    sys.exit("A1 scores %r, wanted %r" % (s[("agent", "A1")], want))
PY
result $? "AHT weight 2 -> 4 moves no status; A1's score from 87.92 to 91.37 (hand-computed)" "$work/out" "$work/weight.err"

compare added && $PYTHON3 "$work/moves.py" "$work/added.json" "agent A1 transfer_rate None meets; agent A2 transfer_rate None meets;
    agent A3 transfer_rate None below; team north transfer_rate None meets; team south transfer_rate None below;
    $ORG transfer_rate None meets" >"$work/out" 2>&1 &&
    grep -q '"before": {"target": null, "status": null, "points": null, "in_policy": false}' "$work/added.json"
result $? "transfer rate added (10%): A3 (1 of 5) and south below, the rest meet; before: not in policy" "$work/out" "$work/added.err"

compare removed && $PYTHON3 "$work/moves.py" "$work/removed.json" "agent A1 qa below None; agent A2 qa meets None;
    agent A3 qa insufficient None; team north qa below None; team south qa insufficient None; $ORG qa below None" >"$work/out" 2>&1
result $? "QA removed: every card's QA figure leaves (A1 45 below, A2 87.5 meets, A3 n=1 insufficient)" "$work/out" "$work/removed.err"

compare minsample && $PYTHON3 "$work/moves.py" "$work/minsample.json" \
    "agent A2 aht near insufficient; agent A2 fcr meets insufficient" >"$work/out" 2>&1
result $? "min_sample 3 -> 4: only A2 (3 contacts) has not enough data on AHT and FCR" "$work/out" "$work/minsample.err"

grep -q '"Under the proposed policy 2 agents newly meet the target on transfer_rate, all in team north."' "$work/added.json" &&
    grep -q '"Under the proposed policy 1 agent newly falls below on aht."' "$work/target.json"
result $? "the summary says it in words" "$work/added.json"

# The same policy twice: nothing moves, and the scores are run's.
"$CCSCORE" compare -c "$fx/current.ini" -c "$fx/current.ini" --period 2026-W46 --format json -o "$work/same.json" 2>"$work/same.err" &&
    "$CCSCORE" run -c "$fx/current.ini" --period 2026-W46 --format json -o "$work/run.json" 2>>"$work/same.err" &&
    $PYTHON3 - "$work/same.json" "$work/run.json" >"$work/out" 2>&1 <<'PY'
import json, sys
c, r = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert c["changes"] == [] and c["findings"] == {"appear": [], "disappear": []}, c
run = {("agent", a["id"]): a["score"] for a in r["agents"]}
run.update({("team", t["id"]): t["score"] for t in r["teams"]})
for s in c["scores"]:
    if s["entity"] != "organisation":
        assert s["before"] == s["after"] == run[(s["entity"], s["id"])], (s, run)
PY
result $? "the same policy twice: no change, and every score is run's" "$work/out" "$work/same.err"

# A check added: its findings appear (the card number planted in a note).
mkdir "$work/dp" && cp "$fx"/*.ini "$fx"/*.csv "$work/dp/" &&
    sed -i 's/^C104,\(.*\),K5,$/C104,\1,K5,card 4111 1111 1111 1111/' "$work/dp/contacts.csv" &&
    printf '\n[organisation]\nmodules = csv kpi_core data_protection\n\n[check data_protection]\ncolumns = notes\n' >>"$work/dp/weight.ini" &&
    "$CCSCORE" compare -c "$work/dp/current.ini" -c "$work/dp/weight.ini" --period 2026-W46 --format json \
        -o "$work/dp.json" 2>"$work/dp.err" &&
    $PYTHON3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["findings"]
assert d["disappear"] == [] and [(f["rule"], f["reference"]) for f in d["appear"]] == [("dp.card_number", "C104")], d
' "$work/dp.json" >"$work/out" 2>&1
result $? "a data-protection check in the proposal: its card-number finding on C104 appears" "$work/out" "$work/dp.err" "$work/dp.json"

# The bundled example: AHT 400 -> 360 s, FCR 75% -> 80%.
ex=$top_srcdir/conf/example
printf 'include = %s/policy.ini\n\n[metric aht]\ntarget = 360\n\n[metric fcr]\ntarget = 80%%\n' "$ex" >"$work/proposed.ini"
"$CCSCORE" compare -c "$ex/policy.ini" -c "$work/proposed.ini" --format json -o "$work/example.json" 2>"$work/example.err" &&
    $PYTHON3 "$top_srcdir/tests/whatif_example.py" "$ex/data/contacts.csv" "$ex/data/objectives.csv" "$work/example.json" >"$work/out" 2>&1
result $? "example: AHT 400 -> 360 s and FCR 75% -> 80% move exactly the agents an independent script finds" "$work/out" "$work/example.err"

: >"$work/u"
"$CCSCORE" compare -c "$fx/current.ini" >/dev/null 2>>"$work/u"; a=$?
"$CCSCORE" compare -c "$fx/current.ini" -c "$fx/target.ini" --format csv >/dev/null 2>>"$work/u"; b=$?
"$CCSCORE" compare -c "$fx/current.ini" -c "$fx/target.ini" -c "$fx/weight.ini" >/dev/null 2>>"$work/u"; c=$?
[ $a = 2 ] && [ $b = 2 ] && [ $c = 2 ] &&
    grep -q "compare needs -c CURRENT -c PROPOSED (two policies)" "$work/u" &&
    grep -q "unknown --format 'csv': compare writes text or json" "$work/u" &&
    grep -q "compare takes -c twice" "$work/u"
result $? "usage errors: one policy, three, an unknown format (exit 2, said why)" "$work/u"

if ! "$PYTHON3" -c "import jsonschema" 2>/dev/null; then
    n=$((n + 1)); echo "ok $n # SKIP python3-jsonschema is not installed"
else
    "$PYTHON3" - "$top_srcdir/docs/whatif.schema.json" "$work"/target.json "$work"/added.json "$work"/removed.json \
        "$work"/dp.json "$work"/example.json >"$work/out" 2>&1 <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft7Validator.check_schema(schema)
for f in sys.argv[2:]:
    jsonschema.validate(json.load(open(f)), schema)
PY
    result $? "compare's JSON is valid against docs/whatif.schema.json" "$work/out"
fi
