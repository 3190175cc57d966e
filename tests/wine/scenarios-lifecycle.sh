# scenarios-lifecycle.sh - Terminate is authoritative (issue 9): the
# Resource Monitor terminates from another thread at any moment, and when
# Terminate returns the IMS is stopped or its process gone, and nothing of
# the operation it ended reports again. resmon checks both by itself
# ("watch ... service": a VIOLATION line names what still runs), and the
# scenarios check the node once more after the monitor has exited.
#
# Sourced by run.sh after scenarios.sh (RES, PORT, std_node, mon, ...).

IMS_PARAMETERS='HKLM\SYSTEM\CurrentControlSet\Services\MSExchangeIMC\Parameters'

# terminate_offline <what the IMS does> [regset line]: Online, Offline, and
# Terminate 1.5 s later, while the Offline still waits for the IMS to stop.
terminate_offline() {
    local what=$1 inject=${2:-} d=$3 out
    out=$(mon "$d" run <<EOF
poll off
open "$RES"
watch "$RES" service MSExchangeIMC
online "$RES"
wait "$RES" Online 30000
$inject
offline "$RES"
sleep 1500
state "$RES"
terminate "$RES"
state "$RES"
quit
EOF
)
    expect_line "$out" "Offline pends while the IMS $what" "^CALL .*entry=Offline .*status=$ERROR_IO_PENDING"
    expect_line "$out" "Terminate comes while the Offline is still pending" '^STATE .*state=OfflinePending( checkpoint=[0-9]+)?$'
    expect_line "$out" "Terminate returns" '^CALL .*entry=Terminate '
    expect_no_line "$out" "when Terminate returns the IMS is stopped or its process gone" '^VIOLATION .*Terminate returned while'
    expect_no_line "$out" "no status report after Terminate" '^VIOLATION .*SetResourceStatus'
    expect_clean_monitor "$out"
    check "the IMS process is gone after the monitor exits" ig_ims_gone "$d"
}

# The IMS ignores STOP (refuse-stop) and StopTimeout is long: only
# Terminate can end it.
scenario_terminate_offline_refuse_stop() {
    local d
    d=$(std_node n1 $IMS_BUILD_SP2 contoso.com StopTimeout dword 20000) || return 1
    terminate_offline "refuses to stop" "regset $IMS_PARAMETERS Fault sz refuse-stop" "$d"
}

# The IMS drains slowly (StopDelay 15 s: STOP_PENDING all the while).
scenario_terminate_offline_stop_delay() {
    local d
    d=$(std_node n1 $IMS_BUILD_SP2 contoso.com StopTimeout dword 20000) || return 1
    WINEPREFIX=$d/prefix wine reg add "$IMS_PARAMETERS" /v StopDelay /t REG_DWORD /d 15000 /f \
        </dev/null >/dev/null 2>&1
    terminate_offline "drains (StopDelay)" "" "$d"
}

# Terminate on another thread 1-34 ms after Online starts, round after
# round: it may land inside the Online entry point, while the worker
# starts the service, or after.
LIFECYCLE_RACE_DELAYS="1 3 5 7 9 11 13 15 17 19 21 23 25 27 29 31 33 34"

scenario_terminate_races_online() {
    local d out ms script rounds=0
    d=$(std_node n1 $IMS_BUILD_SP2 contoso.com) || return 1
    script="poll off
open \"$RES\"
watch \"$RES\" service MSExchangeIMC"
    for ms in $LIFECYCLE_RACE_DELAYS; do
        rounds=$((rounds + 1))
        script="$script
echo round $rounds: Terminate $ms ms after Online starts
terminate-after \"$RES\" $ms
online \"$RES\"
wait-terminated \"$RES\" 60000
sleep 300
state \"$RES\""
    done
    out=$(mon "$d" run <<<"$script
quit")
    expect_count "$out" "every round's Terminate ran on its own thread" '^TERMINATOR .*trigger=after:' "$rounds"
    expect_count "$out" "every round's Terminate returned" '^OK wait-terminated ' "$rounds"
    expect_no_line "$out" "when each Terminate returned the IMS was stopped or its process gone" '^VIOLATION .*Terminate returned while'
    expect_no_line "$out" "no status report after Terminate returned" '^VIOLATION .*SetResourceStatus'
    expect_no_line "$out" "no worker used a handle Terminate had closed" 'could not be read \(error 6\)'
    expect_count "$out" "each round ends Offline" '^STATE t=[0-9]+ res="[^"]*" state=Offline$' "$rounds"
    expect_clean_monitor "$out"
    check "the IMS process is gone after the monitor exits" ig_ims_gone "$d"
    ig_note "terminate_races_online: Terminate found Online inside the DLL in" \
        "$(grep -c '^TERMINATOR .*inside=Online' "$out") of $rounds rounds"
}
