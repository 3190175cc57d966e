#!/usr/bin/env bash
# run.sh - the OCF agent ocf:imsguard:IMSGuard (build/ocf/IMSGuard) on Wine
# nodes set up as the failover harness sets them up (tests/failover/node.sh):
# ocf-tester from resource-agents on a good node, then the agent's own
# verdicts: a refusal on a Service Pack 1 node is OCF_ERR_INSTALLED with the
# DLL's Q194128 text as the exit reason, an invalid property value is
# OCF_ERR_CONFIGURED, start/monitor/stop on a good node leave the IMS
# stand-in stopped, stop is idempotent, monitor after stop is
# OCF_NOT_RUNNING. Each node's agent state (HA_RSCTMP) is its own, as each
# Pacemaker node's /run is.
#
#   make ocf-test   (runs it under tests/netns.sh: the stand-ins' port 25 is
#                    this suite's own)
#
# Prints one line per check and "N passed, M failed"; exits 1 on failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../wine/lib.sh
source "$here/../wine/lib.sh"
# shellcheck source=../wine/expect.sh
source "$here/../wine/expect.sh"

OUT=$IG_ROOT/build/ocf-test
# IG_OCF_AGENT: another build of the agent (a deliberately wrong one, to see the checks fail).
AGENT=${IG_OCF_AGENT:-$IG_ROOT/build/ocf/IMSGuard}
NODE_SH=$IG_ROOT/tests/failover/node.sh
export OCF_ROOT=${OCF_ROOT:-/usr/lib/ocf}
LOG=$OUT/checks.log

fail_setup() {
    echo "FAIL set-up: $*"
    echo "0 passed, 1 failed"
    exit 1
}

[ -x "$AGENT" ] || fail_setup "no $AGENT (run make)"
[ -f "$OCF_ROOT/lib/heartbeat/ocf-shellfuncs" ] ||
    fail_setup "no $OCF_ROOT/lib/heartbeat/ocf-shellfuncs: install resource-agents (make deps)"
command -v ocf-tester >/dev/null || fail_setup "no ocf-tester: install resource-agents (make deps)"
ig_refuse_leftovers "ocf-test" "$OUT" || fail_setup "leftovers of an earlier run"

nodes_down() {
    local n
    for n in good sp1 good32; do
        [ -d "$OUT/$n" ] && bash "$NODE_SH" down "$OUT/$n"
    done
}
trap nodes_down EXIT INT TERM

rm -rf "$OUT"
mkdir -p "$OUT"
SECONDS=0
bash "$NODE_SH" up "$OUT/good" 5.5.2448.0 example.com 25 || fail_setup "the good node did not come up"
bash "$NODE_SH" up "$OUT/sp1" 5.5.2232.0 example.com 25 || fail_setup "the SP1 node did not come up"
# A 32-bit node where a 32-bit Wine runs (the era's clusters were 32-bit).
HAVE_I686=0
if wine "$IG_ROOT/build/i686/resmon.exe" --help 2>/dev/null | grep -q '^usage: resmon.exe'; then
    IG_ARCH=i686 bash "$NODE_SH" up "$OUT/good32" 5.5.2448.0 example.com 25 ||
        fail_setup "the i686 node did not come up"
    HAVE_I686=1
fi
echo "# nodes up in $SECONDS s"

# agent <node> <action> [NAME=value...]: runs the agent as Pacemaker's
# executor would on that node; its exit status in RC, stderr (where
# ocf_exit_reason writes) in $OUT/<node>.<n>.err, the exit reason in REASON.
calls=0
agent() {
    local node=$1 action=$2
    shift 2
    calls=$((calls + 1))
    ERR=$OUT/$node.$calls.$action.err
    mkdir -p "$OUT/rsctmp-$node"
    local t0
    t0=$(date +%s%N)
    env OCF_RESOURCE_INSTANCE="ims-$node" OCF_RESKEY_wineprefix="$OUT/$node/prefix" \
        OCF_RESKEY_resource="IMS" HA_RSCTMP="$OUT/rsctmp-$node" OCF_RESKEY_CRM_meta_timeout=60000 \
        __OCF_ACTION="$action" "$@" "$AGENT" "$action" >"$OUT/$node.$calls.$action.out" 2>"$ERR"
    RC=$?
    REASON=$(sed -n 's/^ocf-exit-reason://p' "$ERR" | head -n 1)
    echo "# $node $action $* -> $RC in $(( ($(date +%s%N) - t0) / 1000000 )) ms${REASON:+ ($REASON)}" >>"$LOG"
}

# rc_is <what> <want>: the last agent call's exit status.
rc_is() {
    if [ "$RC" = "$2" ]; then
        echo "ok $1"
    else
        echo "FAIL $1"
        ig_evidence "wanted exit status $2, got $RC; stderr" "$(cat "$ERR")"
    fi
}

# reason_has <what> <ERE>: the last call's exit reason.
reason_has() {
    if printf '%s\n' "$REASON" | grep -Eq -- "$2"; then
        echo "ok $1"
    else
        echo "FAIL $1"
        ig_evidence "wanted '$2' in the exit reason; it is" "${REASON:-(none)}"
    fi
}

ims_stopped() {   # ims_stopped <node>: the IMS stand-in's process is gone
    ! bash "$NODE_SH" alive "$OUT/$1" >/dev/null 2>&1
}
ims_running() { bash "$NODE_SH" alive "$OUT/$1" >/dev/null 2>&1; }
# wait_ims_gone <node>: until the stand-in's process has ended (it polls
# its Fault value; 30 s at most, then the checks after it say what they see).
wait_ims_gone() {
    local n=0
    while ims_running "$1" && [ "$n" -lt 150 ]; do
        sleep 0.2
        n=$((n + 1))
    done
}
resident_gone() {  # no resident monitor (nor its start.exe) on that node's prefix
    ! grep -slzE "^WINEPREFIX=$OUT/$1/prefix\$" /proc/[0-9]*/environ 2>/dev/null |
        while read -r f; do tr '\0' ' ' <"${f%environ}cmdline"; echo; done | grep -q 'resmon\.exe --resident'
}

# run_checks' second half (invalid values, the refusals, the architecture, Pacemaker's executor), called by it: it sees its locals.
run_checks_refusals() {
    # An invalid property value: the DLL's VALIDATE refuses it.
    agent good start OCF_RESKEY_SmtpProbePort=70000; rc_is "invalid SmtpProbePort=70000: start is 6 (OCF_ERR_CONFIGURED)" 6
    reason_has "invalid SmtpProbePort: the exit reason names the property" "SmtpProbePort"
    check "invalid SmtpProbePort: the IMS stand-in is not started" ims_stopped good
    agent good start OCF_RESKEY_FirstFixedVersion=5.5; rc_is "invalid FirstFixedVersion=5.5: start is 6" 6
    reason_has "invalid FirstFixedVersion: the exit reason names the property" "FirstFixedVersion"
    agent good monitor; rc_is "after a refused start, monitor is 7" 7
    agent good validate-all OCF_RESKEY_SmtpProbePort=70000; rc_is "invalid SmtpProbePort: validate-all is 6" 6
    reason_has "invalid SmtpProbePort: validate-all's reason names the property" "SmtpProbePort"

    # The seed's story: a Service Pack 1 node refuses, hard and node-local.
    agent sp1 start; rc_is "SP1 node: start is 5 (OCF_ERR_INSTALLED)" 5
    reason_has "SP1 node: the exit reason names KB Q194128" "Q194128"
    reason_has "SP1 node: the exit reason names the version found" "5\.5\.2232"
    reason_has "SP1 node: the exit reason is the DLL's own first sentence, without the resource-name prefix" \
        '^C:\\exchsrvr\\connect\\msexcimc\\bin\\msexcimc\.exe is version 5\.5\.2232\.0, affected by Knowledge Base article Q194128: .* on a cluster\.$'
    # Pacemaker keeps 128 characters of an exit reason: the build and the
    # KB article must be within them.
    full_reason=$REASON
    REASON=${REASON:0:128}
    reason_has "SP1 node: the version and Q194128 are within the 128 characters Pacemaker keeps" "5\.5\.2232\.0.*Q194128"
    REASON=$full_reason
    check "SP1 node: the IMS stand-in is not running" ims_stopped sp1
    check "SP1 node: no resident monitor after the refusal" resident_gone sp1
    agent sp1 monitor; rc_is "SP1 node: monitor after the refused start is 7" 7
    agent sp1 stop; rc_is "SP1 node: stop after the refused start is 0" 0
    agent sp1 validate-all; rc_is "SP1 node: validate-all (imscheck) is 5" 5
    reason_has "SP1 node: validate-all's reason is imscheck's finding" "^IMS Guard resource 'IMS': .*5\.5\.2232\.0"

    # The DNS domain removed while running: IsAlive (depth 10) fails it,
    # and the restart there is refused as the node's.
    agent good start; rc_is "good node: start before the domain goes is 0" 0
    check "defaults again: SmtpProbePort is no longer stored (a cluster stores what is set)" \
        sh -c '! ig_out=$(WINEPREFIX="$1/prefix" wine "$1/prefix/drive_c/cluster/clusreg.exe" res get IMS SmtpProbePort </dev/null 2>&1)' - "$OUT/good"
    bash "$NODE_SH" domain "$OUT/good" none
    agent good monitor OCF_RESKEY_OCF_CHECK_LEVEL=10; rc_is "domain removed: monitor depth 10 (as Pacemaker passes it) is 1 (OCF_ERR_GENERIC)" 1
    reason_has "domain removed: the exit reason is the DLL's" "DNS domain"
    agent good stop; rc_is "domain removed: stop is 0" 0
    agent good start; rc_is "domain removed: start is 5 (OCF_ERR_INSTALLED)" 5
    check "domain removed: the IMS stand-in is stopped" ims_stopped good

    # The architecture: checked against the prefix; the i686 DLL on a 32-bit node.
    agent sp1 start OCF_RESKEY_arch=i686; rc_is "arch=i686 on a 64-bit prefix: start is 5" 5
    reason_has "arch mismatch: the exit reason says which prefix it needs" "not a win32 prefix"
    if [ "$HAVE_I686" = 1 ]; then
        agent good32 start OCF_RESKEY_arch=i686; rc_is "i686 node: start is 0" 0
        check "i686 node: the IMS stand-in runs" ims_running good32
        agent good32 monitor OCF_RESKEY_arch=i686 OCF_CHECK_LEVEL=10; rc_is "i686 node: monitor depth 10 is 0" 0
        agent good32 stop OCF_RESKEY_arch=i686; rc_is "i686 node: stop is 0" 0
        check "i686 node: the IMS stand-in is stopped after stop" ims_stopped good32
    else
        echo "# skip i686 node: no 32-bit Wine here"
    fi

    # Run by Pacemaker's own executor library (environment, timeouts, its
    # wait for the agent's output), without a cluster, in a mount namespace
    # of its own (a private /run/resource-agents) while the node's
    # wineserver runs outside it.
    bash "$NODE_SH" domain "$OUT/good" example.com
    if command -v crm_resource >/dev/null && command -v cibadmin >/dev/null; then
        unshare -m --propagation private bash "$here/crm_exec.sh" "$AGENT" "$OUT/good" "$OUT/crm" \
            >"$OUT/crm.steps" 2>"$OUT/crm.err"
        crm_step "Pacemaker's executor: set-up (agent on a private tmpfs)" setup 0
        crm_step "Pacemaker's executor: start is 0" start 0
        crm_step "Pacemaker's executor: the IMS stand-in runs after start" alive-started 0
        crm_step "Pacemaker's executor: monitor is 0" check 0
        crm_step "Pacemaker's executor: monitor depth 10 is 0" check10 0
        crm_step "Pacemaker's executor: stop is 0" stop 0
        crm_step "Pacemaker's executor: the IMS stand-in is stopped after stop" alive-stopped 1
        crm_step "Pacemaker's executor: monitor after stop is 7" check-stopped 7
        crm_step "Pacemaker's executor: validate-all is 0" validate 0
    else
        echo "# skip Pacemaker's executor: no crm_resource/cibadmin (pacemaker-cli-utils)"
    fi
}

run_checks() {
    local xml
    xml=$("$AGENT" meta-data | (cd /usr/share/resource-agents && xmllint --noout --dtdvalid ra-api-1.dtd - 2>&1))
    check "meta-data is valid against ra-api-1.dtd" test -z "$xml"
    check "meta-data lists every private property of props.c" \
        sh -c "n=\$('$AGENT' meta-data | grep -c '<parameter name=\"[A-Z]'); [ \"\$n\" -eq \$(grep -c '^    \[IG_P_' '$IG_ROOT/resdll/core/props.c') ]"

    # ocf-tester: permissions, meta-data, validate-all, probe, start/stop twice.
    # Its own agent state directory: the default /run/resource-agents is
    # shared with any other run of this suite on the machine.
    HA_RSCTMP="$OUT/rsctmp-tester" ocf-tester -n ims-tester -o wineprefix="$OUT/good/prefix" -o resource=IMS \
        "$AGENT" >"$OUT/ocf-tester.out" 2>&1
    local t=$?
    if [ "$t" -eq 0 ] && grep -q 'passed all tests' "$OUT/ocf-tester.out"; then
        echo "ok ocf-tester passes against the agent on a good node"
    else
        echo "FAIL ocf-tester passes against the agent on a good node"
        ig_evidence "exit status $t; it printed" "$(cat "$OUT/ocf-tester.out")"
    fi
    check "ocf-tester left the IMS stopped" ims_stopped good

    # A good node: start, monitor at both depths, stop, stop again.
    agent good monitor; rc_is "good node: probe before start is 7" 7
    agent good start; rc_is "good node: start is 0" 0
    check "good node: the IMS stand-in runs after start" ims_running good
    agent good monitor OCF_CHECK_LEVEL=0; rc_is "good node: monitor (depth 0, LooksAlive) is 0" 0
    agent good monitor OCF_CHECK_LEVEL=10; rc_is "good node: monitor (depth 10, IsAlive) is 0" 0
    agent good start; rc_is "good node: start of a started resource is 0" 0
    agent good stop; rc_is "good node: stop is 0" 0
    check "good node: the IMS stand-in is stopped after stop" ims_stopped good
    check "good node: no resident monitor after stop" resident_gone good
    agent good stop; rc_is "good node: stop twice is 0" 0
    agent good monitor; rc_is "good node: monitor after stop is 7" 7
    # A monitor that died after the IMS had stopped: stop still answers 0.
    rm -f "$OUT/rsctmp-good/IMSGuard-ims-good/stopped"
    echo 999999 >"$OUT/rsctmp-good/IMSGuard-ims-good/resmon.pid"
    agent good stop; rc_is "good node: stop with a dead monitor and the IMS already stopped is 0" 0

    # The resident monitor killed: not running; stop still leaves the IMS stopped.
    agent good start; rc_is "good node: start again is 0" 0
    kill -KILL "$(cat "$OUT/rsctmp-good/IMSGuard-ims-good/resmon.pid")" 2>/dev/null
    sleep 0.5
    check "killed monitor: its process is gone, not only a parent of it" resident_gone good
    agent good monitor; rc_is "good node: monitor after the resident monitor was killed is 7" 7
    agent good stop; rc_is "good node: stop after the resident monitor was killed is 0" 0
    check "good node: the IMS stand-in is stopped by that stop" ims_stopped good

    # The resident monitor hangs: monitor fails, stop ends it and still
    # stops the IMS.
    agent good start; rc_is "hung monitor: start is 0" 0
    kill -STOP "$(cat "$OUT/rsctmp-good/IMSGuard-ims-good/resmon.pid")"
    agent good monitor OCF_RESKEY_CRM_meta_timeout=10000; rc_is "hung monitor: monitor is 1 (it does not answer)" 1
    agent good stop; rc_is "hung monitor: stop is 0" 0
    check "hung monitor: the IMS stand-in is stopped by that stop" ims_stopped good
    check "hung monitor: no resident monitor left" resident_gone good

    # The IMS crashes: monitor fails it (LooksAlive, then IsAlive), stop
    # and a new start recover it in place.
    agent good start; rc_is "IMS crash: start before the crash is 0" 0
    bash "$NODE_SH" fault "$OUT/good" crash
    wait_ims_gone good
    check "IMS crash: the stand-in's process is gone" ims_stopped good
    agent good monitor OCF_CHECK_LEVEL=0; rc_is "IMS crash: monitor depth 0 is 1 (OCF_ERR_GENERIC)" 1
    reason_has "IMS crash: the exit reason is the DLL's own first sentence, without the resource-name prefix" \
        "^the process of the service 'MSExchangeIMC' \(process ID [0-9]+\) has ended"
    bash "$NODE_SH" fault "$OUT/good" none
    agent good stop; rc_is "IMS crash: stop is 0" 0
    agent good start; rc_is "IMS crash: start in place is 0" 0
    check "IMS crash: the stand-in runs again" ims_running good
    agent good stop; rc_is "IMS crash: stop after the recovery is 0" 0

    run_checks_refusals
}

# crm_step <what> <step> <status>: a line of crm_exec.sh's output.
crm_step() {
    local got
    got=$(sed -n "s/^$2 //p" "$OUT/crm.steps")
    if [ "$got" = "$3" ]; then
        echo "ok $1"
    else
        echo "FAIL $1"
        ig_evidence "wanted $2 $3, got '${got:-(not run)}'; crm_resource said" \
            "$(cat "$OUT/crm/$2.out" "$OUT/crm.err" 2>/dev/null)"
    fi
}

run_checks | tee -a "$LOG"
nodes_down
trap - EXIT INT TERM
left=$(ig_leftovers "$OUT")
if [ -z "$left" ]; then
    echo "ok nothing left running on the suite's prefixes" | tee -a "$LOG"
else
    echo "FAIL nothing left running on the suite's prefixes" | tee -a "$LOG"
    printf '%s\n' "$left" | sed 's/^/     /' | tee -a "$LOG"
fi
passed=$(grep -c '^ok ' "$LOG")
failed=$(grep -c '^FAIL ' "$LOG")
echo "# $SECONDS s in all"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
