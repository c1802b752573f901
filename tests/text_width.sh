#!/bin/sh
# The text report fits the terminal (issue 11), in TAP, on the example
# organisation: at COLUMNS=80 (and 80 without it, and 120 when asked) no line
# is wider, the scorecard tables come in panels that each repeat the id
# columns, shortened column headings are unique and listed in a legend, and
# the trends the heading announces are shown (now and then, as in the JSON),
# and a section table wider than the line comes in panels that repeat its
# key columns, with every column and row of the JSON's once.
set -u
: "${top_builddir:?top_builddir must be set}" "${top_srcdir:?top_srcdir must be set}"
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore}
PYTHON3=${PYTHON3:-python3}
echo "1..5"
work=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-width.XXXXXX") || { echo "Bail out! no temporary folder"; exit 0; }
trap 'rm -rf "$work"' EXIT
unset CCSCORE_PLUGIN_DIR CCSCORE_DATA_DIR
cd "$work" || exit 0
n=0
result() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; shift 2; for f in "$@"; do sed 's/^/# /' "$f" | head -40; done; fi; }
widest() { "$PYTHON3" -c 'import sys; print(max(len(l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")))' "$1"; }

env -u COLUMNS "$CCSCORE" run --feedback >t80 2>err80; rc=$?
COLUMNS=120 "$CCSCORE" run --feedback >t120 2>err120; rc=$((rc + $?))
COLUMNS=80 "$CCSCORE" run -f json -o r.json 2>/dev/null
w80=$(widest t80) w120=$(widest t120)
[ $rc = 0 ] && [ "$w80" -le 80 ] && [ "$w120" -le 120 ] && [ "$w120" -gt 80 ]
result $? "no line wider than the width: $w80 of 80 (no COLUMNS), $w120 of 120 (COLUMNS=120)" err80 err120

"$PYTHON3" - t80 r.json >py.out 2>&1 <<'PY'
import json, re, sys
text = open(sys.argv[1], encoding="utf-8").read().split("\n")
d = json.load(open(sys.argv[2]))
bad = []
names = list(d["organisation_scorecard"]["metrics"])
legend = ""
for i, l in enumerate(text):
    if l.startswith("Columns: "):
        legend = l[len("Columns: "):]
        for c in text[i + 1:]:
            if not c.startswith("    "):
                break
            legend += " " + c.strip()
abbr = dict(p.split(" = ") for p in legend.split(", ")) if legend else {}
if not abbr:
    bad.append("no legend of shortened headings")
for short, full in abbr.items():
    if full not in names or len(short) > 10:
        bad.append("legend %s = %s" % (short, full))
if len(set(abbr)) != len(abbr) or any(s in names for s in abbr):
    bad.append("shortened headings are not unique: %r" % abbr)
heads = [l for l in text if l.startswith("agent ")]
shown = [w for h in heads for w in h.split()[4:]]
for w in shown:
    if w not in names and w not in abbr:
        bad.append("heading %r is neither a metric nor in the legend" % w)
if len(heads) < 2:
    bad.append("the agents table is not in panels at 80 columns (%d headers)" % len(heads))
# every agent appears once per panel
for a in d["agents"]:
    rows = [l for l in text if l.startswith(a["id"] + " ")]
    if len(rows) != len(heads):
        bad.append("%s is on %d rows, not %d" % (a["id"], len(rows), len(heads)))
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
result $? "panels repeat the id columns; every shortened heading is unique and in the legend" py.out

"$PYTHON3" - t80 r.json >py2.out 2>&1 <<'PY'
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
d = json.load(open(sys.argv[2]))
org = d["organisation_scorecard"]
aht = org["metrics"]["aht"]
want = "Trends against %s (now, then)" % d["period"]["previous"]
line = "aht %.0fs (%.0fs)" % (aht["value"], aht["previous"])
ok = want in text and line in text.replace("\n      ", " ")
print("" if ok else "missing %r or %r" % (want, line))
sys.exit(0 if ok else 1)
PY
result $? "the trends the heading announces: the organisation's AHT now and in the previous week, as in the JSON" py2.out

grep -q '^  [0-9-]* \[critical\] dp.card_number' t80 && grep -q '^      ' t80
result $? "findings wrapped under their first line (continuations indented)" t80

# 5. section tables in panels: every panel repeats the key column, and the
# panels' headings are the JSON table's columns, each once, in order
"$PYTHON3" - t80 r.json >py3.out 2>&1 <<'PY'
import json, re, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
d = json.load(open(sys.argv[2]))
def heading(c):
    t = c.get("title") or c["name"]
    return "%s (%s)" % (t, c["unit"]) if c.get("type") == "number" and c.get("unit") else t
problems, panelled = [], 0
for name, title in (("equality", "Favourable rates per group"), ("qa", "Evaluators"), ("comments", "Comments per team")):
    sec = next(s for s in d["sections"] if s["name"] == name)
    t = next(t for t in sec["tables"] if t["title"] == title)
    cols = [heading(c) for c in t["columns"]]
    i = lines.index("  " + title) + 1
    panels = []
    while i < len(lines) and lines[i].startswith("  " + cols[0]):
        block = []
        while i < len(lines) and lines[i]:
            block.append(lines[i]); i += 1
        panels.append(block); i += 1
    seen = []
    for p in panels:
        head = re.split(r"  +", p[0].strip())
        keys = [re.split(r"  +", r.strip())[0] for r in p[1:]]
        want = [str(r[0]) for r in t["rows"]]
        if keys != want:
            problems.append("%s: panel keys %s, JSON %s" % (title, keys, want))
        seen += [h for h in head if h not in seen]
    if seen != cols:
        problems.append("%s: headings %s, JSON columns %s" % (title, seen, cols))
    panelled += len(panels) > 1
print("\n".join(problems) or "%d of 3 tables in panels" % panelled)
sys.exit(1 if problems or panelled < 2 else 0)
PY
result $? "section tables wider than 80 columns in panels repeating their key column, every column once" py3.out
