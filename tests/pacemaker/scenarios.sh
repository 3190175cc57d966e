# scenarios.sh - the Pacemaker scenarios. Each sc_<name> brings up its own
# cluster (pm_cluster_up), makes its checks and leaves the tear-down to the
# runner. Times measured go to PM_TIMES ("scenario<TAB>what<TAB>seconds").
# Sourced by run.sh after cluster.sh and checks.sh.

PM_SCENARIOS="seed_story dns_domain_lost ims_crash node_loss three_nodes"
PM_TIMES=()
pm_time() { PM_TIMES+=("$PM_SCN"$'\t'"$1"$'\t'"$2"); printf '  time  %s: %s s\n' "$1" "$2"; pm_log "measured: $1: $2 s"; }

SP1=5.5.2232.0
SP2=5.5.2448.0

# The seed's story (KB Q194128): Service Pack 1 on the preferred node. The
# start there is refused with rc 5 (OCF_ERR_INSTALLED) and the reason; the
# node is banned at once (a hard error: its score -INFINITY, no retry there) and the
# resource runs on the other node.
sc_seed_story() {
    pm_cluster_up "$1" 2 "$SP1,contoso.com" "$SP2,contoso.com" || return 1
    local t0
    t0=$(date +%s.%N)
    pm_create_ims 3 node1:100 || return 1
    pm_expect 60 "the resource runs on node2" pm_running_on node2 || return 1
    pm_time "refusal failover (resource started -> running on node2)" "$(pm_since "$t0")"
    pm_split_refusal
    pm_check "the start on node1 (SP1) failed with rc 5 (not installed)" pm_failure node1 start 5
    pm_check "its exit reason names KB Q194128" pm_failure node1 start 5 Q194128
    pm_check "its exit reason names the version found (5.5.2232.0)" pm_failure node1 start 5 "$SP1"
    pm_check "node1 is banned after one refusal (allocation score -INFINITY)" pm_banned node1
    pm_check "one refusal on node1, no retry there (fail-count 1)" pm_failcount_is node1 1
    printf '  crm_mon: %s\n' "$(pm_failure_line node1 start)"
}

# The DNS domain removed on the active node: the IsAlive monitor
# (OCF_CHECK_LEVEL=10) fails, the restart there is refused (rc 5), the
# resource moves.
sc_dns_domain_lost() {
    pm_cluster_up "$1" 2 "$SP2,contoso.com" "$SP2,contoso.com" || return 1
    pm_create_ims 3 node1:100 || return 1
    pm_expect 60 "the resource runs on node1 (preferred)" pm_running_on node1 || return 1
    pm_wine node1 domain none || { pm_record fail "clear node1's DNS domain" 0 "node.sh domain none failed"; return 1; }
    pm_log "node1's DNS domain removed"
    pm_expect 60 "the level-10 monitor on node1 fails (its fail count 1)" pm_op_failcount_is node1 monitor_5000 1
    pm_expect 60 "the restart on node1 is refused with rc 5, reason: no DNS domain" \
        pm_failure node1 start 5 "DNS domain" || return 1
    pm_expect 60 "the resource runs on node2" pm_running_on node2
    pm_check "the level-0 monitor did not fail (the IMS still ran)" pm_op_failcount_absent node1 monitor_2000
    printf '  crm_mon: %s\n' "$(pm_failure_line node1 start)"
}

# An IMS crash (its process killed): restarted in place; the second crash
# reaches migration-threshold=2 and the resource moves.
sc_ims_crash() {
    pm_cluster_up "$1" 2 "$SP2,contoso.com" "$SP2,contoso.com" || return 1
    pm_create_ims 2 node1:100 || return 1
    pm_expect 60 "the resource runs on node1" pm_running_on node1 || return 1
    pm_crash node1 || return 1
    pm_expect 60 "after the first crash: fail-count 1 on node1" pm_failcount_is node1 1 || return 1
    pm_expect 60 "recovered in place: running on node1 again" pm_running_on node1 || return 1
    pm_check "a new IMS process runs on node1" pm_ims_pid_other_than node1 "$PM_KILLED_PID"
    pm_crash node1 || return 1
    pm_expect 60 "after the second crash (migration-threshold 2): fail-count 2 on node1" pm_failcount_is node1 2
    pm_expect 60 "the resource moved to node2" pm_running_on node2
}

# The refusal failover's parts: the agent's refused start, Pacemaker's
# decision (the refusal's result to the start asked on node2), the agent's
# start there.
pm_split_refusal() {
    local begun refused next
    begun=$(pm_log_epoch "Initiating start operation ${PM_RES}_start_0 (locally )?on node1")
    refused=$(pm_log_epoch "Result of start operation for $PM_RES on node1: not installed")
    next=$(pm_log_epoch "Initiating start operation ${PM_RES}_start_0 (locally )?on node2")
    [ -n "$begun" ] && [ -n "$refused" ] && pm_time "  of which: the refused start on node1 (agent)" "$(pm_gap "$begun" "$refused")"
    [ -n "$refused" ] && [ -n "$next" ] && pm_time "  of which: refusal -> start asked on node2 (Pacemaker)" "$(pm_gap "$refused" "$next")"
}

pm_crash() {
    local pid
    pid=$(pm_ims_pid "$1") || { pm_record fail "an IMS process to kill on $1" 0 "none found"; return 1; }
    kill -9 "$pid"
    PM_KILLED_PID=$pid
    pm_log "IMS process $pid on $1 killed (SIGKILL)"
}

pm_ims_pid_other_than() { local p; p=$(pm_ims_pid "$1") && [ "$p" != "$2" ]; }

# Node loss: every process of the active node killed at once.
sc_node_loss() {
    pm_cluster_up "$1" 2 "$SP2,contoso.com" "$SP2,contoso.com" || return 1
    pm_create_ims 3 node1:100 || return 1
    pm_expect 60 "the resource runs on node1" pm_running_on node1 || return 1
    local t0
    t0=$(date +%s.%N)
    pm_kill_node node1
    pm_log "node1: every process killed"
    pm_expect 60 "node2 sees node1 offline" pm_node_offline node1 node2
    pm_expect 60 "the resource runs on node2 (the survivor)" pm_running_on node2 node2 || return 1
    pm_time "node loss failover (kill -> running on node2)" "$(pm_since "$t0")"
    local lost start
    lost=$(pm_log_epoch "Node node1 state is now lost")
    start=$(pm_log_epoch "Initiating start operation ${PM_RES}_start_0 (locally )?on node2")
    [ -n "$lost" ] && pm_time "  of which: kill -> node1 lost (Corosync's membership)" "$(pm_gap "$t0" "$lost")"
    [ -n "$lost" ] && [ -n "$start" ] && pm_time "  of which: node1 lost -> start asked on node2 (Pacemaker)" "$(pm_gap "$lost" "$start")"
}

# Three nodes, two refusing for different reasons (node1 SP1, node2 no DNS
# domain): it lands on node3, each refusal visible with its reason.
sc_three_nodes() {
    pm_cluster_up "$1" 3 "$SP1,contoso.com" "$SP2,none" "$SP2,contoso.com" || return 1
    local t0
    t0=$(date +%s.%N)
    pm_create_ims 3 node1:300 node2:200 node3:100 || return 1
    pm_expect 90 "the resource runs on node3" pm_running_on node3 || return 1
    pm_time "two refusals, then running on node3" "$(pm_since "$t0")"
    pm_check "node1's refusal: rc 5, Q194128" pm_failure node1 start 5 Q194128
    pm_check "node2's refusal: rc 5, no DNS domain" pm_failure node2 start 5 "DNS domain"
    printf '  crm_mon: %s\n  crm_mon: %s\n' "$(pm_failure_line node1 start)" "$(pm_failure_line node2 start)"
}
