#!/usr/bin/env python3
"""Independent check of `ccscore compare` on the bundled example, the
current policy against AHT 400 -> 360 s and FCR 75% -> 80%.  From the raw
contacts (csv module, the organisation's timezone Europe/London), the latest
ISO week, per agent, team and the organisation: AHT = (talk + hold + acw) /
handled, FCR = resolved / handled (DOMAIN.md); the target is the policy's
unless a personal objective covers the week; status: n under 30 is
insufficient, else the relative shortfall 0 meets, up to 5% near, else
below.  The figures whose status differs must be exactly compare's changes
for aht and fcr, with the same values.  Prints the agents who move.
usage: whatif_example.py CONTACTS.csv OBJECTIVES.csv COMPARE.json"""
import csv
import datetime
import json
import sys
from collections import defaultdict
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Europe/London")
BEFORE = {"aht": 400.0, "fcr": 0.75}
AFTER = {"aht": 360.0, "fcr": 0.80}
LOWER = {"aht": True, "fcr": False}


def status(value, n, target, lower):
    if n < 30:
        return "insufficient"
    short = (value - target) if lower else (target - value)
    gap = max(0.0, short) / abs(target)
    if gap == 0:
        return "meets"
    return "near" if gap <= 0.05 + 1e-9 else "below"


def main():
    contacts, objectives, got_path = sys.argv[1:4]
    rows = []
    with open(contacts, newline="") as f:
        for r in csv.DictReader(f):
            if r["outcome"] != "answered":
                continue
            day = datetime.datetime.fromisoformat(r["started_at"]).astimezone(ZONE).date()
            rows.append((day, r))
    last = max(d for d, _ in rows)
    year, week = last.isocalendar()[0], last.isocalendar()[1]
    first_day = datetime.date.fromisocalendar(year, week, 1)
    last_day = first_day + datetime.timedelta(days=6)
    objective = {}
    with open(objectives, newline="") as f:
        for o in csv.DictReader(f):
            if datetime.date.fromisoformat(o["from"]) <= last_day and datetime.date.fromisoformat(o["to"]) >= first_day:
                objective[(o["agent_id"], o["metric"])] = float(o["target"])
    sums = defaultdict(lambda: [0.0, 0.0, 0])  # (entity, id) -> aht sum, resolved, n
    for day, r in rows:
        if day.isocalendar()[:2] != (year, week):
            continue
        for key in (("agent", r["agent_id"]), ("team", r["team"]), ("organisation", "")):
            s = sums[key]
            s[0] += float(r["talk_s"]) + float(r["hold_s"]) + float(r["acw_s"])
            s[1] += float(r["resolved"])
            s[2] += 1
    want = {}
    for (entity, eid), (aht, res, n) in sums.items():
        for metric, value in (("aht", aht / n), ("fcr", res / n)):
            own = objective.get((eid, metric)) if entity == "agent" else None
            b = status(value, n, own if own is not None else BEFORE[metric], LOWER[metric])
            a = status(value, n, own if own is not None else AFTER[metric], LOWER[metric])
            if a != b:
                want[(entity, eid if entity != "organisation" else "", metric)] = (value, b, a)
    d = json.load(open(got_path))
    if d["period"] != "%d-W%02d" % (year, week):
        sys.exit("compare scored %s, the latest week is %d-W%02d" % (d["period"], year, week))
    got = {}
    for c in d["changes"]:
        eid = c["id"] if c["entity"] != "organisation" else ""
        got[(c["entity"], eid, c["metric"])] = (c["value"], c["before"]["status"], c["after"]["status"])
    fails = 0
    for k in sorted(set(want) | set(got)):
        w, g = want.get(k), got.get(k)
        if not w or not g or w[1:] != g[1:] or abs(w[0] - g[0]) > 1e-9 * max(1.0, abs(w[0])):
            print("not ok: %r: here %r, compare %r" % (k, w, g))
            fails += 1
    for metric in ("aht", "fcr"):
        movers = ["%s (%.4g, %s -> %s)" % (k[1], v[0], v[1], v[2]) for k, v in sorted(want.items())
                  if k[0] == "agent" and k[2] == metric]
        print("%s: %d agents move: %s" % (metric, len(movers), ", ".join(movers)))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
