# compare.sh - the same two stories told to the project's own coordinator
# (build/native/failover, tests/failover/), in the same run as the
# Pacemaker scenarios, and both sets of failover times side by side.
# Sourced by run.sh (--compare), after the scenarios ran.
#
#   refusal:   SP1 on the preferred node; from "bring it online" to the
#              group Online on the other node (the coordinator's
#              events.txt; Pacemaker: seed_story's refusal failover)
#   node loss: the owner powered off to Online on the survivor (the
#              coordinator's own failover time; Pacemaker: node_loss)

pm_compare() {
    local out=$OUT/coordinator log=$OUT/coordinator.log fo=$IG_ROOT/build/native/failover
    local line refusal nodeloss
    PM_SCN=coordinator
    echo "== coordinator (build/native/failover) on the same stories: tests/pacemaker/compare/*.scn"
    [ -x "$fo" ] || { pm_record fail "the coordinator ran" 0 "no $fo (run make all)"; return 1; }
    # Its own network namespace, as make failover-test runs it.
    sh "$IG_ROOT/tests/netns.sh" "$fo" --out "$out" "$here"/compare/*.scn >"$log" 2>&1
    grep '^failover: \(ok\|FAIL\)' "$log" | sed 's/^failover: /  /'
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    if [ "$line" = "2 passed, 0 failed" ]; then
        pm_record ok "the coordinator's two scenarios passed" 0
    else
        pm_record fail "the coordinator's two scenarios passed" 0 "it said: ${line:-nothing} (see ${log#$IG_ROOT/})"
    fi
    refusal=$(awk '$3 == "action" && a == "" { a = $1 }
                   /group Online on NODE-B/ && a != "" { printf "%.1f", ($1 - a) / 1000; exit }' \
              "$out/refusal/events.txt" 2>/dev/null)
    nodeloss=$(sed -n 's/^failover: ok   node_loss .*; failover \([0-9.]*\) s .*/\1/p' "$log")
    [ -n "$refusal" ] && pm_time "coordinator: refusal failover (online -> Online on NODE-B)" "$refusal"
    [ -n "$nodeloss" ] && pm_time "coordinator: node loss failover (power-off -> Online on NODE-B)" "$nodeloss"
    pm_compare_table "$refusal" "$nodeloss"
}

pm_times_of() {   # pm_times_of <scenario> <start of what>
    printf '%s\n' "${PM_TIMES[@]}" | awk -F'\t' -v s="$1" -v w="$2" '$1 == s && index($2, w) == 1 { print $3; exit }'
}

pm_compare_table() {
    local pr pn dr dn
    pr=$(pm_times_of seed_story "refusal failover")
    dr=$(pm_times_of seed_story "  of which: refusal -> start asked")
    pn=$(pm_times_of node_loss "node loss failover")
    dn=$(pm_times_of node_loss "  of which: node1 lost -> start asked")
    {
        echo "failover times, this run (seconds)       Pacemaker+agent   coordinator"
        printf '  refusal (SP1 on the preferred node)    %-17s %s\n' "${pr:--}" "${1:--}"
        printf '  node loss (every process killed)       %-17s %s\n' "${pn:--}" "${2:--}"
        echo "  Pacemaker's own decision in these: ${dr:--} s after the refusal, ${dn:--} s after the"
        echo "  membership change (times.txt splits them); the rest is the agent's starts (a resident"
        echo "  monitor and its tools under Wine) and Corosync's token; the coordinator's nodes have"
        echo "  their monitors running already."
    } | tee "$OUT/compare.txt"
}
