#!/usr/bin/env python3
"""Independent re-computation of ccscore's core KPIs, to check the engine's JSON.

This script shares no code with the C engine: it reads the canonical contacts.csv
(and optionally evaluations.csv and agents.csv) with Python's csv module, works out
each KPI straight from the definitions in shared/DOMAIN.md, and prints JSON:

    {"agents": {id: {metric: {"value", "n", "ci_low", "ci_high"}}},
     "teams": {...}, "queues": {...}, "organisation": {...},
     "period": {...}, "settings": {...}, "input": {...}}

Only the standard library is used (csv, zoneinfo, datetime, json, math).

Definitions
-----------
Period: a contact belongs to the period by the local date of started_at in --tz
(an ISO 8601 timestamp with an offset is converted to --tz; one without an offset
is taken as local time in --tz). Periods: ISO week YYYY-Www (Monday-Sunday, ISO
year), month YYYY-MM, day YYYY-MM-DD.

Grouping: agents by agent_id and teams by the row's team column, over ANSWERED
contacts only (abandoned contacts have no agent; an abandoned row that names an
agent does not count for that agent). Queues and the organisation see every
contact. QA evaluations are grouped by agent_id, and into teams by agents.csv
(--agents) or, without it, by the team the agent last appears with in contacts.

Metrics (n is always the denominator):
  handled        answered contacts                                  n = handled
  aht            mean(talk_s + hold_s + acw_s) over handled           n = handled
  talk, hold, acw  means over handled                                 n = handled
  asa            sum(wait_s of answered) / answered                   n = answered
  fcr            resolved / handled                  (rate)           n = handled
  transfer_rate  transferred / handled               (rate)           n = handled
  csat           count(csat >= 4) / count(csat present)   (rate)      n = responses
  nps            100 * (count(nps >= 9) - count(nps <= 6)) / responses,  n = responses
  qa             mean over evaluations of (0 if auto_fail else score / max_score * 100)
                                                                      n = evaluations
  queues and organisation only:
  offered, answered, abandoned   counts
  abandon_rate   abandoned / offered (rate); with --sl-variant short_excluded the short
                 abandons (wait_s <= --short-abandon) leave both numerator and denominator
  service_level  (rate) "within T" means wait_s <= T, T = --sl-threshold:
     answered             answered_in_T / answered
     offered              answered_in_T / (answered + abandoned)
     abandons_in  (answered_in_T + abandoned_in_T) / (answered + abandoned)
     abandons_after       answered_in_T / (answered + abandoned with wait_s > T)
     short_excluded       answered_in_T / (offered - short abandons), short: wait_s <= S
  For agents and teams, service_level is always answered_in_T / answered: abandoned
  contacts belong to no agent or team, so every variant's abandon term is zero for them
  and the variants differ only in whether that zero is there; we use the one definition
  that means something for a person, "share of my answered contacts picked up within T".

Every rate carries a 95% Wilson score interval, z = 1.959963984540054:
  centre = (p + z^2/2n) / (1 + z^2/n)
  half   = z / (1 + z^2/n) * sqrt(p(1-p)/n + z^2/4n^2)
  ci = [centre - half, centre + half]
Means and NPS carry ci_low = ci_high = null. A metric with n = 0 has value null.
Sums use math.fsum.

Rows that cannot be read (bad outcome, number, flag, score or timestamp) are
reported as FILE:LINE: error: ... on stderr, counted in "input", and left out.

Usage:
  independent_kpi.py CONTACTS_CSV [--evaluations F] [--agents F] --tz Europe/London
      --period 2026-W47|2026-11|2026-11-20 [--sl-threshold 20]
      [--sl-variant answered|offered|abandons_in|abandons_after|short_excluded]
      [--short-abandon 5]
  independent_kpi.py --self-test     check against the hand-worked fixture
                                     (tests/fixtures/kpi_small/README.md)
Exit status: 0 ok, 1 self-test failure, 2 usage or input error.
"""

import argparse
import csv
import datetime
import json
import math
import os
import re
import sys
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Z = 1.959963984540054

# --abandon-excludes-short: short abandons leave the abandon rate whatever the
# service-level variant (ccscore's [metric abandon_rate] short_abandon_s).
ABANDON_EXCLUDES_SHORT = False

SL_VARIANTS = ("answered", "offered", "abandons_in", "abandons_after", "short_excluded")

CONTACT_COLUMNS = ("agent_id", "team", "queue", "started_at", "wait_s", "talk_s", "hold_s",
                   "acw_s", "outcome", "transferred", "resolved", "csat", "nps")
EVAL_COLUMNS = ("agent_id", "evaluated_at", "score", "max_score", "auto_fail")


class InputError(Exception):
    """A usage or input error; where is 'FILE' or 'FILE:LINE' when a file is to blame."""

    def __init__(self, message, where=None):
        super().__init__(message)
        self.where = where

    def __str__(self):
        prefix = self.where if self.where else "independent_kpi.py"
        return f"{prefix}: error: {self.args[0]}"


def wilson(k, n):
    """95% Wilson score interval of k successes in n trials, from first principles."""
    if n == 0:
        return None, None
    p = k / n
    z2 = Z * Z
    denom = 1.0 + z2 / n
    centre = (p + z2 / (2.0 * n)) / denom
    half = Z / denom * math.sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def rate(k, n):
    lo, hi = wilson(k, n)
    return {"value": (k / n) if n else None, "n": n, "ci_low": lo, "ci_high": hi}


def mean(values):
    n = len(values)
    return {"value": (math.fsum(values) / n) if n else None, "n": n,
            "ci_low": None, "ci_high": None}


def count(n):
    return {"value": n, "n": n, "ci_low": None, "ci_high": None}


# ------------------------------------------------------------------ period

def parse_period(text):
    """Return (label, first_date, last_date) for YYYY-Www, YYYY-MM or YYYY-MM-DD."""
    m = re.fullmatch(r"(\d{4})-W(\d{2})", text)
    if m:
        year, week = int(m.group(1)), int(m.group(2))
        try:
            first = datetime.date.fromisocalendar(year, week, 1)
        except ValueError:
            raise InputError(f"--period {text}: ISO year {year} has no week {week}")
        return text, first, first + datetime.timedelta(days=6)
    m = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if m:
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            raise InputError(f"--period {text}: month must be 01-12")
        first = datetime.date(year, month, 1)
        nxt = datetime.date(year + (month == 12), month % 12 + 1, 1)
        return text, first, nxt - datetime.timedelta(days=1)
    m = re.fullmatch(r"\d{4}-\d{2}-\d{2}", text)
    if m:
        try:
            d = datetime.date.fromisoformat(text)
        except ValueError:
            raise InputError(f"--period {text}: not a valid date")
        return text, d, d
    raise InputError(f"--period {text}: use YYYY-Www, YYYY-MM or YYYY-MM-DD")


def local_date(text, tz):
    """Local calendar date in tz of an ISO 8601 timestamp; ValueError if unreadable."""
    dt = datetime.datetime.fromisoformat(text.strip())
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=tz)
    return dt.astimezone(tz).date()


# ------------------------------------------------------------------ reading

def open_csv(path, needed):
    try:
        f = open(path, newline="", encoding="utf-8-sig")
    except OSError as e:
        raise InputError(f"cannot open: {e.strerror}", path)
    reader = csv.reader(f)
    try:
        header = next(reader)
    except StopIteration:
        f.close()
        raise InputError("empty file, expected a header line", f"{path}:1")
    header = [h.strip() for h in header]
    missing = [c for c in needed if c not in header]
    if missing:
        f.close()
        raise InputError(f"header lacks column(s) {', '.join(missing)}", f"{path}:1")
    return f, reader, {name: i for i, name in enumerate(header)}


def number(text, what, integer=False, empty_ok=False):
    t = text.strip()
    if t == "":
        if empty_ok:
            return 0
        raise ValueError(f"{what} is empty")
    try:
        v = int(t) if integer else float(t)
    except ValueError:
        raise ValueError(f"{what} '{t}' is not a number")
    if not math.isfinite(v) or v < 0:
        raise ValueError(f"{what} '{t}' must be zero or more")
    return v


def flag(text, what, empty_ok=False):
    t = text.strip()
    if t == "" and empty_ok:
        return 0
    if t not in ("0", "1"):
        raise ValueError(f"{what} '{t}' must be 0 or 1")
    return int(t)


def score(text, what, lo, hi):
    t = text.strip()
    if t == "":
        return None
    try:
        v = int(t)
    except ValueError:
        raise ValueError(f"{what} '{t}' is not a whole number")
    if not lo <= v <= hi:
        raise ValueError(f"{what} {v} is outside {lo}-{hi}")
    return v


class Acc:
    """Everything the KPIs of one group need."""

    def __init__(self):
        self.talk, self.hold, self.acw, self.handle, self.wait_answered = [], [], [], [], []
        self.resolved = self.transferred = 0
        self.csat_n = self.csat_top = 0
        self.nps_n = self.promoters = self.detractors = 0
        self.answered_in_t = 0
        self.abandoned = self.abandoned_in_t = self.abandoned_after_t = self.short = 0
        self.qa = []

    def add(self, c, threshold, short_s):
        if c["outcome"] == "abandoned":
            self.abandoned += 1
            if c["wait"] <= threshold:
                self.abandoned_in_t += 1
            else:
                self.abandoned_after_t += 1
            if c["wait"] <= short_s:
                self.short += 1
            return
        self.talk.append(c["talk"])
        self.hold.append(c["hold"])
        self.acw.append(c["acw"])
        self.handle.append(c["talk"] + c["hold"] + c["acw"])
        self.wait_answered.append(c["wait"])
        if c["wait"] <= threshold:
            self.answered_in_t += 1
        self.resolved += c["resolved"]
        self.transferred += c["transferred"]
        if c["csat"] is not None:
            self.csat_n += 1
            self.csat_top += c["csat"] >= 4
        if c["nps"] is not None:
            self.nps_n += 1
            self.promoters += c["nps"] >= 9
            self.detractors += c["nps"] <= 6

    def metrics(self, level, variant, with_qa):
        handled = len(self.handle)
        m = {
            "handled": count(handled),
            "aht": mean(self.handle),
            "talk": mean(self.talk),
            "hold": mean(self.hold),
            "acw": mean(self.acw),
            "asa": mean(self.wait_answered),
            "fcr": rate(self.resolved, handled),
            "transfer_rate": rate(self.transferred, handled),
            "csat": rate(self.csat_top, self.csat_n),
            "nps": {"value": (100.0 * (self.promoters - self.detractors) / self.nps_n)
                    if self.nps_n else None,
                    "n": self.nps_n, "ci_low": None, "ci_high": None},
        }
        if level in ("agent", "team"):
            # per person/team: always answered_in_T / answered (see the module docstring)
            m["service_level"] = rate(self.answered_in_t, handled)
        else:
            answered, ab = handled, self.abandoned
            offered = answered + ab
            if variant == "answered":
                k, n = self.answered_in_t, answered
            elif variant == "offered":
                k, n = self.answered_in_t, offered
            elif variant == "abandons_in":
                k, n = self.answered_in_t + self.abandoned_in_t, offered
            elif variant == "abandons_after":
                k, n = self.answered_in_t, answered + self.abandoned_after_t
            else:  # short_excluded
                k, n = self.answered_in_t, offered - self.short
            m["service_level"] = rate(k, n)
            m["offered"] = count(offered)
            m["answered"] = count(answered)
            m["abandoned"] = count(ab)
            if variant == "short_excluded" or ABANDON_EXCLUDES_SHORT:
                m["abandon_rate"] = rate(ab - self.short, offered - self.short)
            else:
                m["abandon_rate"] = rate(ab, offered)
        if with_qa:
            m["qa"] = mean(self.qa)
        return m


def compute(contacts_path, tz_name, period, threshold=20, variant="answered", short_s=5,
            evaluations_path=None, agents_path=None, err=sys.stderr):
    try:
        tz = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(f"--tz {tz_name}: unknown time zone")
    label, first, last = parse_period(period)

    agents, teams, queues, org = {}, {}, {}, Acc()
    agent_team_seen = {}
    inp = {"contacts": {"rows": 0, "accepted": 0, "rejected": 0, "in_period": 0}}

    f, reader, col = open_csv(contacts_path, CONTACT_COLUMNS)
    with f:
        for row in reader:
            line = reader.line_num
            if len(row) == 1 and row[0].strip() == "":
                continue  # blank line
            inp["contacts"]["rows"] += 1
            try:
                if len(row) != len(col):
                    raise ValueError(f"{len(row)} fields, the header has {len(col)}")
                g = lambda name: row[col[name]]  # noqa: E731
                outcome = g("outcome").strip()
                if outcome not in ("answered", "abandoned"):
                    raise ValueError(f"outcome '{outcome}' must be answered or abandoned")
                ab = outcome == "abandoned"
                c = {
                    "outcome": outcome,
                    "wait": number(g("wait_s"), "wait_s"),
                    "talk": number(g("talk_s"), "talk_s", empty_ok=ab),
                    "hold": number(g("hold_s"), "hold_s", empty_ok=ab),
                    "acw": number(g("acw_s"), "acw_s", empty_ok=ab),
                    "transferred": flag(g("transferred"), "transferred", empty_ok=ab),
                    "resolved": flag(g("resolved"), "resolved", empty_ok=ab),
                    "csat": score(g("csat"), "csat", 1, 5),
                    "nps": score(g("nps"), "nps", 0, 10),
                }
                try:
                    day = local_date(g("started_at"), tz)
                except ValueError:
                    raise ValueError(f"started_at '{g('started_at')}' is not ISO 8601")
            except ValueError as e:
                inp["contacts"]["rejected"] += 1
                print(f"{contacts_path}:{line}: error: {e}", file=err)
                continue
            inp["contacts"]["accepted"] += 1
            agent, team, queue = g("agent_id").strip(), g("team").strip(), g("queue").strip()
            if agent and team:
                agent_team_seen[agent] = team
            if not first <= day <= last:
                continue
            inp["contacts"]["in_period"] += 1
            org.add(c, threshold, short_s)
            queues.setdefault(queue, Acc()).add(c, threshold, short_s)
            if not ab:
                if agent:
                    agents.setdefault(agent, Acc()).add(c, threshold, short_s)
                if team:
                    teams.setdefault(team, Acc()).add(c, threshold, short_s)

    with_qa = evaluations_path is not None
    if with_qa:
        team_of = dict(agent_team_seen)
        if agents_path:
            fa, ra, ca = open_csv(agents_path, ("agent_id", "team"))
            with fa:
                team_of = {}
                for row in ra:
                    if len(row) == len(ca) and row[ca["agent_id"]].strip():
                        team_of[row[ca["agent_id"]].strip()] = row[ca["team"]].strip()
        inp["evaluations"] = {"rows": 0, "accepted": 0, "rejected": 0, "in_period": 0}
        fe, re_, ce = open_csv(evaluations_path, EVAL_COLUMNS)
        with fe:
            for row in re_:
                line = re_.line_num
                if len(row) == 1 and row[0].strip() == "":
                    continue
                inp["evaluations"]["rows"] += 1
                try:
                    if len(row) != len(ce):
                        raise ValueError(f"{len(row)} fields, the header has {len(ce)}")
                    s = number(row[ce["score"]], "score")
                    mx = number(row[ce["max_score"]], "max_score")
                    if mx <= 0:
                        raise ValueError("max_score must be more than zero")
                    if s > mx:
                        raise ValueError(f"score {s:g} exceeds max_score {mx:g}")
                    af = flag(row[ce["auto_fail"]], "auto_fail", empty_ok=True)
                    try:
                        day = local_date(row[ce["evaluated_at"]], tz)
                    except ValueError:
                        raise ValueError(f"evaluated_at '{row[ce['evaluated_at']]}' is not ISO 8601")
                except ValueError as e:
                    inp["evaluations"]["rejected"] += 1
                    print(f"{evaluations_path}:{line}: error: {e}", file=err)
                    continue
                inp["evaluations"]["accepted"] += 1
                if not first <= day <= last:
                    continue
                inp["evaluations"]["in_period"] += 1
                pct = 0.0 if af else s / mx * 100.0
                agent = row[ce["agent_id"]].strip()
                agents.setdefault(agent, Acc()).qa.append(pct)
                org.qa.append(pct)
                team = team_of.get(agent)
                if team:
                    teams.setdefault(team, Acc()).qa.append(pct)

    return {
        "period": {"id": label, "from": first.isoformat(), "to": last.isoformat(), "tz": tz_name},
        "settings": {"sl_threshold": threshold, "sl_variant": variant, "short_abandon": short_s},
        "input": inp,
        "agents": {k: agents[k].metrics("agent", variant, with_qa) for k in sorted(agents)},
        "teams": {k: teams[k].metrics("team", variant, with_qa) for k in sorted(teams)},
        "queues": {k: queues[k].metrics("queue", variant, False) for k in sorted(queues)},
        "organisation": org.metrics("organisation", variant, with_qa),
    }


# ------------------------------------------------------------------ self-test

def self_test():
    """Compare with the numbers worked out by hand in tests/fixtures/kpi_small/README.md."""
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "kpi_small")
    contacts = os.path.join(here, "contacts.csv")
    evals = os.path.join(here, "evaluations.csv")
    failures = []

    def check(what, got, want, tol=1e-9):
        if want is None or got is None:
            ok = got is want
        elif isinstance(want, int) and not isinstance(want, bool):
            ok = got == want
        else:
            ok = abs(got - want) <= tol
        print(("ok     " if ok else "FAIL   ") + f"{what}: got {got!r}, want {want!r}")
        if not ok:
            failures.append(what)

    import io
    errs = io.StringIO()
    r = compute(contacts, "Europe/London", "2026-W47", 20, "answered", 5, evals, None, errs)
    check("input rows", r["input"]["contacts"]["rows"], 15)
    check("input rejected", r["input"]["contacts"]["rejected"], 1)
    check("rejected row reported at line 17", "contacts.csv:17: error: outcome 'dropped'" in errs.getvalue(), True)
    check("in period", r["input"]["contacts"]["in_period"], 10)
    a1 = r["agents"]["A001"]
    check("A001 handled", a1["handled"]["value"], 4)
    check("A001 aht", a1["aht"]["value"], 1270 / 4)
    check("A001 talk", a1["talk"]["value"], 900 / 4)
    check("A001 hold", a1["hold"]["value"], 70 / 4)
    check("A001 acw", a1["acw"]["value"], 300 / 4)
    check("A001 asa", a1["asa"]["value"], 52 / 4)
    check("A001 fcr", a1["fcr"]["value"], 0.75)
    check("A001 fcr n", a1["fcr"]["n"], 4)
    check("A001 fcr ci_low", a1["fcr"]["ci_low"], 0.30064184258240, 1e-12)
    check("A001 fcr ci_high", a1["fcr"]["ci_high"], 0.95441273919030, 1e-12)
    check("A001 transfer_rate", a1["transfer_rate"]["value"], 0.25)
    check("A001 csat", a1["csat"]["value"], 0.5)
    check("A001 csat n", a1["csat"]["n"], 2)
    check("A001 nps", a1["nps"]["value"], 0.0)
    check("A001 service_level", a1["service_level"]["value"], 0.75)
    check("A001 qa", a1["qa"]["value"], 80.0)
    check("A001 qa n", a1["qa"]["n"], 3)
    a2 = r["agents"]["A002"]
    check("A002 handled", a2["handled"]["value"], 3)
    check("A002 aht", a2["aht"]["value"], 1560 / 3)
    check("A002 fcr", a2["fcr"]["value"], 1 / 3)
    check("A002 csat", a2["csat"]["value"], 1.0)
    check("A002 csat ci_low", a2["csat"]["ci_low"], 0.34238022750665, 1e-12)
    check("A002 csat ci_high", a2["csat"]["ci_high"], 1.0, 1e-12)
    check("A002 nps", a2["nps"]["value"], 100.0)
    check("A002 service_level", a2["service_level"]["value"], 2 / 3)
    check("A002 qa", a2["qa"]["value"], 0.0)
    check("A003 absent (K11, 23:30 -01:00 on Sunday, is Monday W48 in London)",
          "A003" in r["agents"], False)
    check("A004 handled (23:30 -01:00 Sunday is 00:30 Monday in London)", r["agents"]["A004"]["handled"]["value"], 1)
    n = r["teams"]["north"]
    check("north handled", n["handled"]["value"], 5)
    check("north aht", n["aht"]["value"], 1570 / 5)
    check("north qa", n["qa"]["value"], 70.0)
    s = r["teams"]["south"]
    check("south handled", s["handled"]["value"], 3)
    check("south fcr", s["fcr"]["value"], 1 / 3)
    check("south fcr ci_low", s["fcr"]["ci_low"], 0.06149194472040, 1e-12)
    check("south fcr ci_high", s["fcr"]["ci_high"], 0.79234039919795, 1e-12)
    o = r["organisation"]
    check("org offered", o["offered"]["value"], 10)
    check("org answered", o["answered"]["value"], 8)
    check("org abandoned", o["abandoned"]["value"], 2)
    check("org aht", o["aht"]["value"], 3130 / 8)
    check("org asa", o["asa"]["value"], 105 / 8)
    check("org abandon_rate", o["abandon_rate"]["value"], 0.2)
    check("org service_level answered", o["service_level"]["value"], 6 / 8)
    check("org csat", o["csat"]["value"], 3 / 5)
    check("org csat ci_low", o["csat"]["ci_low"], 0.23072428127601, 1e-12)
    check("org csat ci_high", o["csat"]["ci_high"], 0.88237922576735, 1e-12)
    check("org nps", o["nps"]["value"], 20.0)
    check("org qa", o["qa"]["value"], 56.0)
    check("org qa n", o["qa"]["n"], 5)
    check("queue billing offered", r["queues"]["billing"]["offered"]["value"], 4)
    check("queue billing abandon_rate", r["queues"]["billing"]["abandon_rate"]["value"], 0.5)
    # the five service-level variants at T = 20 s, short abandon < 5 s
    want = {"answered": 6 / 8, "offered": 6 / 10, "abandons_in": 7 / 10,
            "abandons_after": 6 / 9, "short_excluded": 6 / 9}
    for v, w in want.items():
        rv = compute(contacts, "Europe/London", "2026-W47", 20, v, 5, None, None, io.StringIO())
        check(f"org service_level {v}", rv["organisation"]["service_level"]["value"], w)
        if v == "short_excluded":
            check("org abandon_rate short_excluded",
                  rv["organisation"]["abandon_rate"]["value"], 1 / 9)
    # periods: a day and a month
    rd = compute(contacts, "Europe/London", "2026-11-16", 20, "answered", 5, None, None,
                 io.StringIO())
    check("day 2026-11-16 offered", rd["organisation"]["offered"]["value"], 6)
    rm = compute(contacts, "Europe/London", "2026-11", 20, "answered", 5, None, None,
                 io.StringIO())
    check("month 2026-11 offered", rm["organisation"]["offered"]["value"], 12)
    ro = compute(contacts, "Europe/London", "2026-10", 20, "answered", 5, None, None,
                 io.StringIO())
    check("month 2026-10 offered (Z suffix; BST night)", ro["organisation"]["offered"]["value"], 2)
    r20 = compute(contacts, "Europe/London", "2026-10-20", 20, "answered", 5, None, None,
                  io.StringIO())
    check("day 2026-10-20 empty (23:30 UTC is 00:30 BST next day)",
          r20["organisation"]["offered"]["value"], 0)
    check("empty period: aht value null", r20["organisation"]["aht"]["value"], None)
    check("empty period: fcr ci null", r20["organisation"]["fcr"]["ci_low"], None)
    r21 = compute(contacts, "Europe/London", "2026-10-21", 20, "answered", 5, None, None,
                  io.StringIO())
    check("day 2026-10-21 offered", r21["organisation"]["offered"]["value"], 1)
    rutc = compute(contacts, "UTC", "2026-10-20", 20, "answered", 5, None, None, io.StringIO())
    check("day 2026-10-20 in UTC has K14", rutc["organisation"]["offered"]["value"], 1)
    rw = compute(contacts, "Europe/London", "2026-W48", 20, "answered", 5, None, None,
                 io.StringIO())
    check("W48 A003 handled", rw["agents"]["A003"]["handled"]["value"], 1)
    # Wilson against the textbook case: 0 of 10
    lo, hi = wilson(0, 10)
    check("wilson(0,10) low", lo, 0.0, 1e-15)
    check("wilson(0,10) high", hi, 0.27753279986289, 1e-12)
    print(f"{'FAILED' if failures else 'passed'}: {len(failures)} failure(s)")
    return 1 if failures else 0


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Independent per-agent, per-team, per-queue and organisation KPIs "
                    "from a canonical contacts.csv, as JSON on stdout.")
    ap.add_argument("contacts", nargs="?", metavar="CONTACTS_CSV")
    ap.add_argument("--evaluations", metavar="F", help="evaluations.csv, for qa")
    ap.add_argument("--agents", metavar="F",
                    help="agents.csv: team of each agent, for team qa "
                         "(default: the team seen in contacts)")
    ap.add_argument("--tz", default=None, help="time zone of the periods, e.g. Europe/London")
    ap.add_argument("--period", help="YYYY-Www (ISO week), YYYY-MM or YYYY-MM-DD")
    ap.add_argument("--sl-threshold", type=float, default=20.0, metavar="T",
                    help="service level threshold in seconds, within = wait_s <= T (20)")
    ap.add_argument("--sl-variant", choices=SL_VARIANTS, default="answered",
                    help="service level denominator for queues and organisation (answered)")
    ap.add_argument("--short-abandon", type=float, default=5.0, metavar="S",
                    help="short abandon: wait_s <= S seconds (5)")
    ap.add_argument("--abandon-excludes-short", action="store_true",
                    help="leave short abandons out of abandon_rate for every variant")
    ap.add_argument("--self-test", action="store_true",
                    help="check against the hand-worked fixture and exit")
    args = ap.parse_args(argv)
    global ABANDON_EXCLUDES_SHORT
    ABANDON_EXCLUDES_SHORT = args.abandon_excludes_short
    if args.self_test:
        return self_test()
    if not args.contacts or not args.tz or not args.period:
        ap.print_usage(sys.stderr)
        print("independent_kpi.py: error: CONTACTS_CSV, --tz and --period are required",
              file=sys.stderr)
        return 2
    try:
        result = compute(args.contacts, args.tz, args.period, args.sl_threshold,
                         args.sl_variant, args.short_abandon, args.evaluations, args.agents)
    except InputError as e:
        print(e, file=sys.stderr)
        return 2
    json.dump(result, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
