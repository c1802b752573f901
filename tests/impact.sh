#!/bin/sh
# `ccscore impact` on a generated history with planted effects, in TAP
# (tests/gen_history.py plants them): each planted effect is recovered within
# its 95% interval and judged improved, the placebo is judged `no clear
# change`, the comparison group absorbs the centre-wide drift, and an
# activity with no data after it is `insufficient data`; activity.csv's
# coaching spans are judged as the same activities in interventions.csv.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore}
PY=${PYTHON3:-python3}
echo "1..11"
work=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-impact.XXXXXX") || { echo "Bail out! no temporary folder"; exit 0; }
trap 'rm -rf "$work"' EXIT
unset CCSCORE_PLUGIN_DIR CCSCORE_DATA_DIR XDG_STATE_HOME
umask 022
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
check() { # check DESCRIPTION PYTHON-EXPRESSION-OVER-r (the impact JSON)
    if out=$("$PY" -c "
import json, sys
r = {((i.get('agent_id') or i.get('team')), i['metric']): i for i in json.load(open('$work/impact.json'))['interventions']}
sys.exit(0 if ($2) else 1)" 2>&1); then ok "$1"; else not_ok "$1" "$out" "$(cat "$work/impact.json")"; fi
}

"$PY" "$top_srcdir/tests/gen_history.py" "$work" >"$work/planted.json"
if "$CCSCORE" record -c "$work/policy.ini" --all >"$work/rec.out" 2>"$work/rec.err"; then
    ok "record --all on the generated history"
else
    not_ok "record --all on the generated history" "$(cat "$work/rec.err")"
fi
"$CCSCORE" impact -c "$work/policy.ini" --format json >"$work/impact.json" 2>"$work/impact.err" ||
    echo "# impact failed: $(cat "$work/impact.err")"
check "planted +0.12 fcr effect (A001) inside its interval, judged improved" \
    "r[('A001','fcr')]['ci_low'] <= 0.12 <= r[('A001','fcr')]['ci_high'] and r[('A001','fcr')]['verdict'] == 'improved'"
check "planted -40 s aht effect (A003) inside its interval, judged improved (lower is better)" \
    "r[('A003','aht')]['ci_low'] <= -40 <= r[('A003','aht')]['ci_high'] and r[('A003','aht')]['verdict'] == 'improved'"
check "placebo (A008) judged no clear change on fcr and aht" \
    "r[('A008','fcr')]['verdict'] == 'no clear change' and r[('A008','aht')]['verdict'] == 'no clear change' and r[('A008','fcr')]['ci_low'] <= 0 <= r[('A008','fcr')]['ci_high']"
check "difference in differences: colleagues' change carries the +0.03 drift; effect = change - comparison_change" \
    "abs(r[('A001','fcr')]['comparison_change'] - 0.03) < 0.03 and abs(r[('A001','fcr')]['effect'] - (r[('A001','fcr')]['change'] - r[('A001','fcr')]['comparison_change'])) < 1e-12 and r[('A001','fcr')]['n_before'] == 800 and r[('A001','fcr')]['n_after'] == 800"
# Pooled counts: before = the four weeks before 2026-02-16 (W04-W07), from the store.
if out=$("$PY" - "$work/store/history.sqlite" "$work/impact.json" <<'PY' 2>&1
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
k, n = db.execute("""SELECT sum(f.successes), sum(f.n) FROM figures f JOIN periods p ON p.id = f.period
    WHERE f.entity = 'agent' AND f.entity_id = 'A001' AND f.metric = 'fcr'
    AND p.name IN ('2026-W04','2026-W05','2026-W06','2026-W07')""").fetchone()
r = [i for i in json.load(open(sys.argv[2]))['interventions'] if i.get('agent_id') == 'A001'][0]
assert n == 800 and abs(r['before'] - k / n) < 1e-12, (k, n, r['before'])
PY
); then ok "before = the pooled successes / n of the four weeks before the activity"; else not_ok "before = pooled counts" "$out"; fi
printf 'agent_id,team,kind,started_on,ended_on,metric,notes\nA002,,training,2026-03-23,,fcr,\n' >"$work/late.csv"
"$CCSCORE" impact -c "$work/policy.ini" --format json "$work/late.csv" >"$work/impact.json" 2>"$work/late.err"
check "an activity with no weeks recorded after it: insufficient data, no effect" \
    "r[('A002','fcr')]['verdict'] == 'insufficient data' and r[('A002','fcr')]['effect'] is None and r[('A002','fcr')]['n_after'] == 0"
# activity.csv: A003's coaching spans on 16 and 17 February (one activity,
# as interventions.csv's A003 row), A008's span written at -01:00 late on the
# 15th (the 16th in the policy's UTC), shifts and breaks ignored.
cat >"$work/activity.csv" <<'CSV'
agent_id,activity,start,end
A003,shift,2026-02-16T08:00:00+00:00,2026-02-16T16:00:00+00:00
A003,coaching,2026-02-16T10:00:00+00:00,2026-02-16T11:00:00+00:00
A003,coaching,2026-02-17T10:00:00+00:00,2026-02-17T10:30:00+00:00
A008,coaching,2026-02-15T23:30:00-01:00,2026-02-16T00:30:00-01:00
A008,break,2026-02-16T12:00:00+00:00,2026-02-16T12:15:00+00:00
CSV
"$CCSCORE" impact -c "$work/policy.ini" --format json >"$work/impact.json" 2>/dev/null
"$CCSCORE" impact -c "$work/policy.ini" --format json "$work/activity.csv" >"$work/activity.json" 2>"$work/act.err"
if out=$("$PY" - "$work/impact.json" "$work/activity.json" <<'PY' 2>&1
import json, sys
key = lambda i: (i["agent_id"], i["metric"])
iv = {key(i): i for i in json.load(open(sys.argv[1]))["interventions"]}
act = {key(i): i for i in json.load(open(sys.argv[2]))["interventions"]}
assert sorted(act) == [("A003", "aht"), ("A003", "fcr"), ("A008", "aht"), ("A008", "fcr")], sorted(act)
assert all(a["kind"] == "coaching" and a["started_on"] == "2026-02-16" for a in act.values()), act
for k in [("A003", "aht"), ("A008", "aht"), ("A008", "fcr")]:
    # the agent's own windows; the comparison group differs (A001 has no
    # activity in this file, so it joins A003's and A008's colleagues)
    for f in ("before", "after", "change", "n_before", "n_after"):
        assert act[k][f] == iv[k][f], (k, f, act[k][f], iv[k][f])
PY
); then ok "activity.csv's coaching spans: one activity per agent and week, judged as interventions.csv's rows"
else not_ok "activity.csv's coaching spans" "$out" "$(cat "$work/act.err")"; fi
printf 'agent_id,activity,start,end\nA003,coaching,yesterday,\nA003,training,2026-02-16T10:00:00Z,\n' >"$work/bad.csv"
"$CCSCORE" impact -c "$work/policy.ini" --format json "$work/bad.csv" >/dev/null 2>"$work/bad.err"
rc=$?
if [ $rc -eq 2 ] && grep -qF "bad.csv:2: error: start must be an ISO 8601 time (2026-11-16T09:00:00+00:00), not 'yesterday'" "$work/bad.err"; then
    ok "a bad start in activity.csv: exit 2 at file:line"
else
    not_ok "a bad start in activity.csv: exit 2 at file:line" "exit $rc" "$(cat "$work/bad.err")"
fi
printf 'agent_id,when\nA003,2026-02-16\n' >"$work/neither.csv"
"$CCSCORE" impact -c "$work/policy.ini" "$work/neither.csv" >/dev/null 2>"$work/neither.err"
if grep -qF "neither.csv:1: error: not an interventions file" "$work/neither.err" && grep -qF "or be an activity file (agent_id, activity, start, end)" "$work/neither.err"; then
    ok "a file of neither kind: refused at line 1, both headers named"
else
    not_ok "a file of neither kind" "$(cat "$work/neither.err")"
fi
"$CCSCORE" trend -c "$work/policy.ini" --org --format json >"$work/trend.json" 2>/dev/null
if ! "$PY" -c "import jsonschema" 2>/dev/null; then
    n=$((n + 1)); echo "ok $n # SKIP python3-jsonschema is not installed"
elif out=$("$PY" - "$top_srcdir/docs/history.schema.json" "$work/impact.json" "$work/trend.json" <<'PY' 2>&1
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft7Validator.check_schema(schema)
for f in sys.argv[2:]:
    jsonschema.validate(json.load(open(f)), schema)
PY
); then ok "impact and trend --org JSON valid against docs/history.schema.json"; else not_ok "history schema" "$out"; fi
