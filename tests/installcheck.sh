#!/bin/sh
# After `make install`: the installed example plugins build with their
# three-line Makefiles (the installed ccscore-plugin.mk), pass their own
# tests (make check: ccscore-plugin-test) and install into a user folder; a
# plugin compiled by hand against the installed header (pkg-config --cflags
# ccscore) loads and runs; the installed binary scores the installed example
# organisation.  Also `make installcheck`.
# Usage: tests/installcheck.sh PREFIX   (prints TAP)
set -u
prefix=$1
srcdir=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
fail() { n=$((n + 1)); echo "not ok $n - $1"; }
echo "1..$((5 + 4 * 3))"

export PKG_CONFIG_PATH="$prefix/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
docdir=$prefix/share/doc/ccscore
for ex in long_calls long_holds score_tsv; do
    cp -R "$docdir/examples/$ex" "$tmp/$ex" && chmod -R u+w "$tmp/$ex" || { fail "copy $ex"; continue; }
    if make -s -C "$tmp/$ex" CFLAGS='-O2 -Werror' >"$tmp/$ex.log" 2>&1; then
        ok "example $ex builds with its three-line Makefile"
    else
        fail "example $ex builds with its three-line Makefile"; sed 's/^/# /' "$tmp/$ex.log"
    fi
    [ "$(grep -c . "$tmp/$ex/Makefile")" -eq 3 ] && ok "example $ex: the Makefile is 3 lines" ||
        fail "example $ex: the Makefile is 3 lines"
    if make -s -C "$tmp/$ex" check >"$tmp/$ex.log" 2>&1 && ! grep -q '^not ok' "$tmp/$ex.log"; then
        ok "example $ex: make check passes ($(grep -c '^ok' "$tmp/$ex.log") checks)"
    else
        fail "example $ex: make check passes"; sed 's/^/# /' "$tmp/$ex.log"
    fi
    if make -s -C "$tmp/$ex" install PLUGINDIR="$tmp/user" >/dev/null 2>&1 && [ -f "$tmp/user/$ex.so" ]; then
        ok "example $ex: make install PLUGINDIR=a user folder"
    else
        fail "example $ex: make install PLUGINDIR=a user folder"
    fi
done

mkdir -p "$tmp/plugins"
if cc -shared -fPIC -Wall -Wextra -Werror $(pkg-config --cflags ccscore) \
      -o "$tmp/plugins/long_calls.so" "$docdir/examples/long_calls/long_calls.c"; then
    ok "example plugin compiles against the installed header"
else
    fail "example plugin compiles against the installed header"
fi

cat > "$tmp/policy.ini" <<INI
[organisation]
name = Out of tree
timezone = UTC
min_sample = 1
; kpi_small's K15 has an unknown outcome on purpose: 1 of 16 rows (6.25%)
max_rejected = 10%
plugin_path = $tmp/plugins
modules = csv kpi_core report long_calls
[metric aht]
[metric long_calls]
over_s = 300
target = 30%
[source contacts]
use = csv
path = $srcdir/tests/fixtures/kpi_small/contacts.csv
INI

if "$prefix/bin/ccscore" plugins -c "$tmp/policy.ini" | grep -q '^  \[metric long_calls\]'; then
    ok "ccscore plugins lists the out-of-tree metric"
else
    fail "ccscore plugins lists the out-of-tree metric"
fi

"$prefix/bin/ccscore" run -c "$tmp/policy.ini" --period 2026-W47 -f json -o "$tmp/report.json"
rc=$?
[ $rc -eq 0 ] && ok "run with the out-of-tree plugin exits 0" || fail "run with the out-of-tree plugin exits 0 (got $rc)"

# The same share computed independently from the CSV, for the organisation.
if python3 - "$tmp/report.json" "$srcdir/tests/fixtures/kpi_small/contacts.csv" <<'PY'
import csv, json, sys
from datetime import datetime, timezone
report = json.load(open(sys.argv[1]))
period = report["period"]
def utc_day(stamp):
    return datetime.fromisoformat(stamp).astimezone(timezone.utc).date().isoformat()
rows = [r for r in csv.DictReader(open(sys.argv[2], newline=""))
        if r["outcome"] == "answered" and period["start"] <= utc_day(r["started_at"]) <= period["end"]]
long_ones = sum(1 for r in rows if float(r["talk_s"]) + float(r["hold_s"]) + float(r["acw_s"]) > 300)
got = report["organisation_scorecard"]["metrics"]["long_calls"]
want = long_ones / len(rows)
assert got["n"] == len(rows), (got, len(rows))
assert abs(got["value"] - want) < 1e-12, (got, want)
assert got["ci_low"] is not None and got["ci_low"] <= want <= got["ci_high"]
PY
then ok "out-of-tree metric value equals an independent count"; else fail "out-of-tree metric value equals an independent count"; fi

if "$prefix/bin/ccscore" run -f json | python3 -c 'import json,sys; r=json.load(sys.stdin); assert len(r["agents"]) >= 30'; then
    ok "installed ccscore scores the installed example organisation"
else
    fail "installed ccscore scores the installed example organisation"
fi
