#!/usr/bin/env bash
# stop.sh - ends every process whose WINEPREFIX lies under a directory: the
# test bed's Wine processes (services.exe, winedevice.exe, resmon.exe, the
# IMS stand-in...) and their wineservers; not this script's callers. An interrupted
# make check leaves them running (a process can outlive its killed
# wineserver), and the next run then refuses to reuse their prefixes.
#
#   bash tests/wine/stop.sh <dir>        (make stop-wine: <dir> is build/)
#
# Which processes: ig_leftovers (prefix.sh), the same search the runs'
# refusal makes. First `wineserver -k` for each prefix in use, then SIGTERM
# to what is left, then SIGKILL after 3 s. Prints each process it ended, or
# that there was none; exit 0, or 1 if a process could not be ended (named).
set -u
[ $# -eq 1 ] && [ -n "$1" ] || { echo "usage: stop.sh <dir>" >&2; exit 2; }
source "$(cd "$(dirname "$0")" && pwd)/prefix.sh"
dir=$1

# The PIDs of ig_leftovers' lines ("pid command (WINEPREFIX=...)", one per
# process: a command's own newlines are spaces there).
pids_of() { printf '%s\n' "$1" | sed -n 's/^\([0-9][0-9]*\) .* (WINEPREFIX=.*)$/\1/p'; }

list=$(ig_leftovers "$dir")
if [ -z "$list" ]; then
    echo "stop-wine: no Wine process uses a prefix under $dir"
    exit 0
fi
echo "stop-wine: ending the Wine processes under $dir:"
printf '%s\n' "$list" | sed 's/^/  /'

if command -v wineserver >/dev/null 2>&1; then
    printf '%s\n' "$list" | sed -n 's/.* (WINEPREFIX=\(.*\))$/\1/p' | sort -u | while IFS= read -r prefix; do
        [ -d "$prefix" ] && WINEPREFIX=$prefix timeout 10 wineserver -k >/dev/null 2>&1
    done
    sleep 1
fi
left=$(ig_leftovers "$dir")
[ -n "$left" ] && kill -TERM $(pids_of "$left") 2>/dev/null
for _ in 1 2 3 4 5 6; do
    left=$(ig_leftovers "$dir")
    [ -z "$left" ] && break
    sleep 0.5
done
[ -n "$left" ] && kill -KILL $(pids_of "$left") 2>/dev/null && sleep 0.5
left=$(ig_leftovers "$dir")
if [ -n "$left" ]; then
    echo "stop-wine: these could not be ended (another user's, or stuck in the kernel):"
    printf '%s\n' "$left" | sed 's/^/  /'
    exit 1
fi
echo "stop-wine: none left"
