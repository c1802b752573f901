#!/bin/sh
# The example organisation's report against an independent computation
# (tests/independent_kpi.py, Python's csv + zoneinfo) on the same CSVs: every
# figure of every agent, team, queue and the organisation, to 1e-9, for a week,
# the week before, a month and a day.  Prints TAP.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
PYTHON3=${PYTHON3:-python3}
data=$top_srcdir/conf/example/data
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
periods="2026-W47 2026-W46 2026-10 2026-11-18"
echo "1..4"
n=0
for p in $periods; do
    n=$((n + 1))
    "$top_builddir/ccscore" run -c "$top_srcdir/conf/example/policy.ini" --period "$p" -f json \
        -o "$tmp/ours.json" 2>"$tmp/err"
    "$PYTHON3" "$top_srcdir/tests/independent_kpi.py" "$data/contacts.csv" \
        --evaluations "$data/evaluations.csv" --agents "$data/agents.csv" \
        --tz Europe/London --period "$p" --sl-variant offered --sl-threshold 20 \
        --short-abandon 5 --abandon-excludes-short >"$tmp/theirs.json" 2>>"$tmp/err"
    if "$PYTHON3" "$top_srcdir/tests/compare_independent.py" "$tmp/ours.json" "$tmp/theirs.json" >"$tmp/cmp" 2>&1; then
        echo "ok $n - period $p agrees with the independent computation ($(tr '\n' ';' <"$tmp/cmp"))"
    else
        echo "not ok $n - period $p agrees with the independent computation"
        sed 's/^/# /' "$tmp/cmp" "$tmp/err" | head -40
    fi
done
