# scenarios-pending.sh - the pending operations: Terminate while Online
# pends, the pending timeout, an Offline the IMS refuses, the
# checkpoints of a slow Offline; a STOP whose answer Wine loses.
# Sourced by run.sh after scenarios.sh (RES, PORT, std_node, mon, ...).

scenario_terminate_while_pending() {
    local d out
    d=$(std_node n1 $IMS_BUILD_SP2 contoso.com) || return 1
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
    check "the half-started service's process is gone" ig_ims_gone "$d"
}

scenario_pending_timeout() {
    local d out
    d=$(std_node n1 $IMS_BUILD_SP2 contoso.com) || return 1
    setup_step "set-up: imsctl fault hang-start" ig_run "$d" imsctl.exe fault hang-start || return 1
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
    d=$(std_node n1 $IMS_BUILD_SP2 contoso.com StopTimeout dword 1500) || return 1
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
    check "the IMS process is gone" ig_ims_gone "$d"
}

scenario_offline_pending_checkpoints() {
    local d out
    d=$(std_node n1 $IMS_BUILD_SP2 contoso.com) || return 1
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

# The IMS stops at once and its process ends before Wine's dispatcher sends
# STOP's answer (the stand-in's exit-on-stop fault): ControlService fails
# with 109 (tests/bed/common/bedsvc.h), every time. Offline and Terminate
# must go by the service's state, not by that answer.
scenario_offline_stop_answer_lost() {
    local d out
    d=$(std_node n1 $IMS_BUILD_SP2 contoso.com) || return 1
    setup_step "set-up: imsctl fault exit-on-stop" ig_run "$d" imsctl.exe fault exit-on-stop || return 1
    out=$(mon "$d" run <<EOF
poll off
open "$RES"
online "$RES"
wait "$RES" Online 30000
offline "$RES"
wait "$RES" Offline 15000
online "$RES"
wait "$RES" Online 30000
terminate "$RES"
state "$RES"
close "$RES"
quit
EOF
)
    expect_line "$out" "Offline reports Offline although STOP's answer was lost" '^STATE .*state=Offline .*via=report'
    expect_no_line "$out" "... not Failed" '^STATE .*state=Failed'
    expect_no_line "$out" "... and no process was ended by force" 'level=Warning .*had not stopped'
    expect_line "$out" "online again, then Terminate leaves it Offline" '^STATE .*state=Offline .*via=terminate'
    expect_clean_monitor "$out"
    check "the IMS process is gone" ig_ims_gone "$d"
}
