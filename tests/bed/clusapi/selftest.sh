#!/usr/bin/env bash
# selftest.sh - runs clustest.exe against the test bed's clusapi.dll in a
# Wine prefix of its own (build/dev-clusapi/selftest, a copy of the shared
# template made for each run), 64-bit and, when this machine's Wine can run
# 32-bit programs, 32-bit; before it, bedcheck.exe, the self-test of the
# test header clustest's verdicts go through (tests/bed/common/bedtest.h).
#
# Usage: bash tests/bed/clusapi/selftest.sh [--fresh]
#   --fresh  accepted; every run is fresh
# Exit status 0 when every run printed "N passed, 0 failed"; 1 otherwise.
# Wine can abort a process and still exit 0, so the verdict rests on the
# printed summary line, not on the exit status alone.

set -u

top=$(cd "$(dirname "$0")/../../.." && pwd) || exit 1
cd "$top" || exit 1

# The template prefix (ig_template, ig_prefix_copy).
source "$top/tests/wine/lib.sh"
WINE=${WINE:-wine}
WINESERVER=${WINESERVER:-wineserver}
WINEPREFIX=$top/build/dev-clusapi/selftest
WINEDEBUG=-all
WINEDLLOVERRIDES="mscoree,mshtml="
export WINEPREFIX WINEDEBUG WINEDLLOVERRIDES

say() { printf 'clusapi selftest: %s\n' "$*"; }

make --no-print-directory -s \
    build/x86_64/clusapi.dll build/x86_64/clustest.exe build/x86_64/bedcheck.exe \
    build/i686/clusapi.dll build/i686/clustest.exe build/i686/bedcheck.exe \
    build/gen/consts.sh || { say "build failed"; exit 1; }
# BED_LAUNCH_RETRY_MARK (ig_launch_retries_in), also on a tree never built.
source "$top/build/gen/consts.sh"

ig_refuse_leftovers "bed-clusapi" "$WINEPREFIX" || exit 1
rm -rf "$WINEPREFIX"
template=$(IG_ARCH=x86_64 ig_template) && ig_prefix_copy "$template" "$WINEPREFIX" ||
    { say "FAILED: no prefix from the template"; exit 1; }

# One server for all runs, stopped whatever happens. Not the one that booted
# the prefix: that one is slow to start anything for a while (device set-up).
"$WINESERVER" -p >/dev/null 2>&1
trap '"$WINESERVER" -k 2>/dev/null' EXIT
trap 'exit 1' INT TERM
# The first program in a prefix starts its services (services.exe,
# winedevice.exe, ...), which inherit its output and keep it open for the
# server's lifetime: start them here, with nothing to hold on to. From here
# on, program output goes to files, never into a pipe we read to the end.
"$WINE" wineboot >/dev/null 2>&1 </dev/null

failures=0

# $1 = arch. Copies the pair into C:\clustest\<arch>, checks that Wine loads
# this clusapi.dll rather than its builtin, runs the test.
run_arch() {
    arch=$1
    dir=$WINEPREFIX/drive_c/clustest/$arch
    exe="C:\\clustest\\$arch\\clustest.exe"

    mkdir -p "$dir"
    cp "build/$arch/clusapi.dll" "build/$arch/clustest.exe" "$dir/" || return 1

    log=$top/build/dev-clusapi/loaddll-$arch.log
    WINEDEBUG=+loaddll "$WINE" "$exe" --probe >"$log" 2>&1 </dev/null
    loads=$(tr -d '\r' <"$log" |
            grep -i 'Loaded L"C:\\\\clustest\\\\'"$arch"'\\\\clusapi\.dll"')
    case "$loads" in
    *": native") say "$arch: Wine loads clusapi.dll from next to the exe (native)" ;;
    *)           say "$arch: clusapi.dll not loaded as native: ${loads:-no such load}"
                 return 1 ;;
    esac

    cp "build/$arch/bedcheck.exe" "$dir/" || return 1
    log=$top/build/dev-clusapi/bedcheck-$arch.log
    # ig_attempt: launch.sh's one retry of a launch Wine failed; bedcheck makes
    # the same retry of its own children's CreateProcess, counted here.
    ig_attempt "$WINE" "C:\\clustest\\$arch\\bedcheck.exe" --wine yes </dev/null
    status=$IG_RC
    printf '%s\n' "$IG_OUT" >"$log"
    ig_launch_retries_in "$log" "bedcheck.exe ($arch)"
    summary=$(tr -d '\r' <"$log" | tail -n 1)
    case "$summary" in
    [0-9]*" passed, 0 failed") [ "$status" -eq 0 ] && say "$arch: the test header's self-test: $summary" ;;
    *) false ;;
    esac || {
        tr -d '\r' <"$log" | grep -v ': Test succeeded' | head -40
        say "$arch: the test header's self-test failed (exit status $status; $log): clustest's verdict cannot be trusted"
        return 1
    }

    log=$top/build/dev-clusapi/clustest-$arch.log
    ig_attempt "$WINE" "$exe" </dev/null
    status=$IG_RC
    output=$IG_OUT
    printf '%s\n' "$output" >"$log"
    printf '%s\n' "$output"
    summary=$(printf '%s\n' "$output" | tail -n 1)
    if ! printf '%s\n' "$summary" | grep -Eq '^[0-9]+ passed, [0-9]+ failed$'; then
        say "$arch: no summary line (Wine aborted the test?)"
        return 1
    fi
    say "$arch: $summary"
    case "$summary" in
    *" 0 failed") [ "$status" -eq 0 ] || { say "$arch: exit status $status"; return 1; } ;;
    *)            return 1 ;;
    esac
    return 0
}

run_arch x86_64 || failures=$((failures + 1))

# A 64-bit-only Wine cannot start a 32-bit program at all.
mkdir -p "$WINEPREFIX/drive_c/clustest/i686"
cp build/i686/clusapi.dll build/i686/clustest.exe "$WINEPREFIX/drive_c/clustest/i686/"
probe=$top/build/dev-clusapi/probe-i686.log
ig_attempt "$WINE" "C:\\clustest\\i686\\clustest.exe" --probe </dev/null
printf '%s\n' "$IG_OUT" >"$probe"
if grep -q "probe ok (32-bit)" "$probe"; then
    run_arch i686 || failures=$((failures + 1))
else
    say "i686: skipped: no 32-bit Wine"
fi

if [ "$failures" -ne 0 ]; then
    say "FAILED"
    exit 1
fi
say "passed"
exit 0
