# scenarios-monitor.sh - what changes under an online resource and how the
# monitoring sees it: a crash, a hang, the domain removed, the binary
# swapped, the service changed or deleted, a crash while starting, and the
# monitor's own polls.
# Sourced by run.sh after scenarios.sh (RES, PORT, std_node, mon, ...).

scenario_crash_detected() {
    local d out
    d=$(std_node n1 $IMS_BUILD_SP2 contoso.com) || return 1
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
    d=$(std_node n1 $IMS_BUILD_SP2 contoso.com) || return 1
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
    d=$(std_node n1 $IMS_BUILD_SP2 contoso.com) || return 1
    out=$(mon_with "$d" domain ig_domain "$d" clear <<<"$FAULT_SCRIPT")
    expect_count "$out" "LooksAlive only asks the service: TRUE" '^ALIVE .*entry=LooksAlive result=1' 2
    expect_line "$out" "IsAlive sees the removed domain" '^ALIVE .*entry=IsAlive result=0'
    expect_line "$out" "the log says the domain is not set" 'level=Error .*DNS domain of this node is not set'
    expect_clean_monitor "$out"
}

scenario_binary_swapped_online() {
    local d out
    d=$(std_node n1 $IMS_BUILD_SP2 contoso.com) || return 1
    out=$(mon_with "$d" swap ig_swap_ims "$d" $IMS_BUILD_SP1 <<<"$FAULT_SCRIPT")
    expect_line "$out" "IsAlive passes before the swap" '^ALIVE .*entry=IsAlive result=1'
    expect_line "$out" "IsAlive sees the SP1 binary" '^ALIVE .*entry=IsAlive result=0'
    expect_line "$out" "the log names the new build and Q194128" 'level=Error .*version 5\.5\.2232\.0.*Q194128'
    expect_clean_monitor "$out"
}

scenario_monitor_polls_and_fails() {
    local d out
    d=$(std_node n1 $IMS_BUILD_SP2 contoso.com) || return 1
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

# The service's configuration changes under a running resource.
scenario_service_changed_online() {
    local d out
    d=$(std_node n1 $IMS_BUILD_SP2 contoso.com) || return 1
    out=$(mon_with "$d" disabled ig_run "$d" imsctl.exe install \
        'C:\exchsrvr\connect\msexcimc\bin\msexcimc.exe' --start disabled --port $PORT <<<"$FAULT_SCRIPT")
    expect_line "$out" "IsAlive passes before" '^ALIVE .*entry=IsAlive result=1'
    expect_line "$out" "IsAlive sees the service set to Disabled" '^ALIVE .*entry=IsAlive result=0'
    expect_line "$out" "...and says to set it to Manual" 'level=Error .*IsAlive: .*is disabled.*Manual'
    expect_clean_monitor "$out" "disabled run"

    setup_step "set-up: imsctl install --start manual (the service enabled again for the repointed run)" ig_run "$d" imsctl.exe install 'C:\exchsrvr\connect\msexcimc\bin\msexcimc.exe' --start manual --port $PORT || return 1
    mkdir -p "$d/prefix/drive_c/exchsp1"
    cp "$IG_ROOT/build/$IG_ARCH/ims/$IMS_BUILD_SP1/msexcimc.exe" "$d/prefix/drive_c/exchsp1/msexcimc.exe"
    out=$(mon_with "$d" repointed ig_run "$d" imsctl.exe install 'C:\exchsp1\msexcimc.exe' \
        --start manual --port $PORT <<<"$FAULT_SCRIPT")
    expect_line "$out" "IsAlive sees the service pointed at an SP1 program" '^ALIVE .*entry=IsAlive result=0'
    expect_line "$out" "...and names it with Q194128" 'level=Error .*exchsp1.{1,2}msexcimc\.exe is version 5\.5\.2232\.0.*Q194128'
    expect_clean_monitor "$out" "repointed run"
}

# The IMS service is deleted while the resource is online: the running IMS
# keeps serving (it is alive), and once it stops it cannot come back here.
scenario_service_deleted_online() {
    local d out
    d=$(std_node n1 $IMS_BUILD_SP2 contoso.com) || return 1
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
    expect_line "$out" "the next Online is refused: IMSGUARD_E_SERVICE_MISSING" "^CALL .*entry=Online .*status=$IMSGUARD_E_SERVICE_MISSING"
    expect_line "$out" "...saying it is not installed" "level=Error .*Online: .*'MSExchangeIMC' is not installed on this node"
    expect_clean_monitor "$out"
}

# The IMS is uninstalled while another program has it open (the Services
# console, on a real node): the service manager keeps it, marked for
# deletion, until that program lets go. It is as good as gone: StartService
# fails on Windows (Wine's would even start it), so Online refuses it as not
# installed, before it starts anything. This is also the window that
# service_deleted_online's last Online can land in.
scenario_service_marked_for_deletion() {
    local d out i w pid fifo=$IG_SCEN_DIR/hold.in log=$IG_SCEN_DIR/hold.out
    d=$(std_node n1 $IMS_BUILD_SP2 contoso.com) || return 1
    rm -f "$fifo"
    mkfifo "$fifo" || { ig_fail "mkfifo $fifo"; return 1; }
    ig_run "$d" imsctl.exe hold <"$fifo" >"$log" 2>&1 &
    pid=$!
    exec {w}>"$fifo"
    for i in $(seq 1 300); do
        grep -q '^holding' "$log" 2>/dev/null && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    # Every command below runs without the FIFO's writing end: "hold" ends
    # when this function closes it, not when the last child does.
    expect_line "$log" "set-up: another program has the service open" '^holding' {w}>&-
    if ! grep -q '^holding' "$log"; then
        exec {w}>&-
        kill "$pid" 2>/dev/null
        return 1
    fi
    check "set-up: the IMS is uninstalled (marked for deletion)" ig_run "$d" imsctl.exe uninstall {w}>&-
    expect_line <(ims_state "$d" {w}>&-) "...and the service manager still has it" 'state=STOPPED'
    out=$(mon "$d" marked <<<"$ONLINE_ONCE_SCRIPT" {w}>&-)
    exec {w}>&-
    for i in $(seq 1 300); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        ig_fail "imsctl hold ended within 30 s of its input's end"
        kill "$pid" 2>/dev/null
    fi
    wait "$pid"
    expect_line "$out" "Online is refused: IMSGUARD_E_SERVICE_MISSING" "^CALL .*entry=Online .*status=$IMSGUARD_E_SERVICE_MISSING"
    expect_line "$out" "...saying it is not installed" "level=Error .*Online: .*'MSExchangeIMC' is not installed on this node"
    expect_clean_monitor "$out"
    # The service manager lets go of a closed handle on its own time.
    for i in $(seq 1 100); do
        ims_state "$d" | grep -q 'state=' || break
        sleep 0.1
    done
    expect_no_line <(ims_state "$d") "once the other program lets go, the service is gone" 'state='
}

# The harness itself: Wine fails to start the monitor of a mon_with run
# (start.exe's two lines, status 1: tests/lib/launch.sh) before the fault
# went in. mon_with runs the script's first part again in a new monitor,
# once, counted; the run then goes on as if nothing happened. A "wine"
# first on PATH fails the first resmon.exe only; the retry is counted in a
# file of the scenario's own, not in make check's count of real ones.
scenario_monitor_launch_retried() {
    local d out fake=$IG_SCEN_DIR/fakewine retries=$IG_SCEN_DIR/retries.log
    d=$(std_node n1 $IMS_BUILD_SP2 contoso.com) || return 1
    rm -f "$retries"
    setup_step "set-up: a stand-in wine that fails the first resmon.exe" ig_fake_wine "$fake" '*resmon.exe*' || return 1
    out=$(PATH="$fake:$PATH" IG_LAUNCH_RETRIES=$retries mon_with "$d" relaunched true <<EOF
poll off
open "$RES"
online "$RES"
wait "$RES" Online 30000
echo inject
offline "$RES"
wait "$RES" Offline 30000
quit
EOF
)
    check "set-up: the first monitor was not started (the stand-in wine failed it)" test -e "$fake/failed-once"
    expect_count "$retries" "the launch failure was retried once, and counted" 'resmon.exe \(the script relaunched\)' 1
    expect_line "$out" "the script ran whole in the second monitor: Online" '^STATE .*state=Online .*via=report'
    expect_line "$out" "...and the Offline sent after the injection" '^STATE .*state=Offline .*via=report'
    expect_clean_monitor "$out"
}

# reinstall_marked <node dir> <done file>: uninstalls the IMS, waits until
# the service manager has dropped it, installs it again, and writes the
# mark of deletion into the new service's key as NT's service manager
# records one (imsctl uninstall's way: Wine keeps it in memory only);
# touches <done file> when every step worked.
reinstall_marked() {
    local d=$1 i
    ig_step "uninstall the IMS" ig_run "$d" imsctl.exe uninstall </dev/null || return 1
    for i in $(seq 1 100); do
        ims_state "$d" | grep -q 'state=' || break
        sleep 0.1
    done
    ig_step "install the IMS again" ig_install_ims "$d" $IMS_BUILD_SP2 "$PORT" || return 1
    ig_step "mark the new service for deletion (DeleteFlag)" \
        env WINEPREFIX="$d/prefix" "$(ig_wine)" reg add 'HKLM\SYSTEM\CurrentControlSet\Services\MSExchangeIMC' \
        /v DeleteFlag /t REG_DWORD /d 1 /f </dev/null || return 1
    touch "$2"
}

# The IMS is uninstalled and installed again while the resource stays open
# in the monitor (as a repair by Exchange setup does), and the new service
# is then deleted while held open. The DLL keeps the service's key open
# between Onlines for the mark of deletion; the key it read at the first
# Online went with the old service, and a stale handle would never show
# the new one's mark: Online must refuse the new service as not installed.
scenario_service_installed_again() {
    local d out done=$IG_SCEN_DIR/reinstalled.done
    d=$(std_node n1 $IMS_BUILD_SP2 contoso.com) || return 1
    rm -f "$done"
    out=$(mon_with "$d" reinstalled reinstall_marked "$d" "$done" <<EOF
poll off
open "$RES"
online "$RES"
wait "$RES" Online 30000
offline "$RES"
wait "$RES" Offline 30000
echo inject
online "$RES"
quit
EOF
)
    check "set-up: the IMS uninstalled, installed again, and marked for deletion" test -f "$done"
    expect_line "$out" "the first Online goes online" '^STATE .*state=Online .*via=report'
    expect_line "$out" "the Online after the reinstall is refused: IMSGUARD_E_SERVICE_MISSING" \
        "^CALL .*entry=Online .*status=$IMSGUARD_E_SERVICE_MISSING"
    expect_line "$out" "...saying it is not installed" "level=Error .*Online: .*'MSExchangeIMC' is not installed on this node"
    expect_clean_monitor "$out"
}

# The IMS crashes while it starts (Wine's service manager would keep saying
# START_PENDING; the process handle tells).
scenario_crash_while_starting() {
    local d out
    d=$(std_node n1 $IMS_BUILD_SP2 contoso.com) || return 1
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
