#!/usr/bin/env bash
# The Wine tests of the real imsguard.dll: the conformance test (dlltest.exe)
# and the scenarios in scenarios.sh, each on its own node (WINEPREFIX under
# build/wine/) with its own persistent wineserver, driven through the
# project's Resource Monitor emulator. Prints a line per check, a line per
# scenario with its wall time, and a final "N passed, M failed".
#
#   tests/wine/run.sh [scenario-name ...]     (default: all)
#   IG_ARCHES="x86_64 i686"                   which DLLs (default: both; i686
#                                             needs a 32-bit Wine)
set -u
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
source "$here/expect.sh"
source "$here/scenarios.sh"
# Further scenario files (scenarios-<topic>.sh) add scenario_* functions of their own.
for extra in "$here"/scenarios-*.sh; do
    [ -f "$extra" ] && source "$extra"
done

arches=${IG_ARCHES:-x86_64 i686}
only=("$@")
# Only this run's architectures: the other one's suite may be running in
# the other lane of make check, on prefixes of its own.
mine=()
for arch in $arches; do
    mine+=("$IG_WINE_DIR/run-$arch" "$IG_WINE_DIR/template-$arch")
done
if ! ig_refuse_leftovers "wine tests" "${mine[@]}"; then
    echo "wine tests: 0 passed, 1 failed"
    exit 1
fi
total_pass=0 total_fail=0 skipped=0
started_all=$(date +%s)

have_wine_for() {
    if [ "$1" = i686 ]; then
        dpkg-query -W -f='${Status}' wine32:i386 2>/dev/null | grep -q "ok installed"
    else
        command -v wine >/dev/null 2>&1 && [ -x /usr/lib/wine/wine64 ] || command -v wine64 >/dev/null 2>&1
    fi
}

for arch in $arches; do
    export IG_ARCH=$arch
    if ! have_wine_for "$arch"; then
        echo "wine[$arch]: SKIPPED: no $( [ "$arch" = i686 ] && echo 32-bit || echo 64-bit ) Wine on this machine (wine32:i386 not installable here); the $arch DLL was built and checked, not run"
        skipped=$((skipped + 1))
        continue
    fi
    t0=$(date +%s)
    ig_template >/dev/null || { echo "wine[$arch]: FAIL could not boot a template prefix"; total_fail=$((total_fail + 1)); continue; }
    echo "wine[$arch]: template prefix ready ($(( $(date +%s) - t0 )) s)"

    for scen in $(ig_scenario_list); do
        if [ ${#only[@]} -gt 0 ] && ! printf '%s\n' "${only[@]}" | grep -qx "$scen"; then
            continue
        fi
        IG_PASS=0 IG_FAIL=0
        IG_SCEN=$scen
        IG_SCEN_DIR=$IG_WINE_DIR/run-$arch/$scen
        rm -rf "$IG_SCEN_DIR"
        mkdir -p "$IG_SCEN_DIR"
        s0=$(date +%s.%N)
        # Each scenario in a subshell with a time limit, so a hang ends it.
        # fd 3 is its checks too, for set-up failures inside a $(...).
        ( exec 3>&1; "scenario_$scen" ) > "$IG_SCEN_DIR/checks.txt" 2> "$IG_SCEN_DIR/harness.log" &
        pid=$!
        limit=${IG_SCENARIO_LIMIT:-180}
        # The watchdog ends its sleep and itself when told (a trap runs
        # during `wait`, not during a foreground sleep), and ends the
        # scenario only when the sleep ran out: a scenario that is over may
        # have had its PID reused already.
        ( exec </dev/null >/dev/null 2>&1
          trap 'kill "$s" 2>/dev/null; exit 0' TERM
          sleep "$limit" & s=$!
          wait "$s" && kill -TERM "$pid" ) & watchdog=$!
        wait $pid
        rc=$?
        kill "$watchdog" 2>/dev/null
        wait "$watchdog" 2>/dev/null
        ig_nodes_down_all "$IG_SCEN_DIR"
        s1=$(date +%s.%N)
        secs=$(awk -v a="$s0" -v b="$s1" 'BEGIN { printf "%.1f", b - a }')
        sed "s/^/  /" "$IG_SCEN_DIR/checks.txt"
        p=$(grep -c '^ok ' "$IG_SCEN_DIR/checks.txt")
        f=$(grep -c '^FAIL ' "$IG_SCEN_DIR/checks.txt")
        if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
            f=1
            echo "  FAIL scenario ended with status $rc (time limit ${limit}s?) - see $IG_SCEN_DIR/harness.log"
        fi
        if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
            f=1
            echo "  FAIL scenario checked nothing"
        fi
        total_pass=$((total_pass + p))
        total_fail=$((total_fail + f))
        if [ "$f" -eq 0 ]; then
            echo "wine[$arch]: ok   $scen ($p checks, ${secs} s)"
        else
            echo "wine[$arch]: FAIL $scen ($f of $((p + f)) checks failed, ${secs} s; files in ${IG_SCEN_DIR#$IG_ROOT/})"
        fi
    done
done
echo "wine tests took $(( $(date +%s) - started_all )) s; $skipped architecture(s) skipped"
echo "wine tests: $total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
