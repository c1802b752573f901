#!/bin/sh
# Tests of `ccscore retention` (issue 14), in TAP.  tests/fixtures/retention
# is a hand-worked roster over the window 2026-01-01..2026-12-31 (365 days):
#   start (employed at the end of 2025-12-31): R01 R02 R06(1st spell) R09 = 4
#   end (employed at the end of 2026-12-31):   R01 R06(2nd spell) R07 R09 = 4
#   leavers: R02 (on the first day, 214 days), R03 (joined and left on the
#   last day, 30), R06 (1st spell, 1096), R08 (42) = 4; attrition 4/4 = 100%,
#   annualised x 365/365 = 100%; early (< 90 days) R03 R08 = 2; median
#   tenure (42 + 214) / 2 = 128; R04 (left 2025-12-31) and R05 (joins
#   2027-01-01) count nowhere.  red: 2, 1, 1.5, 2 leavers (133.3%); blue: 2,
#   3, 2.5, 2 leavers (80%).  eNPS and its interval are checked against an
#   independent python computation from the survey file.
set -u
: "${top_builddir:?top_builddir must be set}"
: "${top_srcdir:?top_srcdir must be set}"
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore}
FIX=$top_srcdir/tests/fixtures/retention
echo "1..16"
n=0
out=$(mktemp "${TMPDIR:-/tmp}/ccscore-retention.XXXXXX") || { echo "Bail out! no temporary file"; exit 0; }
trap 'rm -f "$out" "$out.err" "$out.bad"' EXIT
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; sed 's/^/# /' "$out" "$out.err" | head -40; fi; }
W="--from 2026-01-01 --to 2026-12-31"

"$CCSCORE" retention -c "$FIX/policy.ini" $W --format json >"$out" 2>"$out.err"
ok $? "retention runs on the hand-worked roster"

python3 - "$out" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
o = r["organisation"]
want = dict(headcount_start=4, headcount_end=4, average_headcount=4, leavers=4, early_leavers=2,
            attrition_rate=1.0, annualised_rate=1.0, tenure_median_days=128)
bad = [(k, o[k], v) for k, v in want.items() if abs(o[k] - v) > 1e-9]
assert not bad, bad
assert o["reasons"] == [{"reason": "training", "leavers": 2}, {"reason": "pay", "leavers": 1},
                        {"reason": "schedule", "leavers": 1}], o["reasons"]
t = {x["team"]: x for x in r["teams"]}
assert (t["red"]["headcount_start"], t["red"]["headcount_end"], t["red"]["leavers"]) == (2, 1, 2)
assert abs(t["red"]["attrition_rate"] - 2 / 1.5) < 1e-12 and t["red"]["tenure_median_days"] == 122
assert (t["blue"]["headcount_start"], t["blue"]["headcount_end"], t["blue"]["leavers"]) == (2, 3, 2)
assert abs(t["blue"]["attrition_rate"] - 0.8) < 1e-12 and t["blue"]["tenure_median_days"] == 569
EOF
ok $? "headcounts, leavers, attrition, early leavers, reasons and tenure as worked by hand"

# eNPS by an independent route: each answer scores +100 (9-10), 0 (7-8) or
# -100 (0-6); the value is their mean and the interval mean +- z sqrt(pvariance / n).
python3 - "$out" "$FIX/survey.csv" <<'EOF'
import csv, json, math, statistics, sys
r = json.load(open(sys.argv[1]))
rows = [x for x in csv.DictReader(open(sys.argv[2])) if "2026-01-01" <= x["answered_on"] <= "2026-12-31" and x["enps"]]
s = [100 if int(x["enps"]) >= 9 else (-100 if int(x["enps"]) <= 6 else 0) for x in rows]
m = statistics.fmean(s)
half = 1.959963984540054 * math.sqrt(statistics.pvariance(s) / len(s))
e = r["organisation"]["enps"]
assert e["n"] == len(s) == 9, e
for got, want in ((e["value"], m), (e["ci_low"], max(-100, m - half)), (e["ci_high"], min(100, m + half))):
    assert abs(got - want) < 1e-9, (got, want)
w = statistics.fmean(int(x["workload"]) for x in csv.DictReader(open(sys.argv[2]))
                     if "2026-01-01" <= x["answered_on"] <= "2026-12-31" and x["workload"])
assert abs(r["organisation"]["items"][0]["mean"] - w) < 1e-12
EOF
ok $? "eNPS, its 95% interval and the item average match an independent computation"

python3 - "$out" <<'EOF'
import json, sys
t = {x["team"]: x for x in json.load(open(sys.argv[1]))["teams"]}
# red has 3 answers (< 5): hidden; blue's 6 would then reveal red's 3 by
# subtraction from the organisation, so blue is hidden too.
for name, n in (("red", 3), ("blue", 6)):
    e = t[name]["enps"]
    assert e["value"] is None and e["ci_low"] is None and e["n"] == n and t[name]["items"] == [], e
EOF
ok $? "anonymity: a team under min_answers is hidden, and so is the team that would reveal it"

python3 - "$out" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
assert [k["agent"] for k in r["at_risk"]] == ["R07"], r["at_risk"]
assert r["at_risk"][0]["factors"] == ["60 days' service (hired 2026-11-01, under 90)"], r["at_risk"]
EOF
ok $? "at risk: only the current agent R07 (leavers R03, R08 under 90 days and R05 not yet hired are not)"

"$CCSCORE" retention -c "$FIX/policy3.ini" $W >"$out" 2>"$out.err"
grep -qxF "  R07 (blue): 60 days' service (hired 2026-11-01, under 90); team blue's eNPS is -50 on 6 answers (below 0)" "$out" &&
grep -qxF "  eNPS: 33 on 3 answers (95% interval -73 to 100)" "$out"
ok $? "min_answers = 3 shows both teams; blue's eNPS -50 joins R07's factors"

grep -qxF "  - 2 of 4 leavers went within 90 days, most often citing training (2): review induction and give every new starter a buddy for their first 90 days." "$out" &&
grep -qF "  - Team blue's eNPS is -50 on 6 answers (others: red 33); its lowest item is recognition at 2.2 of 5" "$out" &&
! grep -E 'R0[1-689]' "$out" | grep -v '^  R07' | grep -q .
ok $? "advice from the templates, tied to the figures, and no leaver named anywhere"

"$CCSCORE" feedback -c "$FIX/policy3.ini" --agent R07 >"$out" 2>"$out.err"
[ $? -eq 0 ] && ! grep -qiE 'risk|service|eNPS|leav' "$out"
ok $? "R07's own feedback says nothing of risk, service or eNPS"

"$CCSCORE" run -c "$FIX/policy3.ini" --format json >"$out" 2>"$out.err"
python3 - "$out" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
sec = [s for s in r["sections"] if s["name"] == "retention"]
assert len(sec) == 1, [s["name"] for s in r["sections"]]
names = [t["name"] for t in sec[0]["tables"]]
assert names == ["retention_groups", "retention_reasons", "retention_items", "at_risk"], names
for f in r.get("feedback", []):
    assert "risk" not in f["text"].lower() and "enps" not in f["text"].lower(), f
EOF
ok $? "run: the report has the Retention section; no feedback text carries it"

printf 'answered_on,team,enps,workload\n2026-05-01,red,11,3\nnot-a-date,red,5,3\n2026-05-01,red,5,9\n2026-05-01,,5,3\n2026-05-01,red,7,3\n' >"$out.bad"
"$CCSCORE" retention -c "$FIX/policy.ini" $W --format json "$out.bad" >"$out" 2>"$out.err"
rc=$?
cat >"$out.want" <<EOF
$out.bad:2: error: survey row skipped: enps must be a whole number from 0 to 10 or empty
$out.bad:3: error: survey row skipped: answered_on 'not-a-date' is not a date (YYYY-MM-DD)
$out.bad:4: error: survey row skipped: workload must be a whole number from 1 to 5 or empty
$out.bad:5: error: survey row skipped: no team
EOF
diff "$out.want" "$out.err" >/dev/null && [ $rc -eq 0 ] &&
python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["organisation"]["enps"]; assert e["n"]==1 and e["value"] is None, e' "$out"
rc=$?; rm -f "$out.want"
ok $rc "a survey named on the command line: each bad row named by file:line, the one good row kept"

printf 'answered_on,team\n2026-05-01,red\n' >"$out.bad"
"$CCSCORE" retention -c "$FIX/policy.ini" --survey-is-not-an-option >"$out" 2>"$out.err"; rc1=$?
"$CCSCORE" retention -c "$FIX/policy.ini" --from 2026-12-31 --to 2026-01-01 >"$out" 2>"$out.err"; rc2=$?
[ $rc1 -eq 2 ] && [ $rc2 -eq 2 ] && grep -qF "error: --from is after --to" "$out.err"
ok $? "usage errors exit 2 with the reason"

printf '[organisation]\nmodules = csv kpi_core\n[retention]\nmin_answers = 1\nfoo = 2\n' >"$out.bad"
"$CCSCORE" check-config -c "$out.bad" >"$out" 2>"$out.err"; rc=$?
[ $rc -eq 2 ] && grep -qF "$out.bad:4: error: 'min_answers' = 1 is out of range 2..1000" "$out.err" && grep -qF "$out.bad:5: error: unknown key 'foo' in [retention]" "$out.err"
ok $? "check-config reports bad [retention] keys at file:line"

# The example organisation: every figure again from its CSV files by an
# independent route (the default window is the 12 months to the data's last
# day, 2026-11-20).
"$CCSCORE" retention --format json >"$out" 2>"$out.err"
python3 - "$out" "$top_srcdir/conf/example/data" <<'EOF'
import csv, datetime as dt, json, math, statistics, sys
r = json.load(open(sys.argv[1]))
assert r["window"] == {"from": "2025-11-21", "to": "2026-11-20", "days": 365}, r["window"]
D = dt.date.fromisoformat
lo, hi = D("2025-11-21"), D("2026-11-20")
rows = list(csv.DictReader(open(sys.argv[2] + "/agents.csv")))
def on(x, day):  # employed at the end of day
    return D(x["hired_on"]) <= day and (not x["left_on"] or D(x["left_on"]) > day)
def figures(rs):
    start = sum(on(x, lo - dt.timedelta(days=1)) for x in rs)
    end = sum(on(x, hi) for x in rs)
    left = [x for x in rs if x["left_on"] and lo <= D(x["left_on"]) <= hi]
    early = sum((D(x["left_on"]) - D(x["hired_on"])).days < 90 for x in left)
    avg = (start + end) / 2
    return dict(headcount_start=start, headcount_end=end, leavers=len(left), early_leavers=early,
                attrition_rate=len(left) / avg, tenure_median_days=statistics.median(
                    (D(x["left_on"]) - D(x["hired_on"])).days for x in left))
survey = [x for x in csv.DictReader(open(sys.argv[2] + "/staff_survey.csv"))
          if lo <= D(x["answered_on"]) <= hi and x["enps"]]
def enps(xs):
    s = [100 if int(x["enps"]) >= 9 else -100 if int(x["enps"]) <= 6 else 0 for x in xs]
    m, h = statistics.fmean(s), 1.959963984540054 * math.sqrt(statistics.pvariance(s) / len(s))
    return len(s), m, max(-100, m - h), min(100, m + h)
groups = [(r["organisation"], rows, survey)] + [
    (t, [x for x in rows if x["team"] == t["team"]], [x for x in survey if x["team"] == t["team"]]) for t in r["teams"]]
for g, rs, sv in groups:
    for k, v in figures(rs).items():
        assert abs(g[k] - v) < 1e-9, (g.get("team"), k, g[k], v)
    n, m, a, b = enps(sv)
    e = g["enps"]
    assert e["n"] == n and abs(e["value"] - m) < 1e-9 and abs(e["ci_low"] - a) < 1e-9 and abs(e["ci_high"] - b) < 1e-9, e
leavers = {x["agent_id"] for x in rows if x["left_on"] and D(x["left_on"]) <= hi} - \
          {x["agent_id"] for x in rows if not x["left_on"]}
assert not leavers & {k["agent"] for k in r["at_risk"]}, leavers
EOF
ok $? "the example organisation: headcounts, leavers, attrition, tenure and eNPS match its CSV files"

if ! python3 -c "import jsonschema" 2>/dev/null; then
    n=$((n + 1)); echo "ok $n # SKIP python3-jsonschema is not installed"
else
    "$CCSCORE" retention -c "$FIX/policy3.ini" $W --format json >"$out" 2>"$out.err"
    "$CCSCORE" retention --format json >"$out.bad" 2>>"$out.err"
    python3 - "$top_srcdir/docs/retention.schema.json" "$out" "$out.bad" <<'EOF'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft7Validator.check_schema(schema)
for f in sys.argv[2:]:
    jsonschema.validate(json.load(open(f)), schema)
EOF
    ok $? "retention JSON (fixture and example) valid against docs/retention.schema.json"
fi

# A falling score from the history store: A003 (no other factor) gets a
# score of 50 in the last recorded week, 6 points more for each week before:
# the OLS slope is -6.0 a week with a zero-width interval.
hist=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-retention-h.XXXXXX")
"$CCSCORE" record --all --history "$hist/h.sqlite" >/dev/null 2>"$out.err"
python3 - "$hist/h.sqlite" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
last = db.execute("SELECT max(period_id) FROM periods WHERE kind = 'week'").fetchone()[0]
for pid, period_id in db.execute("SELECT id, period_id FROM periods WHERE kind = 'week'").fetchall():
    db.execute("UPDATE entities SET score = ? WHERE period = ? AND entity = 'agent' AND entity_id = 'A003'",
               (50 + 6 * (last - period_id) / 7, pid))
db.commit()
EOF
"$CCSCORE" retention >"$out" 2>>"$out.err"; without=$?
grep -q '^  A003 ' "$out"; listed_without=$?
"$CCSCORE" retention --history "$hist/h.sqlite" >"$out" 2>>"$out.err"
[ $? -eq 0 ] && [ $without -eq 0 ] && [ $listed_without -ne 0 ] &&
grep -qxF "  A003 (east): score falling over 8 recorded weeks: 92 to 50 (-6.0 points a week, 95% interval -6.0 to -6.0)" "$out"
ok $? "with the history store, a falling score is A003's factor (without it A003 is not listed)"
rm -rf "$hist"

"$CCSCORE" run --format json "$FIX/survey.csv" >"$out" 2>"$out.err"
[ $? -eq 0 ] && python3 - "$out" <<'EOF'
import json, sys
s = [x for x in json.load(open(sys.argv[1]))["sections"] if x["name"] == "retention"][0]
cols = [c["name"] for c in s["tables"][0]["columns"]]
org = dict(zip(cols, s["tables"][0]["rows"][0]))
# the fixture's 10 answers with an eNPS fall in the example's window (2025-12-31 too): 4 promoters, 5 detractors
assert org["group"] == "organisation" and org["enps_n"] == 10 and abs(org["enps"] + 10) < 1e-9, org
EOF
ok $? "run: a staff survey named on the command line is recognised by its header"
