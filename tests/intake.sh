#!/bin/sh
# Issue 11 (points 1, 2, 4, 6 and 9): a first run and a scheduled run that a
# user can trust, through the ccscore binary, in TAP.  Fixtures and the
# figures worked out by hand: tests/fixtures/intake/README.md.
set -u
# Content checks of the text report: one line per figure, however wide.
COLUMNS=1000; export COLUMNS
: "${top_srcdir:?top_srcdir must be set}"
: "${top_builddir:?top_builddir must be set}"
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore} # tests/valgrind.sh sets it
F=$top_srcdir/tests/fixtures/intake
work=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-intake.XXXXXX") || { echo "Bail out! no temporary folder"; exit 0; }
trap 'rm -rf "$work"' EXIT
unset CCSCORE_PLUGIN_DIR CCSCORE_DATA_DIR CCSCORE_NOW
n=0
result() { # result DESC RC
    n=$((n + 1))
    if [ "$2" -eq 0 ]; then echo "ok $n - $1"; else echo "not ok $n - $1"; fi
}
has() { # has FILE TEXT: the exact text is in the file (else show the file)
    grep -qF -- "$2" "$1" && return 0
    echo "# want: $2"; sed 's/^/# got: /' "$1" | head -20
    return 1
}
has_re() { # has_re FILE ERE: a line matches (else show the file)
    grep -qE -- "$2" "$1" && return 0
    echo "# want /$2/"; sed 's/^/# got: /' "$1" | head -20
    return 1
}
rc_is() { # rc_is WANT GOT
    [ "$2" -eq "$1" ] && return 0
    echo "# exit status $2, want $1"
    return 1
}
echo "1..38"

# 1. Data files named without -c: only they are read, under the example's
# rules (said so), in the latest period of the data named.
"$CCSCORE" run "$F/week.csv" >"$work/1.txt" 2>"$work/1.err"
rc_is 0 $?; result "1: a run of week.csv without -c exits 0" $?
has "$work/1.txt" "Your data (no policy: the example's rules): week 2026-W47 (2026-11-16 to 2026-11-22, Europe/London)"
result "1: not under the example's name; the period is week.csv's latest" $?
grep -c " read " "$work/1.txt" | grep -qx 1 && has_re "$work/1.txt" "week.csv +read 40, accepted 40, rejected 0"
result "1: the one input is week.csv (none of the example's files)" $?
has "$work/1.txt" "No policy given (-c): only the files named were read, scored under the bundled example's rules and targets"
result "1: the report says the example's rules were used" $?
grep -E '^(A1|A2) ' "$work/1.txt" | awk '{print $1, $5, $6}' >"$work/1.agents"
printf 'A1 10 260s?\nA2 10 260s?\n' | diff - "$work/1.agents"
result "1: two agents with 10 handled each and AHT 260 s (not the example's 32)" $?
"$CCSCORE" run "$F/older.csv" 2>/dev/null | head -1 >"$work/1b.txt"
has "$work/1b.txt" "week 2026-W45 (2026-11-02 to 2026-11-08"
result "1: older.csv alone is scored in its own week, 2026-W45" $?

# 2. max_rejected: above the share the run stops with exit 2, the count, the
# most common reason and the key that fixes it; nothing written.
"$CCSCORE" run -c "$F/policy.ini" "$F/outcomes.csv" -o "$work/2.txt" 2>"$work/2.err"
rc_is 2 $?; result "2: 19 of 20 outcomes unmapped: exit 2" $?
has "$work/2.err" "outcomes.csv: error: 19 of 20 rows rejected (95.0%), more than max_rejected = 5%; no report written" &&
has "$work/2.err" "outcomes.csv: the most common reason (19 rows): unknown outcome (expected answered or abandoned; map the codes of the export with answered_as or abandoned_as) in outcome: '…', e.g. 'ANS'" &&
has "$work/2.err" "outcomes.csv: fix the export, or map it with the keys of [source contacts] in $F/policy.ini ('ccscore plugins' lists them); or raise max_rejected there"
result "2: the count, the reason with an example and the keys (answered_as, abandoned_as)" $?
test ! -e "$work/2.txt"
result "2: no report written" $?
"$CCSCORE" run -c "$F/outcomes.ini" >"$work/2b.txt" 2>"$work/2b.err"
rc_is 0 $? && has_re "$work/2b.txt" "outcomes.csv +read 20, accepted 20, rejected 0"
result "2: answered_as = answered|ANS accepts all 20" $?
"$CCSCORE" run -c "$F/policy.ini" "$F/usdates.csv" >/dev/null 2>"$work/2c.err"
rc_is 2 $? && has "$work/2c.err" "usdates.csv: error: 12 of 12 rows rejected (100.0%), more than max_rejected = 5%" &&
has "$work/2c.err" "usdates.csv: the most common reason (12 rows): bad date/time (expected ISO 8601, e.g. 2026-11-20T09:15:00+00:00; format seen: NN/NN/YYYY NN:NN) in started_at: '…', e.g. '11/16/2026 09:00'"
result "2: US dates: exit 2 naming the format seen, NN/NN/YYYY NN:NN" $?
"$CCSCORE" run -c "$F/policy.ini" "$F/onebad.csv" >"$work/2d.txt" 2>"$work/2d.err"
rc_is 0 $? && has_re "$work/2d.txt" "onebad.csv +read 40, accepted 39, rejected 1" &&
has "$work/2d.err" "onebad.csv:8: error: unknown outcome"
result "2: 1 of 40 rejected (2.5%) is under the default 5%: exit 0, counted" $?
"$CCSCORE" run -c "$F/strict.ini" >/dev/null 2>"$work/2e.err"
rc_is 2 $? && has "$work/2e.err" "onebad.csv: error: 1 of 40 rows rejected (2.5%), more than max_rejected = 1%"
result "2: the source's own max_rejected = 1% stops the same file" $?
"$CCSCORE" check-config -c "$F/mapped.ini" >/dev/null 2>"$work/2f.err"
rc_is 2 $? && has "$work/2f.err" "mapped.ini:12: error: col_started_at = Start Time: $F/week.csv's header has no column 'Start Time'" &&
has "$work/2f.err" "week.csv:1: error: this header does not fit [source contacts] (contacts)"
result "2: check-config names the col_* key whose column the header lacks" $?
"$CCSCORE" check-config -c "$F/outcomes.ini" "$F/week.csv" >"$work/2g.out" 2>&1
rc_is 0 $? && has "$work/2g.out" "policy OK"
result "2: check-config with a data file whose header fits: OK" $?

# 4. Relative periods, from CCSCORE_NOW; a period the data covers in part.
CCSCORE_NOW=2026-11-25 "$CCSCORE" run -c "$F/policy.ini" --period last-week "$F/partial.csv" \
    >"$work/4.txt" 2>"$work/4.err"
rc_is 0 $? && has "$work/4.txt" "Intake Test Centre: week 2026-W47 (2026-11-16 to 2026-11-22, UTC)"
result "4: last-week on Wednesday 2026-11-25 is 2026-W47" $?
note="Partial period: the data covers 3 of the 5 days of 2026-W47 (2026-11-16 to 2026-11-18; days of the week without any data are not counted)"
has "$work/4.txt" "$note" &&
has "$work/4.txt" "Days the data covers: 3" && has_re "$work/4.txt" "^Intake Test Centre +100\.0 +12 "
result "4: the text report flags 3 of 5 days; 12 handled" $?
CCSCORE_NOW=2026-11-25 "$CCSCORE" run -c "$F/policy.ini" --period last-week --format json "$F/partial.csv" \
    2>/dev/null >"$work/4.json"
python3 - "$work/4.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
s = r["sections"][0]
t = s["tables"][0]
assert s["name"] == "run" and t["name"] == "coverage", s
assert t["rows"] == [["2026-W47", 5, 3, True]], t["rows"]
PY
result "4: JSON: the run section first, coverage [2026-W47, 5, 3, true]" $?
for fmt in csv html; do
    CCSCORE_NOW=2026-11-25 "$CCSCORE" run -c "$F/policy.ini" --period last-week --format $fmt "$F/partial.csv" \
        2>/dev/null >"$work/4.$fmt"
done
has "$work/4.csv" "2026-W47,section,run.coverage,1,,,days_in_period,5,,count" &&
has "$work/4.csv" "2026-W47,section,run.coverage,1,,,days_covered,3,,count" &&
has "$work/4.csv" "2026-W47,section,run.coverage,1,,,partial,true,,bool"
result "4: the csv report flags it too (run.coverage: 5 days, 3 covered, partial)" $?
has "$work/4.html" "covers 3 of the 5 days of 2026-W47"
result "4: the html report flags it too" $?
CCSCORE_NOW=2026-12-03 "$CCSCORE" run -c "$F/policy.ini" --period last-month "$F/partial.csv" >"$work/4m.txt" 2>/dev/null
has "$work/4m.txt" "month 2026-11 (2026-11-01 to 2026-11-30" &&
has "$work/4m.txt" "the data covers 8 of the 21 days of 2026-11 (2026-11-09 to 2026-11-18"
result "4: last-month on 2026-12-03 is 2026-11: 8 of its 21 weekdays covered" $?
CCSCORE_NOW=2026-11-19 "$CCSCORE" run -c "$F/policy.ini" --period yesterday "$F/partial.csv" >"$work/4y.txt" 2>"$work/4y.err"
has "$work/4y.txt" "day 2026-11-18" && has_re "$work/4y.txt" "^Intake Test Centre +100\.0 +4 " &&
! grep -q "About this run" "$work/4y.txt"
result "4: yesterday on 2026-11-19 is 2026-11-18, whole: 4 handled, no flag" $?
CCSCORE_NOW=2026-11-19 "$CCSCORE" run -c "$F/policy.ini" --period last-week "$F/partial.csv" >"$work/4w.txt" 2>/dev/null
has "$work/4w.txt" "week 2026-W46" && ! grep -q "Partial period" "$work/4w.txt"
result "4: last-week on 2026-11-19 is 2026-W46, fully covered: not flagged" $?
CCSCORE_NOW=soon "$CCSCORE" run -c "$F/policy.ini" --period last-week >/dev/null 2>"$work/4b.err"
rc_is 2 $? && has "$work/4b.err" "ccscore: error: CCSCORE_NOW must be a date (YYYY-MM-DD) or seconds since 1970"
result "4: a bad CCSCORE_NOW: exit 2" $?
"$CCSCORE" run -c "$F/policy.ini" --period last-year >/dev/null 2>"$work/4c.err"
rc_is 2 $? && has "$work/4c.err" "bad --period 'last-year'"
result "4: an unknown period word: exit 2" $?

# 6. -o - is standard output, - is standard input, .gz is decompressed;
# feedback files of two runs at once never share a folder.
"$CCSCORE" run -c "$F/policy.ini" >"$work/6a.txt" 2>/dev/null
"$CCSCORE" run -c "$F/policy.ini" -o - >"$work/6b.txt" 2>/dev/null
rc_is 0 $? && cmp -s "$work/6a.txt" "$work/6b.txt" && test ! -e ./-
result "6: -o - writes the same report to standard output (no file '-')" $?
"$CCSCORE" run -c "$F/policy.ini" - <"$F/partial.csv" >"$work/6c.txt" 2>/dev/null
rc_is 0 $? && has_re "$work/6c.txt" "contacts +stdin +read 32, accepted 32, rejected 0"
result "6: - reads partial.csv from standard input (32 rows)" $?
gzip -c "$F/partial.csv" >"$work/p.csv.gz"
"$CCSCORE" run -c "$F/policy.ini" "$work/p.csv.gz" >"$work/6d.txt" 2>/dev/null
rc_is 0 $? && has_re "$work/6d.txt" "p.csv.gz +read 32, accepted 32, rejected 0" &&
has_re "$work/6d.txt" "^Intake Test Centre +100\.0 +12 "
result "6: FILE.gz is read: 32 rows, 12 handled in 2026-W47" $?
gzip -c "$F/outcomes.csv" | "$CCSCORE" run -c "$F/policy.ini" - >/dev/null 2>"$work/6e.err"
rc_is 2 $? && has "$work/6e.err" "stdin:3: error: unknown outcome" &&
has "$work/6e.err" "stdin: error: 19 of 20 rows rejected (95.0%)"
result "6: gzip on standard input: rows named stdin:LINE" $?
head -c 300 "$work/p.csv.gz" >"$work/cut.csv.gz"
"$CCSCORE" run -c "$F/policy.ini" "$work/cut.csv.gz" >/dev/null 2>"$work/6f.err"
rc_is 2 $? && has "$work/6f.err" "cut.csv.gz: error: cannot decompress: unexpected end of file"
result "6: a cut .gz file: exit 2, cannot decompress" $?
"$CCSCORE" run -c "$F/policy.ini" - - </dev/null >/dev/null 2>"$work/6g.err"
rc_is 2 $? && has "$work/6g.err" "stdin: error: standard input ('-') named twice; name it once"
result "6: - twice: exit 2" $?
mkdir -p "$work/fb"
sed "s|^path = week.csv|path = $F/week.csv|" "$F/policy.ini" >"$work/fb/policy.ini"
printf '\n[sink files]\npath = out\n' >>"$work/fb/policy.ini"
"$CCSCORE" run -c "$work/fb/policy.ini" --period 2026-W46 >/dev/null 2>&1 &
pid=$!
"$CCSCORE" run -c "$work/fb/policy.ini" --period 2026-W47 >/dev/null 2>&1
wait $pid
(cd "$work/fb/out" && find . -type f | sort) >"$work/6h.list"
printf './2026-W46/agent-A1.md\n./2026-W46/agent-A2.md\n./2026-W46/team-t1.md\n./2026-W47/agent-A1.md\n./2026-W47/agent-A2.md\n./2026-W47/team-t1.md\n' |
    diff - "$work/6h.list"
result "6: two runs at once: one folder per period, three files each" $?
has "$work/fb/out/2026-W46/agent-A1.md" "# Your week: 2026-W46" && ! grep -q "W47" "$work/fb/out/2026-W46/"*.md &&
! grep -q "W46" "$work/fb/out/2026-W47/"*.md
result "6: each period's folder holds only that period's feedback" $?

# 9. -v shows plugins' info messages; coaching finds the installed templates
# without a templates key; ACW from a queue_log is no data, not 0 s.
"$CCSCORE" run -v -c "$F/policy.ini" >/dev/null 2>"$work/9a.err"
has "$work/9a.err" "ccscore: coaching: info: templates from " && grep -q "info: templates from .*/templates/en$" "$work/9a.err"
result "9: -v shows the coaching plugin's info message" $?
"$CCSCORE" run -c "$F/policy.ini" >/dev/null 2>"$work/9b.err"
! grep -q "info:" "$work/9b.err"
result "9: without -v, no info messages" $?
"$CCSCORE" feedback -c "$F/policy.ini" --agent A1 >"$work/9c.txt" 2>&1
rc_is 0 $? && has "$work/9c.txt" "Your after-call work stood out: 40 seconds against a target of 60 seconds"
result "9: coaching without a templates key writes feedback from the installed templates" $?
"$CCSCORE" run -c "$F/asterisk.ini" --format json 2>/dev/null >"$work/9d.json"
python3 - "$work/9d.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))["organisation_scorecard"]["metrics"]
assert m["acw"]["value"] is None and m["acw"]["n"] == 0 and m["acw"]["status"] == "insufficient", m["acw"]
assert m["aht"]["value"] == 140 and m["aht"]["n"] == 3, m["aht"]
PY
result "9: queue_log: ACW has no value (n 0, insufficient), AHT 140 s from talk and hold" $?
"$CCSCORE" run -c "$F/asterisk.ini" 2>/dev/null >"$work/9e.txt"
has_re "$work/9e.txt" "^Intake Asterisk +100\.0 +3 +140s +-\?"
result "9: the text report shows ACW as '-?', not 0s meeting its target" $?
