#!/bin/sh
# make check-browser: the HTML pages in headless Chromium (not part of make
# check; CI runs it).  For the example's report, the Asterisk example's
# report (the workload heat map) and one agent's page: screenshots at 1280
# and 375 px wide into OUT (default browser-shots/), and a failure on any
# console message (an error in the sorting script...), on any network
# request the page makes (Chromium's net log: a request with the page as
# its initiator; the browser's own background requests have none), or when
# the sorting script did not run (no sort buttons in the DOM after load).
# Under CI=true, Debian's chromium is installed when it is missing.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
out=${1:-browser-shots}
PY=${PYTHON3:-python3}
CCSCORE=$top_builddir/ccscore
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ] && [ "${CI:-}" = true ]; then
    if [ "$(id -u)" -eq 0 ]; then sudo=; else sudo=sudo; fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
    browser=$(command -v chromium || true)
fi
[ -n "$browser" ] || { echo "check-browser: no chromium (apt-get install chromium)"; exit 1; }
mkdir -p "$out" || exit 1
work=$(mktemp -d "${TMPDIR:-/tmp}/ccscore-browser.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
export CCSCORE_NOW=2026-12-31
unset CCSCORE_PLUGIN_DIR CCSCORE_DATA_DIR

"$CCSCORE" run -o "$out/report.html" || exit 1
"$CCSCORE" run -c "$top_srcdir/conf/example-asterisk/policy.ini" -o "$out/asterisk.html" || exit 1
printf 'include = %s\n[sink pages]\nuse = html_files\npath = %s/pages\n' \
    "$top_srcdir/conf/example/policy.ini" "$work" >"$work/pages.ini"
"$CCSCORE" run -c "$work/pages.ini" -o /dev/null || exit 1
cp "$work/pages/agent-A001.html" "$out/agent-A001.html" || exit 1

chrome() { # chrome LOG NETLOG ARGS... : one headless run, its stderr in LOG
    log=$1 net=$2; shift 2
    timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$(mktemp -d "$work/profile.XXXXXX")" --enable-logging=stderr --v=0 \
        --log-net-log="$net" "$@" 2>"$log"
}

# The page's own requests: URL_REQUEST_START_JOB with an initiator.
netcheck() {
    "$PY" - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
types = {v: k for k, v in d["constants"]["logEventTypes"].items()}
bad = [e["params"]["url"] for e in d["events"]
       if types.get(e["type"]) == "URL_REQUEST_START_JOB"
       and e.get("params", {}).get("initiator", "not an origin") != "not an origin"]
for u in bad:
    print("network request: " + u)
sys.exit(1 if bad else 0)
PY
}

fail=0
for page in report asterisk agent-A001; do
    url="file://$(cd "$out" && pwd)/$page.html"
    for w in 1280 375; do
        chrome "$work/$page-$w.log" "$work/$page-$w.net" --screenshot="$out/$page-$w.png" \
            --window-size=$w,2000 "$url" >/dev/null
        rc=$?
        if [ $rc -ne 0 ] || [ ! -s "$out/$page-$w.png" ]; then
            echo "FAIL $page at $w px: chromium exit $rc, no screenshot"; tail -5 "$work/$page-$w.log"; fail=1
        fi
        if grep ':CONSOLE' "$work/$page-$w.log"; then
            echo "FAIL $page at $w px: console messages"; fail=1
        fi
        netcheck "$work/$page-$w.net" || { echo "FAIL $page at $w px: network requests"; fail=1; }
    done
    chrome "$work/$page-dom.log" "$work/$page-dom.net" --dump-dom "$url" >"$work/$page.dom"
    if ! grep -q '<th scope="col"[^>]*><button type="button">' "$work/$page.dom" && [ "$page" != agent-A001 ]; then
        echo "FAIL $page: the sorting script did not run"; fail=1
    fi
    echo "$page.html: $(wc -c <"$out/$page.html") bytes; screenshots $out/$page-1280.png $out/$page-375.png"
done
[ $fail -eq 0 ] && echo "check-browser: ok"
exit $fail
