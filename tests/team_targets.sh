#!/bin/sh
# Per-team targets (issue 11), in TAP, on tests/fixtures/team_targets: every
# agent handles one contact of 300 s talk and 60 s after-call work (AHT 360 s);
# the centre's AHT target is 300 s and FCR's 80%.  [team north] sets
# aht.target = 380, aht.near = 10% and fcr.weight = 3, so north's A1 meets
# AHT, south's A2 is below it ((360-300)/300 = 20%), and north's A3, whose
# personal objective is 340 s (the objective wins), is near: 20/340 = 5.9%,
# within north's 10%.  Points are 100 x (1 - gap), the score their weighted
# mean; check-config reports every bad [team] key at file:line.
set -u
: "${top_builddir:?top_builddir must be set}" "${top_srcdir:?top_srcdir must be set}"
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore}
PYTHON3=${PYTHON3:-python3}
echo "1..3"
work=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-teams.XXXXXX") || { echo "Bail out! no temporary folder"; exit 0; }
trap 'rm -rf "$work"' EXIT
unset CCSCORE_PLUGIN_DIR CCSCORE_DATA_DIR
cp "$top_srcdir"/tests/fixtures/team_targets/* "$work/" && cd "$work" || exit 0
n=0
result() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; shift 2; for f in "$@"; do sed 's/^/# /' "$f"; done; fi; }

"$CCSCORE" run -c policy.ini -f json -o r.json 2>r.err
echo $? >r.rc
"$PYTHON3" - r.json >py.out 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
# id: (aht target, aht status, aht weight, fcr value, fcr weight, aht from objective)
want = {
    "A1": (380, "meets", 1, 1.0, 3, False),
    "A2": (300, "below", 1, 1.0, 1, False),
    "A3": (340, "near", 1, 0.0, 3, True),
    "north": (380, "meets", 1, 0.5, 3, False),
    "south": (300, "below", 1, 1.0, 1, False),
}
bad = []
for c in d["agents"] + d["teams"]:
    t, st, aw, fv, fw, obj = want[c["id"]]
    a, f = c["metrics"]["aht"], c["metrics"]["fcr"]
    got = (a["target"], a["status"], a["weight"], f["value"], f["weight"], a["target_source"] == "objective")
    if got != want[c["id"]]:
        bad.append("%s: %r, want %r" % (c["id"], got, want[c["id"]]))
    # the score, worked out here: points 100 x (1 - gap), weighted mean
    pts = []
    for m, target, w in (("aht", t, aw), ("fcr", 0.8, fw)):
        v = c["metrics"][m]["value"]
        gap = max(0.0, (v - target) / target) if m == "aht" else max(0.0, (target - v) / target)
        pts.append((100 * (1 - gap), w))
    score = sum(p * w for p, w in pts) / sum(w for _, w in pts)
    if abs(c["score"] - score) > 1e-9:
        bad.append("%s: score %r, want %r" % (c["id"], c["score"], score))
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
py=$?
[ "$(cat r.rc)" = 0 ] && [ ! -s r.err ] && [ $py = 0 ]
result $? "north's own AHT target, near band and FCR weight judge its card and agents (A1 meets 380 s, A3 near its 340 s objective, scores 100, 23.53, north 71.875); south keeps 300 s" py.out r.err

cat >bad.ini <<'INI'
include = policy.ini
[team south]
aht.goal = 3
xyz.target = 3
fcr.target = 180%
aht.weight = -1
target = 5
aht.target = soon
[team]
INI
"$CCSCORE" check-config -c bad.ini >bad.out 2>bad.err
rc=$?
cat >want.err <<'ERR'
bad.ini:9: error: section [team] needs the team's id: [team NAME]
bad.ini:3: error: [team south] 'aht.goal': a team overrides only aht.target, aht.weight or aht.near
bad.ini:4: error: [team south] 'xyz.target': the policy has no [metric xyz]; a team can only override a metric it scores
bad.ini:5: error: [team south] fcr.target: 'target' = 180% is out of range 0%..100%
bad.ini:6: error: [team south] aht.weight: 'weight' = -1 is out of range 0..1000
bad.ini:7: error: [team south] 'target' in a [team] section must be METRIC.target, METRIC.weight or METRIC.near (e.g. aht.target = 380)
ERR
head -6 bad.err >got.err
[ "$rc" = 2 ] && cmp -s want.err got.err && grep -q '^bad.ini:8: error: \[team south\] aht.target: ' bad.err &&
    [ "$(tail -1 bad.err)" = "bad.ini: 7 errors" ]
result $? "check-config: every bad [team] section and key at file:line with the fix, exit 2" bad.err

"$CCSCORE" check-config -c policy.ini >ok.out 2>ok.err
[ $? = 0 ] && [ ! -s ok.err ]
result $? "check-config: the fixture's [team north] is valid" ok.err
