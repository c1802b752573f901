#!/bin/sh
# Persistent shortfalls in a run (issue 12, point 5), in TAP, on a
# hand-made centre of four ISO weeks (2026-W44..W47) with an AHT target of
# 300 s and min_sample 2; each agent handles two calls a week:
#   P1 below every week (400 s)            -> a run of 4, since 2026-W44
#   P2 below, meets in W45, below, below   -> a run of 2 (W46, W47)
#   P3 meets every week (200 s)            -> none
#   P4 below in W47 only, no calls in W46  -> a run of 1
# With W44..W46 recorded and persistent_periods = 2, the run of W47 (not yet
# recorded) lists P1 (4 weeks since W44) and P2 (2 weeks since W46);
# persistent_periods = 3 keeps P1 only; the run of W46 lists P1 (3 since
# W44) and not P2 (W45 meets).  The formal feedback of P1 speaks of the run;
# its team's feedback and P3's never do; without a store nothing changes.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore}
PY=${PYTHON3:-python3}
echo "1..10"
work=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-persistent.XXXXXX") || { echo "Bail out! no temporary folder"; exit 0; }
trap 'rm -rf "$work"' EXIT
unset CCSCORE_PLUGIN_DIR CCSCORE_DATA_DIR XDG_STATE_HOME
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
check() { # DESC WANT GOT
    if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "want: $2" "got:  $3"; fi
}

"$PY" - "$work/contacts.csv" <<'PY'
import sys
# Monday of ISO weeks 44..47 of 2026
weeks = ["2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16"]
talk = {"P1": [400, 400, 400, 400], "P2": [400, 200, 400, 400],
        "P3": [200, 200, 200, 200], "P4": [200, 200, None, 400]}
with open(sys.argv[1], "w") as f:
    f.write("contact_id,agent_id,team,queue,channel,started_at,wait_s,talk_s,hold_s,acw_s,outcome,"
            "transferred,resolved,csat,nps,customer_id,notes\n")
    k = 0
    for agent, secs in sorted(talk.items()):
        for w, s in zip(weeks, secs):
            if s is None:
                continue
            for call in range(2):
                k += 1
                f.write(f"K{k:03d},{agent},north,billing,voice,{w}T1{call}:00:00+00:00,5,{s},0,0,answered,"
                        f"0,1,,,C{k:07d},\n")
PY
policy() { # FILE PERSISTENT_PERIODS
    cat >"$1" <<INI
[organisation]
name = Persistence Test
timezone = Europe/London
period = week
min_sample = 2
modules = csv kpi_core report coaching
fail_level = none
[metric handled]
[metric aht]
target = 300
[source contacts]
use = csv
path = contacts.csv
[feedback coaching]
templates = $top_srcdir/conf/templates/en
style = formal
[history]
persistent_periods = $2
INI
}
policy "$work/p2.ini" 2
policy "$work/p3.ini" 3
H=$work/h.sqlite
for w in 44 45 46; do
    "$CCSCORE" record -c "$work/p2.ini" --history "$H" --period 2026-W$w >/dev/null 2>"$work/rec.err" ||
        { cat "$work/rec.err"; echo "Bail out! record 2026-W$w failed"; exit 0; }
done

# persistent.json's rows as "agent metric periods since" lines
rows() {
    "$PY" - "$1" <<'PY'
import json, sys
rep = json.load(open(sys.argv[1]))
for s in rep.get("sections", []):
    if s["name"] == "persistent":
        t = s["tables"][0]
        names = [c["name"] for c in t["columns"]]
        for r in t["rows"]:
            d = dict(zip(names, r))
            print(d["agent"], d["team"], d["metric"], d["periods"], d["since"])
PY
}
run_json() { # POLICY PERIOD OUT
    "$CCSCORE" run -c "$1" --history "$H" --period "$2" --format json -o "$3" 2>"$work/run.err"
}

if run_json "$work/p2.ini" 2026-W47 "$work/w47.json"; then
    check "W47 (not recorded), persistent_periods = 2: P1 4 weeks since W44, P2 2 since W46" \
        "P1 north aht 4 2026-W44
P2 north aht 2 2026-W46" "$(rows "$work/w47.json")"
else
    not_ok "run of 2026-W47" "$(cat "$work/run.err")"
fi
run_json "$work/p3.ini" 2026-W47 "$work/w47p3.json"
check "persistent_periods = 3 keeps P1 only" "P1 north aht 4 2026-W44" "$(rows "$work/w47p3.json")"
run_json "$work/p2.ini" 2026-W46 "$work/w46.json"
check "the run of W46 (itself recorded) counts W46 once and stops at W45 for P2" "P1 north aht 3 2026-W44" \
    "$(rows "$work/w46.json")"
"$CCSCORE" record -c "$work/p2.ini" --history "$H" --period 2026-W47 >/dev/null 2>&1
run_json "$work/p2.ini" 2026-W47 "$work/w47again.json"
check "recording W47 first gives the same list" "$(rows "$work/w47.json")" "$(rows "$work/w47again.json")"
"$CCSCORE" trend -c "$work/p2.ini" --history "$H" --org --format json >"$work/trend.json" 2>&1
check "trend's persistent list agrees" "P1 aht 4 2026-W44
P2 aht 2 2026-W46" "$("$PY" -c '
import json, sys
for a in json.load(open(sys.argv[1]))["persistent_shortfalls"]["agents"]:
    print(a["agent_id"], a["metric"], a["periods"], a["since"])' "$work/trend.json")"

"$CCSCORE" feedback -c "$work/p2.ini" --history "$H" --period 2026-W47 --agent P1 >"$work/p1.txt" 2>"$work/run.err"
if grep -qxF -e "- **average handle time** has been below target for 4 weeks in a row, since 2026-W44 (this week 400 seconds against a target of 300 seconds)." "$work/p1.txt" &&
    grep -q "not a lack of effort" "$work/p1.txt"; then
    ok "P1's formal feedback speaks of the run of 4 weeks, with care"
else
    not_ok "P1's formal feedback speaks of the run of 4 weeks, with care" "$(cat "$work/p1.txt" "$work/run.err")"
fi
"$CCSCORE" feedback -c "$work/p2.ini" --history "$H" --period 2026-W47 --agent P4 >"$work/p4.txt" 2>&1
if grep -q "average handle time" "$work/p4.txt" && ! grep -q "in a row" "$work/p4.txt"; then
    ok "P4 (below in W47, no figure in W46) gets its feedback without a run"
else
    not_ok "P4 (below in W47, no figure in W46) gets its feedback without a run" "$(cat "$work/p4.txt")"
fi
"$CCSCORE" feedback -c "$work/p2.ini" --history "$H" --period 2026-W47 --team north >"$work/team.txt" 2>&1
if [ -s "$work/team.txt" ] && ! grep -q "in a row\|P1\|P2" "$work/team.txt"; then
    ok "the team's feedback names no one and no run"
else
    not_ok "the team's feedback names no one and no run" "$(cat "$work/team.txt")"
fi
"$CCSCORE" run -c "$work/p2.ini" --period 2026-W47 --format json -o "$work/nostore.json" 2>/dev/null
check "without a store: no section" "" "$(rows "$work/nostore.json")"
"$CCSCORE" run -c "$work/p2.ini" --history "$H" --period 2026-W47 --format text -o "$work/w47.txt" 2>/dev/null
if grep -q "Persistent shortfalls" "$work/w47.txt" && grep -q "For managers only" "$work/w47.txt"; then
    ok "the text report shows the managers' section"
else
    not_ok "the text report shows the managers' section" "$(cat "$work/w47.txt")"
fi
