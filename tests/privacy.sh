#!/bin/sh
# Pseudonyms, in TAP: with pseudonymise = yes every report (text, JSON, CSV)
# names agents only by the keyed hash of their id, HMAC-SHA-256 with the key
# file's bytes (checked here with Python's hmac, an independent
# implementation), "a-" and the first 8 bytes in hex; figures are unchanged;
# the key file is refused when group or others may read it, when it is short
# or missing; and nothing but the reports is written (no mapping).
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
PYTHON3=${PYTHON3:-python3}
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore} # tests/valgrind.sh sets it
echo "1..8"
work=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-privacy.XXXXXX") || { echo "Bail out! no temporary folder"; exit 0; }
trap 'rm -rf "$work"' EXIT
unset CCSCORE_PLUGIN_DIR CCSCORE_DATA_DIR
umask 022
cd "$work" || exit 0
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do printf '%s\n' "$l" | sed 's/^/# /'; done; }

cp "$top_srcdir/tests/fixtures/e2e/contacts.csv" .
cat >agents.csv <<CSV
agent_id,name,team,hired_on,left_on,leave_reason
A1,Alice Smith,red,2020-01-06,,
A2,Bob Jones,red,2021-03-01,,
A3,Carol White,blue,2019-05-20,,
CSV
printf 'ccscore test key: 32 bytes long!' >key.bin
chmod 600 key.bin
policy() { # policy PSEUDONYMISE KEY-LINE
    cat >policy.ini <<INI
[organisation]
name = Private
timezone = UTC
min_sample = 1
pseudonymise = $1
$2
[metric handled]
[metric aht]
[source contacts]
use = csv
path = contacts.csv
[source agents]
use = csv
path = agents.csv
INI
}

policy no ""
"$CCSCORE" run -c policy.ini --period 2026-11 -f json -o plain.json 2>err
rc_plain=$?
policy yes "pseudonym_key = key.bin"
ls -A | sort >before
"$CCSCORE" run -c policy.ini --period 2026-11 -f json -o pseudo.json 2>err &&
    "$CCSCORE" run -c policy.ini --period 2026-11 -f csv -o pseudo.csv 2>>err &&
    "$CCSCORE" run -c policy.ini --period 2026-11 -f text -o pseudo.txt 2>>err
rc=$?
if [ $rc -eq 0 ] && [ $rc_plain -eq 0 ]; then ok "runs with and without pseudonyms exit 0"
else not_ok "runs with and without pseudonyms exit 0" "exit $rc / $rc_plain" "$(cat err)"; fi

"$PYTHON3" - >py.out 2>&1 <<'PY'
import hashlib, hmac, json
key = open("key.bin", "rb").read()
def pseud(i):
    return "a-" + hmac.new(key, i.encode(), hashlib.sha256).digest()[:8].hex()
plain, pseudo = json.load(open("plain.json")), json.load(open("pseudo.json"))
problems = []
want = sorted(pseud(a["id"]) for a in plain["agents"])
got = [a["id"] for a in pseudo["agents"]]
if got != want:
    problems.append("agent ids %r, expected %r (sorted HMACs)" % (got, want))
for a in plain["agents"]:
    p = [x for x in pseudo["agents"] if x["id"] == pseud(a["id"])]
    if len(p) != 1:
        continue
    p = p[0]
    if p.get("name", p["id"]) != p["id"]:
        problems.append("%s has the name %r" % (p["id"], p.get("name")))
    if p["metrics"] != a["metrics"] or p["team"] != a["team"] or p.get("score") != a.get("score"):
        problems.append("figures of %s differ from %s's" % (p["id"], a["id"]))
if pseudo["teams"] != plain["teams"]:
    problems.append("team cards differ")
if problems:
    print("\n".join(problems))
PY
if [ ! -s py.out ]; then ok "agents are HMAC-SHA-256 pseudonyms of their ids, in pseudonym order, figures unchanged"
else not_ok "agents are HMAC-SHA-256 pseudonyms of their ids, in pseudonym order, figures unchanged" "$(cat py.out)"; fi

leaks=
for word in A1 A2 A3 Alice Smith Bob Jones Carol White; do
    for f in pseudo.json pseudo.csv pseudo.txt; do
        grep -qw -- "$word" "$f" && leaks="$leaks $word in $f;"
    done
done
if [ -z "$leaks" ]; then ok "no agent id or name appears in the JSON, CSV or text report"
else not_ok "no agent id or name appears in the JSON, CSV or text report" "$leaks"; fi

ls -A | sort >after
extra=$(comm -13 before after | grep -v '^pseudo\.\(json\|csv\|txt\)$' | grep -v '^\(err\|py\.out\|after\|before\)$')
if [ -z "$extra" ]; then ok "nothing but the reports is written (no mapping)"
else not_ok "nothing but the reports is written (no mapping)" "$extra"; fi

chmod 640 key.bin
"$CCSCORE" check-config -c policy.ini 2>err >/dev/null
rc=$?
want="policy.ini:6: error: the pseudonym key file ./key.bin is open to group or others (mode 0640): anyone who can read it can undo the pseudonyms; fix it with 'chmod 600 ./key.bin'
policy.ini: 1 error"
if [ $rc -eq 2 ] && [ "$(cat err)" = "$want" ]; then ok "a key file readable by its group is refused"
else not_ok "a key file readable by its group is refused" "exit $rc" "$(cat err)"; fi
chmod 600 key.bin

printf 'short' >short.bin
chmod 600 short.bin
policy yes "pseudonym_key = short.bin"
"$CCSCORE" run -c policy.ini 2>err >/dev/null
rc=$?
want="policy.ini:6: error: the pseudonym key file ./short.bin holds 5 bytes; it needs at least 16 random bytes (e.g. head -c 32 /dev/urandom > ./short.bin && chmod 600 ./short.bin)"
if [ $rc -eq 2 ] && [ "$(cat err)" = "$want" ]; then ok "a short key is refused, and run exits 2"
else not_ok "a short key is refused, and run exits 2" "exit $rc" "$(cat err)"; fi

policy yes ""
"$CCSCORE" check-config -c policy.ini 2>err >/dev/null
rc=$?
want="policy.ini:5: error: pseudonymise = yes needs pseudonym_key = FILE, a file of at least 16 secret random bytes
policy.ini: 1 error"
if [ $rc -eq 2 ] && [ "$(cat err)" = "$want" ]; then ok "pseudonymise without a key is refused"
else not_ok "pseudonymise without a key is refused" "exit $rc" "$(cat err)"; fi

policy yes "pseudonym_key = nokey.bin"
"$CCSCORE" check-config -c policy.ini 2>err >/dev/null
rc=$?
want="policy.ini:6: error: cannot open the pseudonym key file ./nokey.bin: No such file or directory
policy.ini: 1 error"
if [ $rc -eq 2 ] && [ "$(cat err)" = "$want" ]; then ok "a missing key file is refused"
else not_ok "a missing key file is refused" "exit $rc" "$(cat err)"; fi
exit 0
