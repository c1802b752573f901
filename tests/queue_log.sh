#!/bin/sh
# End-to-end tests of the queue_log source and the workload check through the
# ccscore binary, in TAP.  The fixture tests/fixtures/queue_log/weeks.queue_log
# was written by hand (Europe/London, UTC+0 in November; T0 = Mon 2026-11-16
# 09:00); the expected figures were worked out by hand from its lines:
#
#  sales 09:00-09:30: calls c (abandoned after 3 s: short), d (wait 40, talk
#    200), b (enters 09:29:55, wait 10, talk 120: its interval is 09:00);
#    SL offered = 1/3; ASA (10+40)/2 = 25; AHT (120+200)/2 = 160; SIP/1 is a
#    member all 1800 s less a 300 s break: staffed 1500/1800 = 0.83;
#    occupancy 320/1500 = 0.2133; A = 3 x 160 / 1800 = 0.2667 Erlangs; N = 1
#    gives SL 1 - A e^{-(1-A) 20/160} = 0.757 < 0.8, N = 2 gives 0.975: 2
#    required, 2 short.
#  sales 09:30-10:00: call e timed out after 60 s (other exit), g never ends
#    (incomplete, not offered); SL 0/1; no answered call: AHT from the queue's
#    160 s, A = 0.0889, 1 required, 1 staffed.
#  support 09:30-10:00: call f (lines out of order: COMPLETEAGENT before
#    CONNECT), wait 5, talk 100; SIP/2 a member from 09:30 to the file's end
#    (10:00): staffed 1, occupancy 100/1800 = 0.0556.
#  Call a enters Sun 2026-11-15 23:59:50 and ends on Monday: it belongs to
#  week 2026-W46 (the previous period), interval 23:30.
#  Accounting: 7 calls = 4 answered + 1 abandoned + 1 timeout + 1 incomplete;
#  the CONNECT of f, written after its COMPLETEAGENT, is one late line.
set -u
# Content checks of the text report: one line per table row, however wide.
COLUMNS=1000; export COLUMNS
: "${top_srcdir:?top_srcdir must be set}"
: "${top_builddir:?top_builddir must be set}"
PYTHON3=${PYTHON3:-python3}
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore} # tests/valgrind.sh sets it
FIX=$top_srcdir/tests/fixtures/queue_log
echo "1..8"
work=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-ql.XXXXXX") || { echo "Bail out! no temporary folder"; exit 0; }
trap 'rm -rf "$work"' EXIT
unset CCSCORE_PLUGIN_DIR CCSCORE_DATA_DIR
n=0
result() { # result DESC RC
    n=$((n + 1))
    if [ "$2" -eq 0 ]; then echo "ok $n - $1"; else echo "not ok $n - $1"; fi
}
have_py=1
"$PYTHON3" -c 'import json' 2>/dev/null || have_py=0
pycheck() { # pycheck DESC JSONFILE PYTHON-ASSERTIONS (d is the report)
    if [ $have_py -eq 0 ]; then n=$((n + 1)); echo "ok $n # SKIP no $PYTHON3 ($1)"; return; fi
    "$PYTHON3" - "$2" >"$work/py.out" 2>&1 <<PYEOF
import datetime, json, sys
d = json.load(open(sys.argv[1]))
def value(col, v):  # dates and times as the old JSON wrote them
    kind = str(col.get("type", "")).lower()
    if isinstance(v, (int, float)) and kind == "date":
        return (datetime.date(1970, 1, 1) + datetime.timedelta(days=int(v))).isoformat()
    if isinstance(v, (int, float)) and kind == "time":
        return "24:00" if v >= 1440 else "%02d:%02d" % (v // 60, v % 60)
    return v
def table(sec, name):  # a section's table as a list of {column: value}
    t = [t for t in sec["tables"] if t["name"] == name]
    assert len(t) == 1, (sec["name"], name)
    cols = t[0]["columns"]
    return [{c["name"]: value(c, x) for c, x in zip(cols, row)} for row in t[0]["rows"]]
secs = {s["name"]: s for s in d["sections"]}
w = {t: table(secs["workload"], t) for t in ("intervals", "queues", "bottlenecks", "weekly_pattern")} if "workload" in secs else None
acc = [table(s, "accounting")[0] for k, s in secs.items() if k.startswith("queue_log_")]
def iv(q, day, start):
    hits = [x for x in w["intervals"] if x["queue"] == q and x["date"] == day and x["start"] == start]
    assert len(hits) == 1, (q, day, start, hits)
    return hits[0]
def near(a, b, tol=1e-4):
    assert a is not None and abs(a - b) <= tol, (a, b)
$3
PYEOF
    rc=$?
    result "$1" $rc
    [ $rc -eq 0 ] || sed 's/^/# /' "$work/py.out"
}

"$CCSCORE" run -c "$FIX/weeks.ini" --format json "$FIX/weeks.queue_log" >"$work/w47.json" 2>"$work/w47.err"
result "queue_log named on the command line is recognised and read" $?
grep -q "1 call still in progress at the end of the file (incomplete: counted, not scored; the first at line 22, callid w.g)" "$work/w47.err"
result "the incomplete call is reported on stderr with its line" $?

pycheck "accounting identity: answered + abandoned + other exits + incomplete = calls entered" "$work/w47.json" '
a = acc[0]
assert a["calls"] == 7 and a["entered"] == 7, a
assert (a["answered"], a["abandoned"], a["timeout"], a["exit_empty"], a["exit_key"], a["incomplete"]) == (4, 1, 1, 0, 0, 1), a
assert a["answered"] + a["abandoned"] + a["timeout"] + a["exit_empty"] + a["exit_key"] + a["incomplete"] == a["entered"] + a["no_enterqueue"]
assert a["late_lines"] == 1 and a["memberships"] == 2 and a["pauses"] == 1, a
'
pycheck "sales 09:00: offered 3, SL 1/3, ASA 25, AHT 160, staffed 0.83, occupancy 0.2133, 2 required" "$work/w47.json" '
assert d["period"]["id"] == "2026-W47", d["period"]
x = iv("sales", "2026-11-16", "09:00")
assert (x["offered"], x["answered"], x["abandoned"], x["short_abandons"], x["other_exits"]) == (3, 2, 1, 1, 0), x
near(x["service_level"], 0.3333); near(x["asa"], 25); near(x["aht"], 160)
near(x["staffed"], 0.83, 0.005); near(x["occupancy"], 0.2133); near(x["traffic"], 0.2667)
assert x["required"] == 2 and x["staffed_from"] == "activity", x
'
pycheck "sales 09:30 (a timeout; the open call not offered) and support 09:30 (lines out of order)" "$work/w47.json" '
x = iv("sales", "2026-11-16", "09:30")
assert (x["offered"], x["answered"], x["other_exits"]) == (1, 0, 1), x
near(x["service_level"], 0); assert x["aht"] is None and x["required"] == 1, x
near(x["traffic"], 0.0889); near(x["staffed"], 1)
y = iv("support", "2026-11-16", "09:30")
assert (y["offered"], y["answered"]) == (1, 1), y
near(y["service_level"], 1); near(y["asa"], 5); near(y["aht"], 100); near(y["occupancy"], 0.0556)
assert not [i for i in w["intervals"] if i["date"] == "2026-11-15"], "Sunday call leaked into W47"
'
pycheck "bottlenecks ranked by contacts affected, with suggestions; typical week" "$work/w47.json" '
b = w["bottlenecks"]
assert [(x["queue"], x["start"], x["affected"]) for x in b] == [("sales", "09:00", 2), ("sales", "09:30", 1)], b
assert b[0]["suggestion"].startswith("2 agents short: bring breaks forward"), b[0]
p = {(x["queue"], x["weekday"], x["start"]): x for x in w["weekly_pattern"]}
near(p[("sales", "Mon", "09:00")]["offered_mean"], 3); assert p[("sales", "Mon", "09:00")]["required"] == 2
assert p[("sales", "Mon", "09:00")]["to_schedule"] == 3  # ceil(2 / 0.7)
'
"$CCSCORE" run -c "$FIX/weeks.ini" --format json --period 2026-W46 "$FIX/weeks.queue_log" >"$work/w46.json" 2>/dev/null
pycheck "the call entering Sunday 23:59:50 belongs to week W46, interval 23:30" "$work/w46.json" '
x = iv("sales", "2026-11-15", "23:30")
assert (x["offered"], x["answered"]) == (1, 1), x
near(x["asa"], 15); near(x["aht"], 300)
assert len(w["intervals"]) == 1, w["intervals"]
'
"$CCSCORE" run -c "$FIX/weeks.ini" "$FIX/weeks.queue_log" >"$work/w47.txt" 2>/dev/null
grep -q "^Workload and staffing by queue and interval (2026-11-16 to 2026-11-22)" "$work/w47.txt" &&
    grep "sales" "$work/w47.txt" | grep " 33.3% " | grep -q " 2 .*2 agents short: bring breaks forward"
result "the text report shows the workload section and the bottleneck" $?
