#!/bin/sh
# netns.sh <command...> - runs a test suite in a network namespace of its
# own, with only a loopback interface (up). Every port a suite's IMS
# stand-ins, SMTP probes and clients use is then its own: no collision with
# another suite running at the same time, with a process a killed run left
# behind, or with anything else on the machine; and the suite cannot reach
# any network but that loopback. (Wine runs unchanged in such a namespace:
# contract.md section 4. wineserver's socket is a file, reachable from any
# namespace.)
#
# Needs root (CI and these machines have it). IG_NETNS=0, or a machine where
# unshare is refused, runs the command as it is, on the host's loopback,
# and says so.
if [ "${IG_NETNS:-1}" != 0 ] && [ -z "${IG_IN_NETNS:-}" ]; then
    if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null 2>&1 &&
       unshare -n true 2>/dev/null; then
        IG_IN_NETNS=1 exec unshare -n -- sh -c 'ip link set lo up || exit 125; exec "$@"' netns.sh "$@"
    fi
    echo "netns: note: no network namespace here (not root, or unshare refused): $1 runs on the host's loopback" >&2
fi
exec "$@"
