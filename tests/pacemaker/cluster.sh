# cluster.sh - a real Pacemaker 2.1 / Corosync 3 cluster of 2 or 3 nodes on
# this one machine, for tests/pacemaker/run.sh and demo.sh. Sourced by bash.
#
# Every node is a network namespace of its own ($PM_TAG-nN, named with
# `ip netns`) holding a long-lived "holder" process that made the node's
# mount and UTS namespaces: private /run, /dev/shm, /var/lib/pacemaker,
# /var/lib/corosync, /etc/corosync, the log directories and an OCF agent
# tree (see ../../shared/docs/pacemaker.md for why each one). Every command
# for a node runs through `nsenter -t <holder> -n -m -u`. The nodes meet on a
# bridge in a hub namespace ($PM_TAG-hub) through one veth each; their
# addresses exist only inside these namespaces, and no namespace has a
# route anywhere else. Each node is also a Wine node (tests/failover/node.sh
# up, run inside the node's namespaces, so its IMS stand-in listens on the
# node's own loopback).
#
#   pm_refuse_leftovers          refuse (saying what) if a run left anything
#   pm_cluster_up <dir> <n> <ims,domain>...   bring a cluster up
#   pm_on <node> <command...>    run a command on a node
#   pm_kill_node <node>          every process of the node, SIGKILL
#   pm_cluster_down              tear down by PID and namespace name
#   pm_leftovers                 what is left (nothing after pm_cluster_down)
#
# Pacemaker settings pre-seeded into every node's CIB before the daemons
# start: stonith-enabled=false (the scheduler starts nothing otherwise),
# dc-deadtime=2s (the first election would wait 20 s), and
# start-failure-is-fatal=false, so that a failed start counts like any other
# failure (as a failed Online does on MSCS) and only a hard error from the
# agent (rc 5, OCF_ERR_INSTALLED) bans the node at once.

PM_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
IG_ROOT=${IG_ROOT:-$(cd "$PM_HERE/../.." && pwd)}
PM_TAG=${IG_PM_TAG:-igpm}
PM_NET=${IG_PM_NET:-10.213.7}          # node i is $PM_NET.(10+i)/24
PM_NODE_SH=$IG_ROOT/tests/failover/node.sh
# Corosync's timing: token 1000 ms (default 3000) makes node loss visible
# in about 2 s instead of 5.
PM_TOKEN_MS=${IG_PM_TOKEN_MS:-1000}

PM_NODES=()         # node names, node1..nodeN
declare -A PM_HOLDER PM_DIR_OF
PM_RUN_DIR=""
PM_AGENT_DIR=$IG_ROOT/build/pacemaker/agents-$PM_TAG

pm_log() {
    local text="$*"
    printf '%s [TEST] %s\n' "$(date -u '+%b %d %H:%M:%S.%3N')" "${text//$'\n'/ | }" >>"$PM_RUN_DIR/test.log"
}
pm_say() { printf '%s\n' "$*" >&2; [ -n "$PM_RUN_DIR" ] && pm_log "$*"; return 0; }

# ---------------------------------------------------------------- leftovers

# pm_leftovers: one line per thing a run of this harness leaves behind:
# namespaces named $PM_TAG-*, processes carrying IG_PM_MEMBER=$PM_TAG in their
# environment (every process the harness starts does), mounts of ours.
pm_leftovers() {
    local ns f pid cmd
    for ns in $(ip netns list 2>/dev/null | awk '{ print $1 }' | grep "^$PM_TAG-"); do
        echo "network namespace $ns (processes: $(ip netns pids "$ns" 2>/dev/null | tr '\n' ' '))"
    done
    for f in $(grep -slz "^IG_PM_MEMBER=$PM_TAG\$" /proc/[0-9]*/environ 2>/dev/null); do
        pid=${f#/proc/}
        pid=${pid%/environ}
        [ -d "/proc/$pid" ] || continue
        cmd=$({ tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | cut -c1-100)
        echo "process $pid ${cmd:-?}"
    done
    grep -E "/$PM_TAG-|/build/pacemaker/" /proc/mounts 2>/dev/null | awk '{ print "mount " $2 }'
    ig_leftovers "$IG_ROOT/build/pacemaker" 2>/dev/null | sed 's/^/wine process /'
    return 0
}

pm_refuse_leftovers() {
    local list
    list=$(pm_leftovers)
    [ -z "$list" ] && return 0
    echo "pacemaker: refusing to start: an earlier run left these behind (they would hold the namespace names, addresses and prefixes this run needs):"
    printf '%s\n' "$list" | head -n 30 | sed 's/^/    /'
    echo "    clear them with: bash tests/pacemaker/run.sh --clean   (kills only the processes listed, deletes only $PM_TAG-* namespaces)"
    return 1
}

# pm_clean: ends what pm_leftovers lists (by PID and namespace name).
pm_clean() {
    local ns pid
    for ns in $(pm_our_netns); do pm_kill_netns "$ns" all; done
    for pid in $(pm_leftovers | sed -n 's/^\(wine \)\{0,1\}process \([0-9]*\) .*/\2/p'); do
        kill -9 "$pid" 2>/dev/null
    done
    for ns in $(pm_our_netns); do ip netns delete "$ns" 2>/dev/null; done
    return 0
}

# ---------------------------------------------------------------- nodes

# pm_default_agent: the agent built from the tree (make all).
pm_default_agent() { echo "$IG_ROOT/build/ocf/IMSGuard"; }

# pm_install_agent <file> [real agent]: the agent every node sees as
# ocf:imsguard:IMSGuard (cluster.sh binds this directory into each node).
pm_install_agent() {
    rm -rf "$PM_AGENT_DIR"
    mkdir -p "$PM_AGENT_DIR"
    install -m 0755 "$1" "$PM_AGENT_DIR/IMSGuard"
    [ -n "${2:-}" ] && install -m 0755 "$2" "$PM_AGENT_DIR/IMSGuard.real"
    return 0
}

pm_on() {   # pm_on <node> <command...>: in the node's namespaces, marked
    local node=$1
    shift
    nsenter -t "${PM_HOLDER[$node]}" -n -m -u -- env IG_PM_MEMBER="$PM_TAG" "$@"
}

# The holder's script: runs in the node's new mount and UTS namespaces,
# makes its private directories, then waits for ever (its PID is the
# handle on the namespaces).
pm_holder_script() {
    cat <<'EOF'
set -e
d=$1 name=$2
hostname "$name"
mount --make-rprivate /
mount -t tmpfs -o mode=0755 pm-run /run
mkdir -p /run/crm /run/resource-agents /run/corosync /run/imsguard
# The node's Wine prefix at the same path on every node, as on real hosts.
ln -s "$d/wine/prefix" /run/imsguard/prefix
chown hacluster:haclient /run/crm && chmod 0750 /run/crm
mount -t tmpfs -o mode=1777 pm-shm /dev/shm
for sub in lib-pacemaker lib-corosync etc-corosync log-pacemaker log-corosync; do mkdir -p "$d/$sub"; done
for sub in cib pengine blackbox cores; do mkdir -p "$d/lib-pacemaker/$sub"; done
chown -R hacluster:haclient "$d/lib-pacemaker" "$d/log-pacemaker"
chmod 0750 "$d/lib-pacemaker"/*
mount --bind "$d/lib-pacemaker" /var/lib/pacemaker
mount --bind "$d/lib-corosync" /var/lib/corosync
mount --bind "$d/etc-corosync" /etc/corosync
mount --bind "$d/log-pacemaker" /var/log/pacemaker
mount --bind "$d/log-corosync" /var/log/corosync
# The agent tree: the system's heartbeat/ and pacemaker/ agents plus ours.
mkdir -p "$d/ocf/heartbeat" "$d/ocf/pacemaker" "$d/ocf/imsguard"
mount --bind /usr/lib/ocf/resource.d/heartbeat "$d/ocf/heartbeat"
mount --bind /usr/lib/ocf/resource.d/pacemaker "$d/ocf/pacemaker"
mount --bind "$PM_AGENT_DIR" "$d/ocf/imsguard"
mount --rbind "$d/ocf" /usr/lib/ocf/resource.d
echo ready > "$d/holder.ready"
exec sleep 2147483647
EOF
}

pm_corosync_conf() {   # pm_corosync_conf <nodes>
    local n=$1 i
    cat <<EOF
totem {
    version: 2
    cluster_name: $PM_TAG
    transport: knet
    token: $PM_TOKEN_MS
    crypto_cipher: aes256
    crypto_hash: sha256
}
nodelist {
EOF
    for ((i = 1; i <= n; i++)); do
        printf '    node {\n        name: node%d\n        nodeid: %d\n        ring0_addr: %s.%d\n    }\n' \
            "$i" "$i" "$PM_NET" $((10 + i))
    done
    cat <<EOF
}
quorum {
    provider: corosync_votequorum
$([ "$n" -eq 2 ] && echo "    two_node: 1")
}
logging {
    to_syslog: no
    to_stderr: no
    to_logfile: yes
    logfile: /var/log/corosync/corosync.log
    timestamp: hires
}
system {
    state_dir: /var/lib/corosync
}
EOF
}

# pm_net_up <n>: the hub with its bridge, and node i's namespace with a
# veth into it, address $PM_NET.(10+i). No route but the subnet's.
pm_net_up() {
    local n=$1 i hub=$PM_TAG-hub
    ip netns add "$hub" || return 1
    ip -n "$hub" link set lo up
    ip -n "$hub" link add br0 type bridge || return 1
    ip -n "$hub" link set br0 up
    for ((i = 1; i <= n; i++)); do
        local ns=$PM_TAG-n$i
        ip netns add "$ns" || return 1
        ip -n "$ns" link set lo up
        ip -n "$hub" link add "v$i" type veth peer name eth0 netns "$ns" || return 1
        ip -n "$hub" link set "v$i" master br0 up
        ip -n "$ns" addr add "$PM_NET.$((10 + i))/24" dev eth0
        ip -n "$ns" link set eth0 up
    done
}

# pm_holder_up <node> <dir>: the node's holder, started in its netns.
pm_holder_up() {
    local node=$1 dir=$2 i=${1#node} t
    rm -f "$dir/holder.ready"
    pm_holder_script >"$dir/holder.sh"
    IG_PM_MEMBER=$PM_TAG PM_AGENT_DIR=$PM_AGENT_DIR setsid ip netns exec "$PM_TAG-n$i" \
        unshare --mount --uts --propagation private -- sh "$dir/holder.sh" "$dir" "$node" \
        </dev/null >"$dir/holder.log" 2>&1 &
    PM_HOLDER[$node]=$!
    disown "$!"     # killed at tear-down: no "Killed" job notice
    t=$(( $(date +%s) + 10 ))
    until [ -e "$dir/holder.ready" ]; do
        if ! kill -0 "${PM_HOLDER[$node]}" 2>/dev/null || [ "$(date +%s)" -ge "$t" ]; then
            pm_say "node $node: its namespace holder did not come up; it printed:"
            sed 's/^/    /' "$dir/holder.log" >&2
            return 1
        fi
        sleep 0.05
    done
    # ip netns exec execs unshare, which execs sh, which execs sleep: one PID.
}

# pm_seed_cib <node>: an empty CIB with the cluster options, owned by
# hacluster, in place before pacemakerd starts.
pm_seed_cib() {
    local node=$1 cib=/var/lib/pacemaker/cib/cib.xml opt
    pm_on "$node" sh -c "cibadmin --empty > $cib" || return 1
    for opt in stonith-enabled=false dc-deadtime=2s start-failure-is-fatal=false \
               cluster-recheck-interval=30s; do
        pm_on "$node" env CIB_file=$cib crm_attribute -t crm_config -n "${opt%%=*}" -v "${opt#*=}" \
            >/dev/null 2>&1 || return 1
    done
    pm_on "$node" chown hacluster:haclient "$cib"
}

# pm_daemons_up <node>: corosync, then (once it answers) pacemakerd.
pm_daemons_up() {
    local node=$1 dir=${PM_DIR_OF[$1]} t
    pm_on "$node" setsid corosync -f </dev/null >"$dir/corosync.out" 2>&1 &
    disown "$!"
    t=$(( $(date +%s) + 20 ))
    until pm_on "$node" corosync-cfgtool -s >/dev/null 2>&1; do
        [ "$(date +%s)" -ge "$t" ] && { pm_say "node $node: corosync did not answer within 20 s (see ${dir#$IG_ROOT/}/corosync.out)"; return 1; }
        sleep 0.1
    done
    pm_seed_cib "$node" || { pm_say "node $node: could not pre-seed the CIB"; return 1; }
    pm_on "$node" env PCMK_logfacility=none PCMK_logfile=/var/log/pacemaker/pacemaker.log \
        PCMK_debug=no PATH="$PATH" setsid pacemakerd -f </dev/null >"$dir/pacemakerd.out" 2>&1 &
    disown "$!"
    return 0
}

# pm_crm_xml [node]: crm_mon's XML status as the node sees it.
pm_crm_xml() { pm_on "${1:-${PM_NODES[0]}}" crm_mon -1 --output-as=xml 2>/dev/null; }

# pm_wait <seconds> <what> <command...>: polls the command (every 0.1 s)
# until it succeeds or the deadline passes; on timeout says what it waited
# for. Prints the seconds it took into PM_WAITED.
pm_wait() {
    local secs=$1 what=$2 start now
    shift 2
    start=$(date +%s.%N)
    while :; do
        "$@" >/dev/null && break
        now=$(date +%s.%N)
        if awk -v a="$start" -v b="$now" -v s="$secs" 'BEGIN { exit !(b - a >= s) }'; then
            pm_say "timed out after ${secs} s waiting for: $what"
            return 1
        fi
        sleep 0.1
    done
    PM_WAITED=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
    return 0
}

# pm_all_online: a DC is elected and every node is online (seen from node1).
pm_all_online() {
    local x
    x=$(pm_crm_xml) || return 1
    grep -q '<current_dc present="true"' <<<"$x" || return 1
    [ "$(grep -c '<node name="node[0-9]*" id="[0-9]*" online="true"' <<<"$x")" -eq "${#PM_NODES[@]}" ]
}

# pm_cluster_up <run dir> <n> <ims,domain>...: n nodes, node i with the IMS
# build and DNS domain of the i-th word ("5.5.2448.0,contoso.com"; none for
# either). Wine nodes and the cluster daemons come up in parallel.
pm_cluster_up() {
    local run=$1 n=$2 i node spec pids=() rc=0
    shift 2
    PM_RUN_DIR=$run
    PM_NODES=()
    # A node's CIB and state from an earlier run would be taken up again.
    rm -rf "$run"
    mkdir -p "$run"
    : >"$run/test.log"
    pm_log "cluster of $n nodes: setting up in ${run#$IG_ROOT/}"
    pm_net_up "$n" || { pm_say "could not set up the network namespaces"; return 1; }
    for ((i = 1; i <= n; i++)); do
        node=node$i
        PM_NODES+=("$node")
        PM_DIR_OF[$node]=$run/$node
        mkdir -p "$run/$node"
        pm_holder_up "$node" "$run/$node" || return 1
    done
    pm_corosync_conf "$n" >"$run/corosync.conf"
    [ -f "$run/authkey" ] || corosync-keygen -k "$run/authkey" >/dev/null 2>&1 ||
        { pm_say "corosync-keygen failed"; return 1; }
    for node in "${PM_NODES[@]}"; do
        install -m 0644 "$run/corosync.conf" "${PM_DIR_OF[$node]}/etc-corosync/corosync.conf"
        install -m 0400 "$run/authkey" "${PM_DIR_OF[$node]}/etc-corosync/authkey"
    done
    # The Wine nodes in the background (each in its node's namespaces).
    for ((i = 1; i <= n; i++)); do
        node=node$i
        spec=${1:-5.5.2448.0,contoso.com}
        shift || true
        pm_wine_up "$node" "${spec%%,*}" "${spec#*,}" >"${PM_DIR_OF[$node]}/wine-setup.log" 2>&1 &
        pids+=($!)
    done
    for node in "${PM_NODES[@]}"; do pm_daemons_up "$node" || rc=1; done
    for i in "${!pids[@]}"; do
        wait "${pids[$i]}" || { rc=1; pm_say "node node$((i + 1)): the Wine node did not come up:"; sed 's/^/    /' "${PM_DIR_OF[node$((i + 1))]}/wine-setup.log" >&2; }
    done
    [ "$rc" -eq 0 ] || return 1
    pm_wait 60 "a DC and all $n nodes online" pm_all_online || return 1
    pm_log "cluster of $n nodes: DC elected, every node online (${PM_WAITED} s after the daemons started)"
}

# pm_wine_up <node> <ims|none> <domain|none>: the project's node set-up.
pm_wine_up() {
    [ "${IG_PM_NO_WINE:-0}" = 1 ] && return 0    # a harness check without Wine
    pm_on "$1" bash "$PM_NODE_SH" up "${PM_DIR_OF[$1]}/wine" "$2" "$3" 2525
}

pm_wine() {   # pm_wine <node> <node.sh op> [args]: a node.sh operation there
    local node=$1 op=$2
    shift 2
    pm_on "$node" bash "$PM_NODE_SH" "$op" "${PM_DIR_OF[$node]}/wine" "$@"
}

# pm_kill_node <node>: power loss: every process in the node's namespace
# (corosync, pacemaker's daemons, the agent's monitor, Wine) at once.
pm_kill_node() {
    local i=${1#node}
    pm_kill_netns "$PM_TAG-n$i" all
    # The link goes down with it, as a powered-off host's would.
    ip -n "$PM_TAG-hub" link set "v$i" down 2>/dev/null
    return 0
}

# pm_cluster_down: pacemaker's logs copied out, every process of every node
# namespace killed by PID (Wine's servers first asked to end), the
# namespaces deleted. Safe to call twice, and after a failed set-up.
pm_cluster_down() {
    local ns node
    # Pacemaker and Corosync first (no agent action can start a new Wine
    # process after that), then each node's wineserver asked to end, then
    # whatever is left, again until nothing is.
    for ns in $(pm_our_netns); do pm_kill_netns "$ns" notwine; done
    for node in "${PM_NODES[@]}"; do
        [ -d "${PM_DIR_OF[$node]}/wine/prefix" ] && [ -n "${PM_HOLDER[$node]:-}" ] &&
            kill -0 "${PM_HOLDER[$node]}" 2>/dev/null &&
            timeout 10 nsenter -t "${PM_HOLDER[$node]}" -n -m -u -- env WINEPREFIX="${PM_DIR_OF[$node]}/wine/prefix" \
                wineserver -k >/dev/null 2>&1
    done
    for ns in $(pm_our_netns); do pm_kill_netns "$ns" all; done
    # Processes of ours outside the namespaces (none should be): by PID too.
    for pid in $(pm_leftovers | sed -n 's/^\(wine \)\{0,1\}process \([0-9]*\) .*/\2/p'); do
        kill -9 "$pid" 2>/dev/null
    done
    for ns in $(pm_our_netns); do ip netns delete "$ns" 2>/dev/null; done
    PM_HOLDER=()
    return 0
}

pm_our_netns() { ip netns list 2>/dev/null | awk '{ print $1 }' | grep "^$PM_TAG-"; }

# pm_kill_netns <ns> all|notwine: SIGKILL to the namespace's processes (all,
# or all but Wine's), again until none is left (a process may fork while
# its parent is killed), for 10 s at most.
pm_kill_netns() {
    local ns=$1 which=$2 t pids pid exe
    t=$(( $(date +%s) + 10 ))
    while :; do
        pids=""
        for pid in $(ip netns pids "$ns" 2>/dev/null); do
            if [ "$which" = notwine ]; then
                exe=$(readlink "/proc/$pid/exe" 2>/dev/null)
                case $exe in /usr/lib/wine/*|*/wine64*|*/wine|*wineserver*) continue ;; esac
                # the holder keeps the namespaces until the end
                [ "$pid" = "${PM_HOLDER[node${ns##*-n}]:-}" ] && continue
            fi
            pids="$pids $pid"
        done
        [ -z "$pids" ] && return 0
        kill -9 $pids 2>/dev/null
        [ "$(date +%s)" -ge "$t" ] && { pm_say "namespace $ns: processes still there after 10 s:$pids"; return 1; }
        sleep 0.05
    done
}

source "$IG_ROOT/tests/wine/prefix.sh"
