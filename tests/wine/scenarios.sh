# scenarios.sh - the Wine scenarios of the real imsguard.dll in the
# project's Resource Monitor emulator. One function per scenario; each brings
# up its own node(s) under $IG_SCEN_DIR and prints ok/FAIL lines (expect.sh).
# Here: the helpers every scenario file uses, and the basic cycle; the
# others by concern in scenarios-<topic>.sh (builds, config, monitor,
# pending, lifecycle, node, hygiene, badinput).

RES="Internet Mail Service"
# Refusal codes (IMSGUARD_E_*), IMS builds (IMS_BUILD_*), exit codes and
# ERROR_IO_PENDING: build/gen/consts.sh, sourced by lib.sh.
PORT=2525

ig_scenario_list() {
    declare -F | sed -n 's/^declare -f scenario_//p'
}

ig_nodes_down_all() {
    local p
    for p in "$1"/*/prefix; do
        [ -d "$p" ] && ig_node_down "${p%/prefix}"
    done
    return 0
}

# node <name>: brings a node up; echoes its directory.
node() {
    local d=$IG_SCEN_DIR/$1
    setup_step "node $1 could not be brought up" ig_node_up "$d" || return 1
    echo "$d"
}

# std_node <name> <ims version|none> <domain|clear> [Param type value]...:
# a node with the IMS installed (SMTP on $PORT), the domain, and the resource.
std_node() {
    local name=$1 version=$2 domain=$3 d
    shift 3
    d=$(node "$name") || return 1
    if [ "$version" != none ]; then
        setup_step "install IMS $version" ig_install_ims "$d" "$version" "$PORT" || return 1
    fi
    ig_domain "$d" "$domain" >&2
    setup_step "register the resource" \
        ig_register "$d" "$RES" SmtpProbePort dword "$PORT" StopTimeout dword 3000 "$@" || return 1
    echo "$d"
}

# mon <node dir> <name>: runs resmon with the script on stdin; echoes the
# report's path ($IG_SCEN_DIR/<name>.out); the cluster log is <node dir>/cluster.log.
mon() {
    cat >"$IG_SCEN_DIR/$2.script"
    ig_resmon "$1" "$IG_SCEN_DIR/$2.out" "$IG_SCEN_DIR/$2.script"
    echo "$IG_SCEN_DIR/$2.out"
}

# mon_with <node dir> <name> <command...>: like mon, but runs the command
# when the script says "echo inject" (the fault goes in while resmon runs).
# The script goes in through a FIFO in two parts: the lines after "echo
# inject" only once the command has returned, so that a slow start of the
# command (a Wine process on a busy machine) does not eat into the script's
# own waits after the fault.
mon_with() {
    local d=$1 name=$2 out=$IG_SCEN_DIR/$2.out fifo=$IG_SCEN_DIR/$2.in i pid w
    shift 2
    local script first rest=""
    script=$(cat)
    first=$script
    if [[ $script == *$'\n'"echo inject"$'\n'* ]]; then
        first=${script%%$'\n'echo inject$'\n'*}$'\n'"echo inject"
        rest=${script#*$'\n'echo inject$'\n'}
    fi
    local try said rc
    for try in 1 2; do
        rm -f "$fifo"
        mkfifo "$fifo" || { ig_fail "mkfifo $fifo" >&3; return 1; }
        ig_resmon "$d" "$out" <"$fifo" &
        pid=$!
        exec {w}>"$fifo"
        printf '%s\n' "$first" >&$w
        for i in $(seq 1 600); do
            grep -q '^OK echo inject' "$out" 2>/dev/null && break
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -0 "$pid" 2>/dev/null && break
        # The monitor ended before the fault went in. Wine's launch failure
        # (nothing of resmon.exe ran) is launch.sh's one retry: the script's
        # first part is sent again to a new monitor, and nothing else ran.
        exec {w}>&-
        wait "$pid"
        rc=$?
        pid=
        said=$(cat "$out" "$out.stderr" 2>/dev/null | tr -d '\r')
        if [ "$try" -eq 2 ] || ! ig_launch_failed "$rc" "$said"; then
            # Its own failure: the rest of the script goes to a file (the
            # FIFO has no reader), and the checks read what it printed.
            exec {w}>"$IG_SCEN_DIR/$name.unsent"
            break
        fi
        ig_launch_retried "resmon.exe (the script $name)" "$said"
    done
    "$@" >&2 {w}>&-
    [ -n "$rest" ] && printf '%s\n' "$rest" >&$w
    exec {w}>&-
    [ -n "$pid" ] && wait "$pid"
    echo "$out"
}

ims_state() {   # ims_state <node dir> [service] -> "state=RUNNING pid=.."
    ig_run "$1" imsctl.exe status ${2:+--name "$2"} 2>/dev/null | tr -d '\r'
}

# hex <Name>=<type>:<value>...: a property list, encoded by proplist.py, the
# deliberately independent encoder (an oracle for resdll/core/proplist.c:
# the DLL's own encoder is not used to check itself).
hex() { python3 "$IG_ROOT/tests/wine/proplist.py" "$@"; }

# One Online (a refusal is expected), and one Online/Offline cycle.
ONLINE_ONCE_SCRIPT="poll off
open \"$RES\"
online \"$RES\"
quit"
ONLINE_OFFLINE_SCRIPT="poll off
open \"$RES\"
online \"$RES\"
wait \"$RES\" Online 30000
offline \"$RES\"
wait \"$RES\" Offline 30000
quit"

# Online, a fault injected, then LooksAlive and IsAlive by hand.
FAULT_SCRIPT="poll off
open \"$RES\"
online \"$RES\"
wait \"$RES\" Online 30000
looksalive \"$RES\"
isalive \"$RES\"
echo inject
sleep 2000
looksalive \"$RES\"
isalive \"$RES\"
terminate \"$RES\"
quit"

# ---------------------------------------------------------------- scenarios

scenario_conformance() {
    local d out=$IG_SCEN_DIR/dlltest.out
    d=$(node n1) || return 1
    cp "$IG_ROOT/build/$IG_ARCH/dlltest.exe" "$d/prefix/drive_c/cluster/"
    ig_run "$d" dlltest.exe > "$out" 2>&1
    grep -E "Test failed|inside todo block" "$out" | head -20 | sed 's/^/     /'
    expect_line "$out" "dlltest: every check passed" '^dlltest: [1-9][0-9]* passed, 0 failed'
}

scenario_online_offline_sp2() {
    local d out
    d=$(std_node n1 $IMS_BUILD_SP2 contoso.com) || return 1
    out=$(mon "$d" run <<EOF
poll off
open "$RES"
online "$RES"
wait "$RES" Online 30000
looksalive "$RES"
isalive "$RES"
offline "$RES"
wait "$RES" Offline 30000
close "$RES"
quit
EOF
)
    expect_line "$out" "Online returns ERROR_IO_PENDING" "^CALL .*entry=Online .*status=$ERROR_IO_PENDING"
    expect_line "$out" "the worker reports Online" '^STATE .*state=Online .*via=report'
    expect_checkpoints_rise "$out" "\"$RES\"" "pending checkpoints (if any) rise by one from 1" allow-none
    expect_line "$out" "LooksAlive is TRUE" '^ALIVE .*entry=LooksAlive result=1'
    expect_line "$out" "IsAlive is TRUE (SMTP greeting answered)" '^ALIVE .*entry=IsAlive result=1'
    expect_line "$out" "the online line names build and domain" \
        'level=Information .*version 5\.5\.2448\.0\) is running on this node, DNS domain .contoso\.com'
    expect_line "$out" "Offline returns ERROR_IO_PENDING" "^CALL .*entry=Offline .*status=$ERROR_IO_PENDING"
    expect_line "$out" "the worker reports Offline" '^STATE .*state=Offline .*via=report'
    expect_no_line "$out" "no error logged" 'level=Error'
    expect_clean_monitor "$out"
    expect_line "$d/cluster.log" "cluster.log has the real line format" \
        '^[0-9a-f]{8}\.[0-9a-f]{8}::[0-9]{4}/[0-9]{2}/[0-9]{2}-[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} .*\[RES\] .*IMS Guard'
    expect_line <(ims_state "$d") "the service is stopped afterwards" 'state=STOPPED'
}

