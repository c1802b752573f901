#!/bin/sh
# The queue_log source without loss (issue 20 defect 3, issue 11 point 8), in
# TAP.  Fixtures tests/fixtures/queue_log/trust_*.queue_log, written by hand
# (T0 = Mon 2026-11-16 09:00, Europe/London = UTC in November); the figures
# below were worked out by hand from their lines:
#
#  trust_base: SIP/1 a member of sales 09:00-09:30; r.a waits 10 s, talks
#    300 s; r.b abandons after 30 s.  2 calls, 1 answered, 1 abandoned.
#    Appended to itself (14 lines): lines 8-14 repeat lines 1-7, so the same
#    2 calls and 7 repeated lines.
#  trust_enter_twice: e.a's ENTERQUEUE written twice: 1 call, answered, not
#    an incomplete one; 1 repeated line (line 3 repeats line 2).
#  trust_reversed_pause: the UNPAUSE (09:15) written before its PAUSE
#    (09:10): a 300 s break; staffed (1800 - 300) / 1800 = 0.8333, occupancy
#    300 / 1500 = 0.2; 1 line out of order (line 6).
#  trust_wazo: FULL, CLOSED and JOINEMPTY are 3 calls offered and not
#    answered (no ENTERQUEUE); w.e answered by the agent NONE (no agent);
#    CALLOUTBOUND an unknown event (counted); WRAPUPSTART 30 s of wrap-up.
#    sales 09:00: offered 5, answered 2, exits 3, SL 2/5 = 0.4, ASA 10,
#    AHT (300 + 100) / 2 = 200; SIP/2 logged in (no queue: sales is the only
#    one) and never answered: staffed 2; occupancy (400 + 30) / 3600 =
#    0.119444.
#  trust_logins_only: a membership and a 300 s break, no call: a report.
set -u
: "${top_srcdir:?top_srcdir must be set}"
: "${top_builddir:?top_builddir must be set}"
PYTHON3=${PYTHON3:-python3}
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore} # tests/valgrind.sh sets it
FIX=$top_srcdir/tests/fixtures/queue_log
echo "1..12"
work=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-qlt.XXXXXX") || { echo "Bail out! no temporary folder"; exit 0; }
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
import json, sys
d = json.load(open(sys.argv[1]))
def table(sec, name):
    t = [t for t in sec["tables"] if t["name"] == name]
    assert len(t) == 1, (sec["name"], name)
    return [{c["name"]: x for c, x in zip(t[0]["columns"], row)} for row in t[0]["rows"]]
secs = {s["name"]: s for s in d["sections"]}
acc = [table(s, "accounting")[0] for k, s in secs.items() if k.startswith("queue_log_")][0]
notes = [x for k, s in secs.items() if k.startswith("queue_log_") for x in s.get("notes", [])]
iv = {(x["queue"], x["start"]): x for x in table(secs["workload"], "intervals")} if "workload" in secs else {}
def near(a, b, tol=1e-4):
    assert a is not None and abs(a - b) <= tol, (a, b)
$3
PYEOF
    rc=$?
    result "$1" $rc
    [ $rc -eq 0 ] || sed 's/^/# /' "$work/py.out"
}
run() { # run NAME FILE [ARGS]: JSON in $work/NAME.json, stderr in $work/NAME.err, exit code in $work/NAME.rc
    name=$1 file=$2
    shift 2
    "$CCSCORE" run "$@" --format json "$file" >"$work/$name.json" 2>"$work/$name.err"
    echo $? >"$work/$name.rc"
}

# 1-3: a queue_log appended to itself counts each call once, and says so.
cat "$FIX/trust_base.queue_log" "$FIX/trust_base.queue_log" >"$work/twice.queue_log"
run once "$FIX/trust_base.queue_log" -c "$FIX/weeks.ini"
run twice "$work/twice.queue_log" -c "$FIX/weeks.ini"
[ "$(cat "$work/twice.rc")" = 0 ] &&
    grep -q "twice.queue_log: 7 repeated lines ignored (exact repeats of earlier lines, counted once; the first at line 8 repeats line 1)" "$work/twice.err"
result "appended to itself: exit 0, '7 repeated lines ignored' on stderr naming lines 8 and 1" $?
pycheck "appended to itself: 2 calls (1 answered, 1 abandoned), 7 repeated lines in the report" "$work/twice.json" '
assert (acc["lines"], acc["calls"], acc["answered"], acc["abandoned"], acc["incomplete"], acc["repeated_lines"]) == (14, 2, 1, 1, 0, 7), acc
assert "7 repeated lines ignored (exact repeats of earlier lines, each call counted once)" in notes, notes
x = iv[("sales", "09:00")]
assert (x["offered"], x["answered"], x["abandoned"]) == (2, 1, 1), x
near(x["staffed"], 1); near(x["asa"], 10); near(x["aht"], 300)
'
"$PYTHON3" - "$work/once.json" "$work/twice.json" <<'PYEOF' >"$work/py.out" 2>&1
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert a["organisation_scorecard"] == b["organisation_scorecard"], (a["organisation_scorecard"], b["organisation_scorecard"])
assert a["agents"] == b["agents"]
PYEOF
result "appended to itself: the same scorecards as the file once" $?

# 4-5: a repeated ENTERQUEUE line no longer invents an incomplete call.
run enter "$FIX/trust_enter_twice.queue_log" -c "$FIX/weeks.ini"
[ "$(cat "$work/enter.rc")" = 0 ] &&
    grep -q "trust_enter_twice.queue_log: 1 repeated line ignored (exact repeats of earlier lines, counted once; the first at line 3 repeats line 2)" "$work/enter.err" &&
    ! grep -q "still in progress\|line 0\|callid ?" "$work/enter.err"
result "a repeated ENTERQUEUE: named by its lines, no incomplete call, no 'line 0' or 'callid ?'" $?
pycheck "a repeated ENTERQUEUE: 1 call, answered, 0 incomplete, 1 repeated line" "$work/enter.json" '
assert (acc["calls"], acc["answered"], acc["incomplete"], acc["repeated_lines"]) == (1, 1, 0, 1), acc
'

# 6: PAUSE and UNPAUSE in reverse order keep their pause time.
run rev "$FIX/trust_reversed_pause.queue_log" -c "$FIX/weeks.ini"
pycheck "UNPAUSE before its PAUSE: a 300 s break, staffed 0.8333, occupancy 0.2, 1 line out of order" "$work/rev.json" '
assert (acc["pauses"], acc["out_of_order"], acc["unmatched_ends"]) == (1, 1, 0), acc
assert "1 line out of time order (earlier than a line before), put in order" in notes, notes
x = iv[("sales", "09:00")]
near(x["staffed"], 0.8333); near(x["occupancy"], 0.2)
'

# 7-9: events of Asterisk-based platforms, the agent NONE, idle members.
run wazo "$FIX/trust_wazo.queue_log" -c "$FIX/weeks.ini"
pycheck "FULL, CLOSED, JOINEMPTY: offered and not answered; WRAPUPSTART; CALLOUTBOUND counted" "$work/wazo.json" '
assert (acc["calls"], acc["answered"], acc["refused"], acc["abandoned"], acc["unknown_events"], acc["wrapups"], acc["missed_offers"]) == (5, 2, 3, 0, 1, 1, 1), acc
x = iv[("sales", "09:00")]
assert (x["offered"], x["answered"], x["abandoned"], x["other_exits"]) == (5, 2, 0, 3), x
near(x["service_level"], 0.4); near(x["asa"], 10); near(x["aht"], 200)
'
pycheck "staffing counts SIP/2, logged in and never answering: staffed 2, occupancy 0.119444" "$work/wazo.json" '
x = iv[("sales", "09:00")]
near(x["staffed"], 2); near(x["occupancy"], 0.119444); assert x["staffed_from"] == "activity", x
'
pycheck "the agent NONE is no agent: not on the scorecards, no missed offers against it" "$work/wazo.json" '
assert [a["id"] for a in d["agents"]] == ["SIP/1"], [a["id"] for a in d["agents"]]
assert table(secs["queue_log_contacts_cli"], "missed_offers") == [], "NONE in missed offers"
'

# 10: logins and pauses only.
run logins "$FIX/trust_logins_only.queue_log" -c "$FIX/weeks.ini"
pycheck "logins and pauses only: a report for 2026-W47 (exit 0), 1 membership, 1 pause" "$work/logins.json" '
assert open(sys.argv[1].replace(".json", ".rc")).read().strip() == "0"
assert d["period"]["id"] == "2026-W47", d["period"]
assert (acc["calls"], acc["memberships"], acc["pauses"]) == (0, 1, 1), acc
'

# 11-12: a queue_log named without -c is recognised and scored, with the
# workload section.
run nopolicy "$FIX/trust_wazo.queue_log"
[ "$(cat "$work/nopolicy.rc")" = 0 ] && ! grep -q "cannot tell what this file holds" "$work/nopolicy.err"
result "a queue_log without -c: recognised, exit 0" $?
pycheck "a queue_log without -c: accounting and workload sections (sales 09:00 offered 5, answered 2, staffed 2)" "$work/nopolicy.json" '
assert d["period"]["id"] == "2026-W47", d["period"]
assert (acc["calls"], acc["answered"], acc["refused"]) == (5, 2, 3), acc
x = iv[("sales", "09:00")]
assert (x["offered"], x["answered"], x["other_exits"]) == (5, 2, 3), x
near(x["staffed"], 2)
'
