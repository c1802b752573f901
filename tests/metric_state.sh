#!/bin/sh
# ABI 1.3 metric lifetimes, in TAP: the test module mod_distinct keeps owned
# memory in its accumulators (a copy of every customer id), counts distinct
# ids in finish() and frees them in acc_free().  Its figures for every
# agent, team, queue and the organisation must equal a count worked out in
# Python from the CSV, on one thread and on three (shards merged), and no
# card may show that finish() was skipped or repeated (-1000 - k).  A metric
# built for ABI 1.2 (ops ending before acc_free) runs without them.  Under
# `make check-valgrind` a skipped acc_free() is a definite leak.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
PYTHON3=${PYTHON3:-python3}
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore} # tests/valgrind.sh sets it
echo "1..6"
work=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-mstate.XXXXXX") || { echo "Bail out! no temporary folder"; exit 0; }
trap 'rm -rf "$work"' EXIT
unset CCSCORE_PLUGIN_DIR CCSCORE_DATA_DIR
umask 022
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }

mkdir -p "$work/plugins"
cp "$top_builddir/tests/.libs/mod_distinct.so" "$work/plugins/"
# 3000 contacts over a week (2026-W47) and the week before, 12 agents in 3
# teams, 2 queues, 400 customers (so most come back), every 7th abandoned.
"$PYTHON3" - "$work/contacts.csv" <<'PY'
import random, sys
rng = random.Random(19)
with open(sys.argv[1], "w") as f:
    f.write("contact_id,agent_id,team,queue,channel,started_at,wait_s,talk_s,hold_s,acw_s,"
            "outcome,transferred,resolved,csat,nps,customer_id,notes\n")
    for i in range(3000):
        day = 9 + i * 14 // 3000
        agent = rng.randrange(12)
        abandoned = i % 7 == 0
        f.write("K%05d,%s,%s,%s,voice,2026-11-%02dT%02d:%02d:00Z,10,%s,0,%s,%s,0,1,,,C%03d,\n" % (
            i, "" if abandoned else "A%02d" % agent, "" if abandoned else "t%d" % (agent % 3),
            "q%d" % (i % 2), day, 8 + i % 9, i % 60, 0 if abandoned else 100, 0 if abandoned else 20,
            "abandoned" if abandoned else "answered", rng.randrange(400)))
PY
cat >"$work/policy.ini" <<'INI'
[organisation]
name = State Test
timezone = UTC
min_sample = 1
plugin_path = plugins
modules = csv kpi_core report mod_distinct
[metric distinct_customers]
[source contacts]
use = csv
path = contacts.csv
INI
cd "$work" || exit 0

# The independent count: distinct customers of answered contacts in the
# report's period, per agent, team, queue and for the organisation.
figures() { # figures REPORT.json: exits 1 naming the first wrong figure
    "$PYTHON3" - "$1" contacts.csv <<'PY'
import csv, json, sys
report = json.load(open(sys.argv[1]))
start, end = report["period"]["start"], report["period"]["end"]
want = {}
for r in csv.DictReader(open(sys.argv[2], newline="")):
    if r["outcome"] != "answered" or not start <= r["started_at"][:10] <= end:
        continue
    for key in (("agents", r["agent_id"]), ("teams", r["team"]), ("queues", r["queue"]),
                ("organisation_scorecard", None)):
        want.setdefault(key, []).append(r["customer_id"])
cards = [(("agents", c["id"]), c) for c in report["agents"]]
cards += [(("teams", c["id"]), c) for c in report["teams"]]
cards += [(("queues", c["id"]), c) for c in report["queues"]]
cards.append((("organisation_scorecard", None), report["organisation_scorecard"]))
assert len(cards) == len(want) == 12 + 3 + 2 + 1, (len(cards), len(want))
for key, card in cards:
    got = card["metrics"]["distinct_customers"]
    ids = want[key]
    assert got["n"] == len(ids) and got["value"] == len(set(ids)), (key, got, len(ids), len(set(ids)))
print("%d cards; organisation: %d contacts, %d distinct customers" % (
    len(cards), len(want[("organisation_scorecard", None)]), len(set(want[("organisation_scorecard", None)]))))
PY
}

"$CCSCORE" run -c policy.ini --period 2026-W47 -f json -o one.json 2>one.err
rc=$?
if [ $rc -eq 0 ] && [ ! -s one.err ]; then ok "one thread: a metric with owned state runs, exit 0, nothing on stderr"
else not_ok "one thread: a metric with owned state runs, exit 0, nothing on stderr" "exit $rc" "$(cat one.err)"; fi
if out=$(figures one.json 2>&1); then ok "one thread: every card's distinct count equals Python's ($out)"
else not_ok "one thread: every card's distinct count equals Python's" "$out"; fi

CCSCORE_PARALLEL_MIN_BYTES=4096 "$CCSCORE" run -c policy.ini --period 2026-W47 --jobs 3 -f json \
    -o three.json 2>three.err
rc=$?
if [ $rc -eq 0 ] && [ ! -s three.err ]; then ok "three threads: exit 0, nothing on stderr"
else not_ok "three threads: exit 0, nothing on stderr" "exit $rc" "$(cat three.err)"; fi
if out=$(figures three.json 2>&1); then ok "three threads (shards merged): every card's count equals Python's"
else not_ok "three threads (shards merged): every card's count equals Python's" "$out"; fi

# The previous period's figure (finish() on the previous totals too).
if out=$("$PYTHON3" -c '
import json, sys
o = json.load(open("one.json"))["organisation_scorecard"]["metrics"]["distinct_customers"]
assert o["previous"] is not None and o["previous"] > 0, o
print(o["previous"])' 2>&1); then ok "the previous period's figure is finished too ($out distinct)"
else not_ok "the previous period's figure is finished too" "$out"; fi

# A metric built for ABI 1.2: the host reads no ops past its size.
cat >>policy.ini <<'INI'
[metric answered_v12]
INI
"$CCSCORE" run -c policy.ini --period 2026-W47 -f json -o v12.json 2>v12.err
rc=$?
if [ $rc -eq 0 ] && out=$("$PYTHON3" -c '
import csv, json
r = json.load(open("v12.json"))
m = r["organisation_scorecard"]["metrics"]["answered_v12"]
want = sum(1 for c in csv.DictReader(open("contacts.csv")) if c["outcome"] == "answered"
           and r["period"]["start"] <= c["started_at"][:10] <= r["period"]["end"])
assert m["value"] == want, (m, want)
print(want)' 2>&1); then ok "a metric built for ABI 1.2 runs; no acc_free() or finish() called ($out answered)"
else not_ok "a metric built for ABI 1.2 runs; no acc_free() or finish() called" "exit $rc" "$(cat v12.err)" "${out:-}"; fi
