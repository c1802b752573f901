#!/bin/sh
# Report sections as data (ABI 1.2), in TAP: the test module mod_section adds
# a section with notes, a FACTS table, a table of every value type (absent
# values and UTF-8 text among them) shown 2 rows of 3, a DETAIL table and two
# charts, then a second section; every sink renders them (text exactly as
# written below, JSON values checked in Python and against
# docs/report.schema.json, CSV one row per cell).  Then the host's refusals
# of bad sections (engine/sections.c), each with its exact message.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
PYTHON3=${PYTHON3:-python3}
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore} # tests/valgrind.sh sets it
SCHEMA=$top_srcdir/docs/report.schema.json
echo "1..12"
work=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-sections.XXXXXX") || { echo "Bail out! no temporary folder"; exit 0; }
trap 'rm -rf "$work"' EXIT
unset CCSCORE_PLUGIN_DIR CCSCORE_DATA_DIR
NO_COLOR=1
export NO_COLOR
umask 022
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }
check() { # check DESC FILE-EXPECTED FILE-GOT
    if cmp -s "$2" "$3"; then ok "$1"; else not_ok "$1" "$(diff "$2" "$3" | sed 's/^/  /')"; fi
}

mkdir -p "$work/plugins"
cp "$top_builddir/tests/.libs/mod_section.so" "$work/plugins/"
cp "$top_srcdir/tests/fixtures/e2e/contacts.csv" "$work/"
policy() { # policy VARIANT
    cat >"$work/policy.ini" <<INI
[organisation]
name = Sections Test
timezone = UTC
min_sample = 1
plugin_path = plugins
modules = csv kpi_core report mod_section
[metric handled]
[source contacts]
use = csv
path = contacts.csv
[check demo]
use = section_demo
variant = $1
INI
}
cd "$work" || exit 0
policy good

# 1-2. Text: the sections after the shortfalls, in the order added.
# 120 columns: the table below is 94 wide (at 80 its lines would be wrapped)
COLUMNS=120 "$CCSCORE" run -c policy.ini >text.out 2>text.err
rc=$?
if [ $rc -eq 0 ] && [ ! -s text.err ]; then ok "a run with sections exits 0, nothing on stderr"
else not_ok "a run with sections exits 0, nothing on stderr" "exit $rc" "$(cat text.err)"; fi
cat >want.txt <<'TXT'
Shortfalls (largest weighted gap first)
  none

Demo section
  A note about the data.
  Second note: 3 people, 2 shown.

  Offered:       1205
  Service level: 77.3%
  Staff needed:  2.5 agents
  First day:     2026-11-16

  People
  Name                Agent  Handled  Load (Erlang)      SL     AHT         Day  Start  trained
  Zoë Ó Súilleabháin  A001        71           2.35  94.10%  221.5s  2026-11-16  08:30      yes
  Dev Ashdown         A002         -              -  50.00%       -           -      -       no
      ... and 1 more (all in the JSON report)

Second section
  Added second.

  Nothing here
  none
TXT
sed -n '/^Shortfalls/,$p' text.out >got.txt
check "text: notes, facts aligned, columns aligned by code point, shown 2 of 3, DETAIL not printed" want.txt got.txt

# 3. CSV: the existing header, then one row per cell (after the metric rows).
"$CCSCORE" run -c policy.ini -f csv >csv.out 2>csv.err
cat >want.csv <<'CSV'
period,entity,id,name,team,score,metric,value,n,unit,target,status,gap,ci_low,ci_high,previous,points,method,band,review,at
2026-W46,section,demo.facts,1,,,offered,1205,,count,,,,,,,,,,,
2026-W46,section,demo.facts,1,,,service_level,0.7734,,rate,,,,,,,,,,,
2026-W46,section,demo.facts,1,,,staff,2.5,,agents,,,,,,,,,,,
2026-W46,section,demo.facts,1,,,first_day,2026-11-16,,date,,,,,,,,,,,
2026-W46,section,demo.people,1,,,name,Zoë Ó Súilleabháin,,text,,,,,,,,,,,
2026-W46,section,demo.people,1,,,agent,A001,,id,,,,,,,,,,,
2026-W46,section,demo.people,1,,,handled,71,,count,,,,,,,,,,,
2026-W46,section,demo.people,1,,,load,2.345,,Erlang,,,,,,,,,,,
2026-W46,section,demo.people,1,,,sl,0.941,,rate,,,,,,,,,,,
2026-W46,section,demo.people,1,,,aht,221.54,,duration,,,,,,,,,,,
2026-W46,section,demo.people,1,,,day,2026-11-16,,date,,,,,,,,,,,
2026-W46,section,demo.people,1,,,start,08:30,,time,,,,,,,,,,,
2026-W46,section,demo.people,1,,,trained,true,,bool,,,,,,,,,,,
2026-W46,section,demo.people,2,,,name,Dev Ashdown,,text,,,,,,,,,,,
2026-W46,section,demo.people,2,,,agent,A002,,id,,,,,,,,,,,
2026-W46,section,demo.people,2,,,handled,,,count,,,,,,,,,,,
2026-W46,section,demo.people,2,,,load,,,Erlang,,,,,,,,,,,
2026-W46,section,demo.people,2,,,sl,0.5,,rate,,,,,,,,,,,
2026-W46,section,demo.people,2,,,aht,,,duration,,,,,,,,,,,
2026-W46,section,demo.people,2,,,day,,,date,,,,,,,,,,,
2026-W46,section,demo.people,2,,,start,,,time,,,,,,,,,,,
2026-W46,section,demo.people,2,,,trained,false,,bool,,,,,,,,,,,
2026-W46,section,demo.people,3,,,name,"Third, ""quoted""",,text,,,,,,,,,,,
2026-W46,section,demo.people,3,,,agent,A003,,id,,,,,,,,,,,
2026-W46,section,demo.people,3,,,handled,5,,count,,,,,,,,,,,
2026-W46,section,demo.people,3,,,load,1,,Erlang,,,,,,,,,,,
2026-W46,section,demo.people,3,,,sl,1,,rate,,,,,,,,,,,
2026-W46,section,demo.people,3,,,aht,3,,duration,,,,,,,,,,,
2026-W46,section,demo.people,3,,,day,2026-11-17,,date,,,,,,,,,,,
2026-W46,section,demo.people,3,,,start,24:00,,time,,,,,,,,,,,
2026-W46,section,demo.people,3,,,trained,,,bool,,,,,,,,,,,
2026-W46,section,demo.detail,1,,,minute,08:00,,time,,,,,,,,,,,
2026-W46,section,demo.detail,1,,,offered,10,,count,,,,,,,,,,,
2026-W46,section,demo.detail,2,,,minute,08:30,,time,,,,,,,,,,,
2026-W46,section,demo.detail,2,,,offered,12,,count,,,,,,,,,,,
CSV
{ head -1 csv.out; grep '^[^,]*,section,' csv.out; } >got.csv
check "csv: one row per cell of every table (DETAIL too), entity section, id section.table" want.csv got.csv

# 4-5. JSON: the values, and the schema.
"$CCSCORE" run -c policy.ini -f json >report.json 2>json.err
cat >check.py <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
want_people = [
    ["Zo\u00eb \u00d3 S\u00failleabh\u00e1in", "A001", 71, 2.345, 0.941, 221.54, "2026-11-16", "08:30", True],
    ["Dev Ashdown", "A002", None, None, 0.5, None, None, None, False],
    ["Third, \"quoted\"", "A003", 5, 1, 1, 3, "2026-11-17", "24:00", None],
]
problems = []
def want(what, got, exp):
    if got != exp:
        problems.append("%s: %r, not %r" % (what, got, exp))
want("schema_version", d["schema_version"], 2)
want("legacy_sections", d["legacy_sections"], {})
s = d["sections"]
want("section names, in order", [x["name"] for x in s], ["demo", "after"])
demo = s[0]
want("title", demo["title"], "Demo section")
want("notes", demo["notes"], ["A note about the data.", "Second note: 3 people, 2 shown."])
want("tables", [(t["name"], t["title"], t["facts"], t["detail"]) for t in demo["tables"]],
     [("facts", None, True, False), ("people", "People", False, False),
      ("detail", "Offered by interval", False, True)])
want("facts row", demo["tables"][0]["rows"], [[1205, 0.7734, 2.5, "2026-11-16"]])
people = demo["tables"][1]
want("people columns", [(c["name"], c["title"], c["type"], c["unit"], c["decimals"]) for c in people["columns"]],
     [("name", "Name", "text", None, 0), ("agent", "Agent", "id", None, 0), ("handled", "Handled", "count", None, 0),
      ("load", "Load", "number", "Erlang", 2), ("sl", "SL", "rate", None, 2), ("aht", "AHT", "duration", None, 1),
      ("day", "Day", "date", None, 0), ("start", "Start", "time", None, 0), ("trained", "trained", "bool", None, 0)])
want("people rows: all 3, whatever text shows", people["rows"], want_people)
want("detail rows", demo["tables"][2]["rows"], [["08:00", 10], ["08:30", 12]])
want("charts", demo["charts"], [
    {"title": "Offered by interval", "kind": "line", "table": "detail", "x": "minute", "y": ["offered"], "group": None},
    {"title": None, "kind": "bar", "table": "people", "x": "day", "y": ["handled", "load"], "group": "agent"}])
want("second section", s[1], {"name": "after", "title": "Second section", "notes": ["Added second."], "charts": [],
     "tables": [{"name": "empty", "title": "Nothing here", "facts": False, "detail": False, "rows": [],
                 "columns": [{"name": "what", "title": "What", "type": "text", "unit": None, "decimals": 0}]}]})
print("\n".join(problems))
sys.exit(1 if problems else 0)
PY
if ! "$PYTHON3" -c 'import json' >/dev/null 2>&1; then
    skip "$PYTHON3 not available"
    skip "$PYTHON3 not available"
else
    if "$PYTHON3" check.py report.json >py.out 2>&1; then ok "json: sections as an array, values by type, null when absent, all rows"
    else not_ok "json: sections as an array, values by type, null when absent, all rows" "$(cat py.out)"; fi
    if "$PYTHON3" -c 'import jsonschema' >/dev/null 2>&1; then
        if "$PYTHON3" -c '
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft7Validator.check_schema(schema)
v = jsonschema.Draft7Validator(schema)
doc = json.load(open(sys.argv[2], encoding="utf-8"))
errs = ["%s: %s" % (list(e.path), e.message) for e in v.iter_errors(doc)]
bad = json.loads(json.dumps(doc))
bad["sections"][0]["tables"][1]["rows"][0].append({"free": "form"})
bad["sections"][0]["tables"][0]["colour"] = "red"
if v.is_valid(bad): errs.append("the schema accepts an object in a row and an unknown key")
print("\n".join(errs)); sys.exit(1 if errs else 0)' "$SCHEMA" report.json >py.out 2>&1; then
            ok "json: the report validates against docs/report.schema.json, which refuses free-form values"
        else not_ok "json: the report validates against docs/report.schema.json" "$(cat py.out)"; fi
    else
        skip "jsonschema not installed"
    fi
fi

# 6-12. The host refuses bad sections, each with its reason, and the run goes on.
refused() { # refused VARIANT MESSAGE
    policy "$1"
    "$CCSCORE" run -c policy.ini -f json >refused.json 2>refused.err
    rc=$?
    got=$(cat refused.err)
    if [ $rc -eq 0 ] && [ "$got" = "ccscore: demo: error: $2" ] && grep -q '^  "sections": \[\],$' refused.json; then
        ok "refused ($1): $2"
    else
        not_ok "refused ($1): $2" "exit $rc" "stderr: $got"
    fi
}
refused badname "section refused: it needs a [a-z0-9_]+ name, not 'Bad-Name'"
refused duptable "section 'demo': two tables are named 'people'"
refused dupcolumn "table 'dup': column 2 needs a unique [a-z0-9_]+ name"
refused chart "section 'demo': chart 1 names a table or column that is not there, or has an unknown kind"
refused facts "table 'facts' is a list of facts, so it has exactly one row, not 2"

policy dupsection
"$CCSCORE" run -c policy.ini -f json >dup.json 2>dup.err
rc=$?
got=$(cat dup.err)
if [ $rc -eq 0 ] && [ "$got" = "ccscore: demo: error: section refused: the report already has a section named 'demo'" ] &&
   [ "$(grep -c '^    {"name": ' dup.json)" = 2 ]; then
    ok "a second section of the same name is refused; the first two stay"
else
    not_ok "a second section of the same name is refused; the first two stay" "exit $rc" "stderr: $got"
fi

# The text sink skips nothing else: the refused run's text report is whole.
policy facts
"$CCSCORE" run -c policy.ini >refused.txt 2>/dev/null
if [ "$(sed -n '/^Shortfalls/,$p' refused.txt)" = "$(printf 'Shortfalls (largest weighted gap first)\n  none')" ]; then
    ok "after a refusal the text report ends with the shortfalls (no half section)"
else
    not_ok "after a refusal the text report ends with the shortfalls" "$(tail -5 refused.txt)"
fi
exit 0
