#!/bin/sh
# The committed example data is the generators' default output, in TAP:
# bench/ccscore-gen --out DIR must write conf/example/data/*.csv and
# bench/ccscore-qlgen must write conf/example-asterisk/queue_log byte for byte
# (README.md: "Regenerate the example data").  members.csv and policy.ini of
# the Asterisk example are written by hand, not generated.  On a difference
# the first differing byte and line are shown.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
GEN=$top_builddir/bench/ccscore-gen
QLGEN=$top_builddir/bench/ccscore-qlgen
work=$(mktemp -d "$top_builddir/example-repro.XXXXXX") || { echo "Bail out! no temporary folder in the build tree"; exit 0; }
trap 'rm -rf "$work"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do printf '%s\n' "$l" | sed 's/^/# /'; done; }

# same WANT GOT DESC: byte for byte, else the first difference
same() {
    if cmp -s "$1" "$2"; then ok "$3"; return; fi
    if [ ! -f "$2" ]; then not_ok "$3" "not written: $2"; return; fi
    not_ok "$3" "$(cmp "$1" "$2" 2>&1)" \
        "$(diff "$1" "$2" 2>&1 | head -n 5)"
}

files="activity.csv agents.csv comments.csv contacts.csv evaluations.csv objectives.csv planted.csv staff_survey.csv"
echo "1..10"

# Any TZ: the generators must not depend on the machine's timezone.
if TZ=America/New_York "$GEN" --out "$work/example" >"$work/gen.out" 2>&1; then
    ok "ccscore-gen --out DIR runs"
else
    not_ok "ccscore-gen --out DIR runs" "$(cat "$work/gen.out")"
fi
for f in $files; do
    same "$top_srcdir/conf/example/data/$f" "$work/example/$f" "conf/example/data/$f is ccscore-gen's default output"
done
if TZ=Asia/Tokyo "$QLGEN" >"$work/queue_log" 2>"$work/qlgen.err"; then
    same "$top_srcdir/conf/example-asterisk/queue_log" "$work/queue_log" \
        "conf/example-asterisk/queue_log is ccscore-qlgen's default output"
else
    not_ok "conf/example-asterisk/queue_log is ccscore-qlgen's default output" "$(cat "$work/qlgen.err")"
fi
