#!/bin/sh
# A regular file is read through mmap (lib/csvread_io.c); a pipe, and any
# file when CCSCORE_NO_MMAP is set, with read(2).  Both give the same report
# and the same rejected rows with the same messages, on one thread and on
# several (each thread maps the file and reads its share).  Prints TAP.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
PYTHON3=${PYTHON3:-python3}
ccscore=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore}
fx=$top_srcdir/tests/fixtures/e2e
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
result() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

# The fixture's bad rows, then notes with "" escapes and line breaks (the
# mapped reader unescapes them into a buffer of its own, not the mapping).
"$PYTHON3" - "$fx/contacts_bad.csv" "$tmp/quoted.csv" <<'PY'
import sys
rows = open(sys.argv[1], newline="").read().splitlines(keepends=True)
out = [rows[0]]
for i, row in enumerate(rows[1:]):
    if i % 3 == 0 and row.rstrip("\r\n").endswith(","):
        row = row.rstrip("\r\n") + f'"said ""call me"", {i}\nthen hung up"\n'
    out.append(row)
open(sys.argv[2], "w", newline="").write("".join(out))
PY
sed -e "s|^path = contacts.csv|path = $fx/contacts.csv|" -e '$a max_rejected = 100%' \
    "$fx/policy.ini" >"$tmp/policy.ini"

echo "1..5"
for input in "$fx/contacts_bad.csv" "$tmp/quoted.csv"; do
    name=$(basename "$input")
    same=0
    for j in 1 3; do
        CCSCORE_PARALLEL_MIN_BYTES=1 "$ccscore" run -c "$tmp/policy.ini" -j $j -f json -o "$tmp/map.json" \
            "$input" 2>"$tmp/map.err"
        CCSCORE_NO_MMAP=1 CCSCORE_PARALLEL_MIN_BYTES=1 "$ccscore" run -c "$tmp/policy.ini" -j $j -f json \
            -o "$tmp/read.json" "$input" 2>"$tmp/read.err"
        if ! cmp -s "$tmp/map.json" "$tmp/read.json" || ! cmp -s "$tmp/map.err" "$tmp/read.err"; then
            echo "# $name differs with -j $j"
            diff "$tmp/map.err" "$tmp/read.err" | head -5 | sed 's/^/# /'
            same=1
        fi
    done
    result $same "$name: mmap and read(2) give the same report and row errors (-j 1 and -j 3)"
    cp "$tmp/map.err" "$tmp/$name.err"
done

# The rows rejected are really there (the comparison above is not of two
# empty outputs): the fixture's bad durations, among others.
grep -q "contacts_bad.csv:[0-9]*: error: .*bad number in talk_s" "$tmp/contacts_bad.csv.err"
result $? "contacts_bad.csv: its bad rows are rejected with their reasons"

# Standard input (a pipe, spooled, read with read(2) when CCSCORE_NO_MMAP
# is set) gives the report of the mapped file.
"$ccscore" run -c "$tmp/policy.ini" -f json -o "$tmp/map.json" "$tmp/quoted.csv" 2>/dev/null
cat "$tmp/quoted.csv" | CCSCORE_NO_MMAP=1 "$ccscore" run -c "$tmp/policy.ini" -f json -o "$tmp/pipe.json" - \
    2>/dev/null
"$PYTHON3" - "$tmp/map.json" "$tmp/pipe.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
def strip(x):
    """The input's name is the one thing that may differ."""
    if isinstance(x, dict):
        return {k: strip(v) for k, v in x.items() if k not in ("file", "path", "inputs")}
    if isinstance(x, list):
        return [strip(v) for v in x]
    return x
sys.exit(0 if strip(a) == strip(b) and a.get("agents") else 1)
PY
result $? "a pipe on standard input gives the mapped file's report"

# A file that is not regular (a FIFO) is never mapped: it still reads.
mkfifo "$tmp/fifo"
cat "$tmp/quoted.csv" >"$tmp/fifo" &
"$ccscore" run -c "$tmp/policy.ini" -f json -o "$tmp/fifo.json" "$tmp/fifo" 2>/dev/null
"$PYTHON3" -c 'import json,sys; a,b=(json.load(open(p)) for p in sys.argv[1:]); sys.exit(0 if a.get("agents")==b.get("agents") and a.get("agents") else 1)' \
    "$tmp/map.json" "$tmp/fifo.json"
result $? "a FIFO gives the mapped file's per-agent figures"
wait
