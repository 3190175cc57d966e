#!/usr/bin/env bash
# make demo: the seed's story (KB Q194128) on two simulated cluster nodes
# under Wine. NODE-A runs Exchange 5.5 SP2; Service Pack 1 was installed on
# the passive NODE-B. The Exchange group is moved to NODE-B: IMS Guard
# refuses to bring the IMS online there, says why, and the group goes back
# to NODE-A, where the mail keeps flowing.
set -u
here=$(cd "$(dirname "$0")" && pwd)
source "$here/wine/lib.sh"
export IG_ARCH=x86_64
RES="Internet Mail Service"
dir=$IG_WINE_DIR/demo
t0=$(date +%s.%N)
say() { printf '[%5.1fs] %s\n' "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')" "$*"; }
cleanup() { ig_node_down "$dir/NODE-A"; ig_node_down "$dir/NODE-B"; }
trap cleanup EXIT

say "booting the Wine template prefix (first run only)"
ig_template >/dev/null || { echo "demo: could not boot Wine"; exit 1; }
for n in NODE-A NODE-B; do
    ig_node_up "$dir/$n" || { echo "demo: $n did not start"; exit 1; }
    ig_domain "$dir/$n" contoso.com
    ig_register "$dir/$n" "$RES" SmtpProbePort dword 2525 StopTimeout dword 5000 || exit 1
done
ig_install_ims "$dir/NODE-A" 5.5.2448.0 2525 || exit 1
ig_install_ims "$dir/NODE-B" 5.5.2232.0 2525 || exit 1
say "two nodes up, DNS domain contoso.com on both; NODE-A has IMS 5.5.2448.0 (SP2), NODE-B 5.5.2232.0 (SP1)"

run_node() {  # run_node <node> <script-name>: the monitor on that node
    ig_resmon "$dir/$1" "$dir/$1-$2.out"
}

step() {  # step <node> <name> <verb>: online or offline on that node
    local node=$1 name=$2 verb=$3 out
    printf 'poll off\nopen "%s"\n%s "%s"\nwait "%s" %s 30000\n%s\nquit\n' \
        "$RES" "$verb" "$RES" "$RES" "$( [ "$verb" = online ] && echo Online || echo Offline )" \
        "$( [ "$verb" = online ] && printf 'isalive "%s"\nterminate "%s"' "$RES" "$RES" )" |
        run_node "$node" "$name"
    out=$dir/$node-$name.out
    grep -E '^LOG ' "$out" | sed -n 's/.*level=\([A-Za-z]*\) text="\(.*\)"$/\1: \2/p' |
        sed 's/\\"/"/g; s/\\\\/\\/g' | fold -s -w 100 | sed 's/^/           | /'
    grep -Eq "^STATE .*state=$( [ "$verb" = online ] && echo Online || echo Offline ) " "$out"
}

say "NODE-A: bringing the IMS online"
if step NODE-A online1 online; then
    say "NODE-A: Online - the IMS answers SMTP on 127.0.0.1:2525"
else
    say "NODE-A: did not come online (see $dir/NODE-A-online1.out)"; exit 1
fi

say "moving the Exchange group to NODE-B (the node where SP1 was just installed)"
if step NODE-B online2 online; then
    say "NODE-B: Online?! IMS Guard should have refused"; exit 1
fi
code=$(sed -n 's/^CALL .*entry=Online .*status=\([0-9]*\).*/\1/p' "$dir/NODE-B-online2.out" | head -1)
say "NODE-B: REFUSED, Online returned $(printf '0x%08X' "${code:-0}") (IMSGUARD_E_AFFECTED_BUILD); the IMS was never started there"

say "the cluster moves the group back to NODE-A"
if step NODE-A online3 online; then
    say "NODE-A: Online again - mail keeps flowing"
else
    say "NODE-A: did not come back (see $dir/NODE-A-online3.out)"; exit 1
fi

say "done. Cluster logs: ${dir#$IG_ROOT/}/NODE-A/cluster.log and ${dir#$IG_ROOT/}/NODE-B/cluster.log"
