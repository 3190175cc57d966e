#!/bin/bash
# selftest.sh - tests resmon.exe against the toy resource DLLs under Wine.
#
#   make bed && bash tests/bed/resmon/selftest.sh [x86_64|i686 ...]
#
# Creates a fresh prefix under build/dev-resmon/, registers the toy types and
# resources in HKLM\Cluster, runs resmon scripts and greps the report lines.
# Prints one line per check and a last line "N passed, M failed"; exits
# non-zero on failure. The i686 build is tested only where a 32-bit Wine
# exists (said so when skipped).

set -u
cd "$(dirname "$0")/../../.." || exit 2
TOP=$(pwd)
DEV="$TOP/build/dev-resmon"
export WINEPREFIX="$DEV/prefix"
export WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml="
WINE=${WINE:-wine}
WINESERVER=${WINESERVER:-wineserver}
ARCHES=${*:-"x86_64 i686"}

passed=0
failed=0

cleanup() {
    WINEPREFIX="$DEV/prefix" "$WINESERVER" -k >/dev/null 2>&1
}
trap cleanup EXIT INT TERM

ok() {
    passed=$((passed + 1))
    echo "ok   - $*"
}

not_ok() {
    failed=$((failed + 1))
    echo "FAIL - $*"
}

# check <description> <command...>; a failure shows what was wanted and,
# for the checks on a run below, that run's exit status and last lines.
check() {
    desc=$1
    shift
    if "$@"; then ok "$desc"; return; fi
    not_ok "$desc"
    echo "     wanted: $*" | cut -c1-400
    case $1 in
    has|has_fixed|lacks|count_ge|rc_is|before)
        [ "$1" = count_ge ] && echo "     found $(grep -Ec -- "$3" "$RUN/$2.out" 2>/dev/null) matching line(s), wanted at least $4"
        echo "     run '$2': exit $(cat "$RUN/$2.rc" 2>/dev/null), $(cat "$RUN/$2.secs" 2>/dev/null) s; its last lines:"
        tail -n 12 "$RUN/$2.out" 2>/dev/null | tr -d '\r' | cut -c1-400 | sed 's/^/       /'
        [ -s "$RUN/$2.err" ] && tail -n 4 "$RUN/$2.err" | tr -d '\r' | cut -c1-400 | sed 's/^/       stderr: /'
        ;;
    esac
    return 0
}

# has <run> <ERE>: a report line of that run matches
has() { grep -Eq -- "$2" "$RUN/$1.out"; }
# has_fixed <run> <string>
has_fixed() { grep -Fq -- "$2" "$RUN/$1.out"; }
lacks() { ! grep -Eq -- "$2" "$RUN/$1.out"; }
count_ge() { [ "$(grep -Ec -- "$2" "$RUN/$1.out")" -ge "$3" ]; }
rc_is() { [ "$(cat "$RUN/$1.rc")" = "$2" ]; }
# before <run> <ERE a> <ERE b>: the first a comes before the first b
before() {
    a=$(grep -En -- "$2" "$RUN/$1.out" | head -1 | cut -d: -f1)
    b=$(grep -En -- "$3" "$RUN/$1.out" | head -1 | cut -d: -f1)
    [ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ]
}

# run <name> [resmon options...] < script: stdout, stderr, exit code, seconds
run() {
    name=$1
    shift
    start=$(date +%s)
    cat >"$RUN/$name.in"
    (cd "$RUN" && ig_attempt_files "$name.out" "$name.err" "$name.in" "$WINE" "$EXE" "$@")
    echo $? >"$RUN/$name.rc"
    echo $(($(date +%s) - start)) >"$RUN/$name.secs"
}

# ig_attempt_files: Wine's launch failure is run once more, counted.
. "$TOP/tests/lib/launch.sh"

# test_resident: the resident mode (--resident), in a file of its own.
. "$TOP/tests/bed/resmon/selftest-resident.sh"
. "$TOP/tests/bed/resmon/selftest-steps.sh"

# The toy resources' cluster database, as one REGEDIT4 file: a function of
# about 160 lines because it is one piece of data (every key and value the
# self-test's toy DLLs and resources need), not logic.
register() {
    cat >"$DEV/toys.reg" <<'EOF'
REGEDIT4

[-HKEY_LOCAL_MACHINE\Cluster]

[HKEY_LOCAL_MACHINE\Cluster]

[HKEY_LOCAL_MACHINE\Cluster\ResourceTypes\Toy Good]
"DllName"="toyres.dll"
"LooksAlivePollInterval"=dword:00001388
"IsAlivePollInterval"=dword:0000ea60

[HKEY_LOCAL_MACHINE\Cluster\ResourceTypes\Toy Pending]
"DllName"="toyres.dll"

[HKEY_LOCAL_MACHINE\Cluster\ResourceTypes\Toy PendFail]
"DllName"="toyres.dll"

[HKEY_LOCAL_MACHINE\Cluster\ResourceTypes\Toy Silent]
"DllName"="toyres.dll"
"PendingTimeout"=dword:00000258

[HKEY_LOCAL_MACHINE\Cluster\ResourceTypes\Toy Hang]
"DllName"="toyres.dll"

[HKEY_LOCAL_MACHINE\Cluster\ResourceTypes\Toy Crash]
"DllName"="toyres.dll"

[HKEY_LOCAL_MACHINE\Cluster\ResourceTypes\Toy Logger]
"DllName"="toyres.dll"

[HKEY_LOCAL_MACHINE\Cluster\ResourceTypes\Toy Refuse]
"DllName"="toyres.dll"

[HKEY_LOCAL_MACHINE\Cluster\ResourceTypes\Toy Rogue]
"DllName"="toyres.dll"

[HKEY_LOCAL_MACHINE\Cluster\ResourceTypes\Toy BadTable]
"DllName"="toyres.dll"

[HKEY_LOCAL_MACHINE\Cluster\ResourceTypes\Toy Slow]
"DllName"="toyres.dll"

[HKEY_LOCAL_MACHINE\Cluster\ResourceTypes\Toy Straggler]
"DllName"="toyres.dll"

[HKEY_LOCAL_MACHINE\Cluster\ResourceTypes\Toy Early]
"DllName"="toyres.dll"

[HKEY_LOCAL_MACHINE\Cluster\ResourceTypes\Toy Deaf]
"DllName"="toyres.dll"

[HKEY_LOCAL_MACHINE\Cluster\ResourceTypes\Toy Ghost]
"DllName"="toyres.dll"

[HKEY_LOCAL_MACHINE\Cluster\ResourceTypes\Toy Child]
"DllName"="toyres.dll"

[HKEY_LOCAL_MACHINE\Cluster\ResourceTypes\Toy Unknown]
"DllName"="toyres.dll"

[HKEY_LOCAL_MACHINE\Cluster\ResourceTypes\Toy NoStartup]
"DllName"="toynostartup.dll"

[HKEY_LOCAL_MACHINE\Cluster\ResourceTypes\Toy Missing]
"DllName"="nosuchtoy.dll"

[HKEY_LOCAL_MACHINE\Cluster\Resources\{7e5a0000-0000-0000-0000-000000000001}]
"Name"="Good1"
"Type"="Toy Good"

[HKEY_LOCAL_MACHINE\Cluster\Resources\{7e5a0000-0000-0000-0000-000000000001}\Parameters]

[HKEY_LOCAL_MACHINE\Cluster\Resources\{7e5a0000-0000-0000-0000-000000000002}]
"Name"="Good Spaced"
"Type"="toy good"

[HKEY_LOCAL_MACHINE\Cluster\Resources\{7e5a0000-0000-0000-0000-000000000003}]
"Name"="Good2"
"Type"="Toy Good"
"LooksAlivePollInterval"=dword:00000064
"IsAlivePollInterval"=dword:00000000

[HKEY_LOCAL_MACHINE\Cluster\Resources\{7e5a0000-0000-0000-0000-000000000004}]
"Name"="Pending1"
"Type"="Toy Pending"

[HKEY_LOCAL_MACHINE\Cluster\Resources\{7e5a0000-0000-0000-0000-000000000005}]
"Name"="PendFail1"
"Type"="Toy PendFail"

[HKEY_LOCAL_MACHINE\Cluster\Resources\{7e5a0000-0000-0000-0000-000000000006}]
"Name"="Silent1"
"Type"="Toy Silent"

[HKEY_LOCAL_MACHINE\Cluster\Resources\{7e5a0000-0000-0000-0000-000000000007}]
"Name"="Hang1"
"Type"="Toy Hang"

[HKEY_LOCAL_MACHINE\Cluster\Resources\{7e5a0000-0000-0000-0000-000000000010}]
"Name"="Hang2"
"Type"="Toy Hang"

[HKEY_LOCAL_MACHINE\Cluster\Resources\{7e5a0000-0000-0000-0000-000000000008}]
"Name"="Crash1"
"Type"="Toy Crash"

[HKEY_LOCAL_MACHINE\Cluster\Resources\{7e5a0000-0000-0000-0000-000000000009}]
"Name"="Logger1"
"Type"="Toy Logger"

[HKEY_LOCAL_MACHINE\Cluster\Resources\{7e5a0000-0000-0000-0000-00000000000a}]
"Name"="Refuse1"
"Type"="Toy Refuse"

[HKEY_LOCAL_MACHINE\Cluster\Resources\{7e5a0000-0000-0000-0000-00000000000b}]
"Name"="Rogue1"
"Type"="Toy Rogue"

[HKEY_LOCAL_MACHINE\Cluster\Resources\{7e5a0000-0000-0000-0000-00000000000c}]
"Name"="BadTable1"
"Type"="Toy BadTable"

[HKEY_LOCAL_MACHINE\Cluster\Resources\{7e5a0000-0000-0000-0000-00000000000d}]
"Name"="Unknown1"
"Type"="Toy Unknown"

[HKEY_LOCAL_MACHINE\Cluster\Resources\{7e5a0000-0000-0000-0000-00000000000e}]
"Name"="NoStartup1"
"Type"="Toy NoStartup"

[HKEY_LOCAL_MACHINE\Cluster\Resources\{7e5a0000-0000-0000-0000-00000000000f}]
"Name"="Missing1"
"Type"="Toy Missing"

[HKEY_LOCAL_MACHINE\Cluster\Resources\{7e5a0000-0000-0000-0000-000000000011}]
"Name"="Slow1"
"Type"="Toy Slow"

[HKEY_LOCAL_MACHINE\Cluster\Resources\{7e5a0000-0000-0000-0000-000000000012}]
"Name"="Straggler1"
"Type"="Toy Straggler"

[HKEY_LOCAL_MACHINE\Cluster\Resources\{7e5a0000-0000-0000-0000-000000000013}]
"Name"="Early1"
"Type"="Toy Early"

[HKEY_LOCAL_MACHINE\Cluster\Resources\{7e5a0000-0000-0000-0000-000000000014}]
"Name"="Deaf1"
"Type"="Toy Deaf"

[HKEY_LOCAL_MACHINE\Cluster\Resources\{7e5a0000-0000-0000-0000-000000000015}]
"Name"="Ghost1"
"Type"="Toy Ghost"

[HKEY_LOCAL_MACHINE\Cluster\Resources\{7e5a0000-0000-0000-0000-000000000016}]
"Name"="Child1"
"Type"="Toy Child"
EOF
    ig_attempt "$WINE" regedit /S "$DEV/toys.reg" </dev/null ||
        echo "register: regedit /S toys.reg: exit status $IG_RC: ${IG_OUT:-(nothing printed)}" >&2
}

# Toy control codes: CLUSCTL_USER_CODE(n, CLUS_OBJECT_RESOURCE)
SET_ALIVE=0x01800004
SET_DELAY=0x01800008
OVERRUN=0x0180000C
NULL_FORMAT=0x01800010
CRASH_THREAD=0x01800014
LEAK_CHILD=0x01800018
KILL_CHILD=0x0180001C

test_arch() {
    arch=$1
    EXE=${RESMON_EXE:-"$TOP/build/$arch/resmon.exe"}
    RUN="$DEV/run-$arch"
    rm -rf "$RUN"
    mkdir -p "$RUN"

    step_good
    step_alive
    step_pending
    step_timeout
    step_hang
    step_crash
    step_logger
    step_invalid_dlls
    step_rogue
    step_usage
    step_bad_input
    step_terminate_from_a_third_thread
    step_reports_that_come_too_late
    step_the_process_behind_the_resource
    test_resident
}

mkdir -p "$DEV"
"$WINESERVER" -k >/dev/null 2>&1
rm -rf "$WINEPREFIX"
echo "creating the prefix $WINEPREFIX"
"$WINE" wineboot -i >/dev/null 2>&1
"$WINESERVER" -k >/dev/null 2>&1
"$WINESERVER" -p
register

for arch in $ARCHES; do
    missing=
    for f in resmon.exe toyres.dll toynostartup.dll; do
        [ -f "$TOP/build/$arch/$f" ] || missing="$missing $f"
    done
    if [ -n "$missing" ]; then
        not_ok "$arch: not built:$missing (make bed)"
        continue
    fi
    if [ "$arch" = i686 ]; then
        # A 32-bit program needs a 32-bit Wine; judge by whether it runs.
        ig_attempt "$WINE" "$TOP/build/$arch/resmon.exe" --help </dev/null
        printf '%s\n' "$IG_OUT" >"$DEV/i686-probe.out"
        if ! grep -q '^usage: resmon.exe' "$DEV/i686-probe.out"; then
            echo "skip - i686: no 32-bit Wine here, build/i686/resmon.exe not run"
            continue
        fi
    fi
    test_arch "$arch"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
