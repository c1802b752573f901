#!/usr/bin/env python3
"""Independent check of `ccscore explain --agent ID --metric aht|fcr|csat`:
read the contacts file with the csv module, take the agent's answered
contacts whose local start day (the organisation's timezone) falls in the
ISO week, and work the figure out with DOMAIN.md's formula:
  AHT  = (talk + hold + acw) / handled
  FCR  = resolved / handled
  CSAT = responses scoring 4 or 5 / responses.
Then check that explain's JSON lists exactly those contacts, each with its
contribution, and that its value and n are the ones worked out here.
usage: explain_independent.py CONTACTS.csv TIMEZONE YEAR-Www AGENT METRIC EXPLAIN.json"""
import csv
import datetime
import json
import sys
from zoneinfo import ZoneInfo


def main():
    path, tz, week, agent, metric, got_path = sys.argv[1:7]
    year, wk = int(week[:4]), int(week[6:])
    zone = ZoneInfo(tz)
    want = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if row["agent_id"] != agent or row["outcome"] != "answered":
                continue
            at = datetime.datetime.fromisoformat(row["started_at"]).astimezone(zone)
            iso = at.isocalendar()
            if (iso[0], iso[1]) != (year, wk):
                continue
            if metric == "aht":
                want[row["contact_id"]] = float(row["talk_s"]) + float(row["hold_s"]) + float(row["acw_s"])
            elif metric == "fcr":
                want[row["contact_id"]] = float(row["resolved"])
            elif metric == "csat" and row["csat"] != "":
                want[row["contact_id"]] = 1.0 if int(row["csat"]) >= 4 else 0.0
    got = json.load(open(got_path))
    listed = {r["reference"]: r["value"] for r in got["records"]}
    fails = 0
    if listed != want:
        print("not ok: records differ: only in explain %s, only here %s" %
              (sorted(set(listed) - set(want))[:5], sorted(set(want) - set(listed))[:5]))
        fails += 1
    value = sum(want.values()) / len(want)
    if abs(value - got["value"]) > 1e-9 * max(1.0, abs(value)) or len(want) != got["n"]:
        print("not ok: figure %r n=%d here, %r n=%d in explain" % (value, len(want), got["value"], got["n"]))
        fails += 1
    print("%s %s %s: n=%d value=%.6f (explain %.6f)%s" % (agent, metric, week, len(want), value, got["value"],
                                                     "" if fails else " ok"))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
