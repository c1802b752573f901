#!/bin/sh
# Per-rule severities from the policy, in TAP: `severity = RULE:LEVEL, ...`
# in a check's section sets the severity of that rule's findings in every
# output (the bundled example: its 'dp.card_number' findings become
# advisory, 'dp.retention' info, every other finding keeps its severity);
# check-config refuses an unknown level and an item that is not RULE:LEVEL
# at file:line with the fix.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
PYTHON3=${PYTHON3:-python3}
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore} # tests/valgrind.sh sets it
echo "1..3"
work=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-severity.XXXXXX") || { echo "Bail out! no temporary folder"; exit 0; }
trap 'rm -rf "$work"' EXIT
unset CCSCORE_PLUGIN_DIR CCSCORE_DATA_DIR
umask 022
export CCSCORE_NOW=2026-12-31
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do printf '%s\n' "$l" | sed 's/^/# /'; done; }

mkdir "$work/conf" && cp -R "$top_srcdir/conf/example" "$top_srcdir/conf/templates" "$work/conf/" ||
    { echo "Bail out! cannot copy the example"; exit 0; }
chmod -R u+w "$work/conf"
cd "$work/conf/example" || exit 0
cp policy.ini plain.ini
with_severity() { # with_severity VALUE: policy.ini with it in [check data_protection]
    awk -v v="$1" '{ print } /^\[check data_protection\]/ { print "severity = " v }' plain.ini >policy.ini
}

"$CCSCORE" run -c plain.ini --format json -o "$work/plain.json" 2>"$work/err"
rc1=$?
with_severity "dp.card_number:advisory, dp.retention : info"
"$CCSCORE" run -c policy.ini --format json -o "$work/sev.json" 2>>"$work/err"
rc2=$?
"$PYTHON3" - "$work/plain.json" "$work/sev.json" >"$work/py.out" 2>&1 <<'PY'
import json, sys
plain, sev = (json.load(open(p))["findings"] for p in sys.argv[1:3])
want = {"dp.card_number": "advisory", "dp.retention": "info"}
problems = []
if len(plain) != len(sev):
    problems.append("%d findings, %d without the key" % (len(sev), len(plain)))
for rule, level in want.items():
    if not any(f["rule"] == rule for f in plain):
        problems.append("the example has no %s finding" % rule)
for a, b in zip(plain, sev):
    expect = want.get(a["rule"], a["severity"])
    if b["rule"] != a["rule"] or b["severity"] != expect:
        problems.append("%s %s: %s, expected %s" % (b["rule"], b["reference"], b["severity"], expect))
    if {k: v for k, v in a.items() if k != "severity"} != {k: v for k, v in b.items() if k != "severity"}:
        problems.append("%s %s changed beyond its severity" % (b["rule"], b["reference"]))
if problems:
    print("\n".join(problems[:20]))
PY
if [ $rc1 -eq 0 ] && [ $rc2 -eq 0 ] && [ ! -s "$work/py.out" ]; then
    ok "severity = dp.card_number:advisory, dp.retention:info sets those findings' severities, and only those"
else
    not_ok "severity = dp.card_number:advisory, dp.retention:info sets those findings' severities, and only those" \
        "exit $rc1 / $rc2" "$(cat "$work/py.out" "$work/err")"
fi

with_severity "dp.cvv:urgent"
line=$(grep -n '^severity = ' policy.ini | cut -d: -f1)
"$CCSCORE" check-config -c policy.ini >/dev/null 2>"$work/err"
rc=$?
want="policy.ini:$line: error: severity: unknown level 'urgent' for dp.cvv; use info, advisory, breach or critical (e.g. dp.cvv:breach)
policy.ini: 1 error"
if [ $rc -eq 2 ] && [ "$(cat "$work/err")" = "$want" ]; then ok "check-config refuses an unknown level at file:line"
else not_ok "check-config refuses an unknown level at file:line" "exit $rc" "$(cat "$work/err")"; fi

with_severity "dp.cvv"
"$CCSCORE" check-config -c policy.ini >/dev/null 2>"$work/err"
rc=$?
want="policy.ini:$line: error: severity: 'dp.cvv' is not RULE:LEVEL; write e.g. severity = dp.cvv:critical, dp.retention:info
policy.ini: 1 error"
if [ $rc -eq 2 ] && [ "$(cat "$work/err")" = "$want" ]; then ok "check-config refuses an item that is not RULE:LEVEL"
else not_ok "check-config refuses an item that is not RULE:LEVEL" "exit $rc" "$(cat "$work/err")"; fi
exit 0
