#!/usr/bin/env bash
# crm_exec.sh <agent> <node dir> <out dir> - the agent run by Pacemaker's own
# executor library, without a cluster: crm_resource --force-start /
# --force-check / --force-stop / --validate against a CIB file. Run by
# tests/ocf/run.sh under `unshare -m --propagation private`: the agent is
# put where Pacemaker looks for it (compiled in) on a tmpfs over
# /usr/lib/ocf/resource.d, and /run/resource-agents is a tmpfs too, both in
# this mount namespace only; the host's trees are not touched.
#
# Prints one "<step> <exit status>" line per step; alive-started and
# alive-stopped say whether the IMS stand-in's process runs (0: it does).
set -u
agent=$1 node=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../wine/lib.sh
source "$here/../wine/lib.sh"

mkdir -p "$out"
mount -t tmpfs tmpfs /usr/lib/ocf/resource.d || { echo "setup 1"; exit 1; }
mkdir -p /usr/lib/ocf/resource.d/imsguard /run/resource-agents
mount -t tmpfs tmpfs /run/resource-agents || { echo "setup 1"; exit 1; }
install -m 755 "$agent" /usr/lib/ocf/resource.d/imsguard/IMSGuard || { echo "setup 1"; exit 1; }

export CIB_file=$out/cib.xml
cibadmin --empty >"$CIB_file" || { echo "setup 1"; exit 1; }
cibadmin -C -o resources --xml-text "<primitive id=\"ims\" class=\"ocf\" provider=\"imsguard\" type=\"IMSGuard\">
  <instance_attributes id=\"ims-ia\">
    <nvpair id=\"ims-wineprefix\" name=\"wineprefix\" value=\"$node/prefix\"/>
    <nvpair id=\"ims-resource\" name=\"resource\" value=\"IMS\"/>
  </instance_attributes></primitive>" || { echo "setup 1"; exit 1; }
echo "setup 0"

step() {   # step <name> <crm_resource args...>
    local name=$1
    shift
    crm_resource "$@" -r ims >"$out/$name.out" 2>&1
    echo "$name $?"
}
alive() {   # alive <step name>
    ig_run "$node" imsctl.exe alive </dev/null >/dev/null 2>&1
    echo "$1 $?"
}
step start --force-start
alive alive-started
step check --force-check
step check10 --force-check=10
step stop --force-stop
alive alive-stopped
step check-stopped --force-check
step validate --validate
