#!/bin/sh
# Duplicate contact ids whose two rows fall in different thread shares are
# caught as in one thread (issue 20): the same messages, lines, rows kept
# and counts with -j 2, 3, 8 and 40 (shares shorter than the window) as with
# -j 1, and the duplicates those runs report are exactly the ones an
# independent model of the window finds (a Python list of the W valid rows
# before each row).  The model also checks that every split of the file is
# straddled by a duplicate pair within the window, so that the comparison
# cannot pass by missing the boundaries.  Prints TAP.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
PYTHON3=${PYTHON3:-python3}
ccscore=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
result() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
W=40
JOBS="2 3 8 40"

# 1200 rows; about one in eight repeats the id of a row 1 to 45 rows
# earlier (both sides of the window), about one in thirty is malformed (a
# malformed row is no occurrence: it does not count towards the window).
"$PYTHON3" - "$tmp" "$W" "$JOBS" <<'PY' || echo "model failed" >"$tmp/model_failed"
import random, sys
tmp, W, jobs = sys.argv[1], int(sys.argv[2]), [int(j) for j in sys.argv[3].split()]
random.seed(20)
header = ("contact_id,agent_id,team,queue,channel,started_at,wait_s,talk_s,hold_s,acw_s,"
          "outcome,transferred,resolved,csat,nps,customer_id,notes\n")
rows, ids = [], []
for i in range(1200):
    cid = "K%05d" % i
    if i > 45 and random.random() < 0.125:
        cid = ids[i - random.choice(list(range(1, 46)) + [W - 1, W, W + 1] * 4)]
    ids.append(cid)
    talk = "abc" if random.random() < 1 / 30 else str(100 + i % 300)
    rows.append(f"{cid},A{i % 7},red,sales,voice,2026-11-{3 + i % 5:02d}T09:{i % 60:02d}:00Z,"
                f"{i % 30},{talk},0,10,answered,0,1,4,,X{i % 50},\n")
data = header + "".join(rows)
open(f"{tmp}/dups.csv", "w", newline="").write(data)

# The model: a valid row's id looked for among the W valid rows before it.
window, dups, bad = [], [], 0
for k, row in enumerate(rows):
    line, cid = k + 2, row.split(",", 1)[0]
    if ",abc," in row:
        bad += 1
        continue
    seen = [l for (c, l) in window if c == cid]
    if seen:
        dups.append((line, cid, min(seen)))
    window = (window + [(cid, line)])[-W:]
with open(f"{tmp}/expected.err", "w") as f:
    for line, cid, first in dups:
        f.write(f"dups.csv:{line}: error: duplicate contact id '{cid}' (first on line {first}): "
                "the later row is rejected\n")
open(f"{tmp}/expected.counts", "w").write(f"{len(rows)} {len(rows) - len(dups) - bad} {len(dups) + bad}\n")

# Where each -j splits (engine/parallel.c: the line after size/j*k), and
# a duplicate pair across each split, both within the window.
raw = data.encode()
starts, off = [], len(header)
for row in rows:
    starts.append(off)
    off += len(row.encode())
for j in jobs:
    for k in range(1, j):
        guess = len(raw) // j * k
        bound = raw.index(b"\n", guess) + 1 if b"\n" in raw[guess:] else len(raw)
        if not any(starts[l - 2] >= bound and starts[first - 2] < bound for l, _, first in dups):
            sys.exit(f"no duplicate straddles split {k} of -j {j}")
print(f"# {len(dups)} duplicates, {bad} malformed rows", file=sys.stderr)
PY

sed -e "s|^path = contacts.csv|path = dups.csv|" -e '$a max_rejected = 100%' -e "\$a duplicate_window = $W" \
    "$top_srcdir/tests/fixtures/e2e/policy.ini" >"$tmp/policy.ini"

echo "1..4"
cd "$tmp" || exit 1
test ! -e model_failed
result $? "the model: every split of -j $JOBS is straddled by a duplicate within the window"

"$ccscore" run -c policy.ini -j 1 -f json -o one.json dups.csv 2>one.err
grep 'duplicate contact id' one.err >one.dups
cmp -s expected.err one.dups
same=$?
[ $same = 0 ] || diff expected.err one.dups | head -5 | sed 's/^/# /'
result $same "-j 1 reports exactly the model's duplicates (lines, ids, first lines)"

# The read / accepted / rejected counts of the input, against the model.
counts=$("$PYTHON3" -c 'import json,sys; i=json.load(open(sys.argv[1]))["input"][0]; print(i["read"], i["accepted"], i["rejected"])' one.json)
[ "$counts" = "$(cat expected.counts)" ]
result $? "-j 1 counts read, accepted and rejected rows as the model does ($counts)"

same=0
for j in $JOBS; do
    CCSCORE_PARALLEL_MIN_BYTES=1 "$ccscore" run -c policy.ini -j "$j" -f json -o many.json dups.csv 2>many.err
    if ! cmp -s one.json many.json || ! cmp -s one.err many.err; then
        echo "# -j $j differs from -j 1"
        diff one.err many.err | head -5 | sed 's/^/# /'
        same=1
    fi
done
result $same "-j $JOBS give the report and the row errors of -j 1, byte for byte"
