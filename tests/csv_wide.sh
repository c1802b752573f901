#!/bin/sh
# The wide CSV layout (issue 11), in TAP, on tests/fixtures/team_targets:
# one row per card, four columns per metric, rates as percentages.  Each
# agent handled one contact of AHT 360 s; A1 and A2 resolved theirs, A3 did
# not, so FCR is 100, 100, 0 %, north's 50 %, the centre's 66.67 % (2 of 3);
# north's AHT target is its own 380 s, A3's its objective 340 s.
set -u
: "${top_builddir:?top_builddir must be set}" "${top_srcdir:?top_srcdir must be set}"
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore}
echo "1..1"
work=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-wide.XXXXXX") || { echo "Bail out! no temporary folder"; exit 0; }
trap 'rm -rf "$work"' EXIT
unset CCSCORE_PLUGIN_DIR CCSCORE_DATA_DIR
cp "$top_srcdir"/tests/fixtures/team_targets/* "$work/" && cd "$work" || exit 0
"$CCSCORE" run -c policy.ini --format csv_wide -o wide.csv 2>err
rc=$?
cut -d, -f1-6,9-16 wide.csv >got
cat >want <<'CSV'
period,entity,id,name,team,score,aht (s),aht n,aht target (s),aht status,fcr (%),fcr n,fcr target (%),fcr status
2026-W47,agent,A1,Ada Lovell,north,100,360,1,380,meets,100,1,80,meets
2026-W47,agent,A2,Ben Marsh,south,90,360,1,300,below,100,1,80,meets
2026-W47,agent,A3,Cy Ode,north,23.52941176470588,360,1,340,near,0,1,80,below
2026-W47,team,north,north,north,71.875,360,2,380,meets,50,2,80,below
2026-W47,team,south,south,south,90,360,1,300,below,100,1,80,meets
2026-W47,queue,sales,sales,,81.66666666666666,360,3,300,below,66.66666667,3,80,below
2026-W47,organisation,Team Targets Centre,Team Targets Centre,,81.66666666666666,360,3,300,below,66.66666667,3,80,below
CSV
if [ $rc = 0 ] && [ ! -s err ] && cmp -s want got; then
    echo "ok 1 - csv_wide: one row per card, value, n, target and status per metric, FCR as a percentage"
else
    echo "not ok 1 - csv_wide: one row per card, value, n, target and status per metric, FCR as a percentage"
    diff want got | sed 's/^/# /'; sed 's/^/# /' err
fi
