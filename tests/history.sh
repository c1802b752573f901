#!/bin/sh
# The history store and `record` / `trend`, in TAP, on the example
# organisation: record --all stores its weeks in a 0600 file; each point of
# `trend --agent A021` equals `run --period W --format json` for that week;
# recording again replaces (no duplicates); a recording killed with SIGKILL
# inside its transaction leaves the store as it was; two recordings at once
# both succeed; [history] path is relative to the policy and checked.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore}
PY=${PYTHON3:-python3}
echo "1..16"
work=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-history.XXXXXX") || { echo "Bail out! no temporary folder"; exit 0; }
pid=
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"' EXIT
unset CCSCORE_PLUGIN_DIR CCSCORE_DATA_DIR XDG_STATE_HOME
umask 022
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
H=$work/h.sqlite
dump() { # every row of the store, in a fixed order
    "$PY" - "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for t in ("periods", "entities", "figures", "findings", "feedback"):
    for row in db.execute(f"SELECT * FROM {t} ORDER BY 1, 2, 3, 4"):
        print(t, row)
PY
}

# 1-3: record --all
if "$CCSCORE" record --all --history "$H" >"$work/rec.out" 2>"$work/rec.err"; then
    ok "record --all on the example"
else
    not_ok "record --all on the example" "$(cat "$work/rec.err")"
fi
mode=$(stat -c %a "$H")
[ "$mode" = 600 ] && ok "the store is created 0600" || not_ok "the store is created 0600" "mode $mode"
if out=$("$PY" - "$H" <<'PY' 2>&1
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
weeks = [r[0] for r in db.execute("SELECT name FROM periods WHERE name LIKE '2026-W%' ORDER BY period_id")]
assert weeks == ["2026-W%02d" % w for w in range(40, 48)], weeks
assert db.execute("PRAGMA user_version").fetchone()[0] == 2
assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
fp = {r[0] for r in db.execute("SELECT policy_sha256 FROM periods")}
assert len(fp) == 1 and len(fp.pop()) == 64, fp
# sufficient statistics: rates keep successes, means keep sums
bad = db.execute("SELECT count(*) FROM figures WHERE value IS NOT NULL AND type = 'rate' AND abs(successes - value * n) > 1e-6").fetchone()[0]
assert bad == 0, bad
bad = db.execute("SELECT count(*) FROM figures WHERE value IS NOT NULL AND type = 'mean' AND abs(sum - value * n) > 1e-6 * abs(sum)").fetchone()[0]
assert bad == 0, bad
assert db.execute("SELECT count(*) FROM findings").fetchone()[0] > 0
PY
); then ok "8 weeks 2026-W40..W47 stored, schema 2, WAL, one SHA-256 fingerprint, counts and sums"; else not_ok "stored weeks" "$out"; fi

# 4: each trend point equals the run of its week
"$CCSCORE" trend --agent A021 --format json --history "$H" >"$work/trend.json" 2>"$work/trend.err"
for w in 40 41 42 43 44 45 46 47; do
    "$CCSCORE" run --period 2026-W$w --format json >"$work/run$w.json" 2>/dev/null
done
if out=$("$PY" - "$work" <<'PY' 2>&1
import json, sys
d = sys.argv[1]
t = json.load(open(f"{d}/trend.json"))
assert t["entity"] == "agent" and t["id"] == "A021"
checked = 0
for s in t["series"]:
    assert set(s) == {"metric", "points", "direction", "method", "slope", "slope_ci_low", "slope_ci_high"}, set(s)
    assert s["method"] == "ols slope, 95% t interval"
    weeks = [p["period"] for p in s["points"]]
    assert weeks == ["2026-W%02d" % w for w in range(40, 48)], weeks
    for p in s["points"]:
        assert set(p) == {"period", "value", "n", "target", "status"}
        run = json.load(open(f"{d}/run{p['period'][-2:]}.json"))
        a = [x for x in run["agents"] if x["id"] == "A021"][0]["metrics"][s["metric"]]
        assert (p["value"], p["n"], p["target"], p["status"]) == (a["value"], a["n"], a["target"], a["status"]), (s["metric"], p, a)
        checked += 1
assert checked >= 8 * 10, checked
PY
); then ok "trend --agent A021: every point equals run --period W for that week (value, n, target, status)"; else not_ok "trend points equal runs" "$out"; fi

# 5: text form
"$CCSCORE" trend --agent A021 --history "$H" >"$work/trend.txt" 2>&1
if grep -q '^  fcr .*[▁▂▃▄▅▆▇█].*%.*\(steady\|improving\|worsening\|not enough data\)' "$work/trend.txt"; then
    ok "trend text: a sparkline, the latest value and a direction per metric"
else
    not_ok "trend text" "$(cat "$work/trend.txt")"
fi

# 6: recording again replaces
dump "$H" | grep -v '^periods' >"$work/before.dump"
"$CCSCORE" record --all --history "$H" >/dev/null 2>&1
dump "$H" | grep -v '^periods' >"$work/after.dump"
if cmp -s "$work/before.dump" "$work/after.dump"; then
    ok "recording again replaces: the same rows, no duplicates"
else
    not_ok "recording again replaces" "$(diff "$work/before.dump" "$work/after.dump" | head -5)"
fi

# 7-8: SIGKILL inside the transaction leaves the store as it was.  The killed
# recording scores under a policy with other targets, so it would change rows.
sed 's/^target = 400$/target = 300/' "$top_srcdir/conf/example/policy.ini" >"$work/other.ini"
cp "$top_srcdir/conf/example/base.ini" "$work/"
mkdir -p "$work/data" "$work/templates"
cp "$top_srcdir"/conf/example/data/*.csv "$work/data/"
cp "$top_srcdir"/conf/example/templates/* "$work/templates/"
sed -i "s|^templates = ../templates/en|templates = $top_srcdir/conf/templates/en|" "$work/other.ini"
dump "$H" >"$work/before.dump"
CCSCORE_TEST_SLEEP_IN_RECORD=30 "$CCSCORE" record -c "$work/other.ini" --all --history "$H" >/dev/null 2>"$work/kill.err" &
pid=$!
i=0
while ! grep -q sleeping "$work/kill.err" 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
pid=
if grep -q sleeping "$work/kill.err"; then ok "the recording reached its transaction and was killed"; else not_ok "recording reached the transaction" "$(cat "$work/kill.err")"; fi
dump "$H" >"$work/after.dump"
ic=$("$PY" -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])" "$H")
if cmp -s "$work/before.dump" "$work/after.dump" && [ "$ic" = ok ]; then
    ok "after SIGKILL the store is exactly as before, and intact"
else
    not_ok "store unchanged after SIGKILL" "integrity: $ic" "$(diff "$work/before.dump" "$work/after.dump" | head -5)"
fi

# 9: two recordings at once both succeed (the busy timeout waits for the lock)
CCSCORE_TEST_SLEEP_IN_RECORD=1 "$CCSCORE" record --all --history "$work/c.sqlite" >/dev/null 2>"$work/c1.err" &
p1=$!
CCSCORE_TEST_SLEEP_IN_RECORD=1 "$CCSCORE" record --period 2026-W46 --history "$work/c.sqlite" >/dev/null 2>"$work/c2.err" &
p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
if [ $r1 = 0 ] && [ $r2 = 0 ]; then ok "two recordings at once both succeed"; else not_ok "concurrent recordings" "$r1 $(cat "$work/c1.err")" "$r2 $(cat "$work/c2.err")"; fi

# 10: run --record stores the period it scores and still writes the report
"$CCSCORE" run --record --period 2026-W45 --history "$work/r.sqlite" --format json >"$work/r.json" 2>"$work/r.err"
rc=$?
got=$("$PY" -c "import sqlite3,sys; print(','.join(r[0] for r in sqlite3.connect(sys.argv[1]).execute('SELECT name FROM periods')))" "$work/r.sqlite" 2>&1)
if [ $rc = 0 ] && [ "$got" = 2026-W45 ] && "$PY" -c "import json,sys; assert json.load(open(sys.argv[1]))['period']['id'] == '2026-W45'" "$work/r.json"; then
    ok "run --record stores its period and writes the report"
else
    not_ok "run --record" "rc $rc, periods $got" "$(cat "$work/r.err")"
fi

# 11-12: [history] path relative to the policy; its folder made 0700
mkdir -p "$work/org"
cat >"$work/org/policy.ini" <<INI
[organisation]
name = Relative
timezone = UTC
min_sample = 1
[history]
path = state/h.sqlite
persistent_periods = 2
[metric handled]
[metric fcr]
target = 99%
[source contacts]
use = csv
path = $top_srcdir/conf/example/data/contacts.csv
INI
if "$CCSCORE" record -c "$work/org/policy.ini" --all >/dev/null 2>"$work/rel.err" && [ -f "$work/org/state/h.sqlite" ] &&
    [ "$(stat -c %a "$work/org/state")" = 700 ]; then
    ok "[history] path is relative to the policy file; a new folder is 0700"
else
    not_ok "[history] path relative" "$(cat "$work/rel.err")" "$(ls -la "$work/org" 2>&1)"
fi
"$CCSCORE" trend -c "$work/org/policy.ini" --org --format json >"$work/org.json" 2>"$work/org.err"
if out=$("$PY" - "$work/org.json" "$work/org/state/h.sqlite" <<'PY' 2>&1
import json, sqlite3, sys
t = json.load(open(sys.argv[1]))
ps = t["persistent_shortfalls"]
assert ps["periods"] == 2
db = sqlite3.connect(sys.argv[2])
weeks = [r[0] for r in db.execute("SELECT id FROM periods WHERE kind = 'week' ORDER BY period_id DESC")]
# independent count: agents below on fcr in each of the latest two recorded weeks
below = None
for w in weeks[:2]:
    s = {r[0] for r in db.execute("SELECT entity_id FROM figures WHERE period = ? AND entity = 'agent' AND metric = 'fcr' AND status = 'below'", (w,))}
    below = s if below is None else below & s
got = {a["agent_id"] for a in ps["agents"] if a["metric"] == "fcr"}
assert got == below and got, (got, below)
assert all(a["periods"] >= 2 for a in ps["agents"])
PY
); then ok "trend --org lists persistent shortfalls (persistent_periods = 2) as counted independently"; else not_ok "persistent shortfalls" "$out" "$(cat "$work/org.err")"; fi

# 13: check-config reports a bad [history] key with file:line
printf '[organisation]\nname = X\n[history]\nwindow = 4\npersistant_periods = 3\n[metric handled]\n' >"$work/bad.ini"
"$CCSCORE" check-config -c "$work/bad.ini" >/dev/null 2>"$work/bad.err"
rc=$?
if [ $rc = 2 ] && grep -q "bad.ini:5: error: unknown key 'persistant_periods' in \[history\]" "$work/bad.err"; then
    ok "check-config: unknown [history] key, with file:line"
else
    not_ok "check-config [history]" "rc $rc" "$(cat "$work/bad.err")"
fi

# 14-16: usage errors
"$CCSCORE" record --history "$work/x.sqlite" >/dev/null 2>"$work/u.err"
[ $? = 2 ] && grep -q "record needs one of --period P or --all" "$work/u.err" && ok "record needs --period or --all" ||
    not_ok "record usage" "$(cat "$work/u.err")"
"$CCSCORE" trend --agent A021 --history "$work/none.sqlite" >/dev/null 2>"$work/u.err"
[ $? = 2 ] && grep -q "no history store here" "$work/u.err" && [ ! -e "$work/none.sqlite" ] &&
    ok "trend on a missing store: exit 2, says how to make one, creates nothing" || not_ok "trend missing store" "$(cat "$work/u.err")"
"$CCSCORE" trend --agent NOBODY --history "$H" >/dev/null 2>"$work/u.err"
[ $? = 2 ] && grep -q "nothing recorded for agent NOBODY" "$work/u.err" && ok "trend of an unknown agent: exit 2 with a reason" ||
    not_ok "trend unknown agent" "$(cat "$work/u.err")"
