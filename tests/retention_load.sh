#!/bin/sh
# The occupancy and coaching risk factors of `ccscore retention` (issue 14),
# in TAP, on tests/fixtures/retention_load, worked by hand.  The window ends
# on Sunday 2026-11-29: the last 4 calendar weeks start on Mondays 2026-11-02,
# 09, 16 and 23; the last 6 weeks of coaching since Monday 2026-10-19.
#   Logins 09:00-14:00 less a 30-minute pause: 16200 s staffed a week; each
#   contact 600 + 60 + 120 = 780 s; L06 works shifts 08:00-16:00 less a
#   1-hour lunch (no logins): 25200 s staffed.
#   L01: 20 contacts a week, 15600 / 16200 = 96.3%; week 4 adds a 300 s
#        wrap-up pause, 15900 / 16200 = 98.1%: over 85% in each week, listed.
#        Coached 2026-11-11: not listed for coaching.
#   L02: 15 contacts in week 2, 11700 / 16200 = 72.2%: not sustained.
#        Never coached: listed, "none on record".
#   L03: no login in week 3: not enough data for occupancy; last coached
#        2026-10-05, before 2026-10-19: listed.
#   L04: hired 2026-11-16 (13 days' service): under 90 days, and no coaching
#        in those 13 days, said as such; occupancy: not enough data.
#   L05: high occupancy and never coached, but left on 2026-11-20: never listed.
#   L06: 15600 / 25200 = 61.9%; coached on 2026-10-19, the first day of the
#        6 weeks: not listed.
#   Occupancy judged for L01 L02 L06 (3), not enough data for L03 L04 (2);
#   coaching judged for all 5 current agents.
set -u
: "${top_builddir:?top_builddir must be set}"
: "${top_srcdir:?top_srcdir must be set}"
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore}
FIX=$top_srcdir/tests/fixtures/retention_load
echo "1..11"
n=0
out=$(mktemp "${TMPDIR:-/tmp}/ccscore-retload.XXXXXX") || { echo "Bail out! no temporary file"; exit 0; }
trap 'rm -f "$out" "$out.err" "$out.pol" "$out.want"' EXIT
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; sed 's/^/# /' "$out" "$out.err" | head -40; fi; }
W="--from 2025-11-30 --to 2026-11-29"

"$CCSCORE" retention -c "$FIX/policy.ini" $W --format json >"$out" 2>"$out.err"
ok $? "retention runs on the hand-worked activity"

python3 - "$out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
got = {k["agent"]: k["factors"] for k in r["at_risk"]}
want = {
    "L01": ["occupancy over 85% in each of the last 4 weeks (96.3%, 96.3%, 96.3%, 98.1% in the weeks 2026-11-02 to 2026-11-29)"],
    "L02": ["no coaching or one-to-one in the last 6 weeks (from 2026-10-19, none on record)"],
    "L03": ["no coaching or one-to-one in the last 6 weeks (from 2026-10-19, the last on 2026-10-05)"],
    "L04": ["13 days' service (hired 2026-11-16, under 90)",
            "no coaching or one-to-one in 13 days' service (hired 2026-11-16, under 6 weeks ago)"],
}
assert got == want, got
assert r["risk_data"] == {"occupancy": {"over": 0.85, "weeks": 4, "min_hours": 4, "judged": 3, "not_enough_data": 2},
                          "coaching": {"weeks": 6, "judged": 5, "not_enough_data": 0}}, r["risk_data"]
PY
ok $? "exactly L01 (occupancy), L02, L03 and L04 (coaching) with the hand-worked figures; L05 the leaver never"

"$CCSCORE" retention -c "$FIX/policy.ini" $W >"$out" 2>"$out.err"
grep -qxF "  L01 (red): occupancy over 85% in each of the last 4 weeks (96.3%, 96.3%, 96.3%, 98.1% in the weeks 2026-11-02 to 2026-11-29)" "$out" &&
grep -qF "judged for 3 current agents, not enough data for 2. No coaching or one-to-one in the last 6 weeks: judged for 5, not enough data for 0." "$out" &&
! grep -q "L05" "$out" && ! grep -q "^  L06" "$out"
ok $? "text: the same facts, the judged and not-enough-data counts; L05 and L06 not listed"

grep -qxF "  - 1 of 3 current agents ran over 85% occupancy in each of the last 4 weeks: check staffing against the workload section's Erlang C figures, and protect breaks and off-phone time." "$out" &&
grep -qxF "  - 3 of 5 current agents had no coaching or one-to-one in the last 6 weeks: book a one-to-one with each of them this month." "$out" &&
! grep '^  - ' "$out" | grep -q 'L0'
ok $? "advice_occupancy and advice_coaching: how many of those judged, naming no one"

# Tighter policy: occupancy over 97% in the last week only; coaching in 2 weeks.
{ sed -e "s|^path = |path = $FIX/|" -e "s|^templates = ../../..|templates = $top_srcdir|" "$FIX/policy.ini"
  printf 'high_occupancy = 97%%\noccupancy_weeks = 1\ncoaching_weeks = 2\n'; } >"$out.pol"
"$CCSCORE" retention -c "$out.pol" $W --format json >"$out" 2>"$out.err"
python3 - "$out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
got = {k["agent"]: k["factors"] for k in r["at_risk"]}
# week 4 only: L01 98.1% > 97%; L02 L03 L04 96.3% are not; L06 61.9%.
# coaching since Monday 2026-11-16: L01 (2026-11-11) and L06 now lack it;
# L04 (hired 2026-11-16, not after it) is judged over the 2 weeks.
assert got["L01"] == ["occupancy over 97% in each of the last 1 week (98.1% in the weeks 2026-11-23 to 2026-11-29)",
                      "no coaching or one-to-one in the last 2 weeks (from 2026-11-16, the last on 2026-11-11)"], got["L01"]
assert got["L04"] == ["13 days' service (hired 2026-11-16, under 90)",
                      "no coaching or one-to-one in the last 2 weeks (from 2026-11-16, none on record)"], got["L04"]
assert got["L06"] == ["no coaching or one-to-one in the last 2 weeks (from 2026-11-16, the last on 2026-10-19)"], got["L06"]
assert sorted(got) == ["L01", "L02", "L03", "L04", "L06"], sorted(got)
assert r["risk_data"]["occupancy"]["judged"] == 5, r["risk_data"]
PY
ok $? "policy keys high_occupancy, occupancy_weeks and coaching_weeks change exactly who is listed"

# Without activity: not enough data for either factor, nobody listed for them.
printf '[organisation]\nmodules = csv kpi_core report\n[source agents]\nuse = csv\npath = %s/agents.csv\n[source contacts]\nuse = csv\npath = %s/contacts.csv\n' "$FIX" "$FIX" >"$out.pol"
"$CCSCORE" retention -c "$out.pol" $W --format json >"$out" 2>"$out.err"
python3 - "$out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert [k["agent"] for k in r["at_risk"]] == ["L04"] and len(r["at_risk"][0]["factors"]) == 1, r["at_risk"]
assert r["risk_data"]["occupancy"]["not_enough_data"] == 5 and r["risk_data"]["coaching"]["not_enough_data"] == 5, r
PY
ok $? "no activity data: 'not enough data' for all 5 current agents, no guessed factor"

"$CCSCORE" feedback -c "$FIX/policy.ini" --agent L01 >"$out" 2>"$out.err"
[ $? -eq 0 ] && ! grep -qiE 'occupancy over|coaching or one-to-one|risk' "$out"
ok $? "L01's own feedback carries neither factor"

"$CCSCORE" run -c "$FIX/policy.ini" --format json >"$out" 2>"$out.err"
python3 - "$out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
sec = [s for s in r["sections"] if s["name"] == "retention"][0]
t = [t for t in sec["tables"] if t["name"] == "at_risk"][0]
rows = {x[0]: x[2] for x in t["rows"]}
assert rows["L01"].startswith("occupancy over 85% in each of the last 4 weeks (96.3%"), rows
assert "L05" not in rows, rows
assert any("not enough data for 2" in x for x in sec["notes"]), sec["notes"]
for f in r.get("feedback", []):
    assert "occupancy over" not in f["text"] and "one-to-one" not in f["text"], f
PY
ok $? "run: the report's at_risk table has the factors, the note the counts; no feedback text does"

# Contacts split across threads: each shard's summary merges into the same
# section as one thread's.
"$CCSCORE" run -j 1 -c "$FIX/policy.ini" --format json >"$out" 2>"$out.err" &&
CCSCORE_PARALLEL_MIN_BYTES=1 "$CCSCORE" run -j 3 -c "$FIX/policy.ini" --format json >"$out.want" 2>>"$out.err" &&
python3 - "$out" "$out.want" <<'PY'
import json, sys
a, b = ([s for s in json.load(open(f))["sections"] if s["name"] == "retention"][0] for f in sys.argv[1:])
assert a == b and "L01" in json.dumps(a), (a, b)
PY
ok $? "three threads give the one thread's retention section"

if ! python3 -c "import jsonschema" 2>/dev/null; then
    n=$((n + 1)); echo "ok $n # SKIP python3-jsonschema is not installed"
else
    "$CCSCORE" retention -c "$FIX/policy.ini" $W --format json >"$out" 2>"$out.err"
    python3 -c 'import json, sys, jsonschema; jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))' \
        "$top_srcdir/docs/retention.schema.json" "$out"
    ok $? "the JSON with risk_data is valid against docs/retention.schema.json"
fi

# The example organisation, by an independent route: each current agent's
# occupancy in the 4 calendar weeks up to 2026-11-20 (the data's last day)
# from contacts.csv and activity.csv (shifts less breaks, lunches and pauses;
# no logins there), judged as above; the example has no coaching records.
"$CCSCORE" retention --format json >"$out" 2>"$out.err"
python3 - "$out" "$top_srcdir/conf/example/data" <<'PY'
import collections, csv, datetime as dt, json, sys
from zoneinfo import ZoneInfo
r, data = json.load(open(sys.argv[1])), sys.argv[2]
tz = ZoneInfo("Europe/London")
day = lambda ts: dt.datetime.fromisoformat(ts).astimezone(tz).date()
week = lambda d: d - dt.timedelta(days=d.weekday())
handled, on, away = collections.Counter(), collections.Counter(), collections.Counter()
for x in csv.DictReader(open(data + "/contacts.csv")):
    if x["outcome"] == "answered" and x["agent_id"]:
        handled[x["agent_id"], week(day(x["started_at"]))] += float(x["talk_s"]) + float(x["hold_s"] or 0) + max(float(x["acw_s"] or 0), 0)
for x in csv.DictReader(open(data + "/activity.csv")):
    assert x["activity"] in ("shift", "break", "lunch", "pause"), x
    secs = (dt.datetime.fromisoformat(x["end"]) - dt.datetime.fromisoformat(x["start"])).total_seconds()
    (on if x["activity"] == "shift" else away)[x["agent_id"], week(day(x["start"]))] += secs
end = dt.date(2026, 11, 20)
weeks = [week(end) - dt.timedelta(days=7 * i) for i in (3, 2, 1, 0)]
spell = {}
for x in csv.DictReader(open(data + "/agents.csv")):
    if x["agent_id"] not in spell or x["hired_on"] > spell[x["agent_id"]]["hired_on"]:
        spell[x["agent_id"]] = x
current = [a for a, x in spell.items() if dt.date.fromisoformat(x["hired_on"]) <= end and
           (not x["left_on"] or dt.date.fromisoformat(x["left_on"]) > end)]
judged = unknown = 0
flagged = set()
for a in current:
    occ = []
    for w in weeks:
        staffed = on[a, w] - away[a, w]
        occ.append(handled[a, w] / staffed if staffed >= 4 * 3600 else None)
    if any(o is not None and o <= 0.85 for o in occ):
        judged += 1
    elif None in occ:
        unknown += 1
    else:
        judged += 1
        flagged.add(a)
got = {k["agent"] for k in r["at_risk"] if any(f.startswith("occupancy over") for f in k["factors"])}
assert got == flagged, (got, flagged)
assert r["risk_data"]["occupancy"]["judged"] == judged and r["risk_data"]["occupancy"]["not_enough_data"] == unknown, (r["risk_data"], judged, unknown)
assert r["risk_data"]["coaching"] == {"weeks": 6, "judged": 0, "not_enough_data": len(current)}, r["risk_data"]
assert not any("coaching" in f for k in r["at_risk"] for f in k["factors"])
print("# example: %d current agents, occupancy judged for %d, over 85%% in all 4 weeks: %d" % (len(current), judged, len(flagged)))
PY
ok $? "the example: occupancy judged and flagged exactly as an independent computation from its CSV files"
