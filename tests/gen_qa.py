#!/usr/bin/env python3
"""A small generated centre for the qa check (issue 16), and the figures the
check must find, computed here independently with the formulas written out.

Writes into DIR: agents.csv, contacts.csv, evaluations.csv (with contact_id),
comments.csv, policy.ini, and expected.txt (one `key value` per line).

The centre: 12 agents in teams red and blue, one week (2026-11-16..22, week
2026-W47); four evaluators, one of them ("Harsh Hale") scoring 12 points
under the truth; agents A010-A012 get fewer than min_evaluations = 4
evaluations (A010: 3 = just under, A011: 1, A012: 0), A009 exactly 4 (at
the minimum, not listed), the rest 6 (over).  Six calibration contacts are
scored by three evaluators each.  Fixed seed: the same files every run.
"""
import math
import random
import sys

out = sys.argv[1]
rng = random.Random(16)
agents = ["A%03d" % i for i in range(1, 13)]
team = {a: ("red" if i < 6 else "blue") for i, a in enumerate(agents)}
evaluators = ["Ana Fair", "Bo Even", "Cy Level", "Harsh Hale"]
bias = {"Ana Fair": 0.0, "Bo Even": 1.0, "Cy Level": -1.0, "Harsh Hale": -12.0}
n_evals = {a: 6 for a in agents}
n_evals.update({"A009": 4, "A010": 3, "A011": 1, "A012": 0})
truth = {a: 70 + 2 * i for i, a in enumerate(agents)}
days = ["2026-11-%02d" % d for d in range(16, 21)]

with open(out + "/agents.csv", "w") as f:
    f.write("agent_id,name,team\n")
    for a in agents:
        f.write("%s,%s,%s\n" % (a, a, team[a]))

handled = {}
with open(out + "/contacts.csv", "w") as f:
    f.write("contact_id,agent_id,team,queue,channel,started_at,wait_s,talk_s,hold_s,acw_s,outcome\n")
    k = 0
    for i, a in enumerate(agents):
        handled[a] = 40 + 5 * i
        for j in range(handled[a]):
            k += 1
            f.write("C%05d,%s,%s,sales,phone,%sT%02d:%02d:00+00:00,10,200,0,30,answered\n"
                    % (k, a, team[a], days[j % 5], 9 + j % 8, j % 60))

evals = []  # (agent, evaluator, contact or "", pct)
for a in agents:
    for j in range(n_evals[a]):
        ev = evaluators[j % 4]
        pct = round(min(100, max(0, truth[a] + bias[ev] + rng.gauss(0, 3))))
        evals.append((a, ev, "", pct, days[j % 5]))
for s in range(6):
    a = agents[s]
    for ev in evaluators[:3]:
        pct = round(truth[a] + bias[ev] + rng.gauss(0, 3))
        evals.append((a, ev, "K%d" % (s + 1), pct, days[s % 5]))
with open(out + "/evaluations.csv", "w") as f:
    f.write("agent_id,evaluated_at,evaluator,score,max_score,auto_fail,contact_id\n")
    for a, ev, c, pct, d in evals:
        f.write("%s,%sT14:00:00+00:00,%s,%d,100,0,%s\n" % (a, d, ev, pct, c))

# comments: routes and topics by hand; free text in a column never read
comments = [
    ("A001", "complaint", -1, "rude", ""), ("A001", "complaint", -1, "wait", ""),
    ("A001", "compliment", 1, "helpful", ""), ("A002", "compliment", 1, "helpful", ""),
    ("A002", "compliment", 1, "", ""), ("A002", "mystery_shopper", 0, "", "80"),
    ("A002", "mystery_shopper", 0, "", "90"), ("A003", "self", 1, "", "95"),
    ("A007", "complaint", -1, "wait", ""), ("A007", "peer", 1, "teamwork", ""),
    ("A008", "customer", 0, "", ""),
]
with open(out + "/comments.csv", "w") as f:
    f.write("agent_id,received_on,route,sentiment,topic,score,comment\n")
    for i, (a, r, s, t, sc) in enumerate(comments):
        f.write('%s,%s,%s,%d,%s,%s,"private words %d, never shown"\n' % (a, days[i % 5], r, s, t, sc, i))

with open(out + "/policy.ini", "w") as f:
    f.write("""[organisation]
name = QA Test Centre
timezone = UTC
period = week
modules = csv kpi_core qa report
[metric handled]
[metric qa]
[metric complaints]
[metric compliments]
[metric complaints_per_1000]
[metric compliments_per_1000]
[metric mystery_shopper]
[metric self_assessment]
[metric self_gap]
[source agents]
use = csv
path = agents.csv
[source contacts]
use = csv
path = contacts.csv
[source evaluations]
use = csv
path = evaluations.csv
[source comments]
use = csv
path = comments.csv
[check qa]
min_evaluations = 4
offset_points = 5
max_share = 30%
""")

# ---- the oracle: formulas written out ----
exp = []
# coverage: agents with fewer than 4 evaluations (calibration rows count too)
count = {a: 0 for a in agents}
for e in evals:
    count[e[0]] += 1
exp.append("under %s" % " ".join(sorted(a for a in agents if count[a] < 4)))
# offsets: d = score - mean of the other evaluators' scores of that agent
for ev in evaluators:
    d = []
    for a, who, c, pct, _ in evals:
        if who != ev:
            continue
        others = [p for (b, w, _, p, _) in evals if b == a and w != ev]
        if others:
            d.append(pct - sum(others) / len(others))
    n = len(d)
    mean = sum(d) / n
    s = math.sqrt(sum((x - mean) ** 2 for x in d) / (n - 1))
    # t(0.975, n-1) by bisection on the t CDF (Simpson's rule on the density)
    def tcdf(t, df):
        dens = lambda x: math.gamma((df + 1) / 2) / (math.sqrt(df * math.pi) * math.gamma(df / 2)) * (1 + x * x / df) ** (-(df + 1) / 2)
        m = 2000
        h = t / m
        acc = dens(0) + dens(t) + sum((4 if i % 2 else 2) * dens(i * h) for i in range(1, m))
        return 0.5 + acc * h / 3
    lo, hi = 0.0, 20.0
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if tcdf(mid, n - 1) < 0.975 else (lo, mid)
    half = lo * s / math.sqrt(n)
    flagged = n >= 5 and abs(mean) > 5 and (mean - half > 0 or mean + half < 0)
    share = sum(1 for e in evals if e[1] == ev) / len(evals)
    exp.append("offset %s %.6f %.6f %.6f %d %d %d" % (ev.replace(" ", "_"), mean, mean - half, mean + half, n,
                                                     flagged, share > 0.30))
# ICC(1,1) over the calibration contacts
groups = {}
for a, who, c, pct, _ in evals:
    if c:
        groups.setdefault(c, []).append(pct)
g = len(groups)
N = sum(len(v) for v in groups.values())
M = sum(sum(v) for v in groups.values()) / N
msb = sum(len(v) * (sum(v) / len(v) - M) ** 2 for v in groups.values()) / (g - 1)
msw = sum((x - sum(v) / len(v)) ** 2 for v in groups.values() for x in v) / (N - g)
k0 = (N - sum(len(v) ** 2 for v in groups.values()) / N) / (g - 1)
exp.append("icc %.6f" % ((msb - msw) / (msb + (k0 - 1) * msw)))
for c in sorted(groups):
    v = groups[c]
    exp.append("spread %s %d" % (c, max(v) - min(v)))
# comments metrics by hand: complaints A001 = 2, A007 = 1; compliments A001 1, A002 2
exp.append("complaints A001 2 A007 1 A002 0")
exp.append("compliments A001 1 A002 2 A007 0")
exp.append("complaints_per_1000 A001 %.6f" % (1000 * 2 / handled["A001"]))
exp.append("mystery_shopper A002 85")
self_gap = 95 - sum(p for (a, _, _, p, _) in evals if a == "A003") / count["A003"]
exp.append("self_gap A003 %.6f" % self_gap)
with open(out + "/expected.txt", "w") as f:
    f.write("\n".join(exp) + "\n")
