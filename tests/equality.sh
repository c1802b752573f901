#!/bin/sh
# The equality audit (plugins/checks/equality), in TAP, on a generated centre
# with exactly one planted disparity (tests/gen_equality.py, which also works
# out every rate, impact ratio and Fisher p-value independently, in exact
# rationals): the section's table matches it, exactly the planted disparity
# and the unapplied adjustments are found, a chance difference under 0.8 is
# not flagged, a group under min_group appears in no output (text, JSON,
# CSV) and is found once min_group lets it in; bad keys and roster values
# are refused by name; the example organisation's report has the section.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
PYTHON3=${PYTHON3:-python3}
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore} # tests/valgrind.sh sets it
echo "1..12"
work=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-equality.XXXXXX") || { echo "Bail out! no temporary folder"; exit 0; }
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
"$PYTHON3" "$top_srcdir/tests/gen_equality.py" "$c" || { echo "Bail out! gen_equality.py failed"; exit 0; }
cd "$c" || exit 0
# (text at 1000 and 200 columns: the checks below read whole table rows and findings)
if "$CCSCORE" run -c policy.ini --format json >report.json 2>run.err &&
    COLUMNS=1000 "$CCSCORE" run -c policy.ini >report.txt 2>>run.err &&
    "$CCSCORE" run -c policy.ini --format csv >report.csv 2>>run.err; then
    ok "ccscore runs the generated centre in text, JSON and CSV"
else
    not_ok "ccscore runs the generated centre in text, JSON and CSV" "$(cat run.err)"
fi

# Rates, ratios and p-values against the independent computation.
cat >compare.py <<'PY'
import json, sys
rep, exp = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
sec = [s for s in rep["sections"] if s["name"] == "equality"][0]
t = [t for t in sec["tables"] if t["name"] == "rates"][0]
cols = [c["name"] for c in t["columns"]]
got = [dict(zip(cols, r)) for r in t["rows"]]
want = exp["rows"]
if sys.argv[3] == "rows" and len(got) != len(want):
    sys.exit("%d rows, want %d" % (len(got), len(want)))
for g, w in zip(got, want) if sys.argv[3] == "rows" else []:
    for k, v in w.items():
        x = g[k]
        if isinstance(v, float) and x is not None:
            if abs(x - v) > 1e-9 * max(1.0, abs(v)):
                sys.exit("%s: %s = %r, want %r" % (w["group"], k, x, v))
        elif x != v:
            sys.exit("%s %s: %s = %r, want %r" % (w["attribute"], w["group"], k, x, v))
f = sorted("%s %s" % (x["rule"], x["reference"]) if x["rule"] == "eq.adverse_impact"
           else "%s %s %s" % (x["rule"], x["agent_id"], x["reference"])
           for x in rep["findings"] if x["rule"].startswith("eq."))
if sys.argv[3] == "findings" and f != exp["findings"]:
    sys.exit("findings %r, want %r" % (f, exp["findings"]))
PY
check "rates, impact ratios and Fisher p-values match the independent computation" \
    "$PYTHON3" compare.py report.json expected.json rows
check "exactly the planted disparity and the three unapplied adjustments are found" \
    "$PYTHON3" compare.py report.json expected.json findings

want='group_shift=night: 30.0% favourable on fcr (6 of 20 agents) against 80.0% for day (32 of 40); impact ratio 0.37, two-sided Fisher exact p = 0.0004'
if grep -qF "$want" report.txt; then ok "the finding gives both rates with their n, the ratio and the p-value"
else not_ok "the finding gives both rates with their n, the ratio and the p-value" "$(grep eq.adverse report.txt)"; fi

# part_time 12/24 against full_time 26/36: ratio 0.69, p = 0.1043 (chance)
if grep -q 'group_pattern  part_time  fcr .* 0\.69  *0\.1043  *no' report.txt &&
    ! grep -q 'group_pattern=part_time' report.txt report.json; then
    ok "a chance difference under 0.8 (p = 0.1043) is shown but not flagged"
else
    not_ok "a chance difference under 0.8 (p = 0.1043) is shown but not flagged" "$(grep part_time report.txt)"
fi

# site_b has 5 agents (min_group 10): in no output, not even its name
if ! grep -l site_b report.txt report.json report.csv run.err >/dev/null 2>&1 &&
    grep -q 'group_site.*site_a' report.txt; then
    ok "a group under min_group appears in no output (text, JSON, CSV)"
else
    not_ok "a group under min_group appears in no output (text, JSON, CSV)" "$(grep -n site_b report.txt report.json report.csv run.err | head -n 5)"
fi

# with min_group = 5 it is compared, and its disparity found (p = 0.0048)
sed 's/^attributes = .*/&\nmin_group = 5/' policy.ini >small.ini
"$CCSCORE" run -c small.ini >small.txt 2>&1
if grep -q 'eq.adverse_impact group_site=site_b:fcr' small.txt && grep -q 'site_b .*fcr .*0\.0048  *yes' small.txt; then
    ok "min_group = 5 lets site_b in, and its disparity is found"
else
    not_ok "min_group = 5 lets site_b in, and its disparity is found" "$(grep site_b small.txt)"
fi

sed 's/^attributes = .*/attributes = group_pattern shift/' policy.ini >bad.ini
"$CCSCORE" check-config -c bad.ini >bad.out 2>&1
want="error: attributes: 'shift' is not a roster column named group_[a-z0-9_]+; name only the group_* columns to audit"
if grep -qF "$want" bad.out && grep -qF "bad.ini:30: error: [check equality] (equality from module 'equality') failed to start" bad.out; then
    ok "attributes naming a column that is not group_* is refused by name, at file:line"
else
    not_ok "attributes naming a column that is not group_* is refused by name, at file:line" "$(cat bad.out)"
fi

printf 'agent_id,name,team,group_pattern,adjusted\nX1,Agent,t1,part time,yes\n' >badag.csv
sed 's/path = agents.csv/path = badag.csv/' policy.ini >bad2.ini
"$CCSCORE" run -c bad2.ini >/dev/null 2>bad2.err
w1="ccscore: equality: warning: ./badag.csv:2: adjusted must be 1 or 0 (or empty); read as 0: correct the roster"
w2="ccscore: equality: warning: ./badag.csv:2: group_pattern is not a short label (1 to 40 of A-Z a-z 0-9 _ . -); the agent is left out of that attribute's comparisons"
if grep -qxF "$w1" bad2.err && grep -qxF "$w2" bad2.err && ! grep -q 'part time' bad2.err; then
    ok "a bad roster value is named by file:line, never echoed"
else
    not_ok "a bad roster value is named by file:line, never echoed" "$(cat bad2.err)"
fi

# Pseudonyms at intake: the roster's groups and flags still meet the
# scorecards (both carry the pseudonym), so the same findings come out.
head -c 32 /dev/urandom >secret.key && chmod 600 secret.key
sed 's/^fail_level = none/&\npseudonymise = yes\npseudonym_key = secret.key/' policy.ini >pseudo.ini
"$CCSCORE" run -c pseudo.ini --format json >pseudo.json 2>pseudo.err
if [ "$("$PYTHON3" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sorted((f["rule"], f["reference"]) for f in d["findings"] if f["rule"].startswith("eq.")))' pseudo.json 2>&1)" = \
    "[('eq.adjustment_not_applied', 'fcr'), ('eq.adjustment_not_applied', 'fcr'), ('eq.adjustment_not_applied', 'transfer_rate'), ('eq.adverse_impact', 'group_shift=night:fcr')]" ] &&
    ! grep -q 'E00[23]' pseudo.json; then
    ok "with pseudonyms the same findings, and no raw agent id"
else
    not_ok "with pseudonyms the same findings, and no raw agent id" "$(cat pseudo.err)" "$(grep -o '"agent_id": "[^"]*"' pseudo.json | head -n 4)"
fi

# The policy's severities apply to the audit's findings (a check's, by name).
sed 's/^attributes = .*/&\nseverity = eq.adverse_impact:breach/' policy.ini >sev.ini
"$CCSCORE" run -c sev.ini >sev.txt 2>&1
if grep -q '^  [0-9-]* \[breach\] eq.adverse_impact group_shift=night:fcr' sev.txt; then
    ok "severity = eq.adverse_impact:breach applies"
else
    not_ok "severity = eq.adverse_impact:breach applies" "$(grep eq.adverse sev.txt)"
fi

# The example organisation: group_pattern in its roster, the section in its report.
COLUMNS=200 "$CCSCORE" run >example.txt 2>example.err
if grep -q '^Equality audit (four-fifths rule)' example.txt &&
    grep -q 'group_pattern  part_time  aht .* 0\.73  *0\.1874  *no' example.txt; then
    ok "the example's report shows the equality section"
else
    not_ok "the example's report shows the equality section" "$(sed -n '/Equality/,/^Findings/p' example.txt | head -n 20)"
fi
