#!/usr/bin/env bash
# run.sh - the Pacemaker suite: real 2- and 3-node Pacemaker/Corosync
# clusters on this machine (cluster.sh), the OCF agent ocf:imsguard:IMSGuard
# on Wine nodes, the scenarios of scenarios.sh checked from crm_mon.
#
#   run.sh [--agent FILE] [--compare] [--wrong-mapping] [scenario...]
#                      (default: every scenario; wrong_mapping is also a name)
#   run.sh --clean     end what an earlier run left (named namespaces, PIDs)
#   run.sh --list
#
# --agent: the agent file to install as ocf:imsguard:IMSGuard on every node
# (default build/ocf/IMSGuard, built from tools/ocf/IMSGuard.in by make all).
# --compare: afterwards the project's own coordinator runs the same stories
# (compare/*.scn) and both sets of failover times are printed.
# --wrong-mapping: the seed's story once more against the agent wrapped to
# answer rc 1 (OCF_ERR_GENERIC) where it answers 5 (wrong-mapping/IMSGuard);
# one check: that run must fail. The scenario "harness" (selfcheck.sh)
# checks the harness's own refusal and clean-up. The last line is "N passed,
# M failed" (checks); the exit status is 0 only when all passed. Outputs:
# build/pacemaker/ (IG_PM_OUT), described in tests/pacemaker/README.md.
set -u
# One compound command: bash reads all of it before running any (an edit
# to this file during a run cannot change the run).
{
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../wine/lib.sh"
source "$here/cluster.sh"
source "$here/checks.sh"
source "$here/report.sh"
source "$here/scenarios.sh"
source "$here/selfcheck.sh"

OUT=${IG_PM_OUT:-$IG_ROOT/build/pacemaker}
agent="" compare=0 wrong=0 wanted=()
while [ $# -gt 0 ]; do
    case $1 in
    --clean) pm_clean; pm_leftovers | sed 's/^/still left: /'; [ -z "$(pm_leftovers)" ]; exit ;;
    --list)  echo "harness $PM_SCENARIOS wrong_mapping"; exit 0 ;;
    --agent) agent=${2:?--agent needs a file}; shift ;;
    --compare) compare=1 ;;
    --wrong-mapping) wrong=1 ;;
    -*) echo "run.sh: unknown option $1 (see the head of $0)" >&2; exit 2 ;;
    *) case " harness $PM_SCENARIOS wrong_mapping " in *" $1 "*) wanted+=("$1") ;;
         *) echo "run.sh: no scenario '$1' (there are: $PM_SCENARIOS)" >&2; exit 2 ;; esac ;;
    esac
    shift
done
[ ${#wanted[@]} -gt 0 ] || read -ra wanted <<<"harness $PM_SCENARIOS"
[ "$wrong" = 1 ] && [[ " ${wanted[*]} " != *" wrong_mapping "* ]] && wanted+=(wrong_mapping)

need() {
    command -v "$1" >/dev/null 2>&1 && return 0
    echo "pacemaker: $1 is not installed ($2); run make deps (build/deps.sh installs it)"
    echo "0 passed, 1 failed"
    exit 1
}
[ "$(id -u)" = 0 ] || { echo "pacemaker: needs root (network and mount namespaces); 0 passed, 1 failed"; exit 1; }
need pacemakerd pacemaker; need corosync corosync; need crm_mon pacemaker-cli-utils; need nsenter util-linux
[ -f /usr/lib/ocf/lib/heartbeat/ocf-shellfuncs ] || need ocf-shellfuncs-of-resource-agents resource-agents

[ -n "$agent" ] || agent=$(pm_default_agent)
[ -f "$agent" ] || { echo "pacemaker: no agent file $agent (run make all: it builds build/ocf/IMSGuard)"; echo "0 passed, 1 failed"; exit 1; }

pm_refuse_leftovers || { echo "0 passed, 1 failed"; exit 1; }
[ -d "$IG_ROOT/build/$IG_ARCH" ] && [ -f "$IG_ROOT/build/$IG_ARCH/resmon.exe" ] ||
    { echo "pacemaker: no build/$IG_ARCH test bed (run make all)"; echo "0 passed, 1 failed"; exit 1; }
pm_install_agent "$agent"

trap 'pm_cluster_down' EXIT
# The handler runs where the shell was, inside whatever redirection that was
# (a polled condition's >/dev/null): it writes to the run's own output.
exec 3>&1 4>&2
trap '{ echo "pacemaker: interrupted: tearing down"; pm_cluster_down; } >&3 2>&4; exit 130' INT TERM HUP

# The template prefix once, before any cluster (nodes copy it).
bash "$PM_NODE_SH" template || { echo "pacemaker: the Wine template prefix did not boot"; echo "0 passed, 1 failed"; exit 1; }

run_scenario() {   # run_scenario <scenario> [<name of its run>]
    local s=$1 dir=$OUT/${2:-$1} t0 left
    PM_SCN=${2:-$1}
    rm -rf "$dir"
    echo "== $PM_SCN"
    t0=$(date +%s.%N)
    "sc_$s" "$dir" || [ "$PM_FAIL" -gt 0 ] || pm_record fail "$s ran to its end" 0 "the set-up failed (see above and ${dir#$IG_ROOT/}/test.log)"
    pm_snapshot_status "$dir"
    pm_merge_logs "$dir"
    pm_timeline "$dir"
    pm_cluster_down
    left=$(pm_leftovers)
    if [ -z "$left" ]; then
        pm_record ok "nothing left behind (ip netns list, ps, mount)" 0
    else
        pm_record fail "nothing left behind (ip netns list, ps, mount)" 0 "$left"
        pm_clean
    fi
    pm_time "wall time (set-up to torn down)" "$(pm_since "$t0")"
}

# The seed's story against the agent wrapped to answer 1 for 5. Its checks
# are not counted; the one check made here is that a check of the mapping
# itself failed (the start's rc 5, the single attempt on the refusing node):
# the others (the exit reason's text) would fail for other reasons too.
wrong_mapping() {
    local pass=$PM_PASS fail=$PM_FAIL ncases=${#PM_CASES[@]} c caught="" others=""
    pm_install_agent "$here/wrong-mapping/IMSGuard" "$agent"
    echo "(the seed's story against a deliberately wrong agent: rc 1 instead of 5 for a refusal; its checks must fail)"
    run_scenario seed_story wrong_mapping
    for c in "${PM_CASES[@]:$ncases}"; do
        [ "$(cut -f3 <<<"$c")" = fail ] || continue
        case $(cut -f2 <<<"$c") in
        *"rc 5"*|*"no retry"*) caught="$caught; $(cut -f2 <<<"$c")" ;;
        *) others="$others; $(cut -f2 <<<"$c")" ;;
        esac
    done
    PM_CASES=("${PM_CASES[@]:0:$ncases}")
    PM_PASS=$pass PM_FAIL=$fail
    pm_install_agent "$agent"
    PM_SCN=wrong_mapping
    if [ -n "$caught" ]; then
        pm_record ok "rc 1 for a refusal makes the seed's story fail (${caught#; }${others:+; also: ${others#; }})" 0
    else
        pm_record fail "rc 1 for a refusal makes the seed's story fail" 0 \
            "no check of the mapping failed against the wrong agent${others:+ (only:$others)}: the scenario cannot tell rc 1 from rc 5"
    fi
}

for s in "${wanted[@]}"; do
    if [ "$s" = wrong_mapping ]; then wrong_mapping; else run_scenario "$s"; fi
done
[ "$compare" = 1 ] && source "$here/compare.sh" && pm_compare

pm_junit "$OUT/junit.xml"
printf '%s\n' "${PM_TIMES[@]}" | column -t -s $'\t' >"$OUT/times.txt"
echo "times (also in build/pacemaker/times.txt):"
sed 's/^/  /' "$OUT/times.txt"
echo "$PM_PASS passed, $PM_FAIL failed"
[ "$PM_FAIL" -eq 0 ]
exit
}
