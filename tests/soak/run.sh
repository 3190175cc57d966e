#!/usr/bin/env bash
# run.sh [scale] - make soak / soak-short: the real imsguard.dll driven for
# a long time in one bench.exe process under Wine (tests/bench/node.sh, in
# a network namespace of its own when the machine allows), its handles,
# private bytes and threads sampled before and after.
#
#   scale 1 (SOAK_SCALE, the default): 1000 Online/Offline cycles with
#   10000 LooksAlive/IsAlive calls, plus 100 Terminate/Close while an
#   Online or Offline is pending (about 4 minutes here); scale 0.1
#   (soak-short, for make check) is a tenth of that, under a minute.
#   Before the cycles, three checks of moments a monitor can create:
#   Online just after the Offline report, and Terminate / Offline while
#   the service itself is still starting.
#
# SOAK_ARGS=--inject-leak makes bench.exe leak on purpose (to see the
# checks catch it); SOAK_ARGS=--verbose prints every log line.
#
# The last line is exactly "N passed, M failed"; exit status 1 on failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../bench/node.sh"
bench_isolated "$0" "$@"

scale=${1:-${SOAK_SCALE:-1}}
port=${SOAK_PORT:-2592}
# About 0.1 s a cycle here; the limit leaves room for a slow machine.
limit=$(awk -v s="$scale" 'BEGIN { printf "%d", 300 + s * 1800 }')
bench_machine
dir=$(bench_node_up soak "$port") || { echo "0 passed, 1 failed"; exit 1; }
trap 'ig_node_down "$dir"' EXIT
echo "node:    ${dir#$IG_ROOT/} ($IG_ARCH), IMS stand-in 5.5.2448.0 on port $port, domain contoso.com"
WINEPREFIX="$dir/prefix" timeout "$limit" "$(ig_wine)" "$dir/prefix/drive_c/cluster/bench.exe" soak --port "$port" --scale "$scale" ${SOAK_ARGS:-} \
    </dev/null 2>"$IG_WINE_DIR/soak.stderr" | tr -d '\r'
rc=${PIPESTATUS[0]}
if [ "$rc" -eq 124 ]; then
    echo "soak: time limit ${limit} s reached"
    echo "0 passed, 1 failed"
fi
exit "$rc"
