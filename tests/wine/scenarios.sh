# scenarios.sh - the Wine scenarios of the real imsguard.dll in the
# project's Resource Monitor emulator. One function per scenario; each brings
# up its own node(s) under $IG_SCEN_DIR and prints ok/FAIL lines (expect.sh).

RES="Internet Mail Service"
ERROR_IO_PENDING=997
E_SERVICE_MISSING=$((0x20490001))
E_SERVICE_DISABLED=$((0x20490003))
E_IMAGE_UNREADABLE=$((0x20490004))
E_IMAGE_NO_VERSION=$((0x20490005))
E_AFFECTED_BUILD=$((0x20490006))
E_NO_DNS_DOMAIN=$((0x20490007))
E_BAD_DNS_DOMAIN=$((0x20490008))
E_DNS_DOMAIN_MISMATCH=$((0x20490009))
RTM=5.5.1960.0 SP1=5.5.2232.0 HOTFIX=5.5.2423.0 SP2=5.5.2448.0
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
    ig_resmon "$1" "$IG_SCEN_DIR/$2.out"
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
    rm -f "$fifo"
    mkfifo "$fifo" || { echo "FAIL mkfifo $fifo" >&3; return 1; }
    ig_resmon "$d" "$out" <"$fifo" &
    pid=$!
    exec {w}>"$fifo"
    printf '%s\n' "$first" >&$w
    for i in $(seq 1 600); do
        grep -q '^OK echo inject' "$out" 2>/dev/null && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    "$@" >&2 {w}>&-
    [ -n "$rest" ] && printf '%s\n' "$rest" >&$w
    exec {w}>&-
    wait $pid
    echo "$out"
}

ims_state() {   # ims_state <node dir> [service] -> "state=RUNNING pid=.."
    ig_run "$1" imsctl.exe status ${2:+--name "$2"} 2>/dev/null | tr -d '\r'
}

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
    d=$(std_node n1 $SP2 contoso.com) || return 1
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

scenario_refuse_sp1() {
    local d out
    d=$(std_node n1 $SP1 contoso.com) || return 1
    out=$(mon "$d" run <<EOF
poll off
open "$RES"
online "$RES"
state "$RES"
quit
EOF
)
    expect_line "$out" "Online refuses with IMSGUARD_E_AFFECTED_BUILD" "^CALL .*entry=Online .*status=$E_AFFECTED_BUILD"
    expect_line "$out" "the resource is Failed" '^STATE .*state=Failed'
    expect_count "$out" "exactly one error line" 'level=Error' 1
    expect_line "$out" "the error names Q194128, the build found and the fix" \
        'level=Error .*version 5\.5\.2232\.0.*Q194128.*Service Pack 2 or later.*5\.5\.2423\.0'
    expect_line "$d/cluster.log" "cluster.log has the refusal" 'Q194128'
    expect_line "$out" "the monitor calls Terminate after the refusal" '^CALL .*entry=Terminate'
    expect_line <(ims_state "$d") "the IMS was never started" 'state=STOPPED'
    expect_clean_monitor "$out"
}

scenario_refuse_no_domain() {
    local d out
    d=$(std_node n1 $SP2 clear) || return 1
    out=$(mon "$d" run <<<"$ONLINE_ONCE_SCRIPT")
    expect_line "$out" "Online refuses with IMSGUARD_E_NO_DNS_DOMAIN" "^CALL .*entry=Online .*status=$E_NO_DNS_DOMAIN"
    expect_count "$out" "exactly one error line" 'level=Error' 1
    expect_line "$out" "the error says the domain is not set, 4058/4067, and where to set it" \
        'level=Error .*DNS domain of this node is not set.*4058.*4067.*DNS.*Primary DNS suffix'
    expect_line <(ims_state "$d") "the IMS was never started" 'state=STOPPED'
    expect_clean_monitor "$out"
}

scenario_seed_sp1_without_domain() {
    local d out
    d=$(std_node n1 $SP1 clear) || return 1
    out=$(mon "$d" run <<<"$ONLINE_ONCE_SCRIPT")
    expect_line "$out" "the first condition in priority order is returned" "^CALL .*entry=Online .*status=$E_AFFECTED_BUILD"
    expect_count "$out" "both conditions are logged" 'level=Error' 2
    expect_order "$out" "the build before the domain" 'level=Error .*Q194128' 'level=Error .*not set'
    expect_clean_monitor "$out"
}

scenario_override_affected_build() {
    local d out
    d=$(std_node n1 $SP1 contoso.com AllowAffectedBuild dword 1) || return 1
    out=$(mon "$d" run <<EOF
poll off
open "$RES"
online "$RES"
wait "$RES" Failed 30000
quit
EOF
)
    expect_line "$out" "a warning names the override" 'level=Warning .*5\.5\.2232\.0.*AllowAffectedBuild is 1'
    expect_line "$out" "Online pends (the override lets it start)" "^CALL .*entry=Online .*status=$ERROR_IO_PENDING"
    expect_line "$out" "the IMS stops with 4058 and the resource fails" '^STATE .*state=Failed .*via=report'
    expect_line "$out" "the failure names the service-specific code 4058" \
        'level=Error .*stopped while starting.*service-specific code 4058.*Q194128'
    expect_line <(ims_state "$d") "the stand-in exited with 4058" 'specific=4058'
    expect_clean_monitor "$out"
}

scenario_other_builds_go_online() {
    local d out
    d=$(std_node n1 $RTM contoso.com) || return 1
    out=$(mon "$d" rtm <<<"$ONLINE_OFFLINE_SCRIPT")
    expect_line "$out" "RTM (5.5.1960.0, before the window) goes online" '^STATE .*state=Online .*via=report'
    expect_clean_monitor "$out" "RTM run"
    ig_swap_ims "$d" $HOTFIX
    out=$(mon "$d" hotfix <<EOF
poll off
open "$RES"
online "$RES"
wait "$RES" Online 30000
isalive "$RES"
offline "$RES"
wait "$RES" Offline 30000
quit
EOF
)
    expect_line "$out" "the hotfix build 5.5.2423.0 goes online" '^STATE .*state=Online .*via=report'
    expect_line "$out" "its online line shows 5.5.2423.0" 'level=Information .*version 5\.5\.2423\.0'
    expect_clean_monitor "$out" "hotfix run"
}

scenario_service_problems() {
    local d out
    d=$(std_node n1 none contoso.com) || return 1
    out=$(mon "$d" missing <<<"$ONLINE_ONCE_SCRIPT")
    expect_line "$out" "no IMS installed: IMSGUARD_E_SERVICE_MISSING" "^CALL .*entry=Online .*status=$E_SERVICE_MISSING"
    expect_line "$out" "the error names the service" "level=Error .*service 'MSExchangeIMC' is not installed on this node"
    ig_install_ims "$d" $SP2 $PORT >&2
    ig_run "$d" imsctl.exe install 'C:\exchsrvr\connect\msexcimc\bin\msexcimc.exe' --start disabled >&2
    out=$(mon "$d" disabled <<<"$ONLINE_ONCE_SCRIPT")
    expect_line "$out" "disabled IMS: IMSGUARD_E_SERVICE_DISABLED" "^CALL .*entry=Online .*status=$E_SERVICE_DISABLED"
    expect_line "$out" "the error says to set it to Manual" 'level=Error .*is disabled.*Manual'
    expect_clean_monitor "$out"
}

scenario_image_problems() {
    local d out
    d=$(std_node n1 $SP2 contoso.com ImagePath sz 'C:\exchsrvr\missing\msexcimc.exe') || return 1
    printf 'not a program\r\n' > "$d/prefix/drive_c/cluster/notes.txt"
    out=$(mon "$d" missing <<<"$ONLINE_ONCE_SCRIPT")
    expect_line "$out" "missing binary: IMSGUARD_E_IMAGE_UNREADABLE" "^CALL .*entry=Online .*status=$E_IMAGE_UNREADABLE"
    expect_line "$out" "the error names the file and the system's reason" \
        'level=Error .*missing.{1,2}msexcimc\.exe could not be read \(error [0-9]+'
    ig_set_param "$d" "$RES" ImagePath sz 'C:\cluster\notes.txt' >&2
    out=$(mon "$d" noversion <<<"$ONLINE_ONCE_SCRIPT")
    expect_line "$out" "no version resource: IMSGUARD_E_IMAGE_NO_VERSION" "^CALL .*entry=Online .*status=$E_IMAGE_NO_VERSION"
    expect_line "$out" "the error says so" 'level=Error .*notes\.txt has no readable version information'
    expect_clean_monitor "$out"
    # A program whose resources are damaged: the SP2 file cut short.
    head -c 3000 "$IG_ROOT/build/$IG_ARCH/ims/$SP2/msexcimc.exe" > "$d/prefix/drive_c/cluster/damaged.exe"
    ig_set_param "$d" "$RES" ImagePath sz 'C:\cluster\damaged.exe' >&2
    out=$(mon "$d" damaged <<<"$ONLINE_ONCE_SCRIPT")
    expect_line "$out" "a damaged program: IMSGUARD_E_IMAGE_NO_VERSION" "^CALL .*entry=Online .*status=$E_IMAGE_NO_VERSION"
    expect_line "$out" "...named in the error" 'level=Error .*damaged\.exe has no readable version information'
    expect_clean_monitor "$out" "damaged run"
}

scenario_domain_rules() {
    local d out
    d=$(std_node n1 $SP2 corp-1.local ExpectedDnsDomain sz contoso.com) || return 1
    out=$(mon "$d" mismatch <<<"$ONLINE_ONCE_SCRIPT")
    expect_line "$out" "another domain: IMSGUARD_E_DNS_DOMAIN_MISMATCH" "^CALL .*entry=Online .*status=$E_DNS_DOMAIN_MISMATCH"
    expect_line "$out" "the error names both domains" "level=Error .*is 'corp-1\.local', but the resource's ExpectedDnsDomain is 'contoso\.com'"
    ig_domain "$d" "corp_1.local"
    out=$(mon "$d" malformed <<<"$ONLINE_ONCE_SCRIPT")
    expect_line "$out" "malformed domain: IMSGUARD_E_BAD_DNS_DOMAIN" "^CALL .*entry=Online .*status=$E_BAD_DNS_DOMAIN"
    expect_line "$out" "the error gives the rule broken" "level=Error .*'corp_1\.local', is not a valid DNS name \(only letters, digits, hyphens and dots"
    ig_domain "$d" "Contoso.COM."
    out=$(mon "$d" match <<<"$ONLINE_OFFLINE_SCRIPT")
    expect_line "$out" "Contoso.COM. matches contoso.com (case, trailing dot)" '^STATE .*state=Online .*via=report'
    expect_clean_monitor "$out"
}

scenario_crash_detected() {
    local d out
    d=$(std_node n1 $SP2 contoso.com) || return 1
    out=$(mon_with "$d" crash ig_run "$d" imsctl.exe fault crash <<<"$FAULT_SCRIPT")
    expect_line "$out" "alive before the crash" '^ALIVE .*entry=IsAlive result=1'
    expect_line "$out" "LooksAlive sees the crash (process handle; Wine's SCM still says RUNNING)" \
        '^ALIVE .*entry=LooksAlive result=0'
    expect_line "$out" "IsAlive sees the crash" '^ALIVE .*entry=IsAlive result=0'
    expect_line "$out" "the log says the process ended, with its exit code" \
        'level=Error .*process ID [0-9]+\) has ended \(exit code 0xC0000005\)'
    expect_clean_monitor "$out"
}

# A hung IMS greets no connection: the first IsAlive after the hang keeps
# its connection waiting (a slow IMS would greet it by the next call), the
# second finds it still silent and fails the resource.
scenario_hang_detected() {
    local d out
    d=$(std_node n1 $SP2 contoso.com) || return 1
    out=$(mon_with "$d" hang ig_run "$d" imsctl.exe fault hang <<EOF
poll off
open "$RES"
online "$RES"
wait "$RES" Online 30000
looksalive "$RES"
isalive "$RES"
echo inject
sleep 2000
looksalive "$RES"
isalive "$RES"
sleep 2000
isalive "$RES"
terminate "$RES"
quit
EOF
)
    expect_count "$out" "LooksAlive stays TRUE: the service runs" '^ALIVE .*entry=LooksAlive result=1' 2
    expect_count "$out" "IsAlive TRUE before the hang and at the first check after it" \
        '^ALIVE .*entry=IsAlive result=1' 2
    expect_count "$out" "the second IsAlive after the hang sees it (no SMTP greeting)" \
        '^ALIVE .*entry=IsAlive result=0' 1
    expect_line "$out" "the log says the IMS does not answer SMTP" \
        "level=Error .*does not answer SMTP on 127\.0\.0\.1 port $PORT \(connected, but no greeting in the [0-9]+ ms since the previous check\)"
    expect_no_line "$out" "IsAlive stays under 300 ms" '^ALIVE .*entry=IsAlive .*ms=([3-9][0-9]{2}|[0-9]{4,})'
    expect_clean_monitor "$out"
}

scenario_domain_removed_online() {
    local d out
    d=$(std_node n1 $SP2 contoso.com) || return 1
    out=$(mon_with "$d" domain ig_domain "$d" clear <<<"$FAULT_SCRIPT")
    expect_count "$out" "LooksAlive only asks the service: TRUE" '^ALIVE .*entry=LooksAlive result=1' 2
    expect_line "$out" "IsAlive sees the removed domain" '^ALIVE .*entry=IsAlive result=0'
    expect_line "$out" "the log says the domain is not set" 'level=Error .*DNS domain of this node is not set'
    expect_clean_monitor "$out"
}

scenario_binary_swapped_online() {
    local d out
    d=$(std_node n1 $SP2 contoso.com) || return 1
    out=$(mon_with "$d" swap ig_swap_ims "$d" $SP1 <<<"$FAULT_SCRIPT")
    expect_line "$out" "IsAlive passes before the swap" '^ALIVE .*entry=IsAlive result=1'
    expect_line "$out" "IsAlive sees the SP1 binary" '^ALIVE .*entry=IsAlive result=0'
    expect_line "$out" "the log names the new build and Q194128" 'level=Error .*version 5\.5\.2232\.0.*Q194128'
    expect_clean_monitor "$out"
}

scenario_monitor_polls_and_fails() {
    local d out
    d=$(std_node n1 $SP2 contoso.com) || return 1
    out=$(mon_with "$d" poll ig_run "$d" imsctl.exe fault crash <<EOF
open "$RES"
interval "$RES" 300 2000
online "$RES"
wait "$RES" Online 30000
sleep 3000
echo inject
wait "$RES" Failed 15000
quit
EOF
)
    expect_line "$out" "the monitor polled LooksAlive while healthy" '^ALIVE .*entry=LooksAlive result=1'
    expect_order "$out" "LooksAlive FALSE, then IsAlive FALSE" '^ALIVE .*entry=LooksAlive result=0' '^ALIVE .*entry=IsAlive result=0'
    expect_line "$out" "IsAlive FALSE fails the resource" '^STATE .*state=Failed .*via=isalive'
    expect_line "$out" "and the monitor terminates it" '^CALL .*entry=Terminate'
    expect_clean_monitor "$out"
}

scenario_terminate_while_pending() {
    local d out
    d=$(std_node n1 $SP2 contoso.com) || return 1
    # A start far longer than the script's wait: Terminate must find it pending
    # even when the machine is busy.
    ig_run "$d" imsctl.exe install 'C:\exchsrvr\connect\msexcimc\bin\msexcimc.exe' --start manual \
        --port $PORT --delay 10000 >&2
    out=$(mon "$d" run <<EOF
poll off
open "$RES"
online "$RES"
sleep 800
state "$RES"
terminate "$RES"
state "$RES"
close "$RES"
quit
EOF
)
    expect_line "$out" "Online pends during the slow start" "^CALL .*entry=Online .*status=$ERROR_IO_PENDING"
    expect_checkpoints_rise "$out" "\"$RES\"" "pending reports follow the service's progress, checkpoints 1, 2, 3.."
    expect_line "$out" "Terminate leaves it Offline" '^STATE .*state=Offline'
    expect_line "$out" "the starting process was ended, and the log says so" 'level=Warning .*had not stopped after [0-9]+ milliseconds, so its process'
    expect_no_line "$out" "no Online report after Terminate" 'state=Online .*via=report'
    expect_clean_monitor "$out"
    # Wine's service manager keeps saying RUNNING for a process that was
    # ended (see the contract), so ask about the process itself.
    check "the half-started service's process is gone" \
        bash -c "! WINEPREFIX='$d/prefix' wine '$d/prefix/drive_c/cluster/imsctl.exe' alive"
}

scenario_pending_timeout() {
    local d out
    d=$(std_node n1 $SP2 contoso.com) || return 1
    ig_run "$d" imsctl.exe fault hang-start >&2
    out=$(mon "$d" run <<EOF
poll off
open "$RES"
pending-timeout "$RES" 2000
online "$RES"
wait "$RES" Failed 20000
quit
EOF
)
    expect_line "$out" "the monitor's PendingTimeout fires" '^TIMEOUT .*what=pending-timeout'
    expect_line "$out" "the resource is Failed by the timeout" '^STATE .*state=Failed .*via=timeout'
    expect_line "$out" "Terminate is called" '^CALL .*entry=Terminate'
    expect_clean_monitor "$out"
}

scenario_offline_refuse_stop() {
    local d out
    d=$(std_node n1 $SP2 contoso.com StopTimeout dword 1500) || return 1
    # Set before Online (it only changes what STOP does): injected while
    # online, a loaded machine could start imsctl after the Offline.
    ig_run "$d" imsctl.exe fault refuse-stop >/dev/null 2>&1
    out=$(mon "$d" run <<EOF
poll off
open "$RES"
online "$RES"
wait "$RES" Online 30000
offline "$RES"
wait "$RES" Offline 15000
quit
EOF
)
    expect_line "$out" "Offline completes although the IMS ignores STOP" '^STATE .*state=Offline .*via=report'
    expect_line "$out" "the log says the process was ended after StopTimeout" \
        'level=Warning .*had not stopped after (1[5-9][0-9]{2}|[2-9][0-9]{3}|[0-9]{5,}) milliseconds, so its process \(process ID [0-9]+\) was ended'
    expect_clean_monitor "$out"
    check "the IMS process is gone" bash -c "! WINEPREFIX='$d/prefix' $(ig_wine) '$d/prefix/drive_c/cluster/imsctl.exe' alive"
}

scenario_properties() {
    local d out set_ok set_bad set_short set_unknown set_domain_bad set_online
    d=$(std_node n1 $SP2 contoso.com) || return 1
    set_ok=$(hex StopTimeout=dword:4000 ExpectedDnsDomain=sz:contoso.com)
    set_bad=$(hex SmtpProbePort=dword:70000)
    set_short=$(hex --truncate 1 StopTimeout=dword:4000)
    set_unknown=$(hex NoSuchProperty=dword:1)
    set_domain_bad=$(hex ExpectedDnsDomain=sz:-bad-.com)
    set_online=$(hex StopTimeout=dword:5000)
    out=$(mon "$d" run <<EOF
poll off
open "$RES"
control "$RES" CLUSCTL_RESOURCE_ENUM_PRIVATE_PROPERTIES
control "$RES" CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES --out 8
control "$RES" CLUSCTL_RESOURCE_VALIDATE_PRIVATE_PROPERTIES $set_ok
control "$RES" CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES $set_ok
control "$RES" CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES $set_bad
control "$RES" CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES $set_short
control "$RES" CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES $set_unknown
control "$RES" CLUSCTL_RESOURCE_VALIDATE_PRIVATE_PROPERTIES $set_domain_bad
control "$RES" CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES
control "$RES" CLUSCTL_RESOURCE_GET_REQUIRED_DEPENDENCIES
control "$RES" 0x01000191
typecontrol "IMS Guard" CLUSCTL_RESOURCE_TYPE_GET_PRIVATE_PROPERTIES
online "$RES"
wait "$RES" Online 30000
control "$RES" CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES $set_online
offline "$RES"
wait "$RES" Offline 30000
quit
EOF
)
    # ENUM: the names as UTF-16 ("ServiceName" starts the MULTI_SZ).
    expect_line "$out" "ENUM lists the properties" '^CONTROL .*code=0x01000079 status=0 .*out=530065007200760069006300650004e0061006d006500|^CONTROL .*code=0x01000079 status=0 .*out=5300650072007600690063006500'
    expect_line "$out" "GET into 8 bytes: ERROR_MORE_DATA with the size" '^CONTROL .*code=0x01000081 status=234 bytes=[0-9]{3}'
    expect_line "$out" "VALIDATE of a good list" "^CONTROL .*code=0x01000089 status=0"
    expect_line "$out" "SET while offline stores it (0)" "^CONTROL .*code=0x01400086 status=0 "
    expect_line "$out" "SET SmtpProbePort=70000 is refused (87)" "^CONTROL .*code=0x01400086 status=87"
    expect_line "$out" "...with a line naming the property" 'level=Error .*SmtpProbePort is not valid: 70000 is outside the allowed range 0 to 65535'
    expect_line "$out" "a list short by one byte is ERROR_INVALID_DATA" "^CONTROL .*code=0x01400086 status=13"
    expect_line "$out" "an unknown name is refused and named" "level=Error .*'NoSuchProperty' is not a property"
    expect_line "$out" "VALIDATE of a malformed domain is refused" "^CONTROL .*code=0x01000089 status=87"
    expect_line "$out" "dependencies: Network Name" '^CONTROL .*code=0x01000011 status=0 .*out=03000400.*4e006500740077006f0072006b00|^CONTROL .*code=0x01000011 status=0 .*out=03000400.*4e00650074007700'
    expect_line "$out" "unhandled code: ERROR_INVALID_FUNCTION" '^CONTROL .*code=0x01000191 status=1 '
    expect_line "$out" "type GET answers the defaults" '^CONTROL .*code=0x02000081 status=0'
    expect_line "$out" "SET while online: ERROR_RESOURCE_PROPERTIES_STORED" "^CONTROL .*code=0x01400086 status=5024"
    expect_clean_monitor "$out"
    expect_line <(ig_get_param "$d" "$RES" StopTimeout) \
        "StopTimeout persisted in the cluster database (5000)" '5000'
    expect_line <(ig_get_param "$d" "$RES" SmtpProbePort) \
        "the refused SmtpProbePort left the stored value alone" "$PORT"
    expect_line <(ig_get_param "$d" "$RES" ExpectedDnsDomain) \
        "ExpectedDnsDomain persisted" 'contoso\.com'
}

scenario_two_resources() {
    local d out fix
    d=$(std_node n1 $SP2 contoso.com) || return 1
    ig_run "$d" imsctl.exe install 'C:\exchsrvr\connect\msexcimc\bin\msexcimc.exe' --name IMSTwo \
        --start manual --port $((PORT + 1)) >&2
    ig_add_resource "$d" "Second IMS" "IMS Guard" ServiceName sz IMSTwo SmtpProbePort dword $((PORT + 1)) \
        ExpectedDnsDomain sz fabrikam.com >&2
    fix=$(hex ExpectedDnsDomain=sz:contoso.com)
    out=$(mon "$d" run <<EOF
poll off
open "$RES"
open "Second IMS"
online "$RES"
online "Second IMS"
wait "$RES" Online 30000
isalive "$RES"
control "Second IMS" CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES $fix
online "Second IMS"
wait "Second IMS" Online 30000
isalive "Second IMS"
offline "$RES"
wait "$RES" Offline 30000
isalive "Second IMS"
quit
EOF
)
    expect_line "$out" "the first resource goes online" "^STATE .*res=\"$RES\" state=Online .*via=report"
    expect_line "$out" "the second is refused on its own property" \
        "^CALL .*res=\"Second IMS\" entry=Online .*status=$E_DNS_DOMAIN_MISMATCH"
    expect_line "$out" "after fixing its property the second goes online too" '^STATE .*res="Second IMS" state=Online .*via=report'
    expect_count "$out" "the second stays alive while the first goes offline" '^ALIVE .*res="Second IMS" entry=IsAlive result=1' 2
    expect_clean_monitor "$out"
}

scenario_wrong_type_refused() {
    local d out
    d=$(node n1) || return 1
    ig_register_type "$d" "Not IMS" imsguard.dll >&2
    ig_add_resource "$d" "Impostor" "Not IMS" >&2
    out=$(mon "$d" run <<EOF
open "Impostor"
quit
EOF
)
    expect_line "$out" "Startup refuses another type name (ERROR_CLUSTER_RESNAME_NOT_FOUND)" \
        '^CALL .*entry=Startup .*status=5080'
    expect_line "$out" "the monitor reports the failed open" '^FAIL open'
}

# imscheck: the administrators' preflight tool, on a good and a bad node.
scenario_imscheck_verdicts() {
    local d out rc
    d=$(std_node n1 $SP2 contoso.com) || return 1
    out=$IG_SCEN_DIR/good.txt
    ig_run "$d" imscheck.exe > "$out" 2>&1; rc=$?
    check "good node: exit status 0 (would go online)" test "$rc" -eq 0
    expect_line "$out" "good node: the verdict says so" '^verdict: OK - IMS Guard would bring the IMS online here'
    expect_line "$out" "good node: the build found is shown" 'IMS program: .*msexcimc\.exe, version 5\.5\.2448\.0'
    expect_line "$out" "good node: the domain found is shown" 'DNS domain: +contoso\.com'

    ig_swap_ims "$d" $SP1
    ig_domain "$d" clear
    out=$IG_SCEN_DIR/bad.txt
    ig_run "$d" imscheck.exe > "$out" 2>&1; rc=$?
    check "SP1 without a domain: exit status 1 (refused)" test "$rc" -eq 1
    expect_line "$out" "the verdict names the first code" '^verdict: REFUSED .*\(0x20490006\)'
    expect_line "$out" "every finding is printed: the build, with Q194128" 'REFUSED: .*version 5\.5\.2232\.0.*Q194128'
    expect_line "$out" "every finding is printed: the domain" 'REFUSED: .*DNS domain of this node is not set'

    ig_domain "$d" fabrikam.com
    ig_swap_ims "$d" $SP2
    ig_set_param "$d" "$RES" ExpectedDnsDomain sz contoso.com
    out=$IG_SCEN_DIR/resource.txt
    ig_run "$d" imscheck.exe --resource "$RES" > "$out" 2>&1; rc=$?
    check "--resource uses the resource's properties (ExpectedDnsDomain): exit 1" test "$rc" -eq 1
    expect_line "$out" "the mismatch is named" "REFUSED: .*is 'fabrikam\.com', but the resource's ExpectedDnsDomain is 'contoso\.com'"
    ig_run "$d" imscheck.exe --resource "$RES" --expected-domain fabrikam.com > "$out" 2>&1; rc=$?
    check "an option overrides the resource's property: exit 0" test "$rc" -eq 0

    out=$IG_SCEN_DIR/usage.txt
    ig_run "$d" imscheck.exe --frobnicate > "$out" 2>&1; rc=$?
    check "an unknown option: exit 2" test "$rc" -eq 2
    expect_line "$out" "...with a clear message and the usage" "unknown option or missing value: '--frobnicate'"
    ig_run "$d" imscheck.exe --resource "No Such Resource" > "$out" 2>&1; rc=$?
    check "an unknown resource: exit 2 (could not check)" test "$rc" -eq 2
    expect_line "$out" "...naming it" "no cluster resource named 'No Such Resource'"
    ig_run "$d" imscheck.exe --expected-domain "-bad-" > "$out" 2>&1; rc=$?
    check "an invalid option value: exit 2" test "$rc" -eq 2
    expect_line "$out" "...with the rule broken" "ExpectedDnsDomain '-bad-' is not valid: a label starts or ends with a hyphen"
}

# The service's configuration changes under a running resource.
scenario_service_changed_online() {
    local d out
    d=$(std_node n1 $SP2 contoso.com) || return 1
    out=$(mon_with "$d" disabled ig_run "$d" imsctl.exe install \
        'C:\exchsrvr\connect\msexcimc\bin\msexcimc.exe' --start disabled --port $PORT <<<"$FAULT_SCRIPT")
    expect_line "$out" "IsAlive passes before" '^ALIVE .*entry=IsAlive result=1'
    expect_line "$out" "IsAlive sees the service set to Disabled" '^ALIVE .*entry=IsAlive result=0'
    expect_line "$out" "...and says to set it to Manual" 'level=Error .*IsAlive: .*is disabled.*Manual'
    expect_clean_monitor "$out" "disabled run"

    ig_run "$d" imsctl.exe install 'C:\exchsrvr\connect\msexcimc\bin\msexcimc.exe' --start manual --port $PORT >&2
    mkdir -p "$d/prefix/drive_c/exchsp1"
    cp "$IG_ROOT/build/$IG_ARCH/ims/$SP1/msexcimc.exe" "$d/prefix/drive_c/exchsp1/msexcimc.exe"
    out=$(mon_with "$d" repointed ig_run "$d" imsctl.exe install 'C:\exchsp1\msexcimc.exe' \
        --start manual --port $PORT <<<"$FAULT_SCRIPT")
    expect_line "$out" "IsAlive sees the service pointed at an SP1 program" '^ALIVE .*entry=IsAlive result=0'
    expect_line "$out" "...and names it with Q194128" 'level=Error .*exchsp1.{1,2}msexcimc\.exe is version 5\.5\.2232\.0.*Q194128'
    expect_clean_monitor "$out" "repointed run"
}

# Every IMS build with and without a DNS domain: the whole life where it
# may run, the right refusal where it may not.
scenario_build_domain_matrix() {
    local d out v dom want
    d=$(std_node n1 $RTM contoso.com) || return 1
    for v in $RTM $SP1 $HOTFIX $SP2; do
        for dom in contoso.com clear; do
            ig_swap_ims "$d" "$v"
            ig_domain "$d" "$dom"
            out=$(mon "$d" "run-$v-$dom" <<EOF
poll off
open "$RES"
online "$RES"
wait "$RES" Online 20000
isalive "$RES"
offline "$RES"
wait "$RES" Offline 20000
quit
EOF
)
            if [ "$v" = $SP1 ]; then want=$E_AFFECTED_BUILD
            elif [ "$dom" = clear ]; then want=$E_NO_DNS_DOMAIN
            else want=ok; fi
            if [ "$want" = ok ]; then
                expect_line "$out" "$v, domain set: online, alive, offline" '^STATE .*state=Offline .*via=report'
                expect_line "$out" "$v, domain set: IsAlive TRUE" '^ALIVE .*entry=IsAlive result=1'
            else
                expect_line "$out" "$v, domain $dom: refused with $(printf 0x%08X "$want")" \
                    "^CALL .*entry=Online .*status=$want"
            fi
            expect_clean_monitor "$out" "$v, domain $dom"
        done
    done
}

scenario_offline_pending_checkpoints() {
    local d out
    d=$(std_node n1 $SP2 contoso.com) || return 1
    WINEPREFIX=$d/prefix wine reg add 'HKLM\SYSTEM\CurrentControlSet\Services\MSExchangeIMC\Parameters' \
        /v StopDelay /t REG_DWORD /d 1200 /f >/dev/null 2>&1
    out=$(mon "$d" run <<<"$ONLINE_OFFLINE_SCRIPT")
    expect_line "$out" "Offline pends while the IMS drains" "^CALL .*entry=Offline .*status=$ERROR_IO_PENDING"
    expect_line "$out" "OfflinePending reported as the service makes progress" '^STATE .*state=OfflinePending .*checkpoint=[1-9].*via=report'
    expect_checkpoints_rise "$out" "\"$RES\"" "checkpoints 1, 2, 3.. then Offline"
    expect_line "$out" "then Offline" '^STATE .*state=Offline .*via=report'
    expect_no_line "$out" "the drain is not cut short (no forced end)" 'level=Warning .*had not stopped'
    expect_clean_monitor "$out"
}

# The IMS service is deleted while the resource is online: the running IMS
# keeps serving (it is alive), and once it stops it cannot come back here.
scenario_service_deleted_online() {
    local d out
    d=$(std_node n1 $SP2 contoso.com) || return 1
    out=$(mon_with "$d" deleted ig_run "$d" imsctl.exe uninstall <<EOF
poll off
open "$RES"
online "$RES"
wait "$RES" Online 30000
echo inject
sleep 1000
isalive "$RES"
offline "$RES"
wait "$RES" Offline 30000
online "$RES"
quit
EOF
)
    expect_line "$out" "the running IMS still answers: IsAlive TRUE" '^ALIVE .*entry=IsAlive result=1'
    expect_line "$out" "Offline still stops it" '^STATE .*state=Offline .*via=report'
    expect_line "$out" "the next Online is refused: IMSGUARD_E_SERVICE_MISSING" "^CALL .*entry=Online .*status=$E_SERVICE_MISSING"
    expect_line "$out" "...saying it is not installed" "level=Error .*Online: .*'MSExchangeIMC' is not installed on this node"
    expect_clean_monitor "$out"
}

# The IMS crashes while it starts (Wine's service manager would keep saying
# START_PENDING; the process handle tells).
scenario_crash_while_starting() {
    local d out
    d=$(std_node n1 $SP2 contoso.com) || return 1
    # The crash must land while the IMS still starts, also when the fault's
    # own command takes seconds: a start far longer than that.
    ig_run "$d" imsctl.exe install 'C:\exchsrvr\connect\msexcimc\bin\msexcimc.exe' --start manual \
        --port $PORT --delay 20000 >&2
    out=$(mon_with "$d" run ig_run "$d" imsctl.exe fault crash <<EOF
poll off
open "$RES"
online "$RES"
sleep 400
echo inject
wait "$RES" Failed 30000
quit
EOF
)
    expect_line "$out" "Online pends while the IMS starts" "^CALL .*entry=Online .*status=$ERROR_IO_PENDING"
    expect_line "$out" "the crash during start fails the resource at once" '^STATE .*state=Failed .*via=report'
    expect_line "$out" "the log says the process ended while starting" \
        'level=Error .*process ID [0-9]+\) ended while the service was starting \(exit code 0xC0000005\)'
    expect_clean_monitor "$out"
}
