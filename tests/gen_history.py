#!/usr/bin/env python3
"""A generated history with planted effects, for tests/impact.sh.

Two teams (north, south) of six agents each, twelve ISO weeks from Monday
2026-01-05, 200 answered contacts per agent per week.  First-contact
resolution is Bernoulli(0.70); from week 6 (Monday 2026-02-16) on, every
agent gains +0.03 (a centre-wide drift that a plain before/after comparison
would credit to any activity), and A001, coached on fcr from 2026-02-16, a
further +0.12: the planted effect.  Talk time is normal(300, 100) s with
30 s of after-call work; A003, coached on aht from 2026-02-16, handles 40 s
faster from then on (planted effect -40 s).  A008 (south), coached on fcr and
on aht the same day, changes in nothing: the placebo.

Writes DIR/contacts.csv, DIR/interventions.csv and DIR/policy.ini; the
planted values are printed as JSON on stdout.
"""
import json
import os
import random
import sys

out = sys.argv[1]
rng = random.Random(20260216)
teams = {"north": ["A001", "A002", "A003", "A004", "A005", "A006"],
         "south": ["A007", "A008", "A009", "A010", "A011", "A012"]}
START = 20458  # 2026-01-05, days since 1970-01-01 (a Monday)
WEEKS, PER_WEEK, EFFECT_WEEK = 12, 200, 6


def iso(day, second):
    import datetime
    t = datetime.datetime(1970, 1, 1) + datetime.timedelta(days=day, seconds=second)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


rows = []
cid = 0
for week in range(WEEKS):
    for team, agents in teams.items():
        for agent in agents:
            for i in range(PER_WEEK):
                day = START + 7 * week + (i % 6)
                second = 8 * 3600 + (i * 137) % (10 * 3600)
                p = 0.70
                talk = max(20.0, rng.gauss(300.0, 100.0))
                if week >= EFFECT_WEEK:
                    p += 0.03
                    if agent == "A001":
                        p += 0.12
                    if agent == "A003":
                        talk = max(20.0, talk - 40.0)
                resolved = 1 if rng.random() < p else 0
                cid += 1
                rows.append((f"G{cid:07d}", agent, team, "support", "voice", iso(day, second), 10,
                             round(talk), 0, 30, "answered", 0, resolved, "", "", f"C{cid:07d}", ""))
rows.sort(key=lambda r: r[5])
with open(os.path.join(out, "contacts.csv"), "w") as f:
    f.write("contact_id,agent_id,team,queue,channel,started_at,wait_s,talk_s,hold_s,acw_s,outcome,"
            "transferred,resolved,csat,nps,customer_id,notes\n")
    for r in rows:
        f.write(",".join(str(x) for x in r) + "\n")
with open(os.path.join(out, "interventions.csv"), "w") as f:
    f.write("agent_id,team,kind,started_on,ended_on,metric,notes\n")
    f.write('A001,,coaching,2026-02-16,,fcr,"listening, ownership"\n')
    f.write("A003,,coaching,2026-02-16,2026-02-17,aht,\n")
    f.write("A008,,coaching,2026-02-16,,fcr,placebo\n")
    f.write("A008,,coaching,2026-02-16,,aht,placebo\n")
with open(os.path.join(out, "policy.ini"), "w") as f:
    f.write("""[organisation]
name = Planted History
timezone = UTC
period = week
min_sample = 30
modules = csv kpi_core report

[history]
path = store/history.sqlite
window = 4
interventions = interventions.csv

[metric fcr]
target = 75%

[metric aht]
target = 330

[source contacts]
use = csv
path = contacts.csv
""")
json.dump({"A001": {"metric": "fcr", "effect": 0.12}, "A003": {"metric": "aht", "effect": -40.0},
           "A008": {"metric": "fcr", "effect": 0.0}}, sys.stdout)
print()
