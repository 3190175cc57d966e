# selfcheck.sh - the harness's own promises, checked by running it (run.sh's
# scenario "harness", first in the suite): it refuses to start over what an
# earlier run left behind, naming it; and a run interrupted in the middle
# of a scenario leaves nothing behind. Each sub-run has namespace names and
# an output directory of its own. Sourced by run.sh.

sc_harness() {
    local dir=$1 tag out pid t
    mkdir -p "$dir"
    PM_RUN_DIR=$dir
    : >"$dir/test.log"
    # 1. A namespace of an earlier run's name: refused, named, nothing started.
    tag=${PM_TAG}self
    ip netns add "$tag-n1" || { pm_record fail "make a decoy namespace" 0 "ip netns add $tag-n1 failed"; return 1; }
    IG_PM_TAG=$tag IG_PM_OUT=$dir/refused bash "$here/run.sh" seed_story >"$dir/refused.out" 2>&1
    local rc=$?
    ip netns delete "$tag-n1"
    if [ "$rc" -ne 0 ] && grep -q "refusing to start" "$dir/refused.out" && grep -q "$tag-n1" "$dir/refused.out" &&
       [ ! -d "$dir/refused/seed_story" ]; then
        pm_record ok "a leftover namespace ($tag-n1): refused, named, nothing started" 0
    else
        pm_record fail "a leftover namespace ($tag-n1): refused, named, nothing started" 0 \
            "exit status $rc; it printed: $(head -n 5 "$dir/refused.out")"
    fi
    # 2. SIGTERM while a cluster runs: torn down, nothing left.
    tag=${PM_TAG}int
    IG_PM_TAG=$tag IG_PM_OUT=$dir/interrupted setsid bash "$here/run.sh" node_loss >"$dir/interrupted.out" 2>&1 &
    pid=$!
    if ! IG_PM_TAG=$tag pm_wait 90 "the interrupted run's cluster up" pm_tag_has_pacemaker "$tag"; then
        kill -TERM "$pid" 2>/dev/null
        wait "$pid"
        pm_record fail "a run interrupted mid-scenario leaves nothing" 0 "its cluster never came up: $(tail -n 5 "$dir/interrupted.out")"
        return 1
    fi
    kill -TERM "$pid"
    wait "$pid"
    local rc=$? left
    left=$(PM_TAG=$tag pm_leftovers)
    if [ -z "$left" ] && [ "$rc" -eq 130 ] && grep -q "interrupted: tearing down" "$dir/interrupted.out"; then
        pm_record ok "a run interrupted (SIGTERM) while its cluster ran leaves nothing (ip netns list, ps, mount)" 0
    else
        pm_record fail "a run interrupted (SIGTERM) while its cluster ran leaves nothing" 0 "exit status $rc; left: ${left:-nothing}; it printed: $(tail -n 4 "$dir/interrupted.out")"
        PM_TAG=$tag pm_clean
    fi
}

# pm_tag_has_pacemaker <tag>: a pacemaker-controld runs in <tag>-n1.
pm_tag_has_pacemaker() {
    local pid
    for pid in $(ip netns pids "$1-n1" 2>/dev/null); do
        [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = pacemaker-contr ] && return 0
    done
    return 1
}
