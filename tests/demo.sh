#!/usr/bin/env bash
# make demo: the seed's story (KB Q194128) on a simulated two-node cluster
# under Wine, run by the failover coordinator (build/native/failover) with
# the scenario tests/failover/scenarios/seed_story.scn.
#
# Both nodes run Exchange 5.5 RTM; Service Pack 1 is installed on the
# passive NODE-B and the Exchange group is moved there. IMS Guard refuses to
# bring the IMS online on NODE-B, says why in the cluster log, and the
# cluster fails the group back to NODE-A, where the mail keeps flowing.
# The coordinator narrates as it goes; the pictures are written at the end.
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
where it would fail.

Two nodes, each its own Wine prefix with its own Resource Monitor running
the real imsguard.dll, both with Exchange 5.5 RTM (5.5.1960.0) and the DNS
domain contoso.com. Setting them up takes a few seconds...

EOF

"$coordinator" --narrate --out "$out" "$scenario"
rc=$?

echo
if [ "$rc" -eq 0 ]; then
    echo "What happened: Service Pack 1 on NODE-B was caught before the IMS started there;"
    echo "the group went back to NODE-A, and NODE-B is not tried again until it changes"
    echo "(install Service Pack 2 or the 5.5.2423.0 fix there)."
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
