#!/bin/sh
# The report's Trends section from the history store, in TAP: with a store
# of the example's 8 weeks, `run --history` adds a section "trends" whose
# organisation and team series equal the stored figures (rates in percent),
# whose slopes, intervals and directions equal an OLS fit worked out in
# Python (statistics.linear_regression, t(0.975, 6) = 2.446912 from the
# published table); no agent appears in it; with no store configured, a
# store not made yet, or only one period recorded, there is no section.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore}
PY=${PYTHON3:-python3}
echo "1..6"
work=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-trends.XXXXXX") || { echo "Bail out! no temporary folder"; exit 0; }
trap 'rm -rf "$work"' EXIT
unset CCSCORE_PLUGIN_DIR CCSCORE_DATA_DIR XDG_STATE_HOME
umask 022
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
H=$work/h.sqlite
names() { "$PY" -c "import json,sys; print(' '.join(s['name'] for s in json.load(open(sys.argv[1]))['sections']))" "$1"; }

"$CCSCORE" record --all --history "$H" >/dev/null 2>"$work/rec.err" || echo "# record: $(cat "$work/rec.err")"
"$CCSCORE" run --history "$H" --format json >"$work/run.json" 2>"$work/run.err"
case " $(names "$work/run.json") " in
*" trends "*) ok "run --history adds the Trends section" ;;
*) not_ok "run --history adds the Trends section" "$(cat "$work/run.err")" ;;
esac

if out=$("$PY" - "$H" "$work/run.json" <<'PY' 2>&1
import json, sqlite3, statistics, sys
db = sqlite3.connect(sys.argv[1])
sec = [s for s in json.load(open(sys.argv[2]))["sections"] if s["name"] == "trends"][0]
tables = {t["name"]: t for t in sec["tables"]}
weeks = ["2026-W%02d" % w for w in range(40, 48)]
assert sec["notes"][0] == "The last 8 recorded week periods, 2026-W40 to 2026-W47, from the history store.", sec["notes"][0]
teams = [r[0] for r in db.execute("SELECT DISTINCT entity_id FROM figures WHERE entity = 'team' ORDER BY 1")]
assert teams == ["east", "north", "south"], teams
assert sorted(tables) == sorted(["organisation", "organisation_direction"] + ["team_%d" % i for i in (1, 2, 3)]
                                + ["team_%d_direction" % i for i in (1, 2, 3)]), sorted(tables)
assert [c["table"] for c in sec["charts"]] == ["organisation", "team_1", "team_2", "team_3"]
assert all(c["kind"] == "line" and c["x"] == "period" and c["y"] == ["value"] and c["group"] == "metric"
           for c in sec["charts"]), sec["charts"]
checked = 0
for name, (entity, eid) in [("organisation", ("organisation", None))] + \
        [("team_%d" % (i + 1), ("team", t)) for i, t in enumerate(teams)]:
    rows = tables[name]["rows"]
    for metric in ("aht", "fcr", "abandon_rate", "qa"):
        got = [r for r in rows if r[0] == metric]
        want = db.execute(
            "SELECT p.name, f.value, f.n, f.type, f.status, p.period_id FROM figures f JOIN periods p ON p.id = f.period"
            " WHERE p.kind = 'week' AND p.name >= '2026-W40' AND p.name <= '2026-W47' AND f.entity = ? AND f.metric = ?"
            " AND (? IS NULL OR f.entity_id = ?) ORDER BY p.period_id", (entity, metric, eid, eid)).fetchall()
        assert [g[1] for g in got] == [w[0] for w in want] == weeks, (name, metric, got, want)
        xs, ys = [], []
        for g, w in zip(got, want):
            scale = 100.0 if w[3] == "rate" else 1.0
            if w[1] is None:
                assert g[2] is None, (g, w)
                continue
            assert abs(g[2] - w[1] * scale) < 1e-9 and g[4] == w[2], (g, w)
            if w[4] != "insufficient":
                xs.append((w[5] - want[0][5]) / 7)
                ys.append(w[1] * scale)
        d = [r for r in tables[name + "_direction"]["rows"] if r[0] == metric][0]
        assert d[1] == len(xs), (d, xs)
        if len(xs) < 3:
            assert d[5] == "not enough data" and d[6] is None, d
            continue
        assert len(xs) == 8
        slope, _ = statistics.linear_regression(xs, ys)
        fit = [slope * x + _ for x in xs]
        s2 = sum((y - f) ** 2 for y, f in zip(ys, fit)) / (len(xs) - 2)
        mx = statistics.fmean(xs)
        se = (s2 / sum((x - mx) ** 2 for x in xs)) ** 0.5
        lo, hi = slope - 2.446912 * se, slope + 2.446912 * se
        assert abs(d[6] - slope) < 1e-9 and abs(d[7] - lo) < 1e-4 and abs(d[8] - hi) < 1e-4, (d, slope, lo, hi)
        good = -1 if metric in ("aht", "abandon_rate") else 1
        want_dir = ("improving" if good > 0 else "worsening") if lo > 0 else \
                   ("worsening" if good > 0 else "improving") if hi < 0 else "steady"
        assert d[5] == want_dir, (d, want_dir)
        assert abs(d[2] - ys[0]) < 1e-9 and abs(d[3] - ys[-1]) < 1e-9, d
        checked += 1
assert checked >= 10, checked
PY
); then ok "series equal the store (rates in percent); slope, 95% interval and direction equal an OLS fit by hand"; else not_ok "series and directions" "$out"; fi

if "$PY" -c "
import json, sys
s = [s for s in json.load(open('$work/run.json'))['sections'] if s['name'] == 'trends'][0]
agents = {a['id'] for a in json.load(open('$work/run.json'))['agents']}
sys.exit(1 if agents & set(json.dumps(s).replace('\"', ' ').replace(',', ' ').split()) else 0)"; then
    ok "no agent id in the Trends section"
else
    not_ok "no agent id in the Trends section"
fi

"$CCSCORE" run --format json >"$work/none.json" 2>/dev/null
case " $(names "$work/none.json") " in
*" trends "*) not_ok "no store configured: no Trends section" ;;
*) ok "no store configured: no Trends section" ;;
esac
"$CCSCORE" run --history "$work/missing.sqlite" --format json >"$work/missing.json" 2>"$work/missing.err"
case " $(names "$work/missing.json") " in
*" trends "*) not_ok "a store not made yet: no Trends section, and none created" ;;
*) [ ! -e "$work/missing.sqlite" ] && ok "a store not made yet: no Trends section, and none created" ||
    not_ok "a store not made yet: no Trends section, and none created" "the store was created" ;;
esac
"$CCSCORE" record --period 2026-W47 --history "$work/one.sqlite" >/dev/null 2>&1
"$CCSCORE" run --history "$work/one.sqlite" --format json >"$work/one.json" 2>"$work/one.err"
case " $(names "$work/one.json") " in
*" trends "*) not_ok "one period recorded: no Trends section" ;;
*) ok "one period recorded: no Trends section" ;;
esac
