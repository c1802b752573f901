#!/bin/sh
# Scoring rules an organisation writes (issue 22), in TAP.  On the bundled
# example with conf/example/bands.ini (AHT in bands 300, 360, 420 s earning
# 100, 80, 50, 0; score bands; review_on = critical), a python script works
# out independently, from the figures' values and targets, every figure's
# points and every card's score and band, and every agent's review list from
# the findings; the gate never changes a score; CSV and text carry the same;
# check-config refuses bad bands, points and score bands at file:line.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
PYTHON3=${PYTHON3:-python3}
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore} # tests/valgrind.sh sets it
echo "1..7"
work=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-bands.XXXXXX") || { echo "Bail out! no temporary folder"; exit 0; }
trap 'rm -rf "$work"' EXIT
unset CCSCORE_PLUGIN_DIR CCSCORE_DATA_DIR
umask 022
export CCSCORE_NOW=2026-12-31
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for f in "$@"; do [ -f "$f" ] && sed 's/^/# /' "$f"; done; }
result() { r=$1 d=$2; shift 2; if [ "$r" = 0 ]; then ok "$d"; else not_ok "$d" "$@"; fi; }

mkdir "$work/conf" && cp -R "$top_srcdir/conf/example" "$top_srcdir/conf/templates" "$work/conf/" ||
    { echo "Bail out! cannot copy the example"; exit 0; }
chmod -R u+w "$work/conf"
cd "$work/conf/example" || exit 0
sed 's/^review_on = critical$/review_on = none/' bands.ini >nogate.ini

# 2026-W44: the week of A001's planted card number (findings belong to their period)
"$CCSCORE" run -c bands.ini --period 2026-W44 --format json -o "$work/bands.json" 2>"$work/err" &&
    "$CCSCORE" run -c nogate.ini --period 2026-W44 --format json -o "$work/nogate.json" 2>>"$work/err" &&
    "$CCSCORE" run -c bands.ini --period 2026-W44 --format csv -o "$work/bands.csv" 2>>"$work/err" &&
    "$CCSCORE" run -c bands.ini --period 2026-W44 -o "$work/bands.txt" 2>>"$work/err"
[ $? = 0 ] || { echo "Bail out! the runs failed: $(cat "$work/err")"; exit 0; }

cat >"$work/check.py" <<'PY'
import csv, json, sys
what, path = sys.argv[1], sys.argv[2]
d = json.load(open(path))
cards = d["agents"] + d["teams"] + d["queues"] + [d["organisation_scorecard"]]
problems = []
BANDS, POINTS = [300, 360, 420], [100, 80, 50, 0]
SCORE_BANDS = [(90, "excellent"), (75, "good"), (60, "developing"), (0, "needs support")]
MIN = d["min_sample"]
MINS = {}  # per-metric min_sample, read from the example's base.ini
section = None
for line in open("base.ini"):
    line = line.strip()
    if line.startswith("[metric "):
        section = line[8:-1].strip()
    elif line.startswith("["):
        section = None
    elif section and line.replace(" ", "").startswith("min_sample="):
        MINS[section] = int(line.split("=")[1])

def aht_points(v):  # lower is better: the first threshold v is at or under
    for t, p in zip(BANDS, POINTS):
        if v <= t:
            return p
    return POINTS[-1]

def linear_points(name, m):  # 100 x max(0, 1 - relative shortfall), from value and target
    if m["target"] is None or m["value"] is None or m["n"] < MINS.get(name, MIN):
        return None
    short = (m["value"] - m["target"]) if m["direction"] == "lower" else (m["target"] - m["value"])
    gap = max(0.0, short) / abs(m["target"]) if m["target"] else max(0.0, short)
    return 100.0 * max(0.0, 1.0 - gap)

if what == "points":
    if d["scoring"]["metrics"]["aht"] != {"method": "bands", "bands": BANDS, "points": POINTS}:
        problems.append("scoring.metrics.aht is %r" % d["scoring"]["metrics"]["aht"])
    others = {k for k, v in d["scoring"]["metrics"].items() if v != {"method": "linear"}}
    if others != {"aht"}:
        problems.append("metrics not linear: %r" % others)
    checked = 0
    for c in cards:
        num = den = 0.0
        for name, m in c["metrics"].items():
            if name == "aht":
                want = aht_points(m["value"]) if m["value"] is not None and m["n"] >= MINS.get(name, MIN) else None
            else:
                want = linear_points(name, m)
            got = m["points"]
            if (want is None) != (got is None) or (want is not None and abs(got - want) > 1e-9):
                problems.append("%s %s: points %r, want %r" % (c["id"], name, got, want))
            if want is not None:
                num += m["weight"] * want
                den += m["weight"]
                checked += 1
        score = num / den if den else None
        if (score is None) != (c["score"] is None) or (score is not None and abs(c["score"] - score) > 1e-9):
            problems.append("%s: score %r, want %r" % (c["id"], c["score"], score))
        band = next(l for f, l in SCORE_BANDS if score >= f) if score is not None else None
        if c["band"] != band or band is None:
            problems.append("%s: band %r, want %r" % (c["id"], c["band"], band))
    earned = {aht_points(a["metrics"]["aht"]["value"]) for a in d["agents"] if a["metrics"]["aht"]["value"]}
    if not {100, 80, 50} <= earned:
        problems.append("the example's agents earn only %r AHT points: every band should be used" % earned)
    print("checked %d figures on %d cards" % (checked, len(cards)))
elif what == "review":
    plain = json.load(open(sys.argv[3]))
    want = {}
    for f in d["findings"]:
        if f["agent_id"] and f["severity"] == "critical":
            want.setdefault(f["agent_id"], set()).add(f["rule"])
    for a in d["agents"]:
        w = sorted(want.get(a["id"], ()))
        if a["review"] != w:
            problems.append("%s: review %r, want %r" % (a["id"], a["review"], w))
    if not any(a["review"] for a in d["agents"]):
        problems.append("no agent is up for review")
    # the planted card number of A001 (data/planted.csv) puts A001 up for review
    a001 = next(a for a in d["agents"] if a["id"] == "A001")
    if "dp.card_number" not in a001["review"]:
        problems.append("A001's planted card number is not in its review list")
    for c in cards[len(d["agents"]):]:
        if c["review"]:
            problems.append("%s: a non-agent card has a review list" % c["id"])
    pc = plain["agents"] + plain["teams"] + plain["queues"] + [plain["organisation_scorecard"]]
    for a, b in zip(cards, pc):
        if a["score"] != b["score"] or a["band"] != b["band"] or b["review"]:
            problems.append("%s: the gate changed the card: %r/%r vs %r/%r" % (a["id"], a["score"], a["band"], b["score"], b["band"]))
    if plain["scoring"]["review_on"] is not None or d["scoring"]["review_on"] != "critical":
        problems.append("scoring.review_on is %r and %r" % (d["scoring"]["review_on"], plain["scoring"]["review_on"]))
elif what == "csv":
    rows = list(csv.DictReader(open(sys.argv[3], newline="", encoding="utf-8")))
    bycard = {("agent", c["id"]): c for c in d["agents"]}
    bycard.update({("team", c["id"]): c for c in d["teams"]})
    seen = 0
    for r in rows:
        c = bycard.get((r["entity"], r["id"]))
        if not c:
            continue
        m = c["metrics"][r["metric"]]
        want_pts = "" if m["points"] is None else m["points"]
        got_pts = "" if r["points"] == "" else float(r["points"])
        method = d["scoring"]["metrics"][r["metric"]]["method"]
        if got_pts != want_pts or r["method"] != method or r["band"] != (c["band"] or "") \
                or r["review"] != " ".join(c["review"]):
            problems.append("csv row %r differs from the JSON" % r)
        seen += 1
    if seen == 0:
        problems.append("no card rows in the csv")
for p in problems[:20]:
    print(p)
sys.exit(1 if problems else 0)
PY

"$PYTHON3" "$work/check.py" points "$work/bands.json" >"$work/py1.out" 2>&1
result $? "bands.ini: every figure's points (AHT by bands, the rest linear), every card's score as the weighted mean and its band, recomputed independently" "$work/py1.out"

"$PYTHON3" "$work/check.py" review "$work/bands.json" "$work/nogate.json" >"$work/py2.out" 2>&1
result $? "review_on = critical: every agent's review list from the findings (A001's planted card number), scores and bands unchanged by the gate" "$work/py2.out"

"$PYTHON3" "$work/check.py" csv "$work/bands.json" "$work/bands.csv" >"$work/py3.out" 2>&1
result $? "csv: points, method, band and review of every agent and team row as in the JSON" "$work/py3.out"

# text: the legend lines, A001's row with its R mark and band, the review list
a001=$("$PYTHON3" -c 'import json,sys; a=json.load(open(sys.argv[1]))["agents"][0]; print("%5.1fR %s" % (a["score"], a["band"]))' "$work/bands.json")
# lines wrapped at 80 columns (continuations indented four) read as one
awk '/^    [^ ]/ && top { buf = buf " " substr($0, 5); next }
     { if (NR > 1) print buf; buf = $0; top = ($0 !~ /^ /) } END { print buf }' "$work/bands.txt" >"$work/bands.un"
grep -qx 'Scoring by bands (points; other metrics linear): aht: 100 at <= 300s, 80 at <= 360s, 50 at <= 420s, else 0' "$work/bands.un" &&
    grep -qx 'Score bands (lowest score, band): 90 excellent, 75 good, 60 developing, 0 needs support' "$work/bands.un" &&
    grep -qx 'R: review before publishing: a finding at critical or above is attributed to the agent (see Review); the score is unchanged' "$work/bands.un" &&
    grep -q "^A001 .* $a001 " "$work/bands.un" &&
    grep -q '^  R A001 Dev Ashdown: dp.card_number$' "$work/bands.un"
result $? "text: the scoring legend, A001's row '$a001' and its review line" "$work/bands.txt"

# check-config refuses bad rules at file:line, with the fix
cat >bad.ini <<'INI'
include = policy.ini
[organisation]
score_bands = 90 excellent, 95 good, 0 low
review_on = urgent
[metric aht]
scoring = bands
bands = 300, 420, 360
points = 100, 80, 50, 0
[metric acw]
scoring = bands
bands = 50, 60
points = 100, 0
[metric fcr]
scoring = bands
bands = 80%, 0.70
points = 100, 50, 120
[metric csat]
bands = 90%
points = 100, 0
[metric hold]
scoring = bands
INI
"$CCSCORE" check-config -c bad.ini >"$work/out" 2>"$work/bad.err"
rc=$?
cat >"$work/want.err" <<'ERR'
bad.ini:4: error: 'review_on' must be one of none,info,advisory,breach,critical, not 'urgent'
bad.ini:3: error: 'score_bands' band 2 ('95 good') starts no lower than the band before it; list bands highest first
bad.ini:7: error: 'bands' thresholds out of order: 360 after 420; list them best first, each higher than the one before (this metric's lower is better)
bad.ini:12: error: 'points' needs 3 values (one more than the 2 band thresholds: the last is for values worse than every threshold), not '100, 0'
bad.ini:21: error: [metric hold] is scored by bands but has no 'bands'; add bands = T1, T2, ... (best first) and points = P0, P1, ... (one more value, 0-100)
bad.ini:16: error: 'points' value 3 is '120': points are numbers from 0 to 100
bad.ini:18: error: 'bands' is only read when scoring = bands, and [metric csat] is scored linear (the organisation's default); add scoring = bands or remove it
bad.ini: 7 errors
ERR
if [ $rc = 2 ] && diff -u "$work/want.err" "$work/bad.err" >"$work/diff"; then
    ok "check-config: bands out of order, points of the wrong length and outside 0-100, keys without their method, score_bands and review_on, at file:line (exit 2)"
else
    echo "rc=$rc" >>"$work/diff"
    not_ok "check-config refusals" "$work/diff"
fi

# [organisation] scoring = bands: the default of every metric; aht takes it
# with its bands, qa says linear, the other 18 (11 of base.ini, the example's 7
# comments figures) have no bands and are refused
printf 'include = policy.ini\n[organisation]\nscoring = bands\n[metric aht]\nbands = 300, 360, 420\npoints = 100, 80, 50, 0\n[metric qa]\nscoring = linear\n' >default.ini
"$CCSCORE" check-config -c default.ini >"$work/out" 2>"$work/def.err"
rc=$?
[ $rc = 2 ] &&
    head -1 "$work/def.err" | grep -qxF "base.ini:12: error: [metric handled] is scored by bands (the organisation's default) but has no 'bands'; add bands = T1, T2, ... (best first) and points = P0, P1, ... (one more value, 0-100)" &&
    [ "$(grep -c "is scored by bands (the organisation's default) but has no 'bands'" "$work/def.err")" = 18 ] &&
    ! grep -q 'metric aht\]\|metric qa\]' "$work/def.err" &&
    tail -1 "$work/def.err" | grep -qx 'default.ini: 18 errors'
result $? "scoring = bands in [organisation]: every metric's default; the 18 without bands refused at their section, aht (bands) and qa (linear) accepted" "$work/def.err"

# the report with bands, points and review lists validates against the schema
"$PYTHON3" - "$top_srcdir/docs/report.schema.json" "$work/bands.json" >"$work/py4.out" 2>&1 <<'PY'
import json, sys
try:
    import jsonschema
except ImportError:
    sys.exit(3)
schema, doc = (json.load(open(p)) for p in sys.argv[1:3])
jsonschema.validators.validator_for(schema)(schema).validate(doc)
PY
case $? in
0) ok "bands.ini: the JSON report validates against docs/report.schema.json" ;;
3) n=$((n + 1)); echo "ok $n # SKIP jsonschema not installed" ;;
*) not_ok "bands.ini: the JSON report validates against the schema" "$work/py4.out" ;;
esac
