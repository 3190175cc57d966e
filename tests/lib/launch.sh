# launch.sh - running a Wine program from a test, and the one retry the
# tests allow (bash; sourced by tests/wine/lib.sh and by the bed suites that
# do not use lib.sh's nodes). The OCF agent, installed apart from the tree,
# states the same rule in its own ig_tool.
#
# Wine 8.0 now and then fails to start a program at all. Its process
# creation (NtCreateUserProcess in dlls/ntdll/unix/process.c) waits for the
# new process to report that it has started; when that process ends first
# with no exit code, the call fails with STATUS_INTERNAL_ERROR, which
# CreateProcess returns as ERROR_INTERNAL_ERROR (1359). `wine <program>`
# starts the program through start.exe, which then prints "Application could
# not be started, or no application associated with the specified file."
# and "ShellExecuteEx failed: Internal error." and exits 1; a C tool's own
# CreateProcess fails with error 1359; services.exe's StartService returns
# it too (the DLL's Online asks once more itself: event 1045). Measured
# here: 1 launch in 740, in loops of two or three launches at once beside 2
# CPU hogs. Why the new process ends inside Wine was not found.
#
# When a command's whole output is exactly start.exe's message, nothing of
# it ran, and it is run once more; every such retry is counted (a line in
# IG_LAUNCH_RETRIES, build/results/launch-retries.log by default, which
# tests/suite.sh --summary counts). Any other failure, and a second launch
# failure, is the command's result. failover-cli checks the rule.

IG_LAUNCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
IG_START_FAILED="Application could not be started, or no application associated with the specified file."
IG_START_INTERNAL="ShellExecuteEx failed: Internal error."
# BED_LAUNCH_RETRY_MARK (tests/bed/common/bedtest.h, through consts.sh): the
# mark of a line a C tool prints when it made the same retry of its own
# CreateProcess; ig_launch_retries_in copies such lines to the count.
[ -f "$IG_LAUNCH_ROOT/build/gen/consts.sh" ] && source "$IG_LAUNCH_ROOT/build/gen/consts.sh"
# Beside the suites' results (IG_RESULTS: make flake's run directories).
IG_LAUNCH_RETRIES=${IG_LAUNCH_RETRIES:-${IG_RESULTS:-$IG_LAUNCH_ROOT/build/results}/launch-retries.log}
export IG_LAUNCH_RETRIES

# ig_launch_failed <status> <output>: start.exe's failure and nothing else
# (a program that cannot be started at all, a missing or a broken file,
# gives another reason, "File not found.", and is not retried).
ig_launch_failed() {
    [ "$1" -eq 1 ] && [ "$2" = "$IG_START_FAILED"$'\n'"$IG_START_INTERNAL" ]
}

# ig_launch_retried <command> <reason>: says so on stderr and counts it.
ig_launch_retried() {
    local reason=${2##*$'\n'}
    printf '%s\n' "wine: Wine did not start the program ($reason); running it once more (counted): $1" >&2
    mkdir -p "$(dirname "$IG_LAUNCH_RETRIES")" 2>/dev/null
    printf '%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$reason" "$1" >>"$IG_LAUNCH_RETRIES"
}

# ig_attempt_files <stdout file> <stderr file> <stdin file> <command...>:
# runs it with its output in those files (not a pipe: a Wine process it
# starts may keep a pipe open, and a $(...) would wait for it) and its input
# from a file (/dev/null for none; read from the start again on a retry);
# leaves both outputs, CR dropped, in IG_OUT and the exit status in IG_RC,
# and returns that status.
ig_attempt_files() {
    local out=$1 err=$2 in=$3 try
    shift 3
    for try in 1 2; do
        "$@" >"$out" 2>"$err" <"$in"
        IG_RC=$?
        IG_OUT=$(cat "$out" "$err" | tr -d '\r')
        [ "$try" -eq 1 ] && ig_launch_failed "$IG_RC" "$IG_OUT" || break
        ig_launch_retried "$*" "$IG_OUT"
    done
    return "$IG_RC"
}

# ig_attempt <command...>: the same with stdout and stderr in one file
# (stdin is the caller's); the output in IG_OUT.
ig_attempt() {
    local log try
    log=$(mktemp "${TMPDIR:-/tmp}/ig-out.XXXXXX")
    for try in 1 2; do
        "$@" >"$log" 2>&1
        IG_RC=$?
        IG_OUT=$(tr -d '\r' <"$log")
        [ "$try" -eq 1 ] && ig_launch_failed "$IG_RC" "$IG_OUT" || break
        ig_launch_retried "$*" "$IG_OUT"
    done
    rm -f "$log"
    return "$IG_RC"
}

# ig_launch_retries_in <log> <who>: counts the retries a C tool made of its
# own CreateProcess (its lines carrying BED_LAUNCH_RETRY_MARK).
ig_launch_retries_in() {
    local line
    if [ -z "${BED_LAUNCH_RETRY_MARK:-}" ]; then
        printf '%s\n' "launch.sh: BED_LAUNCH_RETRY_MARK is not set (build/gen/consts.sh is missing: run make): the retries in $1 cannot be counted" >&2
        return 1
    fi
    grep -F -- "$BED_LAUNCH_RETRY_MARK" "$1" 2>/dev/null | tr -d '\r' | while IFS= read -r line; do
        mkdir -p "$(dirname "$IG_LAUNCH_RETRIES")" 2>/dev/null
        printf '%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "CreateProcess error 1359" "$2: $line" >>"$IG_LAUNCH_RETRIES"
    done
}

# ig_fake_wine <dir> <case pattern>: a "wine" at <dir>/wine, for the tests
# of the retry: the first program started with arguments matching the
# pattern (a shell case pattern, e.g. '*resmon.exe*') fails as Wine's
# launch failure does (start.exe's two lines, status 1) and leaves
# <dir>/failed-once; everything else runs the real wine. Put <dir> (an
# absolute path) first on PATH.
ig_fake_wine() {
    local dir=$1 pattern=$2 real
    real=$(command -v wine) || { printf '%s\n' "launch.sh: no wine on PATH for the stand-in" >&2; return 1; }
    mkdir -p "$dir" && rm -f "$dir/failed-once" || return 1
    cat >"$dir/wine" <<FAKE || return 1
#!/bin/sh
case "\$*" in
$pattern)
    if [ ! -e '$dir/failed-once' ]; then
        : >'$dir/failed-once'
        printf '%s\r\n%s\r\n\r\n' '$IG_START_FAILED' '$IG_START_INTERNAL'
        exit 1
    fi ;;
esac
exec '$real' "\$@"
FAKE
    chmod +x "$dir/wine"
}
