#!/bin/sh
# Objectives over time in `ccscore trend`, in TAP.  The example's store, with
# the figures of three objectives (2026-10-26 to 2026-11-22, weeks W44..W47)
# set to values worked by hand:
#   A021 fcr 0.60 0.64 0.66 0.70, target 0.70 (higher is better): x = 0..3
#     weeks, mean x 1.5, mean y 0.65, Sxy 0.16, Sxx 5, slope 0.032, line at
#     W47's last day (= the end date) 0.65 + 1.5 x 0.032 = 0.698 < 0.70:
#     not on track; start 0.60, latest 0.70;
#   A026 aht 450 440 430 415, target 420 (lower is better): mean 433.75,
#     Sxy -57.5, slope -11.5, line at the end 433.75 - 1.5 x 11.5 = 416.5
#     <= 420: on track;
#   A025 csat with W46 and W47 marked insufficient: 2 periods, not enough
#     data, no projection; start W44, latest W45.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore}
PY=${PYTHON3:-python3}
echo "1..4"
work=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-objectives.XXXXXX") || { echo "Bail out! no temporary folder"; exit 0; }
trap 'rm -rf "$work"' EXIT
unset CCSCORE_PLUGIN_DIR CCSCORE_DATA_DIR XDG_STATE_HOME
umask 022
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
H=$work/h.sqlite
"$CCSCORE" record --all --history "$H" >/dev/null 2>"$work/rec.err" || echo "# record: $(cat "$work/rec.err")"
"$PY" - "$H" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
def put(agent, metric, values):
    for w, v in zip(range(44, 48), values):
        db.execute("UPDATE figures SET value = ?, status = 'below' WHERE entity = 'agent' AND entity_id = ?"
                   " AND metric = ? AND period = (SELECT id FROM periods WHERE name = ?)",
                   (v, agent, metric, "2026-W%02d" % w))
put("A021", "fcr", [0.60, 0.64, 0.66, 0.70])
put("A026", "aht", [450, 440, 430, 415])
db.execute("UPDATE figures SET status = 'insufficient' WHERE entity = 'agent' AND entity_id = 'A025'"
           " AND metric = 'csat' AND period IN (SELECT id FROM periods WHERE name IN ('2026-W46', '2026-W47'))")
db.commit()
PY
check() { # check DESCRIPTION FILE PYTHON-EXPRESSION-OVER-o (the objectives by agent)
    if out=$("$PY" -c "
import json, sys
o = {x.get('agent_id', 'self'): x for x in json.load(open('$2'))['objectives']}
sys.exit(0 if ($3) else 1)" 2>&1); then ok "$1"; else not_ok "$1" "$out" "$(cat "$2")"; fi
}
"$CCSCORE" trend --agent A021 --format json --history "$H" >"$work/a021.json" 2>"$work/err"
check "A021 fcr: start 0.60, latest 0.70, projected 0.698 by hand: not on track" "$work/a021.json" \
    "list(o) == ['self'] and o['self']['start'] == 0.6 and o['self']['latest'] == 0.7 and o['self']['periods'] == 4
     and abs(o['self']['projected'] - 0.698) < 1e-9 and o['self']['verdict'] == 'not on track'
     and o['self']['start_period'] == '2026-W44' and o['self']['latest_period'] == '2026-W47'"
"$CCSCORE" trend --org --format json --history "$H" >"$work/org.json" 2>"$work/err"
check "--org, for managers: A026 aht projected 416.5 by hand: on track" "$work/org.json" \
    "sorted(o) == ['A003', 'A021', 'A025', 'A026'] and abs(o['A026']['projected'] - 416.5) < 1e-9
     and o['A026']['verdict'] == 'on track' and o['A026']['target'] == 420"
check "A025 csat with 2 periods with data: not enough data, no projection" "$work/org.json" \
    "o['A025']['verdict'] == 'not enough data' and o['A025']['projected'] is None and o['A025']['periods'] == 2
     and o['A025']['latest_period'] == '2026-W45'"
"$CCSCORE" trend --team east --format json --history "$H" >"$work/team.json" 2>"$work/err"
if "$PY" -c "import json,sys; sys.exit('objectives' in json.load(open('$work/team.json')))"; then
    ok "a team's trend lists no personal objectives"
else
    not_ok "a team's trend lists no personal objectives" "$(cat "$work/err")"
fi
