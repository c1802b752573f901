#!/usr/bin/env python3
"""Check an HTML page that ccscore wrote, with python3's html.parser only.

    html_check.py PAGE.html REPORT.json [--agent ID]

Structure: a doctype, <html lang>, balanced tags (void elements aside), one
h1, headings never skipping a level, every <table> with a <th>, every <svg>
a role="img" with an aria-label and a <title>, nothing fetched from
anywhere (no http:// or https://, no src= or <link> at all), under 1 MB.
Figures: every element with data-metric carries the JSON report's value, n,
target, interval, previous and status for that entity and metric, exactly
(the same shortest round-trip numbers); data-score the score; and every
figure the overview and agents table must show is there.  The findings'
counts per owner and severity add up to the JSON's, each row's day is a
finding's `at`, and the findings of other periods are counted in a note.
With --agent, the page is that agent's: no other agent's id anywhere, no
other entity's figures.
Prints one line per problem and exits 1 if there is any."""
import collections
import json
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.problems, self.headings = [], [], []
        self.tables, self.figures, self.scores, self.sev = [], [], [], []
        self.svgs, self.doctype, self.lang, self.finding_rows = [], False, None, []
        self.text = []

    def handle_decl(self, decl):
        self.doctype = self.doctype or decl.lower() == "doctype html"

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        line = self.getpos()[0]
        if tag == "html":
            self.lang = a.get("lang")
        if tag in ("link", "img", "iframe", "object", "embed") or "src" in a:
            self.problems.append("line %d: <%s> may fetch something" % (line, tag))
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.headings.append((int(tag[1]), line))
        if tag == "table":
            self.tables.append([line, 0])
        if tag == "th" and self.tables:
            for t in reversed(self.tables):
                if t[0] >= 0:
                    t[1] += 1
                    break
        if tag == "svg":
            self.svgs.append([line, a.get("role") == "img" and bool(a.get("aria-label")), False])
        if tag == "title" and self.stack and self.stack[-1] == "svg":
            self.svgs[-1][2] = True
        if "data-metric" in a:
            self.figures.append((line, a))
        if "data-score" in a:
            self.scores.append((line, a))
        if "data-count" in a:
            self.sev.append(a)
        if tag == "tr" and "data-severity" in a:
            self.finding_rows.append((a["data-severity"], a.get("data-at") or None))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append("line %d: </%s> closes <%s>" % (self.getpos()[0], tag,
                                                                self.stack[-1] if self.stack else "nothing"))
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()
        if tag == "table":
            for t in reversed(self.tables):
                if t[0] >= 0:
                    if t[1] == 0:
                        self.problems.append("line %d: a table with no <th>" % t[0])
                    t[0] = -1
                    break

    def handle_data(self, data):
        self.text.append(data)


def num(a, key):
    return float(a[key]) if key in a else None


def entity_cards(report):
    cards = {}
    for kind, key in (("agent", "agents"), ("team", "teams")):
        for c in report.get(key, []):
            cards[(kind, c["id"])] = c
    org = report.get("organisation_scorecard")
    if org:
        cards[("organisation", org["id"])] = org
    return cards


def check_figures(p, report, problems):
    cards = entity_cards(report)
    seen = set()
    for line, a in p.figures:
        key = (a.get("data-entity"), a.get("data-id"))
        card = cards.get(key)
        m = card and card["metrics"].get(a["data-metric"])
        if not m:
            problems.append("line %d: %s %s has no %s in the JSON" % (line, key[0], key[1], a["data-metric"]))
            continue
        seen.add(key + (a["data-metric"],))
        want = {"data-value": m["value"], "data-n": m["n"], "data-target": m["target"],
                "data-ci-low": m["ci_low"], "data-ci-high": m["ci_high"], "data-previous": m.get("previous")}
        for attr, v in want.items():
            if num(a, attr) != (None if v is None else float(v)):
                problems.append("line %d: %s %s %s: %s = %s, JSON %s" % (line, key[0], key[1], a["data-metric"],
                                                                          attr, a.get(attr), v))
        if a.get("data-status") != (m["status"] or "none"):
            problems.append("line %d: %s %s %s: status %s, JSON %s" % (line, key[0], key[1], a["data-metric"],
                                                                        a.get("data-status"), m["status"]))
    for line, a in p.scores:
        card = cards.get((a.get("data-entity"), a.get("data-id")))
        if not card or num(a, "data-score") != card["score"]:
            problems.append("line %d: score %s, JSON %s" % (line, a.get("data-score"), card and card["score"]))
    return seen


def check_report(p, report, problems):
    seen = check_figures(p, report, problems)
    for key, kind in (("agents", "agent"), ("teams", "team")):
        for c in report[key]:
            for name, m in c["metrics"].items():
                if (m["target"] is not None or name == "handled") and (kind, c["id"], name) not in seen:
                    problems.append("%s %s: %s is not on the page" % (kind, c["id"], name))
    want = {}
    for f in report["findings"]:
        want[f["severity"]] = want.get(f["severity"], 0) + 1
    got = {}
    for a in p.sev:
        got[a["data-severity"]] = got.get(a["data-severity"], 0) + int(a["data-count"])
    if got != want or len(p.finding_rows) != len(report["findings"]):
        problems.append("findings: counts %s and %d rows, JSON %s" % (got, len(p.finding_rows), want))
    rows = collections.Counter(p.finding_rows)
    json_rows = collections.Counter((f["severity"], f.get("at")) for f in report["findings"])
    if rows != json_rows:
        problems.append("findings: (severity, day) only on the page %s, only in the JSON %s" %
                        (sorted((rows - json_rows).elements(), key=str), sorted((json_rows - rows).elements(), key=str)))
    other = report.get("findings_other_periods", 0)
    note = "%d finding%s of other periods not shown" % (other, "" if other == 1 else "s")
    if (note in "".join(p.text)) != (other > 0):
        problems.append("findings: %d of other periods in the JSON, the page %s" %
                        (other, "says so" if note in "".join(p.text) else "does not say '%s'" % note))


def check_agent(p, report, agent, problems):
    check_figures(p, report, problems)
    text = "".join(p.text)
    for line, a in p.figures + p.scores:
        if (a.get("data-entity"), a.get("data-id")) != ("agent", agent):
            problems.append("line %d: figures of %s %s on %s's page" % (line, a.get("data-entity"),
                                                                       a.get("data-id"), agent))
    for c in report["agents"]:
        if c["id"] != agent and c["id"] in text:
            problems.append("%s's page names agent %s" % (agent, c["id"]))
    if not p.figures:
        problems.append("%s's page has no figures" % agent)


def main():
    path, json_path = sys.argv[1], sys.argv[2]
    agent = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == "--agent" else None
    raw = open(path, "rb").read()
    problems = []
    if len(raw) >= 1 << 20:
        problems.append("%d bytes: 1 MB or more" % len(raw))
    html = raw.decode("utf-8")  # fails on anything that is not UTF-8
    for bad in ("http://", "https://", "src=", "@import", "url("):
        if bad in html:
            problems.append("the page contains %r" % bad)
    p = Page()
    p.feed(html)
    p.close()
    problems += p.problems
    if not p.doctype:
        problems.append("no <!DOCTYPE html>")
    if not p.lang:
        problems.append("no <html lang>")
    if p.stack:
        problems.append("unclosed at the end: %s" % p.stack)
    if [h for h, _ in p.headings].count(1) != 1:
        problems.append("%d h1" % [h for h, _ in p.headings].count(1))
    prev = 0
    for level, line in p.headings:
        if level > prev + 1:
            problems.append("line %d: h%d after h%d" % (line, level, prev))
        prev = level
    for line, labelled, titled in p.svgs:
        if not (labelled and titled):
            problems.append("line %d: an svg without role=img, aria-label and <title>" % line)
    report = json.load(open(json_path))
    if agent:
        check_agent(p, report, agent, problems)
    else:
        check_report(p, report, problems)
    for pr in problems:
        print(pr)
    print("%s: %d bytes, %d headings, %d tables, %d charts, %d figures checked" % (
        path, len(raw), len(p.headings), len(p.tables), len(p.svgs), len(p.figures)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
