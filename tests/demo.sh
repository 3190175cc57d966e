#!/usr/bin/env bash
# make demo: the seed's story (KB Q194128) on a simulated two-node cluster
# under Wine, run by the failover coordinator (build/native/failover) with
# the scenario tests/failover/scenarios/seed_story.scn.
#
# Both nodes run Exchange 5.5 RTM on Windows NT 4.0 Enterprise Edition;
# Service Pack 1 is installed on the passive NODE-B and the Exchange group
# is moved there. IMS Guard refuses every Online on NODE-B before the IMS
# starts and says why in the cluster log; the cluster treats each refusal
# as a failed Online, restarts the resource there RestartThreshold (3)
# times, then fails the group back to NODE-A, where the mail keeps flowing.
# The administrator then takes NODE-B out of the resource's Possible
# Owners until Service Pack 2 is installed there. The coordinator narrates
# as it goes; the pictures are written at the end.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$root" || exit 1

scenario=tests/failover/scenarios/seed_story.scn
out=build/failover-demo
coordinator=build/native/failover

if [ ! -x "$coordinator" ]; then
    echo "demo: $coordinator is missing: run 'make' (or 'make demo', which builds it)" >&2
    exit 1
fi

cat <<'EOF'
IMS Guard demo: KB Q194128 on a two-node cluster under Wine
-----------------------------------------------------------
Exchange Server 5.5 Service Pack 1 breaks the Internet Mail Service on a
cluster: it stops at start-up with events 4058 and 4067, the cluster fails
the group over and over, and nothing in the cluster log says why. IMS Guard
is the cluster resource DLL that manages the IMS and refuses to start it
where it would fail. It does not change the cluster's own policy: the
cluster asks again as often as RestartThreshold and FailoverThreshold say,
and IMS Guard refuses each time, before the IMS starts, saying why.

Two nodes, each its own Wine prefix with its own Resource Monitor running
the real imsguard.dll, both with Exchange 5.5 RTM (5.5.1960.0) and the DNS
domain contoso.com. Setting them up takes a few seconds...

EOF

"$coordinator" --narrate --out "$out" "$scenario"
rc=$?

echo
if [ "$rc" -eq 0 ]; then
    echo "What happened: the cluster tried NODE-B four times (the move and three restarts,"
    echo "RestartThreshold 3); IMS Guard refused each Online before the IMS started there,"
    echo "logging why (KB Q194128), and the cluster failed the group over back to NODE-A."
    echo "The cluster will try NODE-B again whenever its policy sends the group there."
    echo "What the administrator does: install Exchange 5.5 Service Pack 2 (or the"
    echo "5.5.2423.0 fix) on NODE-B; until then keep NODE-B out of the resource's"
    echo "Possible Owners:"
    echo "  cluster resource \"Internet Mail Service\" /removeowner:NODE-B"
    echo "and after the upgrade put it back (/addowner:NODE-B), as the demo did."
else
    echo "demo: the scenario did not go as expected (see above)."
fi
echo
echo "Pictures and logs:"
echo "  timeline (SVG):      $out/seed_story/timeline.svg"
echo "  merged cluster log:  $out/seed_story/cluster.log"
echo "  every event:         $out/seed_story/events.txt"
echo "  JUnit XML:           $out/seed_story/junit.xml"
echo "  index page:          $out/index.html"
echo "More scenarios (crash, hang, lost DNS domain, rolling upgrade, 4 nodes...):"
echo "  make failover-test   (see tests/failover/README.md)"
exit "$rc"
