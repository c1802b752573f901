#!/bin/sh
# kpi_core's fcr_repeat (FCR from repeat contacts), in TAP.  A hand-worked
# fixture: a repeat to another agent, team and queue; a repeat exactly at the
# 7-day edge (a repeat) and one second past it (not); a handled row without a
# customer id (not judged); an abandoned callback (a repeat: the customer came
# back); contacts whose window runs past the latest contact in the data (not
# judged, even one with a repeat seen; one exactly at the edge is judged).
# Then a generated file against an independent Python computation, on one
# thread and on three (the same figures), and the window key's bounds.
# Under `make check-valgrind` every run is checked for leaks.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
PYTHON3=${PYTHON3:-python3}
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore} # tests/valgrind.sh sets it
echo "1..8"
work=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-fcrrep.XXXXXX") || { echo "Bail out! no temporary folder"; exit 0; }
trap 'rm -rf "$work"' EXIT
unset CCSCORE_PLUGIN_DIR CCSCORE_DATA_DIR
umask 022
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
cd "$work" || exit 0

# Week 2026-W47 is 11-16..11-22; the data's last contact is K12, 11-27 12:00,
# so a contact is judged when it started at or before 11-20 12:00.
#   K01 A1 C1 unresolved: C1 again on K02 (B1, team t2, queue q2)
#   K02 B1 C1 resolved: C1's earlier K01 does not count
#   K03 A1 C2 unresolved: K04 exactly 7 days later
#   K05 A2 C3 resolved: K06 7 days and 1 s later
#   K07 A1 -- not judged: no customer id
#   K08 A2 C4 unresolved: K09, abandoned, is C4 coming back
#   K10 B1 C5 resolved
#   K13, K14 A2 C6 not judged: windows past the data (K13 has a repeat, K14)
#   K15 A1 C7 resolved: its window ends exactly at the last contact
# A1 1/3, A2 1/2, B1 2/2; t1 2/5, t2 2/2; q1 (K01 K03 K08 K15) 1/4,
# q2 (K02 K05 K10) 3/3; organisation 4/7.  The resolved flag (K01 1, K02 0)
# is fcr's, not read here: fcr is 1/2 on those two rows.
cat >contacts.csv <<'CSV'
contact_id,agent_id,team,queue,channel,started_at,wait_s,talk_s,hold_s,acw_s,outcome,transferred,resolved,csat,nps,customer_id,notes
K01,A1,t1,q1,voice,2026-11-16T09:00:00Z,10,300,0,30,answered,0,1,,,C1,
K02,B1,t2,q2,voice,2026-11-18T10:00:00Z,10,300,0,30,answered,0,0,,,C1,
K03,A1,t1,q1,voice,2026-11-17T08:00:00Z,10,300,0,30,answered,0,,,,C2,
K04,A2,t1,q1,voice,2026-11-24T08:00:00Z,10,300,0,30,answered,0,,,,C2,
K05,A2,t1,q2,voice,2026-11-17T12:00:00Z,10,300,0,30,answered,0,,,,C3,
K06,A1,t1,q1,voice,2026-11-24T12:00:01Z,10,300,0,30,answered,0,,,,C3,
K07,A1,t1,q1,voice,2026-11-18T09:00:00Z,10,300,0,30,answered,0,,,,,
K08,A2,t1,q1,voice,2026-11-19T09:00:00Z,10,300,0,30,answered,0,,,,C4,
K09,,,q1,voice,2026-11-20T09:00:00Z,40,0,0,0,abandoned,0,,,,C4,
K10,B1,t2,q2,voice,2026-11-20T11:00:00Z,10,300,0,30,answered,0,,,,C5,
K13,A2,t1,q2,voice,2026-11-21T10:00:00Z,10,300,0,30,answered,0,,,,C6,
K14,A2,t1,q2,voice,2026-11-22T10:00:00Z,10,300,0,30,answered,0,,,,C6,
K15,A1,t1,q1,voice,2026-11-20T12:00:00Z,10,300,0,30,answered,0,,,,C7,
K12,A1,t1,q1,voice,2026-11-27T12:00:00Z,10,300,0,30,answered,0,,,,C9,
CSV
cat >policy.ini <<'INI'
[organisation]
name = FCR Repeat Test
timezone = UTC
min_sample = 1
modules = csv kpi_core report
[metric fcr_repeat]
[metric fcr]
[source contacts]
use = csv
path = contacts.csv
INI

"$CCSCORE" run -c policy.ini --period 2026-W47 -f json -o w47.json 2>w47.err
rc=$?
if [ $rc -eq 0 ] && [ ! -s w47.err ]; then ok "the fixture runs, exit 0, nothing on stderr"
else not_ok "the fixture runs, exit 0, nothing on stderr" "exit $rc" "$(cat w47.err)"; fi

if out=$("$PYTHON3" - w47.json <<'PY' 2>&1
import json, sys
r = json.load(open(sys.argv[1]))
want = {("agents", "A1"): (1, 3), ("agents", "A2"): (1, 2), ("agents", "B1"): (2, 2),
        ("teams", "t1"): (2, 5), ("teams", "t2"): (2, 2),
        ("queues", "q1"): (1, 4), ("queues", "q2"): (3, 3), ("org", None): (4, 7)}
cards = [(("agents", c["id"]), c) for c in r["agents"]] + [(("teams", c["id"]), c) for c in r["teams"]]
cards += [(("queues", c["id"]), c) for c in r["queues"]] + [(("org", None), r["organisation_scorecard"])]
assert sorted(k for k, _ in cards) == sorted(want), [k for k, _ in cards]
for key, card in cards:
    m = card["metrics"]["fcr_repeat"]
    k, n = want[key]
    assert m["n"] == n and abs(m["value"] - k / n) < 1e-12, (key, m["value"], m["n"], k, n)
f = r["organisation_scorecard"]["metrics"]["fcr"]
assert f["n"] == 2 and f["value"] == 0.5, f
PY
); then ok "2026-W47: every agent, team, queue and the organisation as worked by hand; fcr reads only the flag"
else not_ok "2026-W47: every agent, team, queue and the organisation as worked by hand; fcr reads only the flag" "$out"; fi

# The latest week (the default period): every contact's window runs past the
# data, so nothing is judged; W47 is its previous figure.
"$CCSCORE" run -c policy.ini -f json -o latest.json 2>latest.err
if out=$("$PYTHON3" -c '
import json
r = json.load(open("latest.json"))
m = r["organisation_scorecard"]["metrics"]["fcr_repeat"]
assert r["period"]["id"] == "2026-W48" and m["n"] == 0 and m["value"] is None, m
assert abs(m["previous"] - 4 / 7) < 1e-12, m' 2>&1); then
    ok "2026-W48: no window inside the data, n 0 and no value (not 100%); the previous figure is W47's 4/7"
else not_ok "2026-W48: no window inside the data, n 0 and no value (not 100%); the previous figure is W47's 4/7" "$out" "$(cat latest.err)"; fi

# explain: each contribution and the one left out, with why.
"$CCSCORE" explain -c policy.ini --period 2026-W47 --agent A1 --metric fcr_repeat -f json -o explain.json 2>explain.err
if out=$("$PYTHON3" -c '
import json
x = json.load(open("explain.json"))
assert x["matches"] and x["n"] == 3, x
assert [(r["reference"], r["value"]) for r in x["records"]] == [("K01", 0), ("K03", 0), ("K15", 1)], x["records"]
why = {e["reference"]: e["reason"] for e in x["excluded"]}
assert why["K07"] == "not judged: no customer id, or its window runs past the latest contact in the data", why' 2>&1); then
    ok "explain A1: K01 0, K03 0, K15 1, K07 left out (no customer id), the figure matches"
else not_ok "explain A1: K01 0, K03 0, K15 1, K07 left out (no customer id), the figure matches" "$out" "$(cat explain.err)"; fi

# A generated file: 4000 contacts over five weeks, 500 customers, every 9th
# row without a customer id, every 7th abandoned; window_days = 3.
"$PYTHON3" - gen.csv <<'PY'
import datetime, random, sys
rng = random.Random(1919)
with open(sys.argv[1], "w") as f:
    f.write("contact_id,agent_id,team,queue,channel,started_at,wait_s,talk_s,hold_s,acw_s,"
            "outcome,transferred,resolved,csat,nps,customer_id,notes\n")
    for i in range(4000):
        t = 1794268800 + i * 35 * 86400 // 4000 + rng.randrange(3600)  # 2026-11-10 onwards
        agent = rng.randrange(12)
        abandoned = i % 7 == 0
        when = datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        f.write("G%05d,%s,%s,q%d,voice,%s,10,100,0,20,%s,0,,,,%s,\n" % (
            i, "" if abandoned else "A%02d" % agent, "" if abandoned else "t%d" % (agent % 3),
            rng.randrange(2), when, "abandoned" if abandoned else "answered",
            "" if i % 9 == 0 else "C%03d" % rng.randrange(500)))
PY
sed -e 's/contacts.csv/gen.csv/' -e 's/^\[metric fcr_repeat\]$/[metric fcr_repeat]\nwindow_days = 3/' policy.ini >gen.ini
"$CCSCORE" run -c gen.ini --period 2026-W48 -f json -o gen1.json 2>gen1.err
rc1=$?
CCSCORE_PARALLEL_MIN_BYTES=4096 "$CCSCORE" run -c gen.ini --period 2026-W48 --jobs 3 -f json -o gen3.json 2>gen3.err
rc3=$?
independent() { # independent REPORT.json: the figures from the CSV, in Python
    "$PYTHON3" - "$1" gen.csv <<'PY'
import csv, datetime, json, sys
r = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2], newline="")))
ts = lambda s: int(datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc).timestamp())
window, end = 3 * 86400, max(ts(x["started_at"]) for x in rows)
times = {}
for x in rows:
    if x["customer_id"]:
        times.setdefault(x["customer_id"], []).append(ts(x["started_at"]))
want = {}
for x in rows:
    t = ts(x["started_at"])
    if x["outcome"] != "answered" or not x["customer_id"] or t + window > end:
        continue
    if not r["period"]["start"] <= x["started_at"][:10] <= r["period"]["end"]:
        continue
    resolved = not any(t < u <= t + window for u in times[x["customer_id"]])
    for key in (("agents", x["agent_id"]), ("teams", x["team"]), ("queues", x["queue"]), ("org", None)):
        k, n = want.get(key, (0, 0))
        want[key] = (k + resolved, n + 1)
cards = [(("agents", c["id"]), c) for c in r["agents"]] + [(("teams", c["id"]), c) for c in r["teams"]]
cards += [(("queues", c["id"]), c) for c in r["queues"]] + [(("org", None), r["organisation_scorecard"])]
assert len(cards) == len(want) == 12 + 3 + 2 + 1, (len(cards), len(want))
for key, card in cards:
    m, (k, n) = card["metrics"]["fcr_repeat"], want[key]
    assert m["n"] == n and abs(m["value"] - k / n) < 1e-12, (key, m, k, n)
k, n = want[("org", None)]
print("organisation %d/%d resolved" % (k, n))
PY
}
if [ $rc1 -eq 0 ] && [ ! -s gen1.err ] && out=$(independent gen1.json 2>&1); then
    ok "generated file, one thread: every card equals the Python computation ($out)"
else not_ok "generated file, one thread: every card equals the Python computation" "exit $rc1" "$(cat gen1.err)" "${out:-}"; fi
if [ $rc3 -eq 0 ] && [ ! -s gen3.err ] && out=$("$PYTHON3" -c '
import json
a, b = (json.load(open(f)) for f in ("gen1.json", "gen3.json"))
cards = lambda r: [(c["id"], c["metrics"]["fcr_repeat"]) for k in ("agents", "teams", "queues") for c in r[k]] + \
    [("org", r["organisation_scorecard"]["metrics"]["fcr_repeat"])]
assert cards(a) == cards(b), "the figures differ between -j1 and -j3"
print(len(cards(a)))' 2>&1); then ok "three threads: the same figures as one thread on all $out cards"
else not_ok "three threads: the same figures as one thread" "exit $rc3" "$(cat gen3.err)" "${out:-}"; fi

# The window's bounds: 1..30 days.
for bad in 0 31; do
    sed "s/^\[metric fcr_repeat\]\$/[metric fcr_repeat]\nwindow_days = $bad/" policy.ini >bad.ini
    "$CCSCORE" check-config -c bad.ini >bad.out 2>&1
    rc=$?
    want="bad.ini:7: error: 'window_days' = $bad is out of range 1..30"
    if [ $rc -ne 0 ] && grep -qF "$want" bad.out; then ok "window_days = $bad is refused: $want"
    else not_ok "window_days = $bad is refused with file:line and the range" "exit $rc" "$(cat bad.out)"; fi
done
