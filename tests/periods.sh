#!/bin/sh
# Findings belong to their period (issue 11), in TAP, on
# tests/fixtures/periods: three weeks, a card number on 2026-11-03 (A1) and
# on 2026-11-10 (A2), and A1's first week of five 12-hour shifts with a
# 30-minute lunch: 5 x 11.5 = 57.5 h, over the 48-hour limit; then 30 h a
# week, so the rolling average judged in the later weeks is (57.5+30)/2 =
# 43.75 h and (57.5+30+30)/3 = 39.17 h, under it.  Each week's run reports
# (and exits 1 for) that week's findings only, each with its day as `at`;
# the review gate (review_on = critical) sees only them.
set -u
: "${top_builddir:?top_builddir must be set}" "${top_srcdir:?top_srcdir must be set}"
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore}
PYTHON3=${PYTHON3:-python3}
fx=$top_srcdir/tests/fixtures/periods
echo "1..6"
work=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-periods.XXXXXX") || { echo "Bail out! no temporary folder"; exit 0; }
trap 'rm -rf "$work"' EXIT
unset CCSCORE_PLUGIN_DIR CCSCORE_DATA_DIR
cp "$fx"/*.csv "$fx"/policy.ini "$work/" && cd "$work" || exit 0
n=0
result() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; shift 2; for f in "$@"; do sed 's/^/# /' "$f"; done; fi; }

for w in 45 46 47; do
    "$CCSCORE" run -c policy.ini --period 2026-W$w -f json -o w$w.json 2>w$w.err
    echo $? >w$w.rc
done
"$CCSCORE" run -c policy.ini -f csv 2>latest.err >latest.csv
echo $? >latest.rc

cat >want45.err <<'ERR'
ccscore: 2 findings of 2026-W45 at or above fail_level = breach (exit status 1):
  2026-11-03 critical dp.card_number: contact K1 (agent A1): a Visa card number (16 digits, masked 411111******1111) is stored in the free-text column 'notes'; remove it and re-train on taking payments (PCI DSS)
  2026-11-02 breach hs.weekly_hours: A1 over the 1 week from 2026-11-02 to 2026-11-08: worked 57.50 h a week on average, more than 48.00 h, without an opt-out (the data is shorter than the reference period)
ERR
[ "$(cat w45.rc)" = 1 ] && cmp -s want45.err w45.err
result $? "2026-W45: exit 1, stderr counts the week's 2 findings and lists them with their days" w45.err

cat >want46.err <<'ERR'
ccscore: 1 finding of 2026-W46 at or above fail_level = breach (exit status 1):
  2026-11-10 critical dp.card_number: contact K2 (agent A2): a Mastercard card number (16 digits, masked 555555******4444) is stored in the free-text column 'notes'; remove it and re-train on taking payments (PCI DSS)
ERR
[ "$(cat w46.rc)" = 1 ] && cmp -s want46.err w46.err
result $? "2026-W46: exit 1 for its own card number only (the 48-hour average over 2 weeks is 43.75 h)" w46.err

[ "$(cat w47.rc)" = 0 ] && [ ! -s w47.err ] && [ "$(cat latest.rc)" = 0 ] && [ ! -s latest.err ]
result $? "2026-W47 (and the default, the latest week): no finding of its own, exit 0, nothing on stderr" w47.err latest.err

"$PYTHON3" - w45.json w46.json w47.json >py.out 2>&1 <<'PY'
import json, sys
want = {
    "2026-W45": ([("dp.card_number", "2026-11-03", "A1"), ("hs.weekly_hours", "2026-11-02", "A1")], 1,
                 {"A1": ["dp.card_number"], "A2": []}, [1, 0, 0, 0, 0], [0, 0, 0, 1, 0, 0, 0, 0]),
    "2026-W46": ([("dp.card_number", "2026-11-10", "A2")], 1,
                 {"A1": [], "A2": ["dp.card_number"]}, [1, 0, 0, 0, 0], [0] * 8),
    "2026-W47": ([], 2, {"A1": [], "A2": []}, [0] * 5, [0] * 8),
}
bad = []
for path in sys.argv[1:]:
    d = json.load(open(path))
    p = d["period"]["id"]
    findings, other, review, dp, hs = want[p]
    got = [(f["rule"], f["at"], f["agent_id"]) for f in d["findings"]]
    if got != findings:
        bad.append("%s: findings %r, want %r" % (p, got, findings))
    if d["findings_other_periods"] != other:
        bad.append("%s: findings_other_periods %r, want %r" % (p, d["findings_other_periods"], other))
    rv = {a["id"]: a["review"] for a in d["agents"]}
    if rv != review:
        bad.append("%s: review %r, want %r" % (p, rv, review))
    counts = {s["name"]: [r[1] for r in s["tables"][1]["rows"]] for s in d["sections"]
              if s["name"] in ("data_protection", "health_safety")}
    if counts.get("data_protection") != dp or counts.get("health_safety") != hs:
        bad.append("%s: section counts %r" % (p, counts))
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
result $? "JSON: each week's findings with at, findings_other_periods, the review gate and the sections' counts of that week only" py.out

grep ',finding,' latest.csv >latest.f
"$CCSCORE" run -c policy.ini --period 2026-W45 -f csv 2>/dev/null | grep ',finding,' |
    "$PYTHON3" -c 'import csv,sys; print("\n".join(r[20] for r in csv.reader(sys.stdin)))' >w45.at
[ ! -s latest.f ] && [ "$(cat w45.at)" = "$(printf '2026-11-03\n2026-11-02')" ]
result $? "CSV: the at column (the 21st) carries each finding's day; the latest week has no finding row" w45.at latest.f

"$CCSCORE" run -c policy.ini --period 2026-W45 2>/dev/null >w45.txt
grep -q '^  2026-11-03 \[critical\] dp.card_number K1: contact K1 (agent A1)' w45.txt &&
    grep -q '^  2026-11-02 \[breach\] hs.weekly_hours ./activity.csv:2: A1 over the 1 week' w45.txt
r1=$?
"$CCSCORE" run -c policy.ini 2>/dev/null >latest.txt
grep -qx '  2 findings of other periods not shown (run with their --period)' latest.txt
result $((r1 + $?)) "text: findings with their day; the latest week says 2 findings of other periods are not shown" w45.txt latest.txt
