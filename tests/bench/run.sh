#!/usr/bin/env bash
# run.sh - make bench: imsguard.dll's entry points timed under Wine beside
# the bare Win32 calls they are made of, in one bench.exe process on a node
# with the IMS stand-in SP2 running (tests/bench/node.sh).
#
#   BENCH_LOOKS=2000 BENCH_ISALIVE=500 BENCH_ONLINE=30 BENCH_PORT=2591
#
# Prints the machine, the date, a table of p50/p99/max in microseconds with
# each ratio to its baseline, and the targets, met or missed. A missed
# target does not fail the run; a functional failure (an Online that does
# not complete, a FALSE LooksAlive) does.
set -u
here=$(cd "$(dirname "$0")" && pwd)
source "$here/node.sh"

port=${BENCH_PORT:-2591}
bench_machine
dir=$(bench_node_up bench "$port") || { echo "0 passed, 1 failed"; exit 1; }
trap 'ig_node_down "$dir"' EXIT
echo "node:    ${dir#$IG_ROOT/} ($IG_ARCH), IMS stand-in 5.5.2448.0 on port $port, domain contoso.com"
WINEPREFIX="$dir/prefix" timeout "${BENCH_LIMIT:-900}" "$(ig_wine)" "$dir/prefix/drive_c/cluster/bench.exe" bench --port "$port" \
    --looks "${BENCH_LOOKS:-2000}" --isalive "${BENCH_ISALIVE:-500}" --online "${BENCH_ONLINE:-30}" \
    </dev/null 2>"$IG_WINE_DIR/bench.stderr" | tr -d '\r'
rc=${PIPESTATUS[0]}
[ "$rc" -eq 124 ] && echo "bench: FAIL time limit ${BENCH_LIMIT:-900} s reached"
exit "$rc"
