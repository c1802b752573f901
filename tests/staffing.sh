#!/bin/sh
# Tests of `ccscore staffing`, in TAP.  The expected figures are DOMAIN.md's
# Erlang C worked example (100 calls in 30 min, AHT 180 s, 80/20: A = 10,
# 14 agents, 20 with 30% shrinkage) and hand arithmetic for the caps.
set -u
: "${top_builddir:?top_builddir must be set}"
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore} # tests/valgrind.sh sets it
echo "1..12"
n=0
out=$(mktemp "${TMPDIR:-/tmp}/ccscore-staffing.XXXXXX") || { echo "Bail out! no temporary file"; exit 0; }
trap 'rm -f "$out" "$out.err"' EXIT
check() { # check DESC: the previous run's output has every line given on stdin
    n=$((n + 1))
    missing=
    while IFS= read -r want; do
        grep -qxF -- "$want" "$out" || missing="$missing# missing: |$want|
"
    done
    if [ -z "$missing" ]; then echo "ok $n - $1"; else
        echo "not ok $n - $1"; printf '%s' "$missing"; sed 's/^/# got: /' "$out"; fi
}
want_rc() { # want_rc EXPECTED RC DESC
    n=$((n + 1))
    if [ "$2" -eq "$1" ]; then echo "ok $n - $3"; else
        echo "not ok $n - $3 (exit $2, expected $1)"; sed 's/^/# stderr: /' "$out.err"; fi
}

"$CCSCORE" staffing --calls 100 --interval 30m --aht 180 --target 80/20 --shrinkage 30% >"$out" 2>"$out.err"
want_rc 0 $? "worked example runs"
check "worked example: 14 agents, 20 scheduled, figures to 4 decimals" <<'EOF2'
  traffic            10.0000 Erlangs (100 contacts in 30 min, AHT 180 s)
  agents needed      14
  agents to schedule 20 (with 30% shrinkage)
  service level      0.8884 (88.84% within 20 s)
  ASA                7.84 s
  occupancy          0.7143
  P(wait)            0.1741
EOF2
check "worked example: table N-2..N+2 with SL(12) 0.6402, SL(13) 0.7956" <<'EOF2'
       12    0.4494         0.6402     40.44     0.8333
       13    0.2853         0.7956     17.12     0.7692
  >    14    0.1741         0.8884      7.84     0.7143
       15    0.1020         0.9415      3.67     0.6667
       16    0.0573         0.9706      1.72     0.6250
EOF2

# Same traffic written differently: 1h interval with 200 calls, AHT 3m, 80%/20s.
"$CCSCORE" staffing --calls 200 --interval 1h --aht 3m --target 80%/20s >"$out" 2>"$out.err"
want_rc 0 $? "units h, m, % and s"
check "200 calls an hour at 3 min is also 10 Erlangs: 14 agents" <<'EOF2'
  traffic            10.0000 Erlangs (200 contacts in 60 min, AHT 180 s)
  agents needed      14
EOF2

# Occupancy cap: 10 / 0.70 = 14.29, so 15 agents; 15 / (1 - 0.3) = 21.4, so 22.
"$CCSCORE" staffing --calls 100 --interval 30 --aht 180 --target 80/20 --max-occupancy 0.7 --shrinkage 0.3 >"$out" 2>"$out.err"
want_rc 0 $? "occupancy cap as a fraction"
check "occupancy cap raises 14 to 15; 22 scheduled" <<'EOF2'
  agents needed      15 (14 meet the service level; raised to keep occupancy at most 70%)
  agents to schedule 22 (with 30% shrinkage)
EOF2

"$CCSCORE" staffing --calls 100 --interval 30m --aht 180 --target 80/20 --shrinkage 100% >"$out" 2>"$out.err"
want_rc 2 $? "shrinkage of 100% is refused"
"$CCSCORE" staffing --calls 100 --interval 30x --aht 180 --target 80/20 >"$out" 2>"$out.err"
want_rc 2 $? "bad interval unit is refused"
"$CCSCORE" staffing --calls 100 --interval 30m --aht 180 --target 80 >"$out" 2>"$out.err"
want_rc 2 $? "target without a threshold is refused"
"$CCSCORE" staffing --calls -5 --interval 30m --aht 180 --target 80/20 >"$out" 2>"$out.err"
want_rc 2 $? "negative calls are refused"
"$CCSCORE" staffing --interval 30m --aht 180 --target 80/20 >"$out" 2>"$out.err"
want_rc 2 $? "missing --calls is refused"
