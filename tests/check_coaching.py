#!/usr/bin/env python3
"""Check the coaching feedback of a ccscore JSON report, agent by agent (TAP).

Usage: check_coaching.py REPORT.json [REPORT.json...] [FEEDBACK_DIR]

Every property is re-derived from the report's scorecards, not from what the
plugin says it did:
  - the feedback opens with the agent's largest-margin figure on target, or,
    when none is on target, with an improvement or a neutral opening;
  - at most max_focus focus areas, and they are the largest weighted gaps
    among the figures near or below target (never one with too little data);
  - each buddy is someone else whose figure meets the target with the 5%
    margin (and beats this agent's target by it too), in the same team unless
    every teammate who qualifies already has max_mentees (2) colleagues, and
    nobody buddies more than max_mentees colleagues (the buddy plan of issue
    17: `ccscore buddies`);
  - a figure with too little data is only ever mentioned as such;
  - no other colleague is named in an agent's feedback; no team text names any
    agent;
  - a FEEDBACK_DIR (the files sink's folder) holds one file per agent and team
    whose text is that of the last report.
"""
import json
import os
import re
import sys

tests = []


def ok(cond, what):
    tests.append((bool(cond), what))


def margin(m):
    d = -1.0 if m["direction"] == "lower" else 1.0
    t = m["target"]
    return d * (m["value"] - t) / abs(t) if t else d * (m["value"] - t)


def beats(m, target):
    return (m["value"] <= target) if m["direction"] == "lower" else (m["value"] >= target)


def beats_by(m, target, margin=0.05):
    diff = (target - m["value"]) if m["direction"] == "lower" else (m["value"] - target)
    return (diff / abs(target) if target else diff) >= margin - 1e-12


MAX_MENTEES = 2


def word_in(name, text):
    return re.search(r"(?<![A-Za-z])" + re.escape(name) + r"(?![A-Za-z])", text) is not None


def table_rows(section, name):
    """The rows of a section's table as dicts, column name -> value."""
    for t in section["tables"]:
        if t["name"] == name:
            cols = [c["name"] for c in t["columns"]]
            return [dict(zip(cols, row)) for row in t["rows"]]
    raise KeyError("no table %s in section %s" % (name, section["name"]))


def coaching_choices(sections):
    """What the plugin says it chose, from its report section "coaching"
    (tables settings, agents, focus, labels), as one dict per agent with the
    labels of every figure."""
    sec = next((s for s in sections if s["name"] == "coaching"), None)
    if sec is None:
        return None
    settings = table_rows(sec, "settings")[0]
    labels = {r["metric"]: r["label"] for r in table_rows(sec, "labels")}
    agents = []
    for r in table_rows(sec, "agents"):
        agents.append({"id": r["id"], "opening": r["opening"], "careful": r["careful"],
                       "strengths": r["strengths"].split(", ") if r["strengths"] else [],
                       "focus": [], "labels": labels})
    by_id = {a["id"]: a for a in agents}
    for r in sorted(table_rows(sec, "focus"), key=lambda r: r["rank"]):
        by_id[r["agent"]]["focus"].append({"metric": r["metric"], "label": r["label"], "buddy": r["buddy"]})
    return {"max_focus": settings["max_focus"], "style": settings["style"], "agents": agents}


def check_report(path):
    rep = json.load(open(path))
    tag = os.path.basename(path)
    sec = coaching_choices(rep["sections"])
    ok(sec is not None, "%s: the report has the section coaching" % tag)
    if sec is None:
        return rep
    max_focus = sec["max_focus"]
    chosen = {a["id"]: a for a in sec["agents"]}
    texts = {(f["entity"], f["id"]): f["text"] for f in rep["feedback"]}
    agents = {a["id"]: a for a in rep["agents"]}
    mentees = {}
    for aid, c in chosen.items():
        for f in c["focus"]:
            if f["buddy"] is not None:
                mentees.setdefault(f["buddy"], set()).add(aid)
    ok(all(len(v) <= MAX_MENTEES for v in mentees.values()),
       "%s: no buddy has more than %d colleagues (%s)" % (tag, MAX_MENTEES,
                                                           max((len(v) for v in mentees.values()), default=0)))
    for a in rep["agents"]:
        aid = a["id"]
        text = texts.get(("agent", aid))
        ok(text, "%s %s: has feedback" % (tag, aid))
        if not text:
            continue
        c = chosen[aid]
        labels = c["labels"]
        ms = a["metrics"]
        meets = [k for k, m in ms.items() if m["status"] == "meets" and m["target"] is not None]
        # 1. The opening.
        if meets:
            best = max(meets, key=lambda k: margin(ms[k]))
            first = c["strengths"][0] if c["strengths"] else None
            ok(c["opening"] == "strength" and first is not None and ms[first]["status"] == "meets"
               and abs(margin(ms[first]) - margin(ms[best])) < 1e-12,
               "%s %s: opens with the largest-margin strength (%s)" % (tag, aid, best))
            pos = text.find(labels[first]) if first else -1
            later = [text.find(labels[f["metric"]]) for f in c["focus"]]
            ok(pos >= 0 and all(pos < p for p in later if p >= 0),
               "%s %s: the strength comes before any focus area" % (tag, aid))
        else:
            ok(c["opening"] in ("improvement", "neutral") and not c["strengths"],
               "%s %s: no figure on target, so no strength claimed (%s)" % (tag, aid, c["opening"]))
        # 2. Focus areas: the largest weighted gaps.
        judged_short = [k for k, m in ms.items() if m["status"] in ("near", "below")]
        weights = {k: ms[k]["weight"] * ms[k]["gap"] for k in judged_short}
        want = sorted(weights.values(), reverse=True)[:max_focus]
        got = [weights.get(f["metric"], -1) for f in c["focus"]]
        ok(len(c["focus"]) <= max_focus and len(c["focus"]) == len(want)
           and all(abs(x - y) < 1e-12 for x, y in zip(got, want)),
           "%s %s: %d focus areas, the largest weighted gaps" % (tag, aid, len(c["focus"])))
        ok(all(ms[f["metric"]]["status"] in ("near", "below") for f in c["focus"]),
           "%s %s: no focus area on target or with too little data" % (tag, aid))
        # 3. Buddies.
        buddies = set()
        for f in c["focus"]:
            b = f["buddy"]
            if b is None:
                continue
            buddies.add(b)
            bm = agents[b]["metrics"][f["metric"]]
            mine = ms[f["metric"]]["target"]

            def qualifies(o):
                om = agents[o]["metrics"][f["metric"]]
                return (o != aid and om["status"] == "meets" and beats_by(om, om["target"])
                        and beats_by(om, mine))
            mates = [o for o in agents if agents[o]["team"] == a["team"] and qualifies(o)]
            mates_full = all(len(mentees.get(o, ())) >= MAX_MENTEES and aid not in mentees.get(o, ())
                             for o in mates)
            ok(qualifies(b) and beats(bm, mine) and (agents[b]["team"] == a["team"] or mates_full),
               "%s %s: buddy %s meets the %s target with the margin, in the same team or every "
               "teammate who does is taken" % (tag, aid, b, f["metric"]))
            ok(agents[b]["name"].split()[0] in text,
               "%s %s: buddy %s is named" % (tag, aid, b))
        # 4. Too little data is never a shortfall.
        for k, m in ms.items():
            if m["status"] != "insufficient" or m["target"] is None:
                continue
            lines = [l for l in text.split("\n") if labels[k] in l]
            ok(all("enough data" in l or "Too little data" in l for l in lines),
               "%s %s: %s (too little data) only mentioned as such" % (tag, aid, k))
        # 5. No comparison with named colleagues.
        others = [b for b in agents.values() if b["id"] != aid and b["id"] not in buddies]
        named = [b["name"] for b in others if word_in(b["name"], text) or
                 (word_in(b["name"].split()[0], text) and
                  b["name"].split()[0] not in [agents[x]["name"].split()[0] for x in buddies])]
        ok(not named, "%s %s: names no other colleague %s" % (tag, aid, named or ""))
    for t in rep["teams"]:
        text = texts.get(("team", t["id"]))
        ok(text, "%s team %s: has feedback" % (tag, t["id"]))
        if not text:
            continue
        named = [a["name"] for a in rep["agents"]
                 if word_in(a["name"], text) or word_in(a["name"].split()[0], text) or word_in(a["id"], text)]
        ok(not named, "%s team %s: names no individual %s" % (tag, t["id"], named or ""))
    return rep


def check_folder(folder, rep):
    for f in rep["feedback"]:
        if f["entity"] not in ("agent", "team"):
            continue
        p = os.path.join(folder, "%s-%s.md" % (f["entity"], f["id"]))
        body = open(p).read() if os.path.exists(p) else None
        ok(body is not None and body.rstrip("\n") == f["text"].rstrip("\n"),
           "files sink: %s holds the feedback" % os.path.basename(p))
    leftovers = [n for n in os.listdir(folder) if ".tmp." in n]
    ok(not leftovers, "files sink: no temporary files left")


def main():
    rep = None
    for arg in sys.argv[1:]:
        if os.path.isdir(arg):
            check_folder(arg, rep)
        else:
            rep = check_report(arg)
    print("1..%d" % len(tests))
    for i, (good, what) in enumerate(tests, 1):
        print("%s %d - %s" % ("ok" if good else "not ok", i, what))
    return 0 if all(g for g, _ in tests) else 1


if __name__ == "__main__":
    sys.exit(main())
