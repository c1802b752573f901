#!/usr/bin/env python3
"""Compare the regulation findings of a ccscore JSON report with the
generator's manifest of planted violations (planted.csv, written by
bench/ccscore-gen).  Each planted case must be found, and nothing else may be.

Keys, per rule:
  dp.card_number, dp.cvv, dp.idv, dp.recording_notice  the contact id (reference)
  dp.retention                                          purpose:count (from the message)
  hs.weekly_hours, hs.night_hours                       the agent (an average has no day)
  other hs.* rules                                      agent and the first date of the message

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
        return f["reference"]
    if rule == "dp.retention":
        m = re.match(r"(\w+): (\d+) record", f["message"])
        return f"{m.group(1)}:{m.group(2)}" if m else f["message"]
    if rule in ("hs.weekly_hours", "hs.night_hours"):
        return f["agent_id"]
    m = re.search(r"\d{4}-\d{2}-\d{2}", f["message"])
    return f"{f['agent_id']}@{m.group(0) if m else '?'}"


def planted_key(row):
    rule = row["rule"]
    if rule in ("dp.card_number", "dp.cvv", "dp.idv", "dp.recording_notice", "dp.retention"):
        return row["reference"]
    if rule in ("hs.weekly_hours", "hs.night_hours"):
        return row["agent_id"]
    return f"{row['agent_id']}@{row['date']}"


def main():
    if len(sys.argv) != 3:
        print("usage: planted_check.py REPORT.json planted.csv", file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        report = json.load(f)
    found = defaultdict(list)
    for f in report["findings"]:
        if f["rule"].startswith(("dp.", "hs.")):
            found[f["rule"]].append(finding_key(f))
    planted = defaultdict(list)
    with open(sys.argv[2], newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            planted[row["rule"]].append(planted_key(row))
    ok = True
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
