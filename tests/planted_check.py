#!/usr/bin/env python3
"""Compare the regulation findings of ccscore JSON reports with the
generator's manifest of planted violations (planted.csv, written by
bench/ccscore-gen).  Each planted case must be found, and nothing else may be.

Keys, per rule:
  dp.card_number, dp.cvv, dp.idv, dp.recording_notice  the contact id (reference) and `at`
  dp.retention                                          purpose:count (from the message)
  hs.weekly_hours, hs.night_hours                       the agent (an average has no day)
  other hs.* rules                                      agent and the first date of the message

Several reports (one per period, e.g. every month of the data) are read as
one: each finding belongs to the period of its `at` (issue 11), so a finding
with a day must carry the planted date as `at`, inside its report's period,
and must come from one report only; a rule over a reference window
(hs.weekly_hours, hs.night_hours) and dp.retention are judged in every
period, so the same agent or purpose may come from several reports (once
in each).

Prints one line per rule (planted, found, matched) and the differences;
exits 0 when every rule matches exactly, 1 otherwise.
"""
import csv
import json
import re
import sys
from collections import defaultdict


def finding_key(f):
    rule = f["rule"]
    if rule in ("dp.card_number", "dp.cvv", "dp.idv", "dp.recording_notice"):
        return f"{f['reference']}@{f['at']}"
    if rule == "dp.retention":
        m = re.match(r"(\w+): (\d+) record", f["message"])
        return f"{m.group(1)}:{m.group(2)}" if m else f["message"]
    if rule in ("hs.weekly_hours", "hs.night_hours"):
        return f["agent_id"]
    m = re.search(r"\d{4}-\d{2}-\d{2}", f["message"])
    return f"{f['agent_id']}@{m.group(0) if m else '?'}"


def planted_key(row):
    rule = row["rule"]
    if rule in ("dp.card_number", "dp.cvv", "dp.idv", "dp.recording_notice"):
        return f"{row['reference']}@{row['date']}"
    if rule == "dp.retention":
        return row["reference"]
    if rule in ("hs.weekly_hours", "hs.night_hours"):
        return row["agent_id"]
    return f"{row['agent_id']}@{row['date']}"


JUDGED_EACH_PERIOD = ("hs.weekly_hours", "hs.night_hours", "dp.retention")


def read_findings(paths, problems):
    found = defaultdict(list)
    for path in paths:
        with open(path, encoding="utf-8") as f:
            report = json.load(f)
        start, end = report["period"]["start"], report["period"]["end"]
        seen = set()
        for f in report["findings"]:
            if not f["rule"].startswith(("dp.", "hs.")):
                continue
            key = finding_key(f)
            if not start <= f["at"] <= end:
                problems.append(f"{path}: {f['rule']} {key} at {f['at']} outside {start}..{end}")
            m = re.search(r"\d{4}-\d{2}-\d{2}", f["message"])
            dated = f["rule"] not in JUDGED_EACH_PERIOD and not f["rule"].startswith("dp.")
            if dated and m and m.group(0) != f["at"]:
                problems.append(f"{path}: {f['rule']} {key} at {f['at']}, not the day {m.group(0)}")
            if f["rule"] in JUDGED_EACH_PERIOD:
                if (f["rule"], key) in seen:
                    found[f["rule"]].append(key)  # twice in one report: a duplicate
                elif key not in found[f["rule"]]:
                    found[f["rule"]].append(key)
                seen.add((f["rule"], key))
            else:
                found[f["rule"]].append(key)
    return found


def main():
    if len(sys.argv) < 3:
        print("usage: planted_check.py REPORT.json... planted.csv", file=sys.stderr)
        return 2
    problems = []
    found = read_findings(sys.argv[1:-1], problems)
    planted = defaultdict(list)
    with open(sys.argv[-1], newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            planted[row["rule"]].append(planted_key(row))
    for p in problems:
        print(f"  MISMATCH {p}")
    ok = not problems
    for rule in sorted(set(found) | set(planted)):
        p, q = sorted(planted[rule]), sorted(found[rule])
        missing = sorted(set(p) - set(q))
        extra = sorted(set(q) - set(p))
        dup = len(q) != len(set(q)) or len(p) != len(set(p))
        same = not missing and not extra and not dup and len(p) == len(q)
        ok &= same
        print(f"{rule:24} planted {len(p):3}  found {len(q):3}  matched {len(set(p) & set(q)):3}"
              f"{'' if same else '  MISMATCH'}")
        for k in missing:
            print(f"  missing: {k}")
        for k in extra:
            print(f"  extra:   {k}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
