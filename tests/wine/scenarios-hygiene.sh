# scenarios-hygiene.sh - Online's service hygiene (as Generic Service
# resources have it) and the Generic Service parity properties
# (StartupParameters, UseNetworkName). Sourced by run.sh after scenarios.sh,
# whose helpers (std_node, mon, ...) these use.

SVC_KEY='HKLM\SYSTEM\CurrentControlSet\Services\MSExchangeIMC'

# A loopback port free now, for the stand-in's SMTP: other suites may hold
# scenarios.sh's fixed one while these run. Each scenario sets PORT from it
# (std_node and the scripts read PORT).
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The service's start type as the registry holds it (0x2 Automatic, 0x3 Manual).
start_value() {
    WINEPREFIX=$1/prefix wine reg query "$SVC_KEY" /v Start </dev/null 2>/dev/null | tr -d '\r' |
        awk '$1 == "Start" { print $3 }'
}

ims_auto_start() {   # the stand-in, set to Automatic start
    ig_run "$1" imsctl.exe install 'C:\exchsrvr\connect\msexcimc\bin\msexcimc.exe' --start auto \
        --port "$PORT" >/dev/null
}

scenario_hygiene_automatic_to_manual() {
    local d out out2 chk PORT
    PORT=$(free_port)
    d=$(std_node n1 $IMS_BUILD_SP2 contoso.com) || return 1
    ims_auto_start "$d"
    expect_line <(start_value "$d") "the service starts Automatic before" '^0x2$'
    chk=$IG_SCEN_DIR/imscheck.out
    ig_run "$d" imscheck.exe --resource "$RES" >"$chk" 2>&1
    expect_line "$chk" "imscheck says Online will set Automatic to Manual" \
        'start type: +Automatic - Online will set it to Manual'
    expect_line "$chk" "imscheck says Wine's service manager reports no recovery actions" \
        'recovery: +\(this service manager does not report recovery actions\)'
    expect_line <(start_value "$d") "imscheck changed nothing" '^0x2$'

    out=$(mon "$d" run <<<"$ONLINE_OFFLINE_SCRIPT")
    expect_line "$out" "the resource went online" '^STATE .*state=Online .*via=report'
    expect_count "$out" "one line says what was changed, and what it was" \
        "level=Warning .*the service 'MSExchangeIMC' was set to start Automatic.*set to Manual.*ManageServiceConfig" 1
    expect_line <(start_value "$d") "the service starts Manual now" '^0x3$'
    expect_no_line "$out" "no recovery-actions line (Wine reports none)" 'recovery actions in the service manager'
    expect_clean_monitor "$out"

    out2=$(mon "$d" run2 <<<"$ONLINE_OFFLINE_SCRIPT")
    expect_line "$out2" "the next Online goes online too" '^STATE .*state=Online .*via=report'
    expect_no_line "$out2" "... and logs nothing more (each change once)" 'was set to start'
    ig_run "$d" imscheck.exe --resource "$RES" >"$chk.2" 2>&1
    expect_line "$chk.2" "imscheck: Manual, nothing to change" 'start type: +Manual[[:space:]]*$'
}

scenario_hygiene_left_alone() {
    local d out chk PORT
    PORT=$(free_port)
    d=$(std_node n1 $IMS_BUILD_SP2 contoso.com ManageServiceConfig dword 0) || return 1
    ims_auto_start "$d"
    chk=$IG_SCEN_DIR/imscheck.out
    ig_run "$d" imscheck.exe --resource "$RES" >"$chk" 2>&1
    expect_line "$chk" "imscheck says the start type is left (ManageServiceConfig 0)" \
        'start type: +Automatic - left so \(ManageServiceConfig is 0\)'
    out=$(mon "$d" run <<<"$ONLINE_OFFLINE_SCRIPT")
    expect_line "$out" "the resource went online" '^STATE .*state=Online .*via=report'
    expect_no_line "$out" "nothing about the start type is logged" 'was set to start'
    expect_line <(start_value "$d") "the service still starts Automatic" '^0x2$'
    expect_clean_monitor "$out"
}

scenario_hygiene_bad_property() {
    local d out PORT
    PORT=$(free_port)
    d=$(std_node n1 $IMS_BUILD_SP2 contoso.com ManageServiceConfig dword 2) || return 1
    out=$(mon "$d" run <<<"$ONLINE_ONCE_SCRIPT")
    expect_line "$out" "ManageServiceConfig=2 is refused at Online (87)" '^CALL .*entry=Online .*status=87'
    expect_line "$out" "... with a line naming the property and its range" \
        'level=Error .*ManageServiceConfig.*outside the allowed range 0 to 1'
    expect_line <(ims_state "$d") "the IMS was not started" 'state=STOPPED'
}

# ---------------------------------------------------------------- Generic Service parity

environment_value() {
    WINEPREFIX=$1/prefix wine reg query "$SVC_KEY" /v Environment </dev/null 2>/dev/null | tr -d '\r' |
        grep -E '^[[:space:]]+Environment[[:space:]]'
}

scenario_startup_parameters() {
    local d out PORT
    PORT=$(free_port)
    d=$(std_node n1 $IMS_BUILD_SP2 contoso.com) || return 1
    # reg.exe, not lib.sh's .reg file: the value has quotes.
    ig_set_param "$d" "$RES" StartupParameters sz '-trace "two words" x'
    out=$(mon "$d" run <<<"$ONLINE_OFFLINE_SCRIPT")
    expect_line "$out" "the resource went online" '^STATE .*state=Online .*via=report'
    expect_line <(ig_run "$d" imsctl.exe started | tr -d '\r') \
        "the stand-in got StartupParameters as its arguments, quotes grouping words" \
        '^arguments: 3: -trace \| two words \| x$'
    expect_clean_monitor "$out"

    ig_set_param "$d" "$RES" StartupParameters sz ''
    out=$(mon "$d" run2 <<<"$ONLINE_OFFLINE_SCRIPT")
    expect_line <(ig_run "$d" imsctl.exe started | tr -d '\r') "empty StartupParameters: no arguments" '^arguments: 0$'

    ig_set_param "$d" "$RES" StartupParameters sz '-trace "open'
    out=$(mon "$d" run3 <<<"$ONLINE_ONCE_SCRIPT")
    expect_line "$out" "an unclosed quote is refused at Online (87)" '^CALL .*entry=Online .*status=87'
    expect_line "$out" "... with a line naming the property" 'level=Error .*StartupParameters.*double quote is not closed'
}

# The group's Network Name resource, and the IMS Guard resource depending on it.
network_name_dependency() {
    local d=$1
    ig_add_resource "$d" "Exchange Network Name" "Network Name" Name sz EXCHVS1
    WINEPREFIX=$d/prefix wine reg add "$(ig_res_key "$RES")" /v DependsOn /t REG_MULTI_SZ \
        /d "$(ig_guid "Exchange Network Name")" /f </dev/null >/dev/null 2>&1
}

scenario_use_network_name() {
    local d out started PORT
    PORT=$(free_port)
    d=$(std_node n1 $IMS_BUILD_SP2 contoso.com UseNetworkName dword 1) || return 1
    WINEPREFIX=$d/prefix wine reg add "$SVC_KEY" /v Environment /t REG_MULTI_SZ /d 'KEEP=1' /f \
        </dev/null >/dev/null 2>&1

    out=$(mon "$d" nodep <<SCRIPT
poll off
open "$RES"
online "$RES"
wait "$RES" Failed 30000
quit
SCRIPT
)
    # Finding the dependency reads the cluster database: the Online worker's
    # step before StartService, so the resource fails, reported.
    expect_line "$out" "no Network Name dependency: the Online worker fails the resource" \
        '^STATE .*state=Failed .*via=report'
    expect_line "$out" "... saying what is missing and what to do" \
        "level=Error .*UseNetworkName is 1.*it depends on no resource.*depend on the virtual server's Network Name"
    expect_line <(ims_state "$d") "... and the IMS was not started" 'state=STOPPED'

    network_name_dependency "$d"
    out=$(mon "$d" run <<<"$ONLINE_OFFLINE_SCRIPT")
    expect_line "$out" "with the dependency the resource goes online" '^STATE .*state=Online .*via=report'
    expect_line <(environment_value "$d") "the service's Environment has _CLUSTER_NETWORK_NAME_=EXCHVS1" \
        '_CLUSTER_NETWORK_NAME_=EXCHVS1'
    expect_line <(environment_value "$d") "... and keeps what was there" 'KEEP=1'
    started=$IG_SCEN_DIR/started.out
    ig_run "$d" imsctl.exe started 2>&1 | tr -d '\r' >"$started"
    if grep -q '^network name: EXCHVS1$' "$started"; then
        ig_ok "the stand-in saw _CLUSTER_NETWORK_NAME_=EXCHVS1"
    else
        # Wine 8's services.exe starts every service with its own
        # environment and never reads a service's Environment value.
        echo "todo_wine the stand-in sees _CLUSTER_NETWORK_NAME_ (it reports: $(grep '^network name' "$started"))"
    fi
    expect_clean_monitor "$out"

    ig_set_param "$d" "$RES" UseNetworkName dword 0
    out=$(mon "$d" run2 <<<"$ONLINE_OFFLINE_SCRIPT")
    expect_line "$out" "UseNetworkName 0: online" '^STATE .*state=Online .*via=report'
    expect_no_line <(environment_value "$d") "... and the entry is taken out again" '_CLUSTER_NETWORK_NAME_'
    expect_line <(environment_value "$d") "... the rest kept" 'KEEP=1'
}
