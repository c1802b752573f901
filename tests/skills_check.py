#!/usr/bin/env python3
"""Check `ccscore skills --format json` against an independent computation (TAP).

Usage: skills_check.py SKILLS.json CONTACTS.csv OBJECTIVES.csv PERIOD TZ

The matrix is re-derived from the contacts file with tests/independent_kpi.py's
reader and its KPI definitions (DOMAIN.md's formulas, Python's csv and
zoneinfo; no code shared with the engine): answered contacts of the period are
grouped per agent x queue x channel and per agent x queue (channel "all"), and
each group's figures (value, n, 95% Wilson interval for rates) must equal the
engine's to 1e-9.  Statuses are judged here from the example policy's targets
(conf/example/base.ini and policy.ini, written out below), the agent's
objectives covering the period (the one starting last wins), near = 5% and the
minimum samples (NPS intervals are not compared: the independent module gives
none): insufficient below the minimum, meets at or past the target,
near within 5% of it, else below.  QA has no queue, so every cell's qa is
undefined.  Also: every group has a row and every row a group; each agent's
strongest and weakest queue are the highest and lowest scored queue rows;
each suggestion is strong in its queue (score at least the queue's, no figure
below target) that is under half of the agent's contacts, at most 3 a queue.
"""
import csv
import datetime
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import independent_kpi as ik  # noqa: E402

# The example policy: metric -> (target, lower is better, min_sample).
POLICY = {
    "handled": (None, False, 30), "aht": (400, True, 30), "acw": (60, True, 30),
    "hold": (None, True, 30), "talk": (None, True, 30), "asa": (None, True, 30),
    "fcr": (0.75, False, 30), "transfer_rate": (0.12, True, 30), "csat": (0.80, False, 10),
    "nps": (None, False, 30), "service_level": (0.80, False, 30), "qa": (85, False, 3),
}
NEAR = 0.05
tests = []


def ok(cond, what):
    tests.append((bool(cond), what))


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def judge(value, n, target, lower, min_n):
    if target is None:
        return None
    if value is None or n < min_n:
        return "insufficient"
    short = (value - target) if lower else (target - value)
    if short <= 1e-9 * max(abs(target), abs(value)):
        return "meets"
    gap = short / abs(target) if target else short
    return "near" if gap <= NEAR + 1e-9 else "below"


def objectives(path, first, last):
    best = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            a, b = datetime.date.fromisoformat(r["from"]), datetime.date.fromisoformat(r["to"])
            if a > last or b < first:
                continue
            k = (r["agent_id"], r["metric"])
            if k not in best or a >= best[k][0]:
                best[k] = (a, float(r["target"]))
    return {k: v[1] for k, v in best.items()}


def groups(contacts, tz, first, last):
    g = {}
    with open(contacts, newline="") as f:
        for r in csv.DictReader(f):
            if r["outcome"] != "answered" or not r["agent_id"] or not r["queue"]:
                continue
            day = ik.local_date(r["started_at"], tz)
            if not first <= day <= last:
                continue
            c = {"outcome": "answered", "wait": float(r["wait_s"]), "talk": float(r["talk_s"]),
                 "hold": float(r["hold_s"]), "acw": float(r["acw_s"]), "transferred": int(r["transferred"]),
                 "resolved": int(r["resolved"]),
                 "csat": int(r["csat"]) if r["csat"] else None, "nps": int(r["nps"]) if r["nps"] else None}
            for ch in (r["channel"], "all"):
                g.setdefault((r["agent_id"], r["queue"], ch), ik.Acc()).add(c, 20, 5)
    return {k: v.metrics("agent", "answered", False) for k, v in g.items()}


def main():
    out_path, contacts, objs, period, tzname = sys.argv[1:6]
    ours = json.load(open(out_path))
    _, first, last = ik.parse_period(period)
    theirs = groups(contacts, ik.ZoneInfo(tzname), first, last)
    obj = objectives(objs, first, last)
    rows = {(r["agent_id"], r["queue"], r["channel"]): r for r in ours["matrix"]}
    ok(set(rows) == set(theirs), "%s: the matrix has one row per agent x queue x channel and per agent x queue "
       "(%d rows, %d groups)" % (period, len(rows), len(theirs)))
    compared = bad = 0
    for key, want in sorted(theirs.items()):
        got = rows.get(key)
        if not got:
            continue
        for name, w in want.items():
            m = got["metrics"][name]
            target, lower, min_n = POLICY[name]
            target = obj.get((key[0], name), target)
            status = judge(w["value"], w["n"], target, lower, min_n)
            # independent_kpi.py gives rates their Wilson interval and NPS none.
            ci = name == "nps" or (close(m["ci_low"], w["ci_low"]) and close(m["ci_high"], w["ci_high"]))
            same = (close(m["value"], w["value"]) and m["n"] == w["n"] and ci
                    and close(m["target"], target) and m["status"] == status)
            compared += 1
            if not same:
                bad += 1
                if bad <= 5:
                    print("# %s %s: engine %s, independent %s (target %s, status %s)" % (key, name, m, w, target, status))
        qa = got["metrics"]["qa"]
        if qa["value"] is not None:
            ok(False, "%s %s: qa has no queue, so no value" % (period, "/".join(key)))
    ok(bad == 0, "%s: %d figures of %d cells equal the independent computation (%d differ)"
       % (period, compared, len(theirs), bad))
    # Strongest and weakest: the highest and lowest scored queue rows.
    wrong = 0
    for s in ours["strengths"]:
        scored = [(r["score"], r["queue"]) for k, r in rows.items()
                  if k[0] == s["agent_id"] and k[2] == "all" and r["score"] is not None]
        hi = max(scored)[0] if scored else None
        lo = min(scored)[0] if len(scored) > 1 else None
        good = (len(scored) == s["queues_scored"]
                and (s["strongest"] is None if hi is None else close(s["strongest"]["score"], hi))
                and (s["weakest"] is None if lo is None else close(s["weakest"]["score"], lo)))
        wrong += not good
    ok(wrong == 0, "%s: every agent's strongest and weakest queue is their highest and lowest score (%d agents)"
       % (period, len(ours["strengths"])))
    # Suggestions: scored at least the queue's score there, nothing below
    # target, under half of the agent's handled contacts, at most three per
    # queue, best score first.
    handled = {}
    for (aid, q, ch), r in rows.items():
        if ch == "all":
            handled[aid] = handled.get(aid, 0) + (r["metrics"]["handled"]["value"] or 0)
    bad_s, per_queue = 0, {}
    for g in ours["suggestions"]:
        r = rows[(g["agent_id"], g["queue"], "all")]
        share = r["metrics"]["handled"]["value"] / handled[g["agent_id"]]
        per_queue.setdefault(g["queue"], []).append(g["agent_score"])
        bad_s += not (r["score"] is not None and close(r["score"], g["agent_score"])
                      and g["agent_score"] >= g["queue_score"] - 1e-9 and close(share, g["share"]) and share < 0.5
                      and all(m["status"] != "below" for m in r["metrics"].values()) and g["bottlenecks"] > 0)
    bad_s += sum(len(v) > 3 or v != sorted(v, reverse=True) for v in per_queue.values())
    ok(bad_s == 0, "%s: %d suggestions: strong there (score >= the queue's, nothing below), under half of the "
       "agent's contacts, at most 3 per queue under pressure" % (period, len(ours["suggestions"])))
    print("1..%d" % len(tests))
    for i, (good, what) in enumerate(tests, 1):
        print("%s %d - %s" % ("ok" if good else "not ok", i, what))
    return 0 if all(t[0] for t in tests) else 1


if __name__ == "__main__":
    sys.exit(main())
