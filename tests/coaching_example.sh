#!/bin/sh
# The coaching feedback of the example organisation, checked on every agent
# and team (TAP, by tests/check_coaching.py): each agent's feedback opens with
# a real strength (or an improvement, or a neutral opening when there is
# neither), names at most max_focus areas that are the largest weighted gaps,
# suggests buddies who really meet the target in the same team, never calls a
# figure with too little data a shortfall; no team text names an individual.
# Both styles: the example's informal weekly note and a formal, detailed
# monthly review.
set -u
bin=${CCSCORE_UNDER_TEST:-${top_builddir:-.}/ccscore} # tests/valgrind.sh sets it
src="${top_srcdir:-.}"
py="${PYTHON3:-python3}"
if ! command -v "$py" >/dev/null 2>&1; then
    echo "1..0 # SKIP python3 not found"
    exit 0
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
"$bin" run -c "$src/conf/example/policy.ini" --format json -o "$tmp/week.json" || { echo "Bail out! run failed"; exit 1; }
cat > "$tmp/formal.ini" <<INI
include = $src/conf/example/policy.ini
[feedback coaching]
style = formal
depth = detailed
max_focus = 3
INI
"$bin" run -c "$tmp/formal.ini" --period 2026-11 --format json -o "$tmp/month.json" || { echo "Bail out! formal run failed"; exit 1; }
# The files sink: one Markdown file per agent and team, in the subfolder of
# the period (issue 11): the example's latest week, 2026-W47.
cat > "$tmp/files.ini" <<INI
include = $src/conf/example/policy.ini
[sink files]
path = $tmp/feedback
INI
"$bin" run -c "$tmp/files.ini" --format json -o "$tmp/files.json" || { echo "Bail out! files run failed"; exit 1; }
exec "$py" "$src/tests/check_coaching.py" "$tmp/month.json" "$tmp/week.json" "$tmp/feedback/2026-W47"
