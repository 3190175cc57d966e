#!/usr/bin/env bash
# selftest.sh - end-to-end test of the IMS stand-in (msexcimc.exe) and imsctl
# under Wine: every build with and without HKLM\Cluster and a DNS domain, the
# SMTP dialogue, port conflicts, start delay and each fault switch.
#
#   sh tests/bed/msexcimc/selftest.sh [--fresh]
#
# Builds what it needs, uses the prefix build/dev-ims/selftest (created on
# first use, --fresh recreates it), prints one line per check and ends with
# "N passed, M failed"; exits non-zero on any failure. Its wineserver is
# killed on every exit path.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u

ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$ROOT" || exit 1

# The kit (ig_check, ig_ok, ...), the template prefix and the constants of
# the C headers (IMS builds, exit codes).
source "$ROOT/tests/wine/lib.sh"
export WINEPREFIX="$ROOT/build/dev-ims/selftest"
export WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml="
WORK="$ROOT/build/dev-ims/selftest-work"
SERVER_UP=0

cleanup() {
    if [ "$SERVER_UP" = 1 ]; then
        wineserver -k >/dev/null 2>&1
        SERVER_UP=0
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A failed ig_check shows what the last command run (run below) gave.
ig_check_evidence() {
    echo "     last command: $LAST_CMD" | cut -c1-400
    echo "     it exited $RC and printed:"
    printf '%s\n' "${OUT:-(nothing)}" | tail -n 12 | cut -c1-400 | sed 's/^/       /'
    [ -n "${out:-}" ] && printf '%s\n' "$out" | tail -n 6 | cut -c1-400 | sed '1s/^/     last SMTP client answer: /; 2,$s/^/       /'
    return 0
}

# The last command's output and status, for the checks below.
OUT=""
RC=0
LAST_CMD="(none)"
run() {
    LAST_CMD="$*"
    ig_attempt "$@"
    OUT=$IG_OUT
    RC=$IG_RC
}

# setup <command...>: a set-up step between the checks (an install, a start,
# a fault switch, a registry value). Its failure is a FAIL of its own with
# what it printed, so that a later check is not the first sign of it (a
# start that never ran showed up only as "hang: still RUNNING (state=STOPPED
# ... exit=1077)").
setup() { ig_setup "$arch: set-up: $*" "$@"; }
has() { case "$OUT" in *"$1"*) return 0 ;; esac; return 1; }
rc_is() { [ "$RC" = "$1" ]; }

# ---------------------------------------------------------------- build
if ! make -s --no-print-directory ims-bed build/gen/consts.sh >"$ROOT/build/.ims-selftest-make.log" 2>&1; then
    ig_fail "build: make ims-bed (see build/.ims-selftest-make.log)"
    ig_summary
    exit 1
fi
ig_ok "build: make ims-bed"
source "$ROOT/build/gen/consts.sh"
VERSIONS="$IMS_BUILD_RTM $IMS_BUILD_SP1 $IMS_BUILD_HOTFIX $IMS_BUILD_SP2"

# ---------------------------------------------------------------- prefix
# A new prefix from the shared template each run (a win64 one runs both
# arches' binaries). --fresh is accepted: every run is fresh.
mkdir -p "$WORK"
# Processes of an earlier run still on the prefix would hold its ports and
# services: refuse, saying which.
if ! ig_refuse_leftovers "bed-ims" "$WINEPREFIX"; then
    ig_fail "set-up: no processes of an earlier run on $WINEPREFIX"
    ig_summary
    exit 1
fi
rm -rf "$WINEPREFIX"
if ! template=$(IG_ARCH=x86_64 ig_template) || ! ig_prefix_copy "$template" "$WINEPREFIX"; then
    ig_fail "set-up: a prefix from the template ($IG_WINE_DIR/template-x86_64)"
    ig_summary
    exit 1
fi
# A fresh server: on the one that created the prefix, service starts can
# stall behind its device set-up.
wineserver -p
SERVER_UP=1

# The session's first process starts wineboot and services.exe, and every
# service inherits their stderr and WINEDEBUG: that is where ReportEvent's
# texts land under Wine.
EVENTS="$WORK/events.log"
: >"$EVENTS"
WINEDEBUG=-all,err+eventlog wine cmd /c exit 0 >/dev/null 2>>"$EVENTS"

# SMTP client, picks free ports too.
SMTP="$WORK/smtp.py"
cat >"$SMTP" <<'EOF'
import socket, sys, threading, time

def connect(port, timeout):
    return socket.create_connection(("127.0.0.1", port), timeout=timeout)

def line(f):
    return f.readline().decode("ascii", "replace").rstrip("\r\n")

mode, args = sys.argv[1], sys.argv[2:]
try:
    if mode == "ports":         # N free loopback ports
        socks = [socket.socket() for _ in range(int(args[0]))]
        for s in socks:
            s.bind(("127.0.0.1", 0))
        print(" ".join(str(s.getsockname()[1]) for s in socks))
    elif mode == "greet":       # the greeting, or what went wrong
        s = connect(int(args[0]), float(args[1]))
        print(line(s.makefile("rb")))
    elif mode == "dialog":      # each reply's first line, then what follows QUIT
        s = connect(int(args[0]), 3)
        f = s.makefile("rb")
        print("greeting:", line(f))
        for cmd in [b"HELO client.test", b"EHLO client.test", b"NOOP", b"RSET",
                    b"MAIL FROM:<a@b>", b"helo lower.case", b"X" * 600]:
            s.sendall(cmd + b"\r\n")
            print(cmd[:20].decode(), "->", line(f))
        s.sendall(b"NOOP\r\nRSET\r\n")          # pipelined
        print("pipelined ->", line(f), "|", line(f))
        s.sendall(b"QUIT\r\n")
        print("QUIT ->", line(f))
        print("after QUIT:", "eof" if f.read() == b"" else "data")
    elif mode == "multi":       # N connections at once, all greeted?
        n, port = int(args[0]), int(args[1])
        conns = [connect(port, 3) for _ in range(n)]
        greeted = sum(1 for c in conns if line(c.makefile("rb")).startswith("220 "))
        print("greeted %d of %d" % (greeted, n))
    elif mode == "idle":        # wait for the idle timeout
        s = connect(int(args[0]), 10)
        f = s.makefile("rb")
        line(f)
        t = time.time()
        reply = line(f)
        print("%s after %.1f s, then %s" % (reply, time.time() - t,
                                          "eof" if f.read() == b"" else "data"))
    elif mode == "held":        # connect during a hang, greeting once released
        s = connect(int(args[0]), float(args[1]))
        print(line(s.makefile("rb")))
except Exception as e:
    print("error: %s: %s" % (type(e).__name__, e))
EOF

read -r PORT_A PORT_B PORT_C PORT_D PORT_E < <(python3 "$SMTP" ports 5)
ig_info "ports $PORT_A $PORT_B $PORT_C $PORT_D $PORT_E"

# ---------------------------------------------------------------- per arch
# $1 = arch. Returns 1 when this Wine cannot run the arch's binaries.
arch_runs() {
    local out
    out=$(wine "build/$1/ims/$IMS_BUILD_SP2/msexcimc.exe" --version 2>/dev/null | tr -d '\r')
    [ "$out" = "$IMS_BUILD_SP2" ]
}

# arch_tests' steps, one per kind of check; they see arch_tests' local
# variables (bash's dynamic scope): arch, ctl, v, out, start, ms, name.

ims_plain_node_with_a_domain() {
    # ---- plain node with a domain: every build runs.
    run $ctl domain set test.example
    ig_check "$arch: domain set" rc_is 0
    for v in $VERSIONS; do
        run $ctl install "$(exe "$v")" --port "$PORT_A"
        ig_check "$arch: install $v" rc_is 0
        start=$(date +%s%N)
        run $ctl start --wait 30000
        ms=$((($(date +%s%N) - start) / 1000000))
        ig_check "$arch: no cluster, domain: $v starts ($OUT; imsctl took $ms ms)" rc_is 0
        out=$(python3 "$SMTP" greet "$PORT_A" 3)
        ig_check "$arch: $v greets: $out" [ "$out" = "220 $(hostname_of "$out").test.example Microsoft Exchange Internet Mail Service $v ready" ]
        run $ctl status
        ig_check "$arch: $v status: $OUT" eval 'has "state=RUNNING pid=" && ! has "pid=0 "'
        run $ctl stop --wait 30000
        ig_check "$arch: $v stops ($OUT)" rc_is 0
        run $ctl status
        ig_check "$arch: $v status after stop: $OUT" has "state=STOPPED pid=0 exit=0 specific=0"
    done
}

ims_cluster_node_with_a_domain() {
    # ---- cluster node with a domain: only SP1 up to the fix fails.
    run $ctl cluster mark
    ig_check "$arch: cluster mark" rc_is 0
    run $ctl cluster mark --event-source 'C:\cluster\imsguard.dll'
    ig_check "$arch: cluster mark --event-source" rc_is 0
    run wine reg query 'HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application\IMS Guard'
    ig_check "$arch: ... registered the IMS Guard event source with that file" \
        eval 'has "EventMessageFile    REG_SZ    C:\\cluster\\imsguard.dll" && has "TypesSupported    REG_DWORD    0x7"'
    for v in $VERSIONS; do
        setup $ctl install "$(exe "$v")" --port "$PORT_A"
        : >"$EVENTS"
        run $ctl start --wait 30000
        if [ "$v" = $IMS_BUILD_SP1 ]; then
            ig_check "$arch: cluster, domain: $v refuses to start" \
                eval 'rc_is 1 && has "exit=$ERROR_SERVICE_SPECIFIC_ERROR specific=$IMS_EXIT_NAME_RESOLVER"'
            run $ctl status
            ig_check "$arch: $v status: $OUT" has "state=STOPPED pid=0 exit=$ERROR_SERVICE_SPECIFIC_ERROR specific=$IMS_EXIT_NAME_RESOLVER"
            ig_until_ok 10000 grep -q "TCP/IP domain name was not found" "$EVENTS"
            ig_check "$arch: $v logged event $IMS_EXIT_NAME_RESOLVER (name resolver)" \
                grep -q "name resolver cannot be initialized" "$EVENTS"
            ig_check "$arch: $v logged event $IMS_EXIT_NO_DOMAIN (domain not found)" \
                grep -q "TCP/IP domain name was not found" "$EVENTS"
        else
            ig_check "$arch: cluster, domain: $v starts" rc_is 0
            $ctl stop >/dev/null 2>&1
        fi
    done
}

ims_cluster_node_without_a_domain() {
    # ---- cluster node without a domain: 4058 for SP1, 4067 for the rest.
    run $ctl domain clear
    ig_check "$arch: domain clear" rc_is 0
    for v in $VERSIONS; do
        setup $ctl install "$(exe "$v")"
        run $ctl start
        [ "$v" = $IMS_BUILD_SP1 ] && code=$IMS_EXIT_NAME_RESOLVER || code=$IMS_EXIT_NO_DOMAIN
        ig_check "$arch: cluster, no domain: $v stops with $code" \
            eval 'rc_is 1 && has "exit=$ERROR_SERVICE_SPECIFIC_ERROR specific=$code"'
    done
}

ims_plain_node_without_a_domain() {
    # ---- plain node without a domain: 4067 for all; empty = missing.
    run $ctl cluster unmark
    ig_check "$arch: cluster unmark" rc_is 0
    for v in $VERSIONS; do
        setup $ctl install "$(exe "$v")"
        run $ctl start
        ig_check "$arch: no cluster, no domain: $v stops with $IMS_EXIT_NO_DOMAIN" \
            eval 'rc_is 1 && has "exit=$ERROR_SERVICE_SPECIFIC_ERROR specific=$IMS_EXIT_NO_DOMAIN"'
    done
    setup wine reg add 'HKLM\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters' /v Domain /t REG_SZ /d "" /f
    run $ctl start
    ig_check "$arch: an empty Domain counts as none ($IMS_EXIT_NO_DOMAIN)" has "specific=$IMS_EXIT_NO_DOMAIN"
    has "specific=$IMS_EXIT_NO_DOMAIN" || ig_info "imsctl start said: $OUT"
}

ims_smtp_dialogue_concurrency_idle_timeout() {
    # ---- SMTP dialogue, concurrency, idle timeout.
    setup $ctl domain set test.example
    setup $ctl install "$(exe $IMS_BUILD_SP2)" --port "$PORT_A"
    setup wine reg add 'HKLM\SYSTEM\CurrentControlSet\Services\MSExchangeIMC\Parameters' /v IdleTimeout /t REG_DWORD /d 1000 /f
    run $ctl start
    ig_check "$arch: $IMS_BUILD_SP2 starts for the SMTP checks" rc_is 0
    out=$(python3 "$SMTP" dialog "$PORT_A")
    ig_check "$arch: HELO -> 250"          grep -q "^HELO client.test -> 250 " <<<"$out"
    ig_check "$arch: EHLO -> 250"          grep -q "^EHLO client.test -> 250 " <<<"$out"
    ig_check "$arch: NOOP -> 250"          grep -q "^NOOP -> 250 " <<<"$out"
    ig_check "$arch: RSET -> 250"          grep -q "^RSET -> 250 " <<<"$out"
    ig_check "$arch: MAIL -> 500"          grep -q "^MAIL FROM:<a@b> -> 500 " <<<"$out"
    ig_check "$arch: lower-case helo -> 250" grep -q "^helo lower.case -> 250 " <<<"$out"
    ig_check "$arch: 600-byte line -> 500" grep -q "^XXXXXXXXXXXXXXXXXXXX -> 500 " <<<"$out"
    ig_check "$arch: pipelined NOOP RSET"  grep -q "^pipelined -> 250 OK | 250 OK" <<<"$out"
    ig_check "$arch: QUIT -> 221, then the server closes" \
        eval 'grep -q "^QUIT -> 221 " <<<"$out" && grep -q "^after QUIT: eof" <<<"$out"'
    out=$(python3 "$SMTP" multi 8 "$PORT_A")
    ig_check "$arch: 8 connections at once: $out" [ "$out" = "greeted 8 of 8" ]
    out=$(python3 "$SMTP" idle "$PORT_A")
    # Not before the timeout; how late on a busy machine is not the point.
    ig_check "$arch: idle timeout (IdleTimeout=1000): $out" \
        eval 'grep -qE "^421 .* after ([1-9]|[1-5][0-9])\.[0-9] s, then eof" <<<"$out"'
}

ims_a_second_ims_on_the() {
    # ---- a second IMS on the same port fails with 4000.
    setup $ctl install "$(exe $IMS_BUILD_RTM)" --name IMS2 --port "$PORT_A"
    run $ctl start --name IMS2
    ig_check "$arch: a second IMS on a busy port stops with $IMS_EXIT_LISTEN_FAILED" \
        eval 'rc_is 1 && has "exit=$ERROR_SERVICE_SPECIFIC_ERROR specific=$IMS_EXIT_LISTEN_FAILED"'
    out=$(python3 "$SMTP" greet "$PORT_A" 3)
    ig_check "$arch: the first one still answers" grep -q "^220 .* $IMS_BUILD_SP2 ready" <<<"$out"
    run $ctl stop
    ig_check "$arch: stop ($OUT)" rc_is 0
    run $ctl uninstall --name IMS2
    ig_check "$arch: uninstall IMS2" rc_is 0
    run $ctl status --name IMS2
    ig_check "$arch: status of an uninstalled service exits 1 with 1060" \
        eval 'rc_is 1 && has "error 1060"'
}

ims_start_timing_the_service_manager() {
    # ---- start timing: the service manager's view and the whole command.
    for i in 1 2 3; do
        start=$(date +%s%N)
        run $ctl start --wait 30000
        ms=$((($(date +%s%N) - start) / 1000000))
        ig_info "$arch: start #$i: $OUT by the service manager, $ms ms for the imsctl command"
        $ctl stop >/dev/null 2>&1
    done
    ig_check "$arch: the last start reached RUNNING ($OUT)" has "RUNNING after"
}

ims_startdelay_start_pending_with_rising() {
    # ---- StartDelay: START_PENDING with rising checkpoints, then RUNNING.
    # (A delay far beyond the first wait: on a busy machine the start
    # request itself can take seconds.)
    setup $ctl install "$(exe $IMS_BUILD_SP2)" --name IMSDelay --port "$PORT_B" --delay 6000
    run $ctl start --name IMSDelay --wait 1200
    ig_check "$arch: StartDelay=6000: still START_PENDING at 1200 ms, checkpoint rising ($OUT)" \
        eval 'rc_is 1 && has "state=START_PENDING" && ! has "checkpoint=1:"'
    run $ctl start --name IMSDelay --wait 30000
    ig_check "$arch: StartDelay=6000: then RUNNING ($OUT after the first 1200)" rc_is 0
    $ctl stop --name IMSDelay >/dev/null 2>&1
}

ims_fault_refuse_stop() {
    # ---- fault: refuse-stop.
    setup $ctl install "$(exe $IMS_BUILD_SP2)" --name IMSFault --port "$PORT_C"
    setup $ctl start --name IMSFault
    run $ctl fault refuse-stop --name IMSFault
    ig_check "$arch: fault refuse-stop" rc_is 0
    run $ctl stop --name IMSFault --wait 800
    ig_check "$arch: refuse-stop: STOP is ignored (stop exits 1)" eval 'rc_is 1 && has "state=RUNNING"'
    run $ctl alive --name IMSFault
    ig_check "$arch: refuse-stop: process still there ($OUT)" rc_is 0
    out=$(python3 "$SMTP" greet "$PORT_C" 3)
    ig_check "$arch: refuse-stop: SMTP still answered" grep -q "^220 " <<<"$out"
    # Wine, not us: a second STOP after an ignored one kills the process.
    setup $ctl fault none --name IMSFault
    run $ctl stop --name IMSFault --wait 800
    ig_info "$arch: second STOP under Wine: $(head -1 <<<"$OUT")"
    ig_until_ok 15000 eval '! $ctl alive --name IMSFault >/dev/null 2>&1'
    run $ctl alive --name IMSFault
    ig_check "$arch: (Wine) a second STOP ends a service that ignored the first" rc_is 1
}

ims_fault_hang() {
    # ---- fault: hang.
    setup $ctl install "$(exe $IMS_BUILD_SP2)" --name IMSHang --port "$PORT_D"
    setup $ctl start --name IMSHang
    run $ctl fault hang --name IMSHang
    ig_check "$arch: fault hang" rc_is 0
    # The stand-in polls its fault switch: wait until a greeting stops coming.
    hang_in_effect() { out=$(python3 "$SMTP" greet "$PORT_D" 1); grep -q "timed out" <<<"$out"; }
    ig_until_ok 15000 hang_in_effect
    ig_check "$arch: hang: no greeting within 1 s ($out)" grep -q "timed out" <<<"$out"
    python3 "$SMTP" held "$PORT_D" 10 >"$WORK/held.out" 2>&1 &
    held=$!
    run $ctl stop --name IMSHang --wait 800
    ig_check "$arch: hang: STOP is ignored (stop exits 1)" eval 'rc_is 1 && has "state=RUNNING"'
    run $ctl status --name IMSHang
    ig_check "$arch: hang: still RUNNING ($OUT)" has "state=RUNNING"
    setup $ctl fault none --name IMSHang
    wait "$held"
    ig_check "$arch: hang cleared: a connection held during the hang is greeted" \
        grep -q "^220 " "$WORK/held.out"
    $ctl stop --name IMSHang >/dev/null 2>&1
}

ims_fault_crash_injected_into_a() {
    # ---- fault: crash, injected into a running service.
    setup $ctl install "$(exe $IMS_BUILD_SP2)" --name IMSCrash --port "$PORT_E"
    setup $ctl start --name IMSCrash
    run $ctl alive --name IMSCrash
    ig_check "$arch: crash: alive before the fault ($OUT)" rc_is 0
    start=$(date +%s%N)
    setup $ctl fault crash --name IMSCrash
    while $ctl alive --name IMSCrash >/dev/null 2>&1 &&
          [ $((($(date +%s%N) - start) / 1000000)) -lt 15000 ]; do
        :
    done
    run $ctl alive --name IMSCrash
    ig_check "$arch: crash: process gone $((($(date +%s%N) - start) / 1000000)) ms after the fault was set" rc_is 1
    out=$(python3 "$SMTP" greet "$PORT_E" 1)
    ig_check "$arch: crash: port closed ($out)" grep -q "Refused" <<<"$out"
    run $ctl status --name IMSCrash
    ig_info "$arch: crash: Wine's service manager says: $OUT (it never notices a dead service)"
    setup $ctl fault none --name IMSCrash
}

ims_fault_hang_start() {
    # ---- fault: hang-start.
    setup $ctl install "$(exe $IMS_BUILD_SP2)" --name IMSHangStart --port "$PORT_E"
    setup $ctl fault hang-start --name IMSHangStart
    run $ctl start --name IMSHangStart --wait 1200
    ig_check "$arch: hang-start: START_PENDING with checkpoint 1 after 1.2 s" \
        eval 'rc_is 1 && has "state=START_PENDING checkpoint=1:"'
    run $ctl stop --name IMSHangStart
    ig_check "$arch: hang-start: STOP is not accepted while START_PENDING (1052)" \
        eval 'rc_is 1 && has "error 1052"'
    setup $ctl fault crash --name IMSHangStart
    ig_until_ok 15000 eval '! $ctl alive --name IMSHangStart >/dev/null 2>&1'
    run $ctl alive --name IMSHangStart
    ig_check "$arch: hang-start: the crash fault still ends it" rc_is 1
}

ims_fault_exit_on_stop() {
    # ---- fault: exit-on-stop. The answer to STOP is lost (ControlService
    # error 109, bedsvc.h); imsctl still says stopped, and says why.
    setup $ctl install "$(exe $IMS_BUILD_SP2)" --name IMSExit --port "$PORT_E"
    setup $ctl start --name IMSExit --wait 30000
    setup $ctl fault exit-on-stop --name IMSExit
    run $ctl stop --name IMSExit
    ig_check "$arch: exit-on-stop: stop exits 0 and names the lost answer ($OUT)" \
        eval 'rc_is 0 && has "error 109" && has "STOP was handled"'
    run $ctl stop --name IMSExit --wait 5000
    ig_check "$arch: exit-on-stop: a second stop finds it stopped ($OUT)" rc_is 0
    run $ctl status --name IMSExit
    ig_check "$arch: exit-on-stop: STOPPED, no process ($OUT)" has "state=STOPPED pid=0 "
    setup $ctl fault none --name IMSExit
    setup $ctl start --name IMSExit --wait 30000
    setup $ctl fault exit-on-stop --name IMSExit
    run $ctl stop --name IMSExit --wait 30000
    ig_check "$arch: exit-on-stop: stop --wait exits 0 with STOPPED ($OUT)" \
        eval 'rc_is 0 && has "error 109" && has "STOPPED after"'
    setup $ctl fault none --name IMSExit
}

ims_fault_on_an_unknown_service() {
    # ---- fault on an unknown service, cluster unmark of a real database.
    run $ctl fault crash --name NoSuchIMS
    ig_check "$arch: fault on an unknown service exits 1 with 1060" eval 'rc_is 1 && has "error 1060"'
    setup $ctl cluster mark
    setup wine reg add 'HKLM\Cluster\Resources' /f
    run $ctl cluster unmark
    ig_check "$arch: cluster unmark refuses a non-empty HKLM\\Cluster" eval 'rc_is 1 && has "error 145"'
    wine reg delete 'HKLM\Cluster\Resources' /f >/dev/null 2>&1
    run $ctl cluster unmark
    ig_check "$arch: cluster unmark of the empty key" rc_is 0
    run wine reg query 'HKLM\Cluster'
    ig_check "$arch: HKLM\\Cluster is gone" rc_is 1

    for name in MSExchangeIMC IMSFault IMSHang IMSCrash IMSHangStart IMSDelay; do
        $ctl uninstall --name "$name" >/dev/null 2>&1
    done
}

arch_tests() {
    local arch=$1 v exe ctl out start ms name
    ctl="wine build/$arch/imsctl.exe"
    exe() { echo "$ROOT/build/$arch/ims/$1/msexcimc.exe"; }

    # Console use.
    for v in $VERSIONS; do
        out=$(wine "$(exe "$v")" --version 2>/dev/null | tr -d '\r')
        ig_check "$arch: msexcimc $v --version prints $v (got '$out')" [ "$out" = "$v" ]
    done
    run wine "$(exe $IMS_BUILD_RTM)"
    ig_check "$arch: msexcimc without --version outside the SCM exits 1" rc_is 1
    run $ctl
    ig_check "$arch: imsctl without arguments exits 2 with usage" eval 'rc_is 2 && has usage:'
    run $ctl start --port 25
    ig_check "$arch: imsctl start --port is a usage error (2)" rc_is 2
    # Every fault, written out here on purpose (an oracle apart from ims.h):
    # a name left out of the list would be one imsctl cannot set.
    run $ctl fault crsh
    ig_check "$arch: imsctl fault with an unknown name is a usage error (2) naming every fault" \
        eval 'rc_is 2 && has "fault needs one of crash, hang, refuse-stop, hang-start, exit-on-stop, none" &&
              has "fault crash|hang|refuse-stop|hang-start|exit-on-stop|none [--name N]"'
    run $ctl install "$ROOT/build/no-such-dir/msexcimc.exe"
    ig_check "$arch: install of a missing file exits 1 naming the error" eval 'rc_is 1 && has "error 3"'

    # Clean slate: services from an earlier run, the cluster mark.
    for name in MSExchangeIMC IMS2 IMSFault IMSHang IMSCrash IMSHangStart IMSDelay IMSExit; do
        $ctl uninstall --name "$name" >/dev/null 2>&1
    done
    wine reg delete 'HKLM\Cluster' /f >/dev/null 2>&1

    # A domain that starts with "--" (a malformed name a scenario tests) is
    # a value after "--", not an unknown option.
    run $ctl domain set -- --x.com
    ig_check "$arch: domain set -- --x.com exits 0 ($OUT)" rc_is 0
    run wine reg query 'HKLM\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters' /v Domain
    ig_check "$arch: the domain stored is --x.com" has "REG_SZ    --x.com"

    ims_plain_node_with_a_domain
    ims_cluster_node_with_a_domain
    ims_cluster_node_without_a_domain
    ims_plain_node_without_a_domain
    ims_smtp_dialogue_concurrency_idle_timeout
    ims_a_second_ims_on_the
    ims_start_timing_the_service_manager
    ims_startdelay_start_pending_with_rising
    ims_fault_refuse_stop
    ims_fault_hang
    ims_fault_crash_injected_into_a
    ims_fault_hang_start
    ims_fault_exit_on_stop
    ims_fault_on_an_unknown_service
}

# The greeting's host part, for comparing the rest of the line exactly.
hostname_of() {
    local host=${1#220 }
    host=${host%% *}
    echo "${host%%.*}"
}

for arch in x86_64 i686; do
    if arch_runs "$arch"; then
        arch_tests "$arch"
    else
        echo "skip - $arch: this Wine cannot run $arch binaries (32-bit Wine missing?)"
    fi
done

cleanup
ig_summary
