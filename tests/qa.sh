#!/bin/sh
# The qa check and the comments figures (issue 16), in TAP, on a generated
# centre (tests/gen_qa.py, which also works out every figure independently
# with the formulas written out): exactly the harsh evaluator is flagged,
# with the offset and its interval; exactly the agents under min_evaluations
# are listed (at the minimum and over it are not); the calibration spreads
# and ICC(1,1) match; the comments metrics match hand counts; free text never
# reaches a report; malformed comment rows are refused with the exact reason
# and the good rows kept.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
PYTHON3=${PYTHON3:-python3}
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore} # tests/valgrind.sh sets it
echo "1..8"
work=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-qa.XXXXXX") || { echo "Bail out! no temporary folder"; exit 0; }
trap 'rm -rf "$work"' EXIT
unset CCSCORE_PLUGIN_DIR CCSCORE_DATA_DIR
umask 022
export CCSCORE_NOW=2026-12-31
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do printf '%s\n' "$l" | sed 's/^/# /'; done; }
check() { # check DESC CMD...: ok when CMD succeeds, else its output
    d=$1; shift
    if out=$("$@" 2>&1); then ok "$d"; else not_ok "$d" "$out"; fi
}

c=$work/centre
mkdir -p "$c"
"$PYTHON3" "$top_srcdir/tests/gen_qa.py" "$c" || { echo "Bail out! gen_qa.py failed"; exit 0; }
cd "$c" || exit 0
if "$CCSCORE" run -c policy.ini --format json >report.json 2>run.err &&
    "$CCSCORE" run -c policy.ini >report.txt 2>>run.err; then
    ok "ccscore runs the generated centre in text and JSON"
else
    not_ok "ccscore runs the generated centre in text and JSON" "$(cat run.err)"
fi

cat >compare.py <<'PY'
import json, sys
what = sys.argv[1]
r = json.load(open("report.json"))
exp = [l.split() for l in open("expected.txt")]
bad = []
def close(a, b, tol=1e-6):
    if a is None or abs(a - b) > tol:
        bad.append("%s: got %r, want %r" % (what, a, b))
sec = {s["name"]: s for s in r["sections"]}
tables = {t["name"]: t for t in sec["qa"]["tables"]} if "qa" in sec else {}
def rows(t):
    return [dict(zip([c["name"] for c in t["columns"]], row)) for row in t["rows"]]
if what == "coverage":
    got = sorted(f["reference"] for f in r["findings"] if f["rule"] == "qa.coverage")
    want = [e for e in exp if e[0] == "under"][0][1:]
    if got != want:
        bad.append("under-evaluated: got %s, want %s" % (got, want))
    if any(f["agent_id"] != f["reference"] for f in r["findings"] if f["rule"] == "qa.coverage"):
        bad.append("qa.coverage without agent_id")
elif what == "offsets":
    ev = {x["evaluator"].replace(" ", "_"): x for x in rows(tables["evaluators"])}
    for e in exp:
        if e[0] != "offset":
            continue
        x = ev[e[1]]
        close(x["offset"], float(e[2])); close(x["ci_low"], float(e[3])); close(x["ci_high"], float(e[4]))
        if x["compared"] != int(e[5]) or int(x["flagged"]) != int(e[6]) or int(x["over_share"]) != int(e[7]):
            bad.append("evaluator %s: %r vs %r" % (e[1], x, e))
    got = sorted(f["reference"] for f in r["findings"] if f["rule"] == "qa.evaluator_offset")
    if got != ["Harsh Hale"]:
        bad.append("flagged evaluators: %s, want exactly Harsh Hale" % got)
elif what == "calibration":
    cal = {x["contact"]: x for x in rows(tables["calibration"])}
    for e in exp:
        if e[0] == "spread":
            close(cal[e[1]]["spread"], float(e[2]))
        if e[0] == "icc":
            note = [n for n in sec["qa"]["notes"] if n.startswith("Calibration agreement ICC(1,1) = ")]
            if not note or "%.3f" % float(e[1]) not in note[0] or "one-way random effects" not in note[0]:
                bad.append("ICC note %r, want %.3f with the method named" % (note, float(e[1])))
elif what == "comments":
    ag = {a["id"]: a["metrics"] for a in r["agents"]}
    for e in exp:
        if e[0] in ("complaints", "compliments"):
            for i in range(1, len(e), 2):
                close(ag[e[i]][e[0]]["value"], float(e[i + 1]))
        if e[0] in ("complaints_per_1000", "mystery_shopper", "self_gap"):
            close(ag[e[1]][e[0]]["value"], float(e[2]))
    tm = {t["id"]: t["metrics"] for t in r["teams"]}
    close(tm["red"]["complaints"]["value"], 2); close(tm["red"]["compliments"]["value"], 3)
    close(tm["blue"]["complaints"]["value"], 1)
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
check "exactly the agents under min_evaluations are listed (3 and fewer; 4 = the minimum and 6 are not)" \
    "$PYTHON3" compare.py coverage
check "evaluator offsets, intervals and shares match the independent computation; only Harsh Hale is flagged" \
    "$PYTHON3" compare.py offsets
check "calibration spreads and ICC(1,1) match, the method named" "$PYTHON3" compare.py calibration
check "complaints, compliments, per-1000, mystery shopper and self gap match hand counts" \
    "$PYTHON3" compare.py comments
if grep -q "private words" report.json report.txt; then
    not_ok "no comment text reaches a report" "$(grep -l 'private words' report.json report.txt)"
else
    ok "no comment text reaches a report"
fi

# Malformed comment rows: each refused with its reason, the good rows kept.
cat >comments.csv <<'CSV'
agent_id,received_on,route,sentiment,topic,score
A001,2026-11-16,complaint,-1,wait,
A001,2026-11-16,grumble,-1,wait,
A001,2026-11-16,compliment,2,,
,2026-11-16,compliment,1,,
A001,16/11/2026,compliment,1,,
A002,2026-11-17,mystery_shopper,0,,101
A002,2026-11-17T10:00:00+00:00,compliment,1,,
CSV
# every row's reason is the point here, not the share rejected (max_rejected)
printf 'include = policy.ini\n[organisation]\nmax_rejected = 100%%\n' >bad.ini
"$CCSCORE" run -c bad.ini --format json >bad.json 2>bad.err
cat >want.err <<'TXT'
comments.csv:3: error: unknown route (expected complaint, compliment, peer, self, mystery_shopper or customer) in route: 'grumble'
comments.csv:4: error: bad sentiment (expected -1, 0 or 1) in sentiment: '2'
comments.csv:5: error: empty agent id in agent_id: ''
comments.csv:6: error: bad date (expected YYYY-MM-DD; format seen: NN/NN/YYYY) in received_on: '16/11/2026'
comments.csv:7: error: bad score (expected 0 to 100 points) in score: '101'
TXT
sed -n 's|^\./comments.csv|comments.csv|p' bad.err >got.err
check "each malformed comment row is refused with file:line and the reason" diff want.err got.err
check "the good comment rows are kept (2 of 7: A001's complaint, A002's compliment)" "$PYTHON3" -c '
import json, sys
r = json.load(open("bad.json"))
i = [x for x in r["input"] if x["stream"] == "comments"][0]
a = {x["id"]: x["metrics"] for x in r["agents"]}
ok = (i["accepted"], i["rejected"]) == (2, 5) and a["A001"]["complaints"]["value"] == 1 \
    and a["A001"]["compliments"]["value"] == 0 and a["A002"]["compliments"]["value"] == 1
sys.exit(0 if ok else print(i, a["A001"]["complaints"], a["A002"]["compliments"]) or 1)'
