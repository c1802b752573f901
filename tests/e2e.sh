#!/bin/sh
# End-to-end tests of the ccscore binary, in TAP.
#
# Run by `make check` with top_srcdir, top_builddir (absolute) and PYTHON3 in
# the environment; by hand:
#   cd BUILD && top_srcdir=/path/to/src top_builddir=$PWD PYTHON3=python3 sh SRC/tests/e2e.sh
#
# The fixtures are in tests/fixtures/e2e; every expected value below was worked
# out by hand from their rows (see tests/fixtures/e2e/README.md), fractions
# written as a/b.  The script always exits 0: the TAP driver counts the
# "not ok" lines.
set -u

: "${top_srcdir:?top_srcdir must be set}"
: "${top_builddir:?top_builddir must be set}"
PYTHON3=${PYTHON3:-python3} # configure leaves it empty when there is none
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore} # tests/valgrind.sh sets it
FIXTURES=$top_srcdir/tests/fixtures/e2e
SCHEMA=$top_srcdir/docs/report.schema.json
PLAN=55

echo "1..$PLAN"

work=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-e2e.XXXXXX") || {
    echo "Bail out! cannot create a temporary folder"
    exit 0
}
trap 'rm -rf "$work"' EXIT
trap 'exit 0' HUP INT TERM
cp "$FIXTURES"/*.ini "$FIXTURES"/*.csv "$work"/ || echo "# cannot copy the fixtures"
cd "$work" || exit 0
# Colour and the environment overrides would change what is compared.
unset CCSCORE_PLUGIN_DIR CCSCORE_DATA_DIR
NO_COLOR=1
export NO_COLOR

n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }
diag_file() { [ -s "$1" ] && sed "s|^|# $2|" "$1"; return 0; }

# cc NAME ARGS...: run ccscore; NAME.out, NAME.err and $rc.
cc() {
    name=$1
    shift
    "$CCSCORE" "$@" >"$name.out" 2>"$name.err"
    rc=$?
}

# result DESC: report the checks collected in $fail (empty: ok; a skip when
# values could not be checked for want of Python).
fail=
py_missing=
result() {
    if [ -n "$fail" ]; then
        not_ok "$1"
        printf '%s' "$fail" | sed 's/^/# /'
    elif [ -n "$py_missing" ]; then
        skip "$PYTHON3 not available to check the values ($1)"
    else
        ok "$1"
    fi
    fail=
    py_missing=
}
want_rc() { # want_rc EXPECTED NAME: $rc of run NAME
    if [ "$rc" -ne "$1" ]; then
        fail="$fail$2: exit status $rc, expected $1
"
        [ -s "$2.err" ] && fail="$fail$(sed 's/^/  stderr: /' "$2.err" | head -20)
"
    fi
    return 0
}
want_empty() { # want_empty FILE
    if [ -s "$1" ]; then
        fail="$fail$1 should be empty but has:
$(sed 's/^/  | /' "$1" | head -20)
"
    fi
    return 0
}
want_text() { # want_text FILE EXPECTED-CONTENT: exact, whole file
    printf '%s\n' "$2" >"$1.want"
    if ! cmp -s "$1" "$1.want"; then
        fail="$fail$1 differs from what was expected (- expected, + got):
$(diff "$1.want" "$1" | sed 's/^/  /' | head -30)
"
    fi
    return 0
}
want_line() { # want_line FILE LINE: one line exactly equal to LINE
    if ! grep -Fqx -- "$2" "$1"; then
        fail="$fail$1 has no line: $2
"
    fi
    return 0
}
# others DIR NAME...: the entries of DIR (one level) other than the NAMEs.
others() {
    dir=$1
    shift
    for keep in "$@"; do
        set -- "$@" ! -name "$keep"
        shift
    done
    find "$dir/." ! -name . -prune "$@" -print | sed 's|.*/||'
}
have_py=no
"$PYTHON3" -c 'import json, csv, fractions' >/dev/null 2>&1 && have_py=yes
want_py() { # want_py ARGS...: jcheck.py ARGS, any message goes into $fail
    if [ "$have_py" != yes ]; then
        py_missing=yes
        return 0
    fi
    if ! "$PYTHON3" "$work/jcheck.py" "$@" >"$work/py.out" 2>&1; then
        fail="$fail$(cat "$work/py.out")
"
    fi
    return 0
}

# The value checker: jcheck.py FILE SPEC...  SPEC is PATH=VALUE (numbers to
# 1e-9 relative, VALUE as JSON or a fraction a/b), #PATH=N (array length) or
# @PATH=a,b (ids of the array's items in order).  PATH: keys with dots, [N]
# an index, [ID] the item whose id is ID.  --same A B KEY...: the keys are
# equal in both files.  --schema SCHEMA FILE...: validate (exit 3 without
# jsonschema).  --csv FILE SPEC...: the csv report, rows as [ENTITY/ID/METRIC].
cat >"$work/jcheck.py" <<'PYEOF'
import csv, json, re, sys
from fractions import Fraction

TOL = 1e-9
problems = []


def expected(text):
    if re.fullmatch(r"-?[0-9]+/[0-9]+", text):
        return float(Fraction(text))
    try:
        return json.loads(text)
    except ValueError:
        return text


def same(got, want):
    if isinstance(want, (int, float)) and not isinstance(want, bool):
        if isinstance(got, str):
            try:
                got = float(got)
            except ValueError:
                return False
        if not isinstance(got, (int, float)) or isinstance(got, bool):
            return False
        return abs(got - want) <= TOL * max(1.0, abs(want))
    return got == want


def lookup(doc, path):
    cur = doc
    for name, key in re.findall(r"([^.\[\]]+)|\[([^\]]*)\]", path):
        if name:
            cur = cur[name]
        elif isinstance(cur, list) and re.fullmatch(r"[0-9]+", key):
            cur = cur[int(key)]
        elif isinstance(cur, list):
            hits = [x for x in cur if isinstance(x, dict) and x.get("id") == key]
            if len(hits) != 1:
                raise KeyError("%d items with id %r" % (len(hits), key))
            cur = hits[0]
        else:
            cur = cur[key]
    return cur


def check(doc, spec):
    path, _, value = spec.partition("=")
    try:
        if path.startswith("#"):
            got, want = len(lookup(doc, path[1:])), int(value)
        elif path.startswith("@"):
            got = [x["id"] for x in lookup(doc, path[1:])]
            want = value.split(",") if value else []
        else:
            got, want = lookup(doc, path), expected(value)
    except (KeyError, IndexError, TypeError) as e:
        problems.append("%s: not found (%s)" % (path, e))
        return
    if not same(got, want):
        problems.append("%s: got %r, expected %r" % (path, got, want))


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        print("%s: not a JSON report: %s" % (path, e))
        sys.exit(1)


args = sys.argv[1:]
if args[0] == "--schema":
    try:
        import jsonschema
    except ImportError:
        sys.exit(3)
    schema = load(args[1])
    jsonschema.Draft7Validator.check_schema(schema)
    v = jsonschema.Draft7Validator(schema)
    for path in args[2:]:
        for e in sorted(v.iter_errors(load(path)), key=lambda e: list(e.path)):
            problems.append("%s: %s: %s" % (path, "/".join(map(str, e.path)), e.message))
elif args[0] == "--invalid":
    # --invalid SCHEMA FILE PATH=JSON: the report with one value replaced
    # (or a key added) must fail validation.
    import jsonschema
    schema, doc = load(args[1]), load(args[2])
    path, _, value = args[3].partition("=")
    parent, _, last = path.rpartition(".")
    lookup(doc, parent)[last] = json.loads(value)
    if jsonschema.Draft7Validator(schema).is_valid(doc):
        problems.append("the schema accepts %s" % args[3])
elif args[0] == "--same":
    a, b = load(args[1]), load(args[2])
    for key in args[3:]:
        if a.get(key) != b.get(key):
            problems.append("%s differs between %s and %s" % (key, args[1], args[2]))
elif args[0] == "--csv":
    with open(args[1], newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header = "period,entity,id,name,team,score,metric,value,n,unit,target,status,gap,ci_low,ci_high,previous,points,method,band,review,at"
    if not rows or ",".join(rows[0]) != header:
        problems.append("header is %r" % (",".join(rows[0]) if rows else None))
    table = {}
    for i, r in enumerate(rows[1:], 2):
        if len(r) != 21:
            problems.append("line %d has %d fields, not 21" % (i, len(r)))
            continue
        table["%s/%s/%s" % (r[1], r[2], r[6])] = dict(zip(header.split(","), r))
    table["#rows"] = len(rows) - 1
    for spec in args[2:]:
        if spec.startswith("#rows="):
            if table["#rows"] != int(spec[6:]):
                problems.append("%d rows, expected %s" % (table["#rows"], spec[6:]))
            continue
        path, _, value = spec.partition("=")
        try:
            got = lookup(table, path)
        except KeyError as e:
            problems.append("%s: not found (%s)" % (path, e))
            continue
        want = expected(value) if value != "" else ""
        if not same(got, want):
            problems.append("%s: got %r, expected %r" % (path, got, want))
else:
    doc = load(args[0])
    for spec in args[1:]:
        check(doc, spec)
for p in problems[:40]:
    print(p)
sys.exit(1 if problems else 0)
PYEOF

# ------------------------------------------------------------------ CLI basics

cc help --help
want_rc 0 help
grep -q '^Usage: ccscore COMMAND' help.out || fail="${fail}no usage text on stdout
"
want_empty help.err
result "ccscore --help prints the usage and exits 0"

cc bogus bogus
want_rc 2 bogus
want_text bogus.err "ccscore: error: unknown command 'bogus'; try 'ccscore --help'"
want_empty bogus.out
result "ccscore bogus exits 2 naming the command"

cc noargs
want_rc 2 noargs
grep -q '^Usage: ccscore' noargs.err || fail="${fail}no usage on stderr
"
result "ccscore without a command exits 2 with the usage on stderr"

version=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' "$top_builddir/config.h")
cc version --version
want_rc 0 version
case $(cat version.out) in
"ccscore $version (plugin ABI "*")") ;;
*) fail="${fail}--version printed '$(cat version.out)', expected 'ccscore $version (plugin ABI ...)'
" ;;
esac
result "ccscore --version prints the version ($version)"

cc badopt run --frobnicate
want_rc 2 badopt
result "an unknown option exits 2"

# ------------------------------------------------------------------ the fixture, JSON

cc week run -c policy.ini -f json
want_rc 0 week
want_empty week.err
result "run -c policy.ini -f json exits 0 with nothing on stderr"

want_py week.out schema_version=2 'organisation="E2E Test Centre"' 'timezone="UTC"' min_sample=3 \
    'period.id="2026-W46"' 'period.kind="week"' 'period.start="2026-11-09"' \
    'period.end="2026-11-15"' 'period.previous="2026-W45"'
result "the report covers the latest week, 2026-W46, with trends against 2026-W45"

want_py week.out '#input=1' 'input[0].source="contacts"' 'input[0].stream="contacts"' \
    'input[0].path="./contacts.csv"' input[0].read=20 input[0].accepted=20 input[0].rejected=0 \
    '#rejected_rows=0' '#findings=0' '#feedback=0'
result "input: 20 rows read, 20 accepted, 0 rejected"

want_py week.out @agents=A1,A2,A3 @teams=blue,red @queues=sales,support \
    'organisation_scorecard.id="E2E Test Centre"' 'agents[A1].team="red"' 'agents[A3].team="blue"' \
    'queues[sales].team=null' 'agents[A1].name="A1"'
result "agents, teams and queues of the week, sorted by id"

want_py week.out \
    'agents[A1].metrics.handled.value=5' \
    'agents[A1].metrics.aht.value=243' 'agents[A1].metrics.aht.n=5' \
    'agents[A1].metrics.fcr.value=4/5' 'agents[A1].metrics.fcr.n=5' \
    'agents[A1].metrics.csat.value=3/4' 'agents[A1].metrics.csat.n=4' \
    'agents[A1].metrics.service_level.value=4/5' 'agents[A1].metrics.service_level.n=5'
result "A1: handled 5, aht 243, fcr 4/5, csat 3/4, service level 4/5"

want_py week.out \
    'agents[A2].metrics.handled.value=7' \
    'agents[A2].metrics.aht.value=2230/7' 'agents[A2].metrics.aht.n=7' \
    'agents[A2].metrics.fcr.value=5/7' 'agents[A2].metrics.fcr.n=7' \
    'agents[A2].metrics.csat.value=1' 'agents[A2].metrics.csat.n=3' \
    'agents[A2].metrics.service_level.value=3/7' 'agents[A2].metrics.service_level.n=7'
result "A2: handled 7, aht 2230/7, fcr 5/7, csat 3/3, service level 3/7"

want_py week.out \
    'agents[A3].metrics.handled.value=2' \
    'agents[A3].metrics.aht.value=390' 'agents[A3].metrics.aht.n=2' \
    'agents[A3].metrics.fcr.value=1' 'agents[A3].metrics.fcr.n=1' \
    'agents[A3].metrics.csat.value=0' 'agents[A3].metrics.csat.n=1' \
    'agents[A3].metrics.service_level.value=1/2' 'agents[A3].metrics.service_level.n=2'
result "A3: handled 2, aht 390, fcr 1/1 (a row without a resolved flag left out), csat 0/1, service level 1/2"

want_py week.out \
    'agents[A1].metrics.aht.status="meets"' 'agents[A1].metrics.fcr.status="meets"' \
    'agents[A1].metrics.csat.status="below"' 'agents[A1].metrics.service_level.status="meets"' \
    'agents[A2].metrics.aht.status="near"' 'agents[A2].metrics.fcr.status="near"' \
    'agents[A2].metrics.csat.status="meets"' 'agents[A2].metrics.service_level.status="below"' \
    'agents[A3].metrics.aht.status="insufficient"' 'agents[A3].metrics.fcr.status="insufficient"' \
    'agents[A3].metrics.csat.status="insufficient"' 'agents[A3].metrics.service_level.status="insufficient"' \
    'agents[A1].metrics.handled.status=null' 'agents[A1].metrics.handled.target=null' \
    'agents[A1].metrics.aht.target=300' 'agents[A1].metrics.aht.target_source="policy"' \
    'agents[A1].metrics.aht.direction="lower"' 'agents[A1].metrics.aht.weight=2' \
    'agents[A1].metrics.fcr.target=3/4' 'agents[A1].metrics.fcr.direction="higher"' \
    'agents[A1].metrics.fcr.unit="%"' 'agents[A1].metrics.aht.unit="s"'
result "statuses against the targets: meets, near, below and insufficient (n < 3)"

want_py week.out \
    'agents[A1].metrics.csat.gap=1/16' 'agents[A2].metrics.aht.gap=13/210' \
    'agents[A2].metrics.fcr.gap=1/21' 'agents[A2].metrics.service_level.gap=3/7' \
    'agents[A1].metrics.aht.gap=0' 'agents[A3].metrics.aht.gap=0' \
    'agents[A1].score=98.75' 'agents[A2].score=88' 'agents[A3].score=null' \
    '#agents[A2].shortfalls=3' 'agents[A2].shortfalls[0].metric="service_level"' \
    'agents[A2].shortfalls[1].metric="aht"' 'agents[A2].shortfalls[1].weighted_gap=26/210' \
    'agents[A2].shortfalls[2].metric="fcr"' '#agents[A3].shortfalls=0'
result "gaps, weighted scores (98.75, 88, none) and shortfalls in order"

want_py week.out \
    'agents[A1].metrics.service_level.ci_low=0.3755346297625255' \
    'agents[A1].metrics.service_level.ci_high=0.9637758913675697' \
    'agents[A2].metrics.service_level.ci_low=0.15821985525146975' \
    'agents[A2].metrics.service_level.ci_high=0.7495416354723426' \
    'agents[A3].metrics.service_level.ci_low=0.09453120573423074' \
    'agents[A3].metrics.service_level.ci_high=0.9054687942657692' \
    'agents[A1].metrics.aht.ci_low=null' 'agents[A1].metrics.aht.ci_high=null'
result "Wilson 95% bounds of each agent's service level"

want_py week.out \
    'agents[A1].metrics.handled.previous=2' 'agents[A1].metrics.aht.previous=300' \
    'agents[A1].metrics.fcr.previous=1/2' 'agents[A1].metrics.csat.previous=1' \
    'agents[A1].metrics.service_level.previous=1/2' \
    'agents[A2].metrics.handled.previous=1' 'agents[A2].metrics.aht.previous=290' \
    'agents[A3].metrics.aht.previous=null'
result "previous-week figures, including a row written 2026-11-09T00:30+01:00 (W45 in UTC)"

want_py week.out \
    'agents[A1].metrics.abandon_rate.value=null' 'agents[A1].metrics.abandon_rate.n=0' \
    'agents[A1].metrics.abandon_rate.status=null' 'teams[red].metrics.abandon_rate.value=null' \
    'teams[red].metrics.handled.value=12' 'teams[red].metrics.aht.value=3445/12' \
    'teams[red].metrics.fcr.value=3/4' 'teams[red].metrics.fcr.status="meets"' \
    'queues[sales].metrics.service_level.value=4/6' 'queues[sales].metrics.service_level.n=6' \
    'queues[sales].metrics.abandon_rate.value=1/6' 'queues[sales].metrics.abandon_rate.status="below"' \
    'queues[support].metrics.service_level.value=4/10' \
    'queues[support].metrics.abandon_rate.value=1/10' 'queues[support].metrics.abandon_rate.status="meets"'
result "team and queue figures; abandon_rate only on queues and the organisation"

want_py week.out \
    'organisation_scorecard.metrics.handled.value=14' \
    'organisation_scorecard.metrics.aht.value=4225/14' 'organisation_scorecard.metrics.aht.status="near"' \
    'organisation_scorecard.metrics.fcr.value=10/13' 'organisation_scorecard.metrics.csat.value=6/8' \
    'organisation_scorecard.metrics.service_level.value=8/16' \
    'organisation_scorecard.metrics.service_level.n=16' \
    'organisation_scorecard.metrics.service_level.ci_low=0.2799956361032603' \
    'organisation_scorecard.metrics.service_level.ci_high=0.7200043638967397' \
    'organisation_scorecard.metrics.abandon_rate.value=2/16' \
    'organisation_scorecard.metrics.abandon_rate.status="near"' \
    'organisation_scorecard.score=186500/2016' 'organisation_scorecard.team=null'
result "organisation figures: abandoned contacts count as offered, score 186500/2016"

# ------------------------------------------------------------------ JSON schema

schema_check() { # schema_check DESC FILE...
    desc=$1
    shift
    if [ "$have_py" != yes ]; then
        skip "$desc: $PYTHON3 not available"
        return
    fi
    "$PYTHON3" "$work/jcheck.py" --schema "$SCHEMA" "$@" >py.out 2>&1
    case $? in
    0) ok "$desc" ;;
    3) skip "jsonschema not installed" ;;
    *) not_ok "$desc"; diag_file py.out "" ;;
    esac
}
schema_check "the fixture's JSON report validates against docs/report.schema.json" week.out

cc example run -f json
want_rc 0 example
result "run -f json with no -c scores the bundled example organisation"
schema_check "the example organisation's JSON report validates against the schema" example.out

if [ "$have_py" = yes ] && "$PYTHON3" -c 'import jsonschema' >/dev/null 2>&1; then
    for change in 'agents[A1].metrics.aht.status="great"' 'agents[A1].metrics.aht.colour="red"' \
        'input[0].read=1.5' 'period.kind="fortnight"' 'agents[A1].metrics.handled.status="meets"'; do
        want_py --invalid "$SCHEMA" week.out "$change"
    done
    result "the schema is strict: it refuses a bad status, an unknown key, a fractional count"
else
    skip "jsonschema not installed"
fi

# ------------------------------------------------------------------ bad rows

# 6 of 26 rows rejected (23%) is more than the default max_rejected = 5%
# (issue 11): the run stops, naming the count and the most common reason.
cc badrows5 run -c policy.ini -f json -o badrows5.json contacts_bad.csv
want_rc 2 badrows5
want_text badrows5.err "contacts_bad.csv:6: error: expected 17 fields, found 8
contacts_bad.csv:10: error: bad number in talk_s: '12x'
contacts_bad.csv:13: error: bad date/time (expected ISO 8601, e.g. 2026-11-20T09:15:00+00:00; format seen: YYYY-NN-NNTNN:NN:NNZ) in started_at: '2026-13-01T09:00:00Z'
contacts_bad.csv:17: error: unknown outcome (expected answered or abandoned; map the codes of the export with answered_as or abandoned_as) in outcome: 'hungup'
contacts_bad.csv:22: error: negative duration in hold_s: '-5'
contacts_bad.csv:27: error: bad survey answer (expected 1-5) in csat: '7'
contacts_bad.csv: error: 6 of 26 rows rejected (23.1%), more than max_rejected = 5%; no report written
contacts_bad.csv: the most common reason (1 row): expected 17 fields, found 8
contacts_bad.csv: fix the export, or map it with the keys of [source contacts] in policy.ini ('ccscore plugins' lists them); or raise max_rejected there"
[ -e badrows5.json ] && fail="${fail}badrows5.json was written
"
result "a file with 23% of its rows bad: exit 2 over max_rejected = 5%, nothing written"

# Allowed up to 25%: the run scores the good rows.
sed 's/^\[source contacts\]$/&\nmax_rejected = 25%/' policy.ini >policy_25.ini
cc badrows run -c policy_25.ini -f json contacts_bad.csv
want_rc 0 badrows
result "a file with bad rows is scored (on_bad_row = reject by default, max_rejected = 25%): exit 0"

want_text badrows.err "contacts_bad.csv:6: error: expected 17 fields, found 8
contacts_bad.csv:10: error: bad number in talk_s: '12x'
contacts_bad.csv:13: error: bad date/time (expected ISO 8601, e.g. 2026-11-20T09:15:00+00:00; format seen: YYYY-NN-NNTNN:NN:NNZ) in started_at: '2026-13-01T09:00:00Z'
contacts_bad.csv:17: error: unknown outcome (expected answered or abandoned; map the codes of the export with answered_as or abandoned_as) in outcome: 'hungup'
contacts_bad.csv:22: error: negative duration in hold_s: '-5'
contacts_bad.csv:27: error: bad survey answer (expected 1-5) in csat: '7'"
result "each bad row is reported as FILE:LINE: error: REASON at its physical line"

want_py badrows.out '#input=1' 'input[0].path="contacts_bad.csv"' input[0].read=26 \
    input[0].accepted=20 input[0].rejected=6 '#rejected_rows=6' \
    'rejected_rows[0].file="contacts_bad.csv"' rejected_rows[0].line=6 \
    'rejected_rows[0].reason="expected 17 fields, found 8"' rejected_rows[1].line=10 \
    rejected_rows[2].line=13 rejected_rows[3].line=17 rejected_rows[4].line=22 \
    rejected_rows[5].line=27 'rejected_rows[5].reason="bad survey answer (expected 1-5) in csat: '"'7'"'"'
result "input counts read 26 = accepted 20 + rejected 6, and the rejected rows listed"

want_py --same week.out badrows.out period agents teams queues organisation_scorecard
want_py badrows.out 'agents[A1].metrics.aht.value=243' 'agents[A2].metrics.fcr.value=5/7' \
    'organisation_scorecard.metrics.service_level.value=8/16'
result "the good rows give the same figures as the clean file"

cc failrun run -c policy_fail.ini -o fail.json contacts_bad.csv
want_rc 2 failrun
want_text failrun.err "contacts_bad.csv:6: error: expected 17 fields, found 8
ccscore: error: input refused (on_bad_row = fail, or unreadable); no report written"
[ -e fail.json ] && fail="${fail}fail.json was written
"
leftover=$(find ./. ! -name . -prune -name '*.tmp*' -print)
[ -n "$leftover" ] && fail="${fail}temporary files left: $leftover
"
result "on_bad_row = fail: the first bad row stops the run, exit 2, no file written"

# ------------------------------------------------------------------ bad policy

bad_policy_errors="policy_bad.ini:6: error: 'period' must be one of day,week,month, not 'fortnight'
policy_bad.ini:7: error: 'min_sample' = 0 is out of range 1..1000000000
policy_bad.ini:11: error: unknown key 'colour' in [metric aht]; known keys: use, target, direction, weight, near, min_sample, scoring, bands, points
policy_bad.ini:14: error: 'target' = 80 is more than 1: write a percentage as 80%
policy_bad.ini:18: error: 'direction' must be one of higher,lower, not 'up'"

cc chk check-config -c policy_bad.ini
want_rc 2 chk
want_text chk.err "$bad_policy_errors
policy_bad.ini: 5 errors"
want_empty chk.out
result "check-config reports every policy error as file:line: error: and the count, exit 2"

cc badrun run -c policy_bad.ini
want_rc 2 badrun
want_text badrun.err "$bad_policy_errors"
want_empty badrun.out
result "run with the bad policy refuses it: the same errors, exit 2, no report"

cc goodchk check-config -c policy.ini
want_rc 0 goodchk
want_text goodchk.out "policy.ini: policy OK (7 components configured)"
want_empty goodchk.err
result "check-config on the fixture policy: OK, exit 0"

cc nochk check-config
want_rc 2 nochk
want_text nochk.err "ccscore: error: check-config needs -c POLICY"
result "check-config without -c exits 2"

# ------------------------------------------------------------------ data files on the command line

cc other run -c policy.ini -f json other_contacts.csv
want_rc 0 other
want_empty other.err
want_py other.out '#input=1' 'input[0].path="other_contacts.csv"' input[0].read=3 \
    input[0].accepted=3 @agents=A9 @teams=green @queues=billing 'period.id="2026-W49"' \
    'period.previous=null' 'agents[A9].metrics.handled.value=3' 'agents[A9].metrics.aht.value=550/3' \
    'agents[A9].metrics.fcr.value=2/3' 'agents[A9].metrics.csat.value=2/3' \
    'agents[A9].metrics.service_level.value=2/3' 'agents[A9].metrics.service_level.ci_low=0.20765960080204782' \
    'agents[A9].metrics.service_level.ci_high=0.9385080552796038' 'agents[A9].metrics.aht.status="meets"' \
    'agents[A9].metrics.fcr.status="below"'
result "a contacts file named on the command line replaces the policy's source"

cc unknownfile run -c policy.ini -f json export.csv
want_rc 2 unknownfile
want_text unknownfile.err "export.csv:1: error: cannot tell what this file holds: its header matches no source (contacts, evaluations, agents, objectives, activity or comments) of the policy or the plugins"
want_empty unknownfile.out
result "a file whose header no source knows is refused: exit 2"

cc missing run -c policy.ini -f json no_such.csv
want_rc 2 missing
want_text missing.err "no_such.csv: error: cannot read data file: No such file or directory"
result "a missing data file on the command line: exit 2 naming it"

# A Latin-1 export: its byte E9 is no UTF-8, the JSON must still be (U+FFFD).
{
    head -n 1 contacts.csv
    printf 'L01,Jos\351,r\303\266d,sales,voice,2026-11-10T09:00:00Z,5,100,0,20,answered,0,1,5,,Y01,\n'
} >latin1.csv
cc latin1 run -c policy.ini -f json latin1.csv
want_rc 0 latin1
want_py latin1.out '#agents=1' 'agents[0].id="Jos\ufffd"' 'agents[0].team="r\u00f6d"' \
    'agents[0].metrics.aht.value=120'
result "bytes that are not UTF-8 in the data still give valid UTF-8 JSON"

# ------------------------------------------------------------------ column-mapped export

cc mapped run -c policy_mapped.ini -f json
want_rc 0 mapped
want_empty mapped.err
want_py mapped.out 'input[0].path="./export.csv"' input[0].read=20 input[0].accepted=20 \
    'agents[A1].metrics.aht.value=243' 'agents[A2].metrics.service_level.value=3/7' \
    'queues[sales].metrics.abandon_rate.value=1/6'
want_py --same week.out mapped.out period agents teams queues organisation_scorecard
result "a column-mapped export (col_* keys, answered_as) gives the same figures"

cc mappedcli run -c policy_mapped.ini -f json export.csv
want_rc 0 mappedcli
want_py mappedcli.out 'input[0].path="export.csv"' input[0].accepted=20
want_py --same week.out mappedcli.out agents teams queues organisation_scorecard
result "the export named on the command line is recognised by its mapped header"

# ------------------------------------------------------------------ periods

cc w45 run -c policy.ini -f json --period 2026-W45
want_rc 0 w45
want_py w45.out 'period.id="2026-W45"' 'period.start="2026-11-02"' 'period.end="2026-11-08"' \
    'period.previous="2026-W44"' @agents=A1,A2 'agents[A1].metrics.handled.value=2' \
    'agents[A1].metrics.aht.value=300' 'agents[A2].metrics.handled.value=1' \
    'agents[A2].metrics.aht.value=290' 'agents[A2].metrics.aht.previous=null'
result "--period 2026-W45 scores that week"

cc month run -c policy.ini -f json --period 2026-11
want_rc 0 month
want_py month.out 'period.id="2026-11"' 'period.kind="month"' 'period.start="2026-11-01"' \
    'period.end="2026-11-30"' 'period.previous="2026-10"' @agents=A1,A2,A3 \
    'agents[A1].metrics.handled.value=7' 'agents[A1].metrics.aht.value=1815/7' \
    'agents[A2].metrics.handled.value=8' 'agents[A2].metrics.aht.value=315' \
    'agents[A3].metrics.handled.value=2' 'agents[A3].metrics.aht.value=390' \
    'agents[A3].metrics.aht.previous=120'
result "--period 2026-11 scores the month (October's row left to the trend)"

cc oct run -c policy.ini -f json --period 2026-10
want_rc 0 oct
want_py oct.out 'period.id="2026-10"' 'period.previous=null' @agents=A3 \
    'agents[A3].metrics.handled.value=1' 'agents[A3].metrics.aht.value=120'
result "--period 2026-10: only the October contact"

cc day run -c policy.ini -f json --period 2026-11-10
want_rc 0 day
want_py day.out 'period.id="2026-11-10"' 'period.kind="day"' 'period.start="2026-11-10"' \
    'period.end="2026-11-10"' 'period.previous="2026-11-09"' @agents=A1,A2 \
    'agents[A1].metrics.handled.value=2' 'agents[A1].metrics.aht.value=235' \
    'agents[A2].metrics.handled.value=1' 'agents[A2].metrics.aht.value=310' \
    'agents[A2].metrics.aht.previous=340'
result "--period 2026-11-10 scores one day"

cc day9 run -c policy.ini -f json --period 2026-11-09
want_rc 0 day9
want_py day9.out @agents=A2 'agents[A2].metrics.handled.value=1' 'agents[A2].metrics.aht.value=340' \
    'agents[A2].metrics.aht.previous=290'
result "--period 2026-11-09: a contact written with +01:00 belongs to the UTC day before"

cc nodata run -c policy.ini -f json --period 2026-W50
want_rc 2 nodata
want_text nodata.err "error: no data for period 2026-W50 (the data covers 2026-W44 to 2026-W46)"
want_empty nodata.out
result "a period with no data: exit 2 naming the range the data covers"

cc nodata2 run -c policy.ini -f json --period 2026-12
want_rc 2 nodata2
want_text nodata2.err "error: no data for period 2026-12 (the data covers 2026-10 to 2026-11)"
result "a month with no data: exit 2 naming the months covered"

for p in 2026-13 2025-W53 2026-11-31 last-year 2026-W4; do
    cc badperiod run -c policy.ini -f json --period "$p"
    want_rc 2 badperiod
    want_text badperiod.err "ccscore: error: bad --period '$p': use 2026-W46 (ISO week), 2026-11 (month), 2026-11-20 (day), last-week, last-month or yesterday"
    want_empty badperiod.out
done
result "a malformed --period (2026-13, 2025-W53, 2026-11-31, last-year, 2026-W4): exit 2"

# ------------------------------------------------------------------ -o FILE

mkdir out
echo 'old contents' >out/report.json
cc ojson run -c policy.ini -o out/report.json
want_rc 0 ojson
want_empty ojson.out
want_empty ojson.err
cmp -s out/report.json week.out || fail="${fail}out/report.json differs from the -f json output
"
want_py out/report.json 'agents[A1].metrics.aht.value=243' '#agents=3'
leftover=$(others out report.json)
[ -n "$leftover" ] && fail="${fail}left in the folder: $leftover
"
result "-o out/report.json: JSON from the extension, whole, replacing the old file, no temporary left"

cc ocsv run -c policy.ini -o out/report.csv
want_rc 0 ocsv
want_empty ocsv.out
head -n 1 out/report.csv >ocsv.head
want_text ocsv.head "period,entity,id,name,team,score,metric,value,n,unit,target,status,gap,ci_low,ci_high,previous,points,method,band,review,at"
want_line out/report.csv "2026-W46,input,contacts,./contacts.csv,,,rows_read,20,,,,,,,,,,,,,"
want_line out/report.csv "2026-W46,input,contacts,./contacts.csv,,,rows_accepted,20,,,,,,,,,,,,,"
want_line out/report.csv "2026-W46,input,contacts,./contacts.csv,,,rows_rejected,0,,,,,,,,,,,,,"
want_line out/report.csv "2026-W46,agent,A1,A1,red,98.75,aht,243,5,s,300,meets,0,,,300,100,linear,,,"
# 8 scorecards (3 agents, 2 teams, 2 queues, the organisation) x 6 metrics + 3 input rows
want_py --csv out/report.csv '#rows=51' '[agent/A2/fcr].value=5/7' '[agent/A2/fcr].status=near' \
    '[agent/A2/fcr].ci_low=0.3589344518326194' '[agent/A2/fcr].ci_high=0.9177810759959433' \
    '[agent/A3/aht].status=insufficient' '[agent/A3/aht].score=' '[agent/A1/abandon_rate].value=' \
    '[queue/sales/abandon_rate].value=1/6' '[organisation/E2E Test Centre/service_level].value=1/2'
leftover=$(others out report.json report.csv)
[ -n "$leftover" ] && fail="${fail}left in the folder: $leftover
"
result "-o out/report.csv: the csv sink, its header, metric rows and input rows"

cc otxt run -c policy.ini -o out/report.txt
want_rc 0 otxt
head -n 1 out/report.txt >otxt.head
want_text otxt.head "E2E Test Centre: week 2026-W46 (2026-11-09 to 2026-11-15, UTC)"
result "-o out/report.txt: text for any other extension"

cc forced run -c policy.ini -f csv -o out/forced.json
want_rc 0 forced
head -n 1 out/forced.json >forced.head
want_text forced.head "period,entity,id,name,team,score,metric,value,n,unit,target,status,gap,ci_low,ci_high,previous,points,method,band,review,at"
result "--format wins over the extension of -o"

cc nodir run -c policy.ini -o no/such/dir/report.json
want_rc 2 nodir
want_text nodir.err "error: cannot create a temporary file beside no/such/dir/report.json: No such file or directory"
result "-o into a missing folder: exit 2 with the reason"

# ------------------------------------------------------------------ text

cc text run -c policy.ini
want_rc 0 text
want_empty text.err
want_line text.out "E2E Test Centre: week 2026-W46 (2026-11-09 to 2026-11-15, UTC)"
want_line text.out "Trends against 2026-W45."
want_line text.out "Input"
want_line text.out "  contacts ./contacts.csv read 20, accepted 20, rejected 0"
result "text output: the title and the Input lines"

# The agents table: from "Agents" to the blank line; fields compared without
# the padding, every line as wide as the header (columns aligned).
sed -n '/^Agents$/,/^$/p' text.out | sed '1d;/^$/d' >agents.txt
tr -s ' ' <agents.txt | sed 's/ $//' >agents.fields
# (at 80 columns the first panel: abandon_rate follows in a second one)
want_text agents.fields "agent name team score handled aht fcr csat ser_level
A1 A1 red 98.8 5 243s 80.0% 75.0%! 80.0%
A2 A2 red 88.0 7 319s~ 71.4%~ 100.0% 42.9%!
A3 A3 blue - 2 390s? 100.0%? 0.0%? 50.0%?"
widths=$(awk '{ print length($0) }' agents.txt | sort -u | wc -l)
[ "$widths" -eq 1 ] || fail="${fail}the agents table's lines have different widths:
$(cat agents.txt)
"
result "text output: the agents table, marks ! ~ ? and aligned columns"

cc colour run -c policy.ini --color=always
want_rc 0 colour
grep -q "$(printf '\033')\[" colour.out || fail="${fail}no ANSI colour with --color=always
"
grep -q "$(printf '\033')" text.out && fail="${fail}colour on a pipe without --color
"
result "--color=always colours the text; a pipe gets none"

# ------------------------------------------------------------------ every report

schema_check "every other JSON report of this run validates against the schema" \
    badrows.out latin1.out other.out mapped.out mappedcli.out w45.out month.out oct.out \
    day.out day9.out out/report.json

if [ "$n" -ne "$PLAN" ]; then
    n=$((n + 1))
    echo "not ok $n - the plan says $PLAN tests but $((n - 1)) ran"
fi
exit 0
