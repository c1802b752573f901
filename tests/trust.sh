#!/bin/sh
# Plugin trust through the command line, in TAP: a relative plugin_path is
# resolved against the policy file's folder (never the working directory), a
# refused plugin folder stops the run with the reason and the fix, and a
# plugin whose init fails stops the run naming it.
#
# Run by `make check` (top_builddir in the environment); the test modules are
# copied from the build tree's tests/.libs.
set -u
: "${top_builddir:?top_builddir must be set}"
CCSCORE=${CCSCORE_UNDER_TEST:-$top_builddir/ccscore} # tests/valgrind.sh sets it
MODS=$top_builddir/tests/.libs
bdir=$(cd "$top_builddir" && pwd -P)
echo "1..5"
work=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-trust.XXXXXX") || { echo "Bail out! no temporary folder"; exit 0; }
work=$(cd "$work" && pwd -P)
trap 'chmod -R u+rwx "$work"; rm -rf "$work"' EXIT
unset CCSCORE_PLUGIN_DIR CCSCORE_DATA_DIR
n=0
check() { # check DESC EXPECTED-RC EXPECTED-STDERR
    n=$((n + 1))
    if [ -n "$3" ]; then printf '%s\n' "$3" >"$work/want"; else : >"$work/want"; fi
    if [ "$rc" -eq "$2" ] && cmp -s "$work/err" "$work/want"; then
        echo "ok $n - $1"
    else
        echo "not ok $n - $1"
        echo "# exit status $rc (expected $2); stderr (- expected, + got):"
        diff "$work/want" "$work/err" | sed 's/^/# /'
    fi
}
run() { "$CCSCORE" "$@" >"$work/out" 2>"$work/err"; rc=$?; }

umask 022
mkdir -p "$work/pol/plugins" "$work/cwd/plugins"
cp "$MODS/mod_good.so" "$work/cwd/plugins/"
cat >"$work/pol/policy.ini" <<INI
[organisation]
name = Trust
timezone = UTC
plugin_path = plugins
modules = csv kpi_core report mod_good
[metric good_count]
INI
cd "$work/cwd" || exit 0

# 1. The module is only in ./plugins of the working directory: not found.
run check-config -c ../pol/policy.ini
check "plugin_path is relative to the policy's folder, not the working directory" 2 \
"../pol/policy.ini:5: error: module 'mod_good' not found in the plugin folders ($work/pol/plugins, $bdir/plugins); add its folder to plugin_path
../pol/policy.ini:6: error: no metric component 'good_count' in the loaded modules (available: handled, aht, talk, hold, acw, asa, fcr, transfer_rate, csat, nps, abandon_rate, service_level, qa, fcr_repeat, complaints, compliments, complaints_per_1000, compliments_per_1000, mystery_shopper, self_assessment, self_gap); load its module with 'modules' in [organisation] or set 'use ='
../pol/policy.ini: 2 errors"

# 2. In the policy's plugins folder it loads.
cp "$MODS/mod_good.so" "$work/pol/plugins/"
run check-config -c ../pol/policy.ini
check "a module in the policy's plugin_path loads" 0 ""

# 3. A group-writable plugin folder is refused with the fix.
chmod g+w "$work/pol/plugins"
run check-config -c ../pol/policy.ini
check "a group-writable plugin folder is refused, naming the fix" 2 \
"../pol/policy.ini:5: error: module 'mod_good' refused: plugin folder $work/pol/plugins is writable by its group (mode 0775): anyone who can write it can make ccscore run their code; fix it with 'chmod go-w $work/pol/plugins'
../pol/policy.ini:6: error: no metric component 'good_count' in the loaded modules (available: handled, aht, talk, hold, acw, asa, fcr, transfer_rate, csat, nps, abandon_rate, service_level, qa, fcr_repeat, complaints, compliments, complaints_per_1000, compliments_per_1000, mystery_shopper, self_assessment, self_gap); load its module with 'modules' in [organisation] or set 'use ='
../pol/policy.ini: 2 errors"
chmod g-w "$work/pol/plugins"

# 4. An others-writable plugin file is refused by `run` too: exit 2.
chmod 0646 "$work/pol/plugins/mod_good.so"
run run -c ../pol/policy.ini
check "run refuses an others-writable plugin file and exits 2" 2 \
"../pol/policy.ini:5: error: module 'mod_good' refused: plugin file $work/pol/plugins/mod_good.so is writable by others (mode 0646): anyone who can write it can make ccscore run their code; fix it with 'chmod go-w $work/pol/plugins/mod_good.so'
../pol/policy.ini:6: error: no metric component 'good_count' in the loaded modules (available: handled, aht, talk, hold, acw, asa, fcr, transfer_rate, csat, nps, abandon_rate, service_level, qa, fcr_repeat, complaints, compliments, complaints_per_1000, compliments_per_1000, mystery_shopper, self_assessment, self_gap); load its module with 'modules' in [organisation] or set 'use ='"
chmod o-w "$work/pol/plugins/mod_good.so"

# 5. A module whose init fails stops the run with its name and its message.
cp "$MODS/mod_initfail.so" "$work/pol/plugins/"
sed -i 's/^modules = .*/modules = csv kpi_core report mod_good mod_initfail/' "$work/pol/policy.ini"
run run -c ../pol/policy.ini
check "a plugin whose init fails stops the run, naming it" 2 \
"ccscore: mod_initfail: error: licence file missing
../pol/policy.ini:5: error: module 'mod_initfail' failed to start (its init returned -1)"
exit 0
