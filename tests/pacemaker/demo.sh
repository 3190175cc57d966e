#!/usr/bin/env bash
# demo.sh - the seed's story on a real Pacemaker cluster, narrated
# (make demo-pacemaker): two Linux "hosts" (network and mount namespaces on
# this machine, cluster.sh), each a Wine node with its own Exchange IMS
# stand-in; Service Pack 1 on the preferred one. crm_mon before and after
# the refusal, then the administrator's remedy. Everything is torn down at
# the end, also when interrupted. Outputs: build/pacemaker-demo/.
set -u
{
here=$(cd "$(dirname "$0")" && pwd)
export IG_PM_TAG=${IG_PM_TAG:-igpmdemo}    # not the suite's names: both may run
source "$here/../wine/lib.sh"
source "$here/cluster.sh"
source "$here/checks.sh"

out=$IG_ROOT/build/pacemaker-demo
say() { printf '\n\033[1m%s\033[0m\n' "$*"; }
show() { printf '  $ %s\n' "$*"; pm_on node1 "$@" 2>&1 | grep -v '^ *$' | sed 's/^/    /'; }
[ "$(id -u)" = 0 ] || { echo "demo-pacemaker: needs root (network and mount namespaces)"; exit 1; }
pm_refuse_leftovers || exit 1
agent=$(pm_default_agent)
[ -f "$agent" ] || { echo "demo-pacemaker: no $agent (run make all)"; exit 1; }
pm_install_agent "$agent"
trap 'pm_cluster_down' EXIT
exec 3>&1 4>&2    # the handler's output is the demo's, wherever it struck
trap '{ echo "demo-pacemaker: interrupted: tearing down"; pm_cluster_down; } >&3 2>&4; exit 130' INT TERM HUP

say "1. Two cluster nodes, each its own Linux host here (network, mount and UTS namespaces), each a Wine node."
echo "   node1: Exchange 5.5 IMS build 5.5.2232.0 (Service Pack 1: affected, KB Q194128), the preferred node"
echo "   node2: IMS build 5.5.2448.0 (Service Pack 2: fixed). Both in the DNS domain contoso.com."
echo "   Corosync 3 (knet on a bridge of their own) and Pacemaker 2.1 on each; stonith off, as on a test bed."
bash "$PM_NODE_SH" template || exit 1
pm_cluster_up "$out" 2 "5.5.2232.0,contoso.com" "5.5.2448.0,contoso.com" || exit 1
echo "   The cluster is up: a DC elected, both nodes online (${PM_WAITED} s after the daemons started)."

say "2. The IMS Guard resource (ocf:imsguard:IMSGuard), created stopped, preferring node1 (score 100)."
PM_CREATE_STOPPED=1 pm_create_ims 3 node1:100 || exit 1
pm_wait 30 "the probes on both nodes (nothing runs)" pm_probed_everywhere || exit 1
say "   crm_mon before (resource created, not yet started):"
show crm_mon -1

say "3. The administrator starts it. Pacemaker picks node1 (its preference); IMS Guard refuses there."
t0=$(date +%s.%N)
pm_on node1 crm_resource -r "$PM_RES" --meta -p target-role -v Started >/dev/null
pm_wait 90 "the resource running on node2" pm_running_on node2 || exit 1
echo "   Running on node2 $(pm_since "$t0") s after the start was asked for."
say "   crm_mon after the refusal:"
show crm_mon -1 --include=failures,failcounts
echo
echo "   The start on node1 returned rc 5 (OCF_ERR_INSTALLED, 'not installed'): a hard, node-local error."
echo "   Pacemaker placed the resource on node2 at once and will not try node1 again:"
pm_on node1 crm_simulate -Ls 2>/dev/null | grep "allocation score on" | grep "$PM_RES" | sed 's/^.*: IMS/    IMS/'
echo "   IMS Guard refused before starting the IMS there: no half-started service, no events 4058/4067."

say "4. The remedy: Service Pack 2 on node1, then clear the refusal (crm_resource --cleanup)."
pm_wine node1 swap 5.5.2448.0 || exit 1
show crm_resource --cleanup -r "$PM_RES" -N node1
pm_wait 30 "node1 no longer banned" pm_not_banned node1
echo "   node1 may run it again; the resource stays on node2 (resource-stickiness 1000 over the preference"
echo "   100, as a Windows group without failback stays where it failed over):"
pm_on node1 crm_simulate -Ls 2>/dev/null | grep "allocation score on" | grep "$PM_RES" | sed 's/^.*: IMS/    IMS/'
say "5. Tearing the cluster down (every process of both nodes by PID, the namespaces by name)."
pm_cluster_down
left=$(pm_leftovers)
if [ -z "$left" ]; then echo "   Nothing left: no namespace, process or mount of the demo remains."
else echo "   Left behind:"; printf '%s\n' "$left" | sed 's/^/    /'; exit 1; fi
echo "   Logs: ${out#$IG_ROOT/}/ (test.log, node*/log-pacemaker/pacemaker.log)."
exit 0
}
