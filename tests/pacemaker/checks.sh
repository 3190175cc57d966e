# checks.sh - what the Pacemaker scenarios assert, read from crm_mon's XML
# and crm_failcount, and the resource they create. Sourced after cluster.sh.
#
#   pm_expect <secs> <what> <condition...>   poll until it holds (a check)
#   pm_check <what> <condition...>           holds now (a check)
#   pm_running_on <node> [seen-from]         IMS is Started there
#   pm_failure <node> <op> <rc> [<reason>]   a failed action with that rc
#   pm_failcount_is <node> <n|INFINITY>
#
# Each check counts as passed or failed (PM_PASS, PM_FAIL) and is recorded
# for the JUnit report (PM_CASES: "scenario<TAB>check<TAB>ok|fail<TAB>secs<TAB>detail").

PM_PASS=0
PM_FAIL=0
PM_CASES=()
PM_SCN=""
PM_RES=IMS

pm_record() {   # pm_record ok|fail <what> <secs> [detail]
    local flat=${4:-}
    PM_CASES+=("$PM_SCN"$'\t'"$2"$'\t'"$1"$'\t'"$3"$'\t'"${flat//$'\n'/ | }")
    if [ "$1" = ok ]; then
        PM_PASS=$((PM_PASS + 1))
        printf '  ok    %s (%s s)\n' "$2" "$3"
        pm_log "check passed: $2"
    else
        PM_FAIL=$((PM_FAIL + 1))
        printf '  FAIL  %s\n' "$2"
        printf '%s\n' "${4:-}" | sed 's/^/        /'
        pm_log "check FAILED: $2: ${4:-}"
    fi
    return 0
}

# What the cluster looked like, for a failed check's message.
pm_status_text() {
    local node
    for node in "${PM_NODES[@]}"; do
        [ -n "$(ip netns pids "$PM_TAG-n${node#node}" 2>/dev/null)" ] || continue
        echo "crm_mon -1 on $node:"
        pm_on "$node" crm_mon -1 --include=failures,failcounts 2>&1 | grep -v '^ *$' | tail -n 25 | cut -c1-300
        return 0
    done
    echo "(no node left to ask)"
}

pm_expect() {
    local secs=$1 what=$2
    shift 2
    if pm_wait "$secs" "$what" "$@"; then
        pm_record ok "$what" "$PM_WAITED"
        return 0
    fi
    pm_record fail "$what" "$secs" "not so within $secs s; $(pm_status_text)"
    return 1
}

pm_check() { pm_expect 0 "$@"; }

# pm_mon_xml [node]: crm_mon's XML from the first node (or the one named)
# whose namespace still has processes.
pm_mon_xml() {
    local node=${1:-}
    if [ -z "$node" ]; then
        for node in "${PM_NODES[@]}"; do
            [ -n "$(ip netns pids "$PM_TAG-n${node#node}" 2>/dev/null)" ] && break
        done
    fi
    pm_crm_xml "$node"
}

# pm_running_on <node> [seen from]: the resource is Started on the node
# (and nowhere else), not failed, no action pending.
pm_running_on() {
    local x line
    x=$(pm_mon_xml "${2:-}") || return 1
    line=$(grep -A1 "<resource id=\"$PM_RES\"" <<<"$x" | tr -d '\n')
    # ' role=' (the resource's) is "Starting" until the start returned;
    # target_role is what the administrator asked.
    grep -q ' role="Started"' <<<"$line" && grep -q 'failed="false"' <<<"$line" &&
        grep -q 'nodes_running_on="1"' <<<"$line" && grep -q "<node name=\"$1\"" <<<"$line"
}

# pm_failure <node> <op> <rc> [text]: crm_mon lists a failed action of the
# resource on the node: op start, monitor (any interval) or monitor_<ms>,
# with that exit code, and an exit reason containing the text.
pm_failure() {
    local node=$1 op=$2 rc=$3 text=${4:-} x
    x=$(pm_mon_xml) || return 1
    grep "<failure op_key=\"${PM_RES}_${op}_" <<<"$x" | grep "node=\"$node\"" | grep "exitcode=\"$rc\"" |
        grep -qiF -- "$text"
}

# pm_failure_line <node> <op>: the failed action as crm_mon -1 prints it.
pm_failure_line() {
    pm_on "$(pm_first_live)" crm_mon -1 --include=failures 2>/dev/null |
        grep -F "$PM_RES $2 on $1 " | head -n 1 | sed 's/^ *\* *//'
}

# pm_banned <node>: the scheduler will not place the resource there
# (allocation score -INFINITY, as crm_simulate shows it).
pm_banned() {
    pm_on "$(pm_first_live)" crm_simulate -Ls 2>/dev/null |
        grep -E "assign: $PM_RES allocation score on $1: -INFINITY" >/dev/null
}

pm_first_live() {
    local node
    for node in "${PM_NODES[@]}"; do
        [ -n "$(ip netns pids "$PM_TAG-n${node#node}" 2>/dev/null)" ] && { echo "$node"; return 0; }
    done
    echo "${PM_NODES[0]}"
}

pm_not_banned() { ! pm_banned "$1"; }

# pm_probed_everywhere: every node has recorded the probe (monitor_0) in
# the CIB's status (crm_mon leaves a probe that found nothing out).
pm_probed_everywhere() {
    local x node
    x=$(pm_on "$(pm_first_live)" cibadmin -Q -o status 2>/dev/null) || return 1
    for node in "${PM_NODES[@]}"; do
        sed -n "/<node_state [^>]*uname=\"$node\"/,/<\/node_state>/p" <<<"$x" |
            grep -q "<lrm_rsc_op id=\"${PM_RES}_last_0\"" || return 1
    done
}

pm_failcount_is() {
    local v
    v=$(pm_on "$(pm_first_live)" crm_failcount --query -r "$PM_RES" -N "$1" 2>/dev/null |
        sed -n 's/.*value=\([^ ]*\).*/\1/p')
    [ "$v" = "$2" ]
}

# pm_op_failcount_is <node> <op_interval> <n>: the fail count of one
# operation (start_0, monitor_5000): crm_mon shows only a node's last
# failed action, the attributes keep each.
pm_op_failcount() {
    pm_on "$(pm_first_live)" crm_attribute -N "$1" -l reboot -n "fail-count-$PM_RES#$2" -G -q 2>/dev/null
}
pm_op_failcount_is() { [ "$(pm_op_failcount "$1" "$2")" = "$3" ]; }
pm_op_failcount_absent() { [ -z "$(pm_op_failcount "$1" "$2")" ]; }

pm_node_offline() {   # pm_node_offline <node> <seen from>
    pm_mon_xml "$2" | grep "<node name=\"$1\"" | grep -q 'online="false"'
}

# ---------------------------------------------------------------- the resource

# pm_agent_params: the agent's parameters: the node's prefix at the same
# path on every node (cluster.sh links it), the IMS stand-in's SMTP port.
pm_agent_params() {
    local p=$PM_RES-p
    printf '<nvpair id="%s-wp" name="wineprefix" value="/run/imsguard/prefix"/>' "$p"
    printf '<nvpair id="%s-arch" name="arch" value="%s"/>' "$p" "$IG_ARCH"
    printf '<nvpair id="%s-res" name="resource" value="Internet Mail Service"/>' "$p"
    printf '<nvpair id="%s-port" name="SmtpProbePort" value="2525"/>' "$p"
    printf '<nvpair id="%s-stop" name="StopTimeout" value="5000"/>' "$p"
}


# pm_create_ims <migration-threshold> <node:score>...: the IMS Guard
# resource (stopped), its location preferences, then started. Two monitors:
# OCF_CHECK_LEVEL 0 (LooksAlive) every 2 s, 10 (IsAlive) every 5 s.
pm_create_ims() {
    local mt=$1 pref xml node
    shift
    xml="<primitive id=\"$PM_RES\" class=\"ocf\" provider=\"imsguard\" type=\"IMSGuard\">
  <instance_attributes id=\"$PM_RES-params\">$(pm_agent_params)</instance_attributes>
  <meta_attributes id=\"$PM_RES-meta\">
    <nvpair id=\"$PM_RES-mt\" name=\"migration-threshold\" value=\"$mt\"/>
    <nvpair id=\"$PM_RES-stick\" name=\"resource-stickiness\" value=\"1000\"/>
    <nvpair id=\"$PM_RES-role\" name=\"target-role\" value=\"Stopped\"/>
  </meta_attributes>
  <operations>
    <op id=\"$PM_RES-mon0\" name=\"monitor\" interval=\"2s\" timeout=\"30s\"/>
    <op id=\"$PM_RES-mon10\" name=\"monitor\" interval=\"5s\" timeout=\"30s\">
      <instance_attributes id=\"$PM_RES-mon10-ia\"><nvpair id=\"$PM_RES-mon10-lvl\" name=\"OCF_CHECK_LEVEL\" value=\"10\"/></instance_attributes>
    </op>
    <op id=\"$PM_RES-start\" name=\"start\" interval=\"0\" timeout=\"60s\"/>
    <op id=\"$PM_RES-stop\" name=\"stop\" interval=\"0\" timeout=\"60s\"/>
  </operations>
</primitive>"
    node=${PM_NODES[0]}
    pm_on "$node" cibadmin --create -o resources --xml-text "$xml" ||
        { pm_say "cibadmin could not create the resource"; return 1; }
    for pref in "$@"; do
        pm_on "$node" cibadmin --create -o constraints --xml-text \
            "<rsc_location id=\"$PM_RES-on-${pref%%:*}\" rsc=\"$PM_RES\" node=\"${pref%%:*}\" score=\"${pref#*:}\"/>" ||
            { pm_say "cibadmin could not add the location preference $pref"; return 1; }
    done
    [ "${PM_CREATE_STOPPED:-0}" = 1 ] && { pm_log "resource $PM_RES created, stopped"; return 0; }
    pm_log "resource $PM_RES created (migration-threshold=$mt, preferences: $*); starting it"
    pm_on "$node" crm_resource -r "$PM_RES" --meta -p target-role -v Started >/dev/null
}

# pm_ims_pid <node>: the IMS stand-in's process on the node.
pm_ims_pid() {
    local pid
    for pid in $(ip netns pids "$PM_TAG-n${1#node}" 2>/dev/null); do
        { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -qi 'msexcimc\.exe' && { echo "$pid"; return 0; }
    done
    return 1
}

pm_since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

# pm_log_epoch <extended regex>: when the first line matching it was
# logged by any node's Pacemaker (epoch seconds), for splitting a measured
# time into Pacemaker's own part and the agent's.
pm_log_epoch() {
    local node line first=""
    for node in "${PM_NODES[@]}"; do
        line=$(grep -E -m1 -- "$1" "${PM_DIR_OF[$node]}/log-pacemaker/pacemaker.log" 2>/dev/null | cut -c1-19)
        [ -n "$line" ] || continue
        line=$(date -u -d "$line" +%s.%N 2>/dev/null) || continue
        if [ -z "$first" ] || awk -v a="$line" -v b="$first" 'BEGIN { exit !(a < b) }'; then first=$line; fi
    done
    [ -n "$first" ] && echo "$first"
}

pm_gap() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
