#!/bin/sh
# The cache of contact rows' ids (engine/contact_keys.c), in TAP: counts
# worked by hand for rows whose strings could fool it.  Per day: agent "A1"
# of team "x" and agent "A" of team "1x" (the same bytes run together); the
# same agent, team, queue and channel on 2 November, then 3 November, then
# 2 November again (the cached cell must follow the period); a queue name of
# 300 bytes (longer than the cache keeps: looked up without it); one of 44
# bytes (its key is kept apart from the entry).
#   2 Nov: R1 R3 R7 A1/x/sales, R2 A/1x/<44>  -> A1 3, A 1, x 3, 1x 1, sales 3, <44> 1
#   3 Nov: R4 A1/x/sales, R5 R6 A1/x/<long>   -> A1 3, sales 1, <long> 2
set -u
: "${top_builddir:?top_builddir must be set}"
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore}
echo "1..2"
work=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-keys.XXXXXX") || { echo "Bail out! no temporary folder"; exit 0; }
trap 'rm -rf "$work"' EXIT
unset CCSCORE_PLUGIN_DIR CCSCORE_DATA_DIR
cd "$work" || exit 0
cat >policy.ini <<'INI'
[organisation]
name = Keys Centre
timezone = UTC
period = day

[metric handled]

[source contacts]
use = csv
path = contacts.csv
INI
long=$(printf '%300s' '' | tr ' ' q)
mid=queue-whose-name-is-longer-than-the-entry-44
{
    echo "contact_id,agent_id,team,queue,channel,started_at,wait_s,talk_s,hold_s,acw_s,outcome,transferred,resolved"
    for row in "R1,A1,x,sales,2026-11-02T09:00:00Z" "R2,A,1x,$mid,2026-11-02T09:05:00Z" \
        "R3,A1,x,sales,2026-11-02T10:00:00Z" "R4,A1,x,sales,2026-11-03T09:00:00Z" \
        "R5,A1,x,$long,2026-11-03T09:30:00Z" "R6,A1,x,$long,2026-11-03T09:40:00Z" \
        "R7,A1,x,sales,2026-11-02T11:00:00Z"; do
        echo "$row" | awk -F, -v OFS=, '{ print $1, $2, $3, $4, "voice", $5, 5, 100, 0, 10, "answered", 0, 1 }'
    done
} >contacts.csv

figures() { # period: entity,id,handled,n of every card
    CCSCORE_NOW=2026-11-20 "$CCSCORE" run -c policy.ini -f csv --period "$1" 2>err |
        awk -F, '$7 == "handled" { print $2 "," $3 "," $8 "," $9 }' | sed "s/$long/LONG/"
}

expect() { # number, period, what it shows, the cards wanted
    got=$(figures "$2")
    if [ "$got" = "$4" ] && [ ! -s err ]; then
        echo "ok $1 - $3"
    else
        echo "not ok $1 - $3"; printf '%s\n' "$got" | sed 's/^/# /'; sed 's/^/# /' err
    fi
}

expect 1 2026-11-02 "2 November: A1/x and A/1x apart; A1's row after 3 November's counts on the 2nd; a 44-byte queue name" \
'agent,A,1,1
agent,A1,3,3
team,1x,1,1
team,x,3,3
queue,queue-whose-name-is-longer-than-the-entry-44,1,1
queue,sales,3,3
organisation,Keys Centre,4,4'

expect 2 2026-11-03 "3 November: a 300-byte queue name counted without the cache" \
'agent,A1,3,3
team,x,3,3
queue,LONG,2,2
queue,sales,1,1
organisation,Keys Centre,3,3'
