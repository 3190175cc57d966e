#!/usr/bin/env bash
# run.sh - make bench: imsguard.dll's entry points timed under Wine beside
# the bare Win32 calls they are made of, one bench.exe process per run on a
# node with the IMS stand-in SP2 (tests/bench/node.sh), in a network
# namespace of its own when the machine allows.
#
#   BENCH_RUNS=5              the whole measurement 5 times per architecture
#                             (make bench RUNS=5); the summary gives the
#                             medians of the runs
#   BENCH_ARCHES="x86_64 i686" (default both; an arch without its Wine is
#                             skipped, and the run says so)
#   BENCH_LOOKS=2000 BENCH_ISALIVE=500 BENCH_ONLINE=100 BENCH_TERMINATE=10
#                             (100 Online/Offline cycles: with fewer than 100
#                             samples the nearest-rank p99 is the largest, and
#                             one scheduling hiccup decides the entry points'
#                             5 ms bar)
#   BENCH_PORT=2591 BENCH_LIMIT=900 (seconds a run may take)
#
# Writes build/bench/: <arch>/run-N.txt (a run's whole output) and
# run-N.tsv (its figures), summary.tsv (every figure, medians of the runs,
# ratios to the baselines) and bars.tsv (issue 9's bar, met or missed).
# Prints each run's checks, then per arch the table and the bar. A missed
# bar does not fail make bench; a functional failure (an Online that does
# not complete, an IMS still running after Terminate) does. Last line:
# "bench: N runs passed, M failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
source "$here/node.sh"
bench_isolated "$0" "$@"

runs=${BENCH_RUNS:-1}
arches=${BENCH_ARCHES:-x86_64 i686}
port=${BENCH_PORT:-2591}
limit=${BENCH_LIMIT:-900}
benchsum=${BENCHSUM:-$IG_ROOT/build/native/benchsum}
out=$IG_ROOT/build/bench
case $runs in
    '' | *[!0-9]* | 0*) echo "bench: BENCH_RUNS (RUNS) must be a whole number from 1 to 99, not '$runs'"; exit 2 ;;
esac
[ "$runs" -le 99 ] || { echo "bench: BENCH_RUNS (RUNS) must be at most 99, not $runs"; exit 2; }
[ -x "$benchsum" ] || { echo "bench: no $benchsum: run make bench (it builds it)"; exit 2; }

bench_machine
rm -rf "$out"
mkdir -p "$out"
runs_ok=0 runs_bad=0 header=
for arch in $arches; do
    if ! bench_arch_runs "$arch"; then
        echo "bench[$arch]: SKIPPED: no $arch Wine on this machine; nothing measured"
        continue
    fi
    export IG_ARCH=$arch
    dir=$(bench_node_up "bench-$arch" "$port") || { echo "bench[$arch]: FAILED: the node did not come up"; runs_bad=$((runs_bad + 1)); continue; }
    echo "node:    ${dir#$IG_ROOT/} ($arch), IMS stand-in 5.5.2448.0 on port $port, domain contoso.com"
    mkdir -p "$out/$arch"
    files=()
    for r in $(seq 1 "$runs"); do
        txt=$out/$arch/run-$r.txt tsv=$dir/prefix/drive_c/cluster/run.tsv
        rm -f "$tsv"
        WINEPREFIX="$dir/prefix" timeout "$limit" "$(ig_wine)" "$dir/prefix/drive_c/cluster/bench.exe" bench \
            --port "$port" --looks "${BENCH_LOOKS:-2000}" --isalive "${BENCH_ISALIVE:-500}" \
            --online "${BENCH_ONLINE:-100}" --terminate "${BENCH_TERMINATE:-10}" --tsv 'C:\cluster\run.tsv' \
            </dev/null 2>"$out/$arch/run-$r.stderr" | tr -d '\r' >"$txt"
        rc=${PIPESTATUS[0]}
        [ "$rc" -eq 124 ] && echo "bench: FAILED: time limit $limit s reached" >>"$txt"
        # The checks (and the notes that explain a failure) come before the table.
        sed -n '/^microseconds/q; /: Test succeeded: \|: Test failed: \|^    wanted: \|^    note: /p' "$txt" | sed "s/^/  [$arch run $r] /"
        echo "bench[$arch] run $r of $runs: $(tail -1 "$txt") (exit $rc; output in ${txt#$IG_ROOT/})"
        if [ -s "$tsv" ]; then
            cp "$tsv" "$out/$arch/run-$r.tsv"
            files+=("$out/$arch/run-$r.tsv")
        fi
        if [ "$rc" -eq 0 ]; then runs_ok=$((runs_ok + 1)); else runs_bad=$((runs_bad + 1)); fi
    done
    ig_node_down "$dir"
    if [ ${#files[@]} -eq 0 ]; then
        echo "bench[$arch]: no run wrote its figures"
        continue
    fi
    echo
    echo "== $arch: ${#files[@]} run(s) =="
    "$benchsum" --arch "$arch" --figures "$out/summary.tsv" --bars "$out/bars.tsv" $header "${files[@]}" ||
        { echo "bench[$arch]: the summary failed"; runs_bad=$((runs_bad + 1)); }
    header=--no-header
done
echo
echo "figures: ${out#$IG_ROOT/}/summary.tsv, bar: ${out#$IG_ROOT/}/bars.tsv, runs: ${out#$IG_ROOT/}/<arch>/run-N.{txt,tsv}"
echo "bench: $runs_ok runs passed, $runs_bad failed"
[ "$runs_bad" -eq 0 ]
