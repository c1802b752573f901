#!/bin/sh
# The man pages, in TAP: each renders with every warning on and none given
# (man --warnings, else groff -ww); ccscore.policy(5) is what
# docs/man/gen_policy_man.py makes of `ccscore plugins` (every section, key
# and rule of the bundled modules: `make update-man` rewrites it); ccscore(1)
# names every command and every long option that the --help texts list;
# the bash completion offers every command of ccscore --help.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
PYTHON3=${PYTHON3:-python3}
CCSCORE=$top_builddir/ccscore
man=$top_srcdir/docs/man
echo "1..7"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
unset CCSCORE_PLUGIN_DIR CCSCORE_DATA_DIR

for page in ccscore.1 ccscore.policy.5 ccscore-plugin.7; do
    if command -v man >/dev/null 2>&1 && man --help 2>&1 | grep -q -- --warnings; then
        warn=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 "$man/$page" 2>&1 >/dev/null)
    elif command -v groff >/dev/null 2>&1; then
        warn=$(groff -man -ww -z -Tutf8 "$man/$page" 2>&1)
    else
        n=$((n + 1)); echo "ok $n # SKIP neither man-db nor groff to render $page"; continue
    fi
    if [ -z "$warn" ]; then ok "$page renders without a warning"
    else not_ok "$page renders without a warning" "$warn"; fi
done

gen=$("$CCSCORE" plugins | "$PYTHON3" "$man/gen_policy_man.py" 2>&1)
if [ "$gen" = "$(cat "$man/ccscore.policy.5")" ]; then
    ok "ccscore.policy.5 lists every section and key of 'ccscore plugins'"
else
    not_ok "ccscore.policy.5 lists every section and key of 'ccscore plugins' (make update-man)" \
        "$(printf '%s\n' "$gen" | diff "$man/ccscore.policy.5" - | head -20)"
fi

missing=
for o in $( ("$CCSCORE" --help; for v in trend impact staffing compare explain retention; do "$CCSCORE" $v --help; done) |
            grep -o -- '--[a-z][a-z-]*' | sort -u); do
    esc=$(printf '%s' "$o" | sed 's/-/\\\\-/g')
    grep -q -- "$esc" "$man/ccscore.1" || missing="$missing $o"
done
if [ -z "$missing" ]; then ok "ccscore.1 has every long option of the --help texts"
else not_ok "ccscore.1 has every long option of the --help texts" "missing:$missing"; fi

missing=
for c in $("$CCSCORE" --help | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p'); do
    esc=$(printf '%s' "$c" | sed 's/-/\\\\-/g')
    grep -q "^\.B $esc\$" "$man/ccscore.1" || missing="$missing $c"
done
if [ -z "$missing" ]; then ok "ccscore.1 describes every command of ccscore --help"
else not_ok "ccscore.1 describes every command of ccscore --help" "missing:$missing"; fi

if command -v bash >/dev/null 2>&1; then
    got=$(bash -c '. "$1"; COMP_WORDS=(ccscore ""); COMP_CWORD=1; _ccscore; echo "${COMPREPLY[@]}"' _ \
        "$top_srcdir/conf/bash-completion/ccscore")
    want="$("$CCSCORE" --help | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p' | tr '\n' ' ')--help --version"
    if [ "$got" = "$want" ]; then ok "bash completion offers every command of ccscore --help"
    else not_ok "bash completion offers every command of ccscore --help" "got:  $got" "want: $want"; fi
else
    n=$((n + 1)); echo "ok $n # SKIP no bash"
fi
