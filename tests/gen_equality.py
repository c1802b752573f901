#!/usr/bin/env python3
"""A generated centre for tests/equality.sh with exactly one planted
disparity, and the audit's expected figures worked out independently of the
C code (the hypergeometric sum of tests/fisher_reference.py, in rationals).

60 agents, 20 answered contacts each in the week of 2026-11-16.  An agent is
favourable on fcr (target 75%) with 18 of 20 resolved (90%, meets), else 10
of 20 (50%, below).  Every agent transfers 1 of 20 (5%, meets the 12%
target), and the score is transfer_rate's alone (fcr weight 0), so the score
band is 100% everywhere.

    group_shift    night 20 agents, 6 favourable   <- the planted disparity
                   day   40 agents, 32 favourable     ratio 0.375, p = 0.0004
    group_pattern  part_time 24, 12 favourable       ratio 0.69 but p = 0.104:
                   full_time 36, 26 favourable        a chance difference, not flagged
    group_site     site_b 5 agents, all unfavourable: under min_group (10),
                   never shown (it would be flagged: p = 0.005)

Three agents are flagged `adjusted`: E001 has an fcr objective covering the
week (applied: nothing said), E002 an fcr objective that ended the week
before (eq.adjustment_not_applied on fcr), E003 no objective at all (on fcr
and transfer_rate).

    python3 tests/gen_equality.py DIR     # writes the centre and expected.json
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fisher_reference import fisher  # noqa: E402

RATIO, ALPHA, MIN_GROUP = 0.8, 0.05, 10


def agents():
    rows = []  # (shift, pattern, site, favourable)
    plan = [  # shift, favourable, part_time count, full_time count
        ("day", 1, 9, 23), ("day", 0, 5, 3), ("night", 1, 3, 3), ("night", 0, 7, 7)]
    for shift, fav, pt, ft in plan:
        rows += [(shift, "part_time", fav)] * pt + [(shift, "full_time", fav)] * ft
    out, site_b = [], {"day": 3, "night": 2}
    for shift, pattern, fav in rows:
        site = "site_a"
        if not fav and site_b[shift]:
            site_b[shift] -= 1
            site = "site_b"
        out.append({"shift": shift, "pattern": pattern, "site": site, "fav": fav})
    for i, a in enumerate(out):
        a["id"] = "E%03d" % (i + 1)
        a["adjusted"] = 1 if i < 3 else 0
    return out


def compare(ag, key, metric, favourable):
    groups = {}
    for a in ag:
        g = groups.setdefault(a[key], [0, 0])
        g[0] += 1
        g[1] += favourable(a)
    shown = {g: v for g, v in groups.items() if v[0] >= MIN_GROUP}
    rows = []
    best = max(sorted(shown), key=lambda g: shown[g][1] / shown[g][0])  # the first, as the C code
    bn, bf = shown[best]
    compared = len(shown) >= 2 and bf > 0
    for g in sorted(shown):
        n, f = shown[g]
        row = {"attribute": "group_" + key, "group": g, "metric": metric, "agents": n, "favourable": f,
               "rate": f / n, "ratio": None, "p_value": None, "flagged": False}
        if compared:
            row["ratio"] = (f / n) / (bf / bn)
            if g != best:
                row["p_value"] = float(fisher(f, n - f, bf, bn - bf))
                row["flagged"] = row["ratio"] < RATIO and row["p_value"] < ALPHA
        rows.append(row)
    return rows


def write(d, ag):
    with open(os.path.join(d, "agents.csv"), "w") as f:
        f.write("agent_id,name,team,group_pattern,group_shift,group_site,adjusted\n")
        for a in ag:
            f.write("%s,Agent %s,t1,%s,%s,%s,%d\n" % (a["id"], a["id"], a["pattern"], a["shift"], a["site"],
                                                      a["adjusted"]))
    with open(os.path.join(d, "contacts.csv"), "w") as f:
        f.write("contact_id,agent_id,team,queue,channel,started_at,wait_s,talk_s,hold_s,acw_s,"
                "outcome,transferred,resolved,csat,nps\n")
        k = 0
        for a in ag:
            resolved = 18 if a["fav"] else 10
            for j in range(20):
                k += 1
                f.write("C%06d,%s,t1,q1,voice,2026-11-%02dT%02d:%02d:00+00:00,10,200,0,20,answered,%d,%d,,\n" % (
                    k, a["id"], 16 + j % 5, 9 + j // 5, k % 60, 1 if j == 0 else 0, 1 if j < resolved else 0))
    with open(os.path.join(d, "objectives.csv"), "w") as f:
        f.write("agent_id,metric,target,from,to\n")
        f.write("E001,fcr,0.50,2026-11-16,2026-11-22\n")
        f.write("E002,fcr,0.50,2026-11-09,2026-11-15\n")
    with open(os.path.join(d, "policy.ini"), "w") as f:
        f.write("""[organisation]
name = Equality Test Centre
timezone = UTC
period = week
min_sample = 10
fail_level = none
modules = csv kpi_core report equality

; judged, but left out of the score: the score is transfer_rate's alone
[metric fcr]
target = 75%
weight = 0

[metric transfer_rate]
target = 12%
weight = 1

[source contacts]
use = csv
path = contacts.csv

[source agents]
use = csv
path = agents.csv

[source objectives]
use = csv
path = objectives.csv

[check equality]
attributes = group_pattern group_shift group_site
""")


def main():
    d = sys.argv[1]
    os.makedirs(d, exist_ok=True)
    ag = agents()
    write(d, ag)
    rows = []
    for key in ("pattern", "shift", "site"):
        rows += compare(ag, key, "fcr", lambda a: a["fav"])
        rows += compare(ag, key, "transfer_rate", lambda a: 1)
        rows += compare(ag, key, "score", lambda a: 1)
    findings = sorted(["eq.adverse_impact group_shift=night:fcr"] +
                      ["eq.adjustment_not_applied E002 fcr", "eq.adjustment_not_applied E003 fcr",
                       "eq.adjustment_not_applied E003 transfer_rate"])
    with open(os.path.join(d, "expected.json"), "w") as f:
        json.dump({"rows": rows, "findings": findings}, f, indent=1)


if __name__ == "__main__":
    main()
