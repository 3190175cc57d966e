#!/usr/bin/env bash
# run.sh - the race stress run of issue 9: seeded, randomised interleavings
# of Online / Offline / Terminate (from the command thread, N ms later from
# a terminator thread, or while an entry point is inside the DLL) /
# LooksAlive / IsAlive (the poller's and by hand) / Close, against the real
# imsguard.dll and the IMS stand-in with its faults, in resmon (tests/bed/
# resmon). gen.py writes the interleavings; each is named by its seed.
#
#   tests/stress/run.sh [--count N] [--seed S] [--batch B] [--jobs J]
#       N interleavings (default 2000) from seed S (default 1), B to a
#       resmon process (default 50), on J nodes at once (default 2, each
#       its own prefix and SMTP port), on every arch of IG_ARCHES
#       (default "x86_64 i686"; i686 needs a 32-bit Wine).
#   tests/stress/run.sh --replay SEED
#       that one interleaving again, alone on a fresh node, every report
#       line shown. The commands are exactly the same; the timing is the
#       machine's.
#   tests/stress/run.sh --self-check [--count N] [--seed S]
#       builds a copy of the DLL whose Terminate skips the kill
#       (TerminateProcess made a no-op, tests/stress/broken.sh) and runs
#       the interleavings against it: the run must fail, or the stress run
#       could not see the defect it exists for.
#
# The invariants are checked by code at every step, by resmon itself (see
# the protocol at the top of tests/bed/resmon/resmon.c), and counted here:
#   - when Terminate returns, the IMS service is stopped or its process
#     gone (resmon's "watch ... service": VIOLATION "Terminate returned
#     while ...");
#   - no SetResourceStatus after the pending operation ended, after
#     Terminate returned, from a worker of an operation Terminate ended, or
#     for a closed resource (VIOLATION "SetResourceStatus ...");
#   - LooksAlive/IsAlive never TRUE once the IMS process is gone;
#   - the monitor never hangs or crashes (HUNG, CRASH lines; a BYE line at
#     the end; resmon within its time limit).
# A failing interleaving prints its seed and the replay command. The node's
# IMS must also be gone after each resmon process (its last step is a
# Terminate). The last line is "N passed, M failed" (interleavings); exit 1
# on any failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)

# Each run in a network namespace of its own where this can make one: the
# stand-in's SMTP port then collides with nothing (contract.md section 4).
if [ -z "${STRESS_NETNS:-}" ] && [ "$(id -u)" = 0 ] && unshare -n true 2>/dev/null; then
    exec env STRESS_NETNS=1 unshare -n bash "$0" "$@"
fi
[ -n "${STRESS_NETNS:-}" ] && ip link set lo up 2>/dev/null

source "$here/../wine/lib.sh"

count=2000 seed=1 batch=50 jobs=2 mode=run replay=
while [ $# -gt 0 ]; do
    case $1 in
        --count) count=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        --batch) batch=$2; shift 2 ;;
        --jobs) jobs=$2; shift 2 ;;
        --replay) mode=replay; replay=$2; shift 2 ;;
        --self-check) mode=self-check; shift ;;
        -h|--help) sed -n '2,40p' "$0"; exit 0 ;;
        *) echo "stress: unknown option \"$1\" (see the head of $0)" >&2; exit 2 ;;
    esac
done
for v in "$count" "$seed" "$batch" "$jobs" ${replay:+"$replay"}; do
    case $v in
        ''|*[!0-9]*) echo "stress: \"$v\" is not a whole number (--count, --seed, --batch and --replay take 0 or more)" >&2; exit 2 ;;
    esac
done
[ "$count" -ge 1 ] && [ "$batch" -ge 1 ] && [ "$jobs" -ge 1 ] && [ "$jobs" -le 8 ] ||
    { echo "stress: --count and --batch must be at least 1, --jobs 1 to 8" >&2; exit 2; }

RES="Internet Mail Service"
PORT=${STRESS_PORT:-2593}
OUT_DIR=$IG_ROOT/build/stress
arches=${IG_ARCHES:-x86_64 i686}
total_pass=0 total_fail=0

have_wine_for() {
    if [ "$1" = i686 ]; then
        dpkg-query -W -f='${Status}' wine32:i386 2>/dev/null | grep -q "ok installed"
    else
        command -v wine >/dev/null 2>&1
    fi
}

# stress_node <dir> <port> [dll]: a node with the IMS stand-in (SP2, SMTP
# on port), a domain, and the resource (StopTimeout 1 s, so that an Offline
# of an IMS that will not stop ends soon); dll replaces imsguard.dll.
stress_node() {
    local d=$1 port=$2 dll=${3:-}
    ig_node_up "$d" || return 1
    ig_install_ims "$d" "$IMS_BUILD_SP2" "$port" >&2 || return 1
    ig_domain "$d" contoso.com >&2
    ig_register "$d" "$RES" SmtpProbePort dword "$port" StopTimeout dword 1000 >&2 || return 1
    if [ -n "$dll" ]; then
        cp "$dll" "$d/prefix/drive_c/cluster/imsguard.dll" || return 1
    fi
}

# judge <report> <first seed> <count>: prints a FAIL line per failing
# interleaving; sets batch_pass / batch_fail.
judge() {
    local out=$1 first=$2 n=$3 verdict
    verdict=$(tr -d '\r' < "$out" | awk -v first="$first" -v n="$n" '
        /^OK echo stress seed=[0-9]+ begin$/ { s = $4; sub(/seed=/, "", s); cur = s; next }
        /^OK echo stress seed=[0-9]+ end$/   { s = $4; sub(/seed=/, "", s); ended[s] = 1; next }
        /^(VIOLATION|HUNG|CRASH) / {
            k = (cur == "" ? first : cur)
            if (!(k in why)) why[k] = substr($0, 1, 300)
            next }
        /^BYE / { bye = 1 }
        END {
            for (s = first; s < first + n; s++) {
                # A later failure in the same monitor may follow from an
                # earlier one (an IMS left running): say so.
                after = (firstfail != "" ? " [after seed " firstfail " failed in this monitor]" : "")
                if (s in why)         { print "FAIL " s " " why[s] after; if (firstfail == "") firstfail = s }
                else if (!(s in ended)) { print "FAIL " s " the interleaving did not finish (monitor hung or ended; " (bye ? "BYE seen" : "no BYE") ")" after; if (firstfail == "") firstfail = s }
                else                  print "ok " s
            }
        }')
    batch_pass=$(printf '%s\n' "$verdict" | grep -c '^ok ')
    batch_fail=$(printf '%s\n' "$verdict" | grep -c '^FAIL ')
    printf '%s\n' "$verdict" | grep '^FAIL ' | while read -r _ s why; do
        echo "  FAIL seed=$s ($IG_ARCH): $why"
        echo "       replay: IG_ARCHES=$IG_ARCH tests/stress/run.sh --replay $s${STRESS_DLL:+ (with STRESS_DLL=$STRESS_DLL)}"
    done
}

# run_batch <node dir> <first seed> <count> <report>
run_batch() {
    local d=$1 first=$2 n=$3 out=$4 limit rc
    python3 "$here/gen.py" --first "$first" --count "$n" --res "$RES" > "$out.script" || return 2
    # Generous: an interleaving takes about a second; a hang shows as the limit.
    limit=$((120 + n * 30))
    WINEPREFIX=$d/prefix timeout "$limit" $(ig_wine) "$d/prefix/drive_c/cluster/resmon.exe" \
        --script "$(winepath_of "$d" "$out.script")" > "$out" 2> "$out.stderr"
    rc=$?
    [ "$rc" -eq 124 ] && echo "HUNG t=0 res=\"\" entry=monitor ms=$((limit * 1000)) (resmon reached the ${limit} s limit)" >> "$out"
    # The last step of every interleaving is a Terminate: the IMS is gone.
    if WINEPREFIX=$d/prefix $(ig_wine) "$d/prefix/drive_c/cluster/imsctl.exe" alive >/dev/null 2>&1; then
        echo "VIOLATION t=0 res=\"\" what=\"the IMS process still runs after the monitor's last Terminate and exit\"" >> "$out"
        # Clear it for the next batch.
        ig_run "$d" imsctl.exe fault none >/dev/null 2>&1
        ig_run "$d" imsctl.exe stop --wait 5000 >/dev/null 2>&1
        ig_run "$d" imsctl.exe stop --wait 5000 >/dev/null 2>&1
    fi
    return 0
}

# stress_job <node dir> <port> <first seed> <count> <result file>: one
# node's share, batch after batch; "pass fail" goes to the result file.
stress_job() {
    local d=$1 port=$2 first=$3 n=$4 result=$5 s todo b=0 pass=0 fail=0
    echo "0 1" > "$result"
    stress_node "$d" "$port" "${STRESS_DLL:-}" || { echo "  FAIL $IG_ARCH: the node $d could not be set up"; return; }
    for ((s = first; s < first + n; s += batch)); do
        todo=$((first + n - s))
        [ "$todo" -gt "$batch" ] && todo=$batch
        b=$((b + 1))
        run_batch "$d" "$s" "$todo" "$d.batch-$b.out"
        judge "$d.batch-$b.out" "$s" "$todo"
        pass=$((pass + batch_pass))
        fail=$((fail + batch_fail))
        echo "stress[$IG_ARCH]: seeds $s-$((s + todo - 1)): $batch_pass passed, $batch_fail failed ($(( $(date +%s) - t0 )) s so far)"
    done
    ig_node_down "$d"
    echo "$pass $fail" > "$result"
}

# stress_arch <count> <first seed>: the range split over the jobs; sets
# arch_pass / arch_fail.
stress_arch() {
    local n=$1 first=$2 dir=$OUT_DIR/${STRESS_TAG:-}$IG_ARCH j share start p f r
    local t0
    t0=$(date +%s)
    arch_pass=0 arch_fail=0
    rm -rf "$dir"
    mkdir -p "$dir"
    share=$(( (n + jobs - 1) / jobs ))
    for ((j = 0; j < jobs; j++)); do
        start=$((first + j * share))
        [ "$start" -ge $((first + n)) ] && break
        [ $((start + share)) -gt $((first + n)) ] && share=$((first + n - start))
        stress_job "$dir/node$j" $((PORT + j)) "$start" "$share" "$dir/job$j.result" &
    done
    wait
    for r in "$dir"/job*.result; do
        read -r p f < "$r"
        arch_pass=$((arch_pass + p))
        arch_fail=$((arch_fail + f))
    done
}

# All of it parsed before any of it runs: a run of an hour must not read a
# file edited meanwhile.
main() {
mkdir -p "$OUT_DIR"
case $mode in
replay)
    export IG_ARCH=${IG_ARCHES%% *}
    IG_ARCH=${IG_ARCH:-x86_64}
    d=$OUT_DIR/replay-$IG_ARCH
    mkdir -p "$d"
    stress_node "$d/node" "$PORT" "${STRESS_DLL:-}" || { echo "0 passed, 1 failed"; exit 1; }
    run_batch "$d/node" "$replay" 1 "$d/replay.out"
    ig_node_down "$d/node"
    tr -d '\r' < "$d/replay.out"
    judge "$d/replay.out" "$replay" 1
    echo "$batch_pass passed, $batch_fail failed"
    [ "$batch_fail" -eq 0 ]
    exit
    ;;
self-check)
    # A seed names one interleaving whatever runs before it: what --replay
    # rests on.
    one=$(python3 "$here/gen.py" --first 17 --count 1 | sed -n '/seed=17 begin/,/seed=17 end/p')
    many=$(python3 "$here/gen.py" --first 3 --count 20 | sed -n '/seed=17 begin/,/seed=17 end/p')
    if [ -n "$one" ] && [ "$one" = "$many" ]; then
        echo "ok   - seed 17 gives the same $(printf '%s\n' "$one" | wc -l) commands alone and among seeds 3-22"
        total_pass=$((total_pass + 1))
    else
        echo "FAIL - seed 17 alone and among seeds 3-22 differ: a replay would not be the same interleaving"
        diff <(printf '%s\n' "$one") <(printf '%s\n' "$many") | head -5
        total_fail=$((total_fail + 1))
    fi
    # A short slice unless told otherwise: the broken DLL fails early.
    [ "$count" -eq 2000 ] && count=40
    for arch in $arches; do
        export IG_ARCH=$arch
        have_wine_for "$arch" || { echo "stress[$arch]: SKIPPED: no Wine for $arch"; continue; }
        broken=$(bash "$here/broken.sh" "$arch") || {
            echo "FAIL - $arch: could not build the DLL whose Terminate skips the kill"
            total_fail=$((total_fail + 1)); continue; }
        STRESS_DLL=$broken STRESS_TAG=self-check- stress_arch "$count" "$seed" \
            > "$OUT_DIR/self-check-$arch.txt" 2>&1
        if [ "$arch_fail" -gt 0 ]; then
            echo "ok   - $arch: a DLL whose Terminate skips the kill fails the stress run ($arch_fail of $((arch_pass + arch_fail)) interleavings failed)"
            grep -m 3 '  FAIL seed=' "$OUT_DIR/self-check-$arch.txt"
            total_pass=$((total_pass + 1))
        else
            echo "FAIL - $arch: a DLL whose Terminate skips the kill passed all $arch_pass interleavings: the stress run cannot see that defect"
            total_fail=$((total_fail + 1))
        fi
    done
    echo "$total_pass passed, $total_fail failed"
    [ "$total_fail" -eq 0 ]
    exit
    ;;
esac

mkdir -p "$OUT_DIR"
started=$(date +%s)
for arch in $arches; do
    export IG_ARCH=$arch
    if ! have_wine_for "$arch"; then
        echo "stress[$arch]: SKIPPED: no $( [ "$arch" = i686 ] && echo 32-bit || echo 64-bit ) Wine on this machine"
        continue
    fi
    ig_template >/dev/null || { echo "stress[$arch]: FAIL could not boot a template prefix"; total_fail=$((total_fail + 1)); continue; }
    stress_arch "$count" "$seed"
    total_pass=$((total_pass + arch_pass))
    total_fail=$((total_fail + arch_fail))
done
echo "stress: $count interleavings from seed $seed per architecture, $(( $(date +%s) - started )) s${STRESS_NETNS:+, in a network namespace of its own}"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
}
main
exit
