#!/bin/sh
# The regulation checks end to end (tests/fixtures/regulation and the
# generator): findings in every output format and none of them holding a
# planted card number, security code or note phrase; fail_level; scores that
# the checks leave alone; `ccscore plugins` documenting every rule and key;
# and, on data generated with a seed the checks were never run on, each rule
# finding exactly the planted cases.  Prints TAP.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
PYTHON3=${PYTHON3:-python3}
ccscore=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore} # tests/valgrind.sh sets it
fx=$top_srcdir/tests/fixtures/regulation
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
result() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

echo "1..12"

# 1-3: every format carries the findings and exits 1 (fail_level = breach)
for f in text json csv; do
    "$ccscore" run -c "$fx/policy.ini" -f "$f" -o "$tmp/out.$f" 2>"$tmp/err.$f"
    rc=$?
    case $f in
    text) pat='] dp\.card_number ' ;;
    json) pat='"rule": "dp\.card_number"' ;;
    csv) pat=',finding,.*,dp\.card_number,' ;;
    esac
    found=$(grep -c "$pat" "$tmp/out.$f")
    [ "$rc" = 1 ] && [ "$found" = 3 ] && grep -q 'hs\.rest_break' "$tmp/out.$f" &&
        grep -q 'dp\.cvv' "$tmp/out.$f" && grep -q 'dp\.idv' "$tmp/out.$f" &&
        grep -q 'dp\.recording_notice' "$tmp/out.$f"
    result $? "-f $f: card numbers (3), cvv, ID&V, recording notice and rest break findings; exit 1 (got $rc, $found card findings)"
done

# 4: no output holds a planted number, in any spelling, or the note's words
leak=0
for f in text json csv; do
    for s in '4111 1111 1111 1111' '4111111111111111' '5555-5555-5555-4444' '5555555555554444' \
        '378282246310005' 'cvv 737' '737' 'purple giraffe' 'giraffe' 'escalator' 'read out' 'amex'; do
        if grep -qiF -- "$s" "$tmp/out.$f" "$tmp/err.$f"; then
            echo "# '$s' appears in the $f output"
            leak=1
        fi
    done
done
result $leak "no output (text, json, csv, stderr) contains a planted card number, the security code or note text"

# 5: the masked evidence is there instead
grep -qF '411111******1111' "$tmp/out.text" && grep -qF '555555******4444' "$tmp/out.json" &&
    grep -qF '378282*****0005' "$tmp/out.csv"
result $? "masked evidence (first 6 and last 4) in text, json and csv"

# 6: an order number and a phone number are no card numbers
[ "$(grep -c 'K4' "$tmp/out.csv")" = 0 ]
result $? "contact K4's order and phone numbers raise no finding"

# 7: fail_level = none exits 0
"$ccscore" run -c "$fx/policy_none.ini" -o "$tmp/none.txt" 2>/dev/null
result $? "fail_level = none: the same findings, exit 0"

# 8: the checks never change a score or a figure
"$ccscore" run -c "$fx/policy_nochecks.ini" -f json -o "$tmp/nochecks.json" 2>/dev/null
"$PYTHON3" - "$tmp/out.json" "$tmp/nochecks.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
keys = ("agents", "teams", "queues", "organisation_scorecard")
sys.exit(0 if all(a[k] == b[k] for k in keys) and a["findings"] and not b["findings"] else 1)
PY
result $? "scorecards with the checks are identical to those without them"

# 9: the csv keeps its header and one row per finding
head -1 "$tmp/out.csv" | grep -qx 'period,entity,id,name,team,score,metric,value,n,unit,target,status,gap,ci_low,ci_high,previous,points,method,band,review,at' &&
    [ "$(grep -c '^[^,]*,finding,' "$tmp/out.csv")" = 7 ] &&
    "$PYTHON3" -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1]))); sys.exit(0 if len({len(x) for x in r}) == 1 else 1)' "$tmp/out.csv"
result $? "csv: the scorecard header unchanged, 7 finding rows, every row 21 columns"

# 10: ccscore plugins documents every rule and key
"$ccscore" plugins >"$tmp/plugins" 2>&1
miss=0
for w in dp.card_number dp.cvv dp.idv dp.recording_notice dp.retention hs.rest_break hs.daily_rest \
    hs.weekly_rest hs.weekly_hours hs.young_daily_hours hs.young_weekly_hours hs.night_hours hs.screen_break \
    columns mask cvv_window_words disclosure_column idv_column recorded_column notice_column \
    contacts_retention_days recordings_retention_days evaluations_retention_days as_of retention_severity \
    break_after_min break_min young_break_after_min young_break_min daily_rest_h young_daily_rest_h \
    weekly_rest weekly_rest_h fortnightly_rest_h max_weekly_h reference_weeks young_daily_max_h \
    young_weekly_max_h night_max_h night_exclude_rest_days screen_max_min screen_break_min; do
    grep -qw -- "$w" "$tmp/plugins" || { echo "# '$w' not in ccscore plugins"; miss=1; }
done
result $miss "ccscore plugins lists every rule and every key of both checks"

# 11: the example organisation: exit 0, and each rule finds exactly its planted
# cases, each in the report of its own month with the planted day as `at`
rc=0
for m in 2026-09 2026-10 2026-11; do
    "$ccscore" run --period $m -f json -o "$tmp/example-$m.json" 2>"$tmp/example.err" || rc=1
done
"$PYTHON3" "$top_srcdir/tests/planted_check.py" "$tmp"/example-2026-*.json \
    "$top_srcdir/conf/example/data/planted.csv" >"$tmp/example.cmp" 2>&1
cmp_rc=$?
[ "$rc" = 0 ] && [ "$cmp_rc" = 0 ]
result $? "example organisation: exit 0, every rule finds exactly the planted cases ($(grep -c MISMATCH "$tmp/example.cmp") mismatches)"
[ "$cmp_rc" = 0 ] || sed 's/^/# /' "$tmp/example.cmp"

# 12: a data set generated with another seed and shape (every month it touches)
rc=0
"$top_builddir/bench/ccscore-gen" --seed 4242 --contacts 12000 --agents 26 --weeks 6 --card-rate 0.001 \
    --out "$tmp/gen" >/dev/null 2>&1 || rc=1
for m in $(cut -d, -f3 "$tmp/gen/planted.csv" | grep -o '^2026-[0-9][0-9]' | sort -u); do
    "$ccscore" run -c "$top_srcdir/conf/example/policy.ini" --period $m -f json -o "$tmp/gen-$m.json" \
        "$tmp/gen/contacts.csv" "$tmp/gen/agents.csv" "$tmp/gen/evaluations.csv" \
        "$tmp/gen/objectives.csv" "$tmp/gen/activity.csv" 2>"$tmp/gen.err" || rc=1
done
[ $rc = 0 ] && "$PYTHON3" "$top_srcdir/tests/planted_check.py" "$tmp"/gen-2026-*.json "$tmp/gen/planted.csv" >"$tmp/gen.cmp" 2>&1
rc=$?
result $rc "seed 4242, 26 agents, 6 weeks: every rule finds exactly the planted cases"
sed 's/^/# /' "$tmp/gen.cmp"
