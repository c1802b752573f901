#!/usr/bin/env python3
"""Check a buddy plan (`ccscore buddies --format json`) against its rules (TAP).

Usage: buddies_check.py PLAN.json REPORT.json AGENTS.csv

REPORT.json is `ccscore run --format json` of the same period and policy: the
rules are re-derived from its scorecards and the roster, not from the plan:
  - a mentee's focus figures are their first max_focus (the coaching
    section's) near/below figures in weighted-gap order; each is either
    paired or listed in unpaired, never both, never anything else;
  - a buddy meets the figure's target, and beats both their own and the
    mentee's target by buddy_margin, and is not the mentee;
  - no buddy has more than max_mentees distinct mentees;
  - a buddy from another team only when every teammate who qualifies already
    has max_mentees other mentees;
  - unpaired "no_qualified_buddy": nobody qualifies; "buddies_full": someone
    does, and all who do have max_mentees other mentees;
  - new starters (hired under 90 days before the period's last day) with a
    figure below target come first in the plan's order;
  - the coaching feedback names, for each focus figure, the plan's buddy;
  - the review date is the period's last day plus 28 days.
"""
import csv
import datetime
import json
import sys

tests = []


def ok(cond, what):
    tests.append((bool(cond), what))


def margin(m, target):
    diff = (target - m["value"]) if m["direction"] == "lower" else (m["value"] - target)
    return diff / abs(target) if target else diff


def main():
    plan, rep = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
    hired = {r["agent_id"]: r["hired_on"] for r in csv.DictReader(open(sys.argv[3], newline=""))}
    agents = {a["id"]: a for a in rep["agents"]}
    coaching = next(s for s in rep["sections"] if s["name"] == "coaching")
    tables = {t["name"]: [dict(zip([c["name"] for c in t["columns"]], row)) for row in t["rows"]]
              for t in coaching["tables"]}
    max_focus = int(tables["settings"][0]["max_focus"])
    cap, mg = plan["max_mentees"], plan["buddy_margin"]
    end = datetime.date.fromisoformat(rep["period"]["end"])

    def focus(aid):
        ms = agents[aid]["metrics"]
        short = [k for k, m in ms.items() if m["status"] in ("near", "below")]
        short.sort(key=lambda k: (-ms[k]["weight"] * ms[k]["gap"], k))
        return short[:max_focus]

    def qualifies(b, aid, metric):
        bm = agents[b]["metrics"][metric]
        return (b != aid and bm["status"] == "meets" and bm["value"] is not None
                and margin(bm, bm["target"]) >= mg - 1e-12
                and margin(bm, agents[aid]["metrics"][metric]["target"]) >= mg - 1e-12)

    mentees = {}
    for p in plan["pairs"]:
        mentees.setdefault(p["buddy"], set()).add(p["mentee"])

    def full_for(b, aid):
        return len(mentees.get(b, set()) - {aid}) >= cap

    # Coverage: every focus figure paired or unpaired, once.
    want = {(aid, k) for aid in agents for k in focus(aid)}
    got = [(p["mentee"], p["metric"]) for p in plan["pairs"]] + [(u["mentee"], u["metric"]) for u in plan["unpaired"]]
    ok(sorted(got) == sorted(want), "every focus figure is paired or unpaired, once (%d)" % len(want))
    ok(all(qualifies(p["buddy"], p["mentee"], p["metric"]) for p in plan["pairs"]),
       "every buddy meets the target by the margin %.0f%%, theirs and the mentee's (%d pairs)" % (100 * mg, len(plan["pairs"])))
    ok(all(len(v) <= cap for v in mentees.values()),
       "no buddy has more than %d mentees (most: %d)" % (cap, max((len(v) for v in mentees.values()), default=0)))
    cross = [p for p in plan["pairs"] if agents[p["buddy"]]["team"] != agents[p["mentee"]]["team"]]
    ok(all(all(full_for(o, p["mentee"]) for o in agents if agents[o]["team"] == agents[p["mentee"]]["team"]
               and qualifies(o, p["mentee"], p["metric"]) and p["mentee"] not in mentees.get(o, set()))
           for p in cross),
       "a buddy from another team only when every qualifying teammate is taken (%d such pairs)" % len(cross))
    for u in plan["unpaired"]:
        q = [o for o in agents if qualifies(o, u["mentee"], u["metric"])]
        if u["why"] == "no_qualified_buddy":
            ok(not q, "unpaired %s %s: nobody qualifies" % (u["mentee"], u["metric"]))
        else:
            ok(u["why"] == "buddies_full" and q and all(full_for(o, u["mentee"]) for o in q),
               "unpaired %s %s: all %d who qualify have %d mentees" % (u["mentee"], u["metric"], len(q), cap))

    def new_below(aid):
        h = hired.get(aid)
        d = datetime.date.fromisoformat(h) if h else None
        return (d is not None and d <= end and (end - d).days < 90
                and any(agents[aid]["metrics"][k]["status"] == "below" for k in focus(aid)))
    order = [p["mentee"] for p in plan["pairs"]] + [u["mentee"] for u in plan["unpaired"]]
    news = [a for a in agents if new_below(a)]
    first_other = min([i for i, a in enumerate(p["mentee"] for p in plan["pairs"]) if a not in news], default=None)
    ok(all(first_other is None or i < first_other for i, p in enumerate(plan["pairs"]) if p["mentee"] in news),
       "new starters below target are paired first (%s)" % ", ".join(sorted(news)))
    ok(all(a in order for a in news), "every new starter below target is paired or listed as unpaired")
    ok(all(p["reason"] == "new_starter_below" for p in plan["pairs"] if p["mentee"] in news
           and agents[p["mentee"]]["metrics"][p["metric"]]["status"] == "below"),
       "their pairs say new_starter_below")
    # The coaching text names the plan's buddy.
    buddy_of = {(p["mentee"], p["metric"]): p["buddy"] for p in plan["pairs"]}
    rows = tables["focus"]
    ok(all(r["buddy"] == buddy_of.get((r["agent"], r["metric"])) for r in rows),
       "the coaching feedback names the plan's buddy for each of %d focus areas" % len(rows))
    ok(plan["review_on"] == (end + datetime.timedelta(days=28)).isoformat(),
       "review on %s, four weeks after %s" % (plan["review_on"], end))
    print("1..%d" % len(tests))
    for i, (good, what) in enumerate(tests, 1):
        print("%s %d - %s" % ("ok" if good else "not ok", i, what))
    return 0 if all(t[0] for t in tests) else 1


if __name__ == "__main__":
    sys.exit(main())
