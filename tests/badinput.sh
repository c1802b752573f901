#!/bin/sh
# The bad-input corpus (tests/fixtures/bad, README.md there), in TAP: every
# case asserts the exact messages on stderr, the exit status, and, when a
# report is written, that rows read = accepted + rejected (and their values).
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
PYTHON3=${PYTHON3:-python3}
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore} # tests/valgrind.sh sets it
FX=$top_srcdir/tests/fixtures/bad
H='contact_id,agent_id,team,queue,channel,started_at,wait_s,talk_s,hold_s,acw_s,outcome,transferred,resolved,csat,nps,customer_id,notes'
echo "1..22"
work=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-bad.XXXXXX") || { echo "Bail out! no temporary folder"; exit 0; }
trap 'rm -rf "$work"' EXIT
cp "$FX"/* "$work"/
cp "$top_srcdir/tests/fixtures/e2e/contacts.csv" "$work/contacts.csv"
cd "$work" || exit 0
unset CCSCORE_PLUGIN_DIR CCSCORE_DATA_DIR
CCSCORE_NOW=2026-12-31
export CCSCORE_NOW
n=0

# t DESC RC STDERR [READ ACCEPTED REJECTED] -- ARGS...: run ccscore ARGS.
t() {
    desc=$1 want_rc=$2 want_err=$3
    shift 3
    counts=
    if [ "$1" != -- ]; then counts="$1 $2 $3"; shift 3; fi
    shift
    rm -f report.json
    "$CCSCORE" "$@" >out 2>err
    rc=$?
    fail=
    [ "$rc" -eq "$want_rc" ] || fail="exit status $rc, expected $want_rc"
    if [ -n "$want_err" ]; then printf '%s\n' "$want_err" >want; else : >want; fi
    cmp -s err want || fail="$fail${fail:+; }stderr differs"
    if [ -n "$counts" ]; then
        got=$("$PYTHON3" -c 'import json, sys
i = json.load(open("report.json", encoding="utf-8"))["input"][0]
assert i["read"] == i["accepted"] + i["rejected"], "read != accepted + rejected"
print(i["read"], i["accepted"], i["rejected"])' 2>&1)
        [ "$got" = "$counts" ] || fail="$fail${fail:+; }read accepted rejected: $got, expected $counts"
    fi
    n=$((n + 1))
    if [ -z "$fail" ]; then
        echo "ok $n - $desc"
    else
        echo "not ok $n - $desc"
        echo "# $fail"
        diff want err | head -20 | sed 's/^/# /'
    fi
}
R="run -c policy.ini --period 2026-11 -f json -o report.json"

t "an empty file is not recognised" 2 \
"empty.csv:1: error: cannot tell what this file holds: its header matches no source (contacts, evaluations, agents, objectives, activity or comments) of the policy or the plugins" \
  -- $R empty.csv

printf '[organisation]\nname = E\ntimezone = UTC\n[metric handled]\n[source contacts]\nuse = csv\nstream = contacts\npath = empty.csv\n' >empty_source.ini
t "an empty file as the policy's source: the file is empty" 2 \
"ccscore: contacts: error: $work/empty.csv: the file is empty; expected a header line naming the contacts columns
$work/empty.csv: error: could not read this contacts file
ccscore: error: input refused (on_bad_row = fail, or unreadable); no report written" \
  -- run -c "$work/empty_source.ini"

t "a header only: nothing to score" 2 \
"error: no contacts or evaluations were accepted: there is nothing to score" \
  -- $R header_only.csv

t "binary garbage is not recognised" 2 \
"binary.csv:1: error: cannot tell what this file holds: its header matches no source (contacts, evaluations, agents, objectives, activity or comments) of the policy or the plugins" \
  -- $R binary.csv

# A 10 MB row between two good ones, and a 10 MB file of one line.
{ echo "$H"; printf 'C1,A1,north,sales,voice,2026-11-10T09:00:00Z,5,120,0,10,answered,0,1,5,9,K1,'
  head -c 10485760 /dev/zero | tr '\0' x; echo
  echo "C2,A1,north,sales,voice,2026-11-10T09:00:00Z,5,120,0,10,answered,0,1,5,9,K1,"; } >big_row.csv
head -c 10485760 /dev/zero | tr '\0' a >big_line.csv
t "a 10 MB row is rejected and counted" 0 \
"big_row.csv:2: error: record longer than 1048576 bytes (max_line_bytes)" 2 1 1 \
  -- $R big_row.csv
if [ -x /usr/bin/time ]; then
    /usr/bin/time -f %M -o rss "$CCSCORE" $R big_row.csv 2>/dev/null
    n=$((n + 1))
    if [ "$(cat rss)" -lt 65536 ]; then echo "ok $n - reading it stays under 64 MB ($(cat rss) kB)"
    else echo "not ok $n - reading it stays under 64 MB ($(cat rss) kB)"; fi
else
    n=$((n + 1)); echo "ok $n # SKIP no /usr/bin/time"
fi
printf '[organisation]\nname = B\ntimezone = UTC\n[metric handled]\n[source contacts]\nuse = csv\nstream = contacts\npath = big_line.csv\n' >big_source.ini
t "a 10 MB single line as a header: refused naming the limit" 2 \
"ccscore: contacts: error: $work/big_line.csv:1: bad header: record longer than 1048576 bytes (max_line_bytes)
$work/big_line.csv: error: could not read this contacts file
ccscore: error: input refused (on_bad_row = fail, or unreadable); no report written" \
  -- run -c "$work/big_source.ini"

t "a NUL byte rejects its row" 0 "nul_bytes.csv:3: error: NUL byte in record" 3 2 1 -- $R nul_bytes.csv

t "invalid UTF-8 is accepted" 0 "" 2 2 0 -- $R invalid_utf8.csv
n=$((n + 1))
if "$PYTHON3" -c 'import json, sys
d = json.load(open("report.json", encoding="utf-8"))  # strict UTF-8
assert any(t["id"] == "n\ufffd(rth" for t in d["teams"]), [t["id"] for t in d["teams"]]' 2>py.err; then
    echo "ok $n - and the report is valid UTF-8, with U+FFFD for the bad bytes"
else
    echo "not ok $n - and the report is valid UTF-8, with U+FFFD for the bad bytes"; sed 's/^/# /' py.err
fi

t "text in every number column" 0 \
"text_in_numbers.csv:2: error: bad number in wait_s: 'five'
text_in_numbers.csv:3: error: bad number in talk_s: 'long'
text_in_numbers.csv:4: error: bad number in hold_s: 'none'
text_in_numbers.csv:5: error: bad number in acw_s: 'ten'
text_in_numbers.csv:7: error: bad flag (expected 0 or 1) in resolved: 'yes please'
text_in_numbers.csv:8: error: bad survey answer (expected 1-5) in csat: 'good'
text_in_numbers.csv:9: error: bad survey answer (expected 0-10) in nps: 'ten'
text_in_numbers.csv:10: error: bad date/time (expected ISO 8601, e.g. 2026-11-20T09:15:00+00:00) in started_at: 'yesterday'" \
  10 2 8 -- $R text_in_numbers.csv

t "negative and huge durations" 0 \
"durations.csv:2: error: negative duration in wait_s: '-5'
durations.csv:3: error: negative duration in talk_s: '-0.5'
durations.csv:4: error: implausible duration (over 86400 s) in talk_s: '86401'
durations.csv:5: error: implausible duration (over 86400 s) in talk_s: '1e308'
durations.csv:6: error: implausible duration (over 86400 s) in talk_s: '99999999999999999999999'
durations.csv:7: error: bad number in talk_s: '1e999'" \
  7 1 6 -- $R durations.csv

t "dates in the future and before 1970" 0 \
"dates.csv:2: error: started_at 2999-01-01T00:00:00Z is in the future (later than 2027-01-01T00:00:00Z, a day after this run)
dates.csv:3: error: started_at 2027-01-02T00:00:00Z is in the future (later than 2027-01-01T00:00:00Z, a day after this run)
dates.csv:4: error: started_at 1969-12-31T23:59:59Z is before 1970-01-01: not a real record time
dates.csv:5: error: started_at 1900-01-01T00:00:00Z is before 1970-01-01: not a real record time" \
  6 2 4 -- $R dates.csv

t "duplicate contact ids: the later rows are rejected" 0 \
"duplicates.csv:3: error: duplicate contact id 'C1' (first on line 2): the later row is rejected
duplicates.csv:5: error: duplicate contact id 'C1' (first on line 2): the later row is rejected" \
  5 3 2 -- $R duplicates.csv

printf '[organisation]\nname = D\ntimezone = UTC\nmin_sample = 1\n[metric handled]\n[source contacts]\nuse = csv\npath = contacts.csv\nduplicate_window = 0\n' >nodup.ini
t "duplicate_window = 0 turns the check off" 0 "" 5 5 0 \
  -- run -c nodup.ini --period 2026-11 -f json -o report.json duplicates.csv

t "limits from the policy: line length, field count, note length" 0 \
"limits.csv:3: error: note longer than 10 bytes (12): raise max_note_bytes to accept it
limits.csv:4: error: record longer than 200 bytes (max_line_bytes)
limits.csv:5: error: expected 17 fields, found 18
limits.csv:6: error: more than 20 fields (max_fields)" \
  6 2 4 -- run -c limits.ini --period 2026-11 -f json -o report.json limits.csv

printf '[organisation]\nname = L\ntimezone = UTC\n[metric handled]\n[source contacts]\nuse = csv\npath = contacts.csv\nmax_line_bytes = 10\nmax_fields = 0\n' >badlimits.ini
t "limits out of range are policy errors" 2 \
"badlimits.ini:8: error: 'max_line_bytes' = 10 is out of range 64..1073741824
badlimits.ini:9: error: 'max_fields' = 0 is out of range 1..65536
badlimits.ini: 2 errors" \
  -- check-config -c badlimits.ini

t "a policy with every key wrong: every error, exit 2" 2 \
"every_key_wrong.ini:3: error: unknown key 'nmae' in [organisation]; known keys: name, timezone, period, min_sample, fail_level, on_bad_row, plugin_path, modules, output_mode, pseudonymise, pseudonym_key, scoring, score_bands, review_on, max_rejected
every_key_wrong.ini:4: error: unknown timezone 'Mars/Olympus_Mons' (no /usr/share/zoneinfo/Mars/Olympus_Mons; is the tzdata package installed?)
every_key_wrong.ini:5: error: 'period' must be one of day,week,month, not 'fortnight'
every_key_wrong.ini:6: error: 'min_sample' must be a whole number, not 'lots'
every_key_wrong.ini:7: error: 'fail_level' must be one of none,info,advisory,breach,critical, not '7'
every_key_wrong.ini:8: error: 'on_bad_row' must be one of reject,fail, not 'ignore'
every_key_wrong.ini:13: error: 'weight' = -1 is out of range 0..1000
every_key_wrong.ini:14: error: 'near' = 150% is out of range 0%..100%
every_key_wrong.ini:15: error: unknown key 'colour' in [metric aht]; known keys: use, target, direction, weight, near, min_sample, scoring, bands, points
every_key_wrong.ini:12: error: 'target' must be a number, not 'fast'
every_key_wrong.ini:20: error: unknown key 'col_agent' in [source contacts]; known keys: use, path, stream, on_bad_row, max_rejected, col_contact_id, col_agent_id, col_team, col_queue, col_channel, col_started_at, col_wait_s, col_talk_s, col_hold_s, col_acw_s, col_outcome, col_transferred, col_resolved, col_csat, col_nps, col_customer_id, col_notes, col_evaluated_at, col_evaluator, col_score, col_max_score, col_auto_fail, col_name, col_hired_on, col_left_on, col_leave_reason, col_metric, col_target, col_from, col_to, col_young_worker, col_night_worker, col_opt_out_48h, col_activity, col_start, col_end, col_reason, col_received_on, col_route, col_sentiment, col_topic, answered_as, abandoned_as, max_line_bytes, max_fields, duplicate_window, max_note_bytes
every_key_wrong.ini: 11 errors" \
  -- check-config -c every_key_wrong.ini

t "an include loop" 2 \
"b_loop.ini:1: error: include loop: loop_a.ini -> b_loop.ini -> loop_a.ini
loop_a.ini: 1 error" -- check-config -c loop_a.ini

t "a policy that includes itself" 2 \
"self.ini:2: error: include loop: self.ini -> self.ini
self.ini: 1 error" -- check-config -c self.ini

t "a missing include" 2 \
"missing_include.ini:2: error: cannot read included file 'not_there.ini': No such file or directory
missing_include.ini: 1 error" -- check-config -c missing_include.ini

t "run stops on a bad policy too, with exit 2" 2 \
"missing_include.ini:2: error: cannot read included file 'not_there.ini': No such file or directory" \
  -- run -c missing_include.ini
exit 0
