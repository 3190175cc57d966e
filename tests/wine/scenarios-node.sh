# scenarios-node.sh - a real node's view of IMS Guard (issue 13): the event
# source as Event Viewer uses it, messages that arrive whole whatever their
# length, the node's own DNS domain from each of its sources, and an SMTP
# probe that tells a slow IMS from a hung one. Sourced by run.sh after
# scenarios.sh (its helpers: std_node, mon, mon_with, ...).

EVENTLOG_KEY='HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application'
DNS_POLICY_KEY='HKLM\SOFTWARE\Policies\Microsoft\System\DNSClient'
EVENT_SOURCE=$(sed -n 's/^#define IMSGUARD_EVENT_SOURCE *"\(.*\)"$/\1/p' "$IG_ROOT/include/imsguard.h")
MSG_MC=$IG_ROOT/resdll/imsguard_msg.mc

# node_reg <node dir> <reg.exe arguments...>
node_reg() {
    local d=$1
    shift
    WINEPREFIX=$d/prefix $(ig_wine) reg "$@" </dev/null 2>/dev/null | tr -d '\r'
}

# node_tool <node dir> <tool>: copies a test-bed tool into C:\cluster.
node_tool() { cp "$IG_ROOT/build/$IG_ARCH/$2" "$1/prefix/drive_c/cluster/"; }

# The event source as node set-up registers it. Until the node set-up does
# (issue 13, items 5-6, branch nodeadmin), it is written here the way
# register.cmd writes it on a real node; once it exists it is only read.
node_event_source() {
    local d=$1 key="$EVENTLOG_KEY\\$EVENT_SOURCE"
    node_reg "$d" query "$key" /v EventMessageFile | grep -q EventMessageFile && return 0
    node_reg "$d" add "$key" /v EventMessageFile /t REG_EXPAND_SZ /d '%SystemDrive%\cluster\imsguard.dll' /f >/dev/null
    node_reg "$d" add "$key" /v TypesSupported /t REG_DWORD /d 7 /f >/dev/null
}

# node_policy_suffix <node dir> <suffix>|clear: the Group Policy primary DNS suffix.
node_policy_suffix() {
    if [ "$2" = clear ]; then
        node_reg "$1" delete "$DNS_POLICY_KEY" /v PrimaryDnsSuffix /f >/dev/null
    else
        node_reg "$1" add "$DNS_POLICY_KEY" /v PrimaryDnsSuffix /t REG_SZ /d "$2" /f >/dev/null
    fi
}

# node_ims_param <node dir> <value> <dword>: a setting of the IMS stand-in.
node_ims_param() {
    node_reg "$1" add 'HKLM\SYSTEM\CurrentControlSet\Services\MSExchangeIMC\Parameters' \
        /v "$2" /t REG_DWORD /d "$3" /f >/dev/null
}

# The cluster log's lines of one message, put back together: "<caller>: "
# and "<caller> (continued): " heads removed, the pieces joined.
joined_message() {   # joined_message <cluster.log> <caller> <regex of the first line>
    awk -v caller="$2" -v first="$3" '
        index($0, "] ") && index($0, caller ": ") && $0 ~ first {
            s = $0; sub(".*" caller ": ", "", s); sub(/\r$/, "", s); text = s; on = 1; next }
        on && index($0, caller " (continued): ") {
            s = $0; sub(".*" caller " \\(continued\\): ", "", s); sub(/\r$/, "", s); text = text " " s; next }
        on { on = 0 }
        END { print text }' "$1"
}

# --------------------------------------------------------------- event source

scenario_event_source_registered() {
    local d out=$IG_SCEN_DIR/events.out specs
    d=$(std_node n1 $IMS_BUILD_SP2 contoso.com) || return 1
    node_tool "$d" nodeprobe.exe
    node_event_source "$d"
    expect_line <(node_reg "$d" query "$EVENTLOG_KEY\\$EVENT_SOURCE" /v TypesSupported) \
        "TypesSupported is errors, warnings and information (7)" 'TypesSupported +REG_DWORD +0x7$'
    # One name: the DLL and its tools open the event source only by the constant.
    check "every RegisterEventSource of the product names IMSGUARD_EVENT_SOURCE" \
        bash -c "! grep -rn 'RegisterEventSource' --include='*.c' '$IG_ROOT/resdll' '$IG_ROOT/admin' '$IG_ROOT/tools' |
                 grep -v 'IMSGUARD_EVENT_SOURCE'"
    specs=$(python3 "$IG_ROOT/tests/wine/msgtable.py" specs "$MSG_MC")
    # shellcheck disable=SC2086
    ig_run "$d" nodeprobe.exe events "$EVENT_SOURCE" $specs > "$out" 2>&1
    expect_line "$out" "EventMessageFile names the DLL on this node" \
        '^REG file=C:\\cluster\\imsguard\.dll types=7'
    python3 "$IG_ROOT/tests/wine/msgtable.py" check "$MSG_MC" "$out"
    # Information events go to the event log too: the Online event (1015)
    # is the record of which build went online on which node.
    out=$(WINEDEBUG=trace+eventlog,warn+eventlog,err+eventlog mon "$d" online <<<"$ONLINE_OFFLINE_SCRIPT")
    expect_line "$out.stderr" "the Online event (1015, information) reaches ReportEvent" \
        'ReportEventW.*0x0004,0x0000,0x400003f7'
    expect_clean_monitor "$out"
}

# ---------------------------------------------------- messages that arrive whole

# long_path <length>: a Windows path of exactly that many characters
# (components of at most 200), ending in msexcimc.exe, that does not exist.
long_path() {
    python3 - "$1" <<'PY'
import sys
n = int(sys.argv[1]); head, tail = "C:\\exchsrvr\\", "\\msexcimc.exe"
middle = n - len(head) - len(tail)
parts, i = [], 0
while middle > 0:
    k = min(200, middle)
    parts.append(("abcdefghij" * 20)[:k] if not parts or k > 1 else "x")
    middle -= k + 1
p = head + "\\".join(parts)
p = (p + "y" * (n - len(p) - len(tail)))[: n - len(tail)] + tail
assert len(p) == n, len(p)
print(p)
PY
}

scenario_long_image_path_whole() {
    local d out path joined
    path=$(long_path 1023)
    d=$(std_node n1 $IMS_BUILD_SP2 contoso.com ImagePath sz "$path") || return 1
    node_tool "$d" nodeprobe.exe
    node_event_source "$d"
    check "the test path has 1023 characters, the longest ImagePath allowed" test "${#path}" -eq 1023
    out=$(mon "$d" online <<<"$ONLINE_ONCE_SCRIPT")
    expect_line "$out" "Online refuses: the program cannot be read" "^CALL .*entry=Online .*status=$IMSGUARD_E_IMAGE_UNREADABLE"
    expect_no_line "$d/cluster.log" "no 'could not be formatted' in the cluster log" 'could not be formatted'
    joined=$(joined_message "$d/cluster.log" Online 'Internet Mail Service program')
    if [[ "${joined// /}" == *"${path// /}"* ]] && [[ "$joined" == *"or correct the resource's ImagePath property." ]]; then
        ig_ok "the refusal reaches the cluster log whole, path and advice (${#joined} characters in continued lines)"
    else
        ig_fail "the refusal reaches the cluster log whole"
        echo "     got: ${joined:0:300}..."
    fi
    expect_no_line "$out" "every line the DLL logs stays within 500 characters" '^LOG .* text=".{501,}'
    ig_run "$d" nodeprobe.exe format "$EVENT_SOURCE" 0xC00003EB "$RES" "$path" "error 3" > "$IG_SCEN_DIR/event.out" 2>&1
    expect_line "$IG_SCEN_DIR/event.out" "Event Viewer shows the event with the whole path" \
        "^EVENT 0xC00003EB .*program ${path//\\/\\\\} could not be read \(error 3\)"
    expect_clean_monitor "$out"
}

# Every other text property at its longest, each in a refusal that quotes it.
scenario_long_properties_whole() {
    local d out svc dom joined
    svc=$(printf 'S%.0s' $(seq 1 256))
    dom=$(printf 'a%.0s' $(seq 1 63)).$(printf 'b%.0s' $(seq 1 63)).$(printf 'c%.0s' $(seq 1 63)).$(printf 'd%.0s' $(seq 1 61))
    d=$(std_node n1 $IMS_BUILD_SP2 contoso.com ServiceName sz "$svc") || return 1
    check "the service name has 256 characters, the longest allowed" test "${#svc}" -eq 256
    out=$(mon "$d" svc <<<"$ONLINE_ONCE_SCRIPT")
    expect_line "$out" "Online refuses: no such service" "^CALL .*entry=Online .*status=$IMSGUARD_E_SERVICE_MISSING"
    joined=$(joined_message "$d/cluster.log" Online 'is not installed')
    check "the refusal names the whole 256-character service name" grep -q "'$svc' is not installed" <<<"${joined}"
    ig_set_param "$d" "$RES" ServiceName sz MSExchangeIMC
    ig_set_param "$d" "$RES" ExpectedDnsDomain sz "$dom"
    check "the expected domain has 253 characters, the longest DNS name" test "${#dom}" -eq 253
    out=$(mon "$d" domain <<<"$ONLINE_ONCE_SCRIPT")
    expect_line "$out" "Online refuses: another domain" "^CALL .*entry=Online .*status=$IMSGUARD_E_DNS_DOMAIN_MISMATCH"
    joined=$(joined_message "$d/cluster.log" Online 'ExpectedDnsDomain')
    check "the refusal names the whole 255-character domain, twice" \
        test "$(grep -o "$dom" <<<"${joined// /}" | wc -l)" -eq 2
    expect_no_line "$d/cluster.log" "no 'could not be formatted' in the cluster log" 'could not be formatted'
    expect_clean_monitor "$out"
}

# ------------------------------------------------------------ DNS domain sources

# dns_case <policy|clear> <tab|clear> <want|none>: the DLL's verdict and the
# stand-in's own lookup (its SMTP greeting) on the same node.
dns_case() {
    local policy=$1 tab=$2 want=$3 d out greet=$IG_SCEN_DIR/greeting.txt
    d=$(std_node n1 $IMS_BUILD_SP2 "$tab") || return 1
    node_tool "$d" nodeprobe.exe
    [ "$policy" = clear ] || node_policy_suffix "$d" "$policy"
    if [ "$want" = none ]; then
        out=$(mon "$d" online <<<"$ONLINE_ONCE_SCRIPT")
        expect_line "$out" "IMS Guard: no domain, Online refused" "^CALL .*entry=Online .*status=$IMSGUARD_E_NO_DNS_DOMAIN"
        ig_run "$d" imsctl.exe start > "$IG_SCEN_DIR/start.txt" 2>&1
        expect_line "$IG_SCEN_DIR/start.txt" "the IMS stand-in, by its own lookup, stops with $IMS_EXIT_NO_DOMAIN too" \
            "specific=$IMS_EXIT_NO_DOMAIN"
        return
    fi
    out=$(mon_with "$d" online greet_into "$d" "$greet" <<<"$FAULT_SCRIPT")
    expect_line "$out" "IMS Guard: online with domain $want" "level=Information .*DNS domain '${want//./\\.}'"
    expect_line "$greet" "the IMS stand-in, by its own lookup, greets as *.$want" "^220 [^ ]+\.${want//./\\.} "
    expect_no_line "$out" "no error logged" 'level=Error'
}

greet_into() { ig_run "$1" nodeprobe.exe greet "$PORT" > "$2" 2>&1; }

scenario_dns_policy_suffix_over_dns_tab() { dns_case policy.example tab.example policy.example; }
scenario_dns_policy_suffix_only()         { dns_case policy.example clear policy.example; }
scenario_dns_tab_domain()                 { dns_case clear tab.example tab.example; }
scenario_dns_policy_suffix_empty()        { dns_case "" tab.example tab.example; }
scenario_dns_no_source()                  { dns_case clear clear none; }

# -------------------------------------------------------------------- SMTP probe

# A busy IMS greets after 600 ms, longer than one IsAlive may wait.
scenario_probe_slow_greeting_alive() {
    local d out
    d=$(std_node n1 $IMS_BUILD_SP2 contoso.com) || return 1
    node_ims_param "$d" GreetingDelay 600
    out=$(mon "$d" slow <<EOF
poll off
open "$RES"
online "$RES"
wait "$RES" Online 30000
isalive "$RES"
sleep 1500
isalive "$RES"
sleep 1500
isalive "$RES"
sleep 1500
isalive "$RES"
terminate "$RES"
quit
EOF
)
    expect_count "$out" "four IsAlive calls, all TRUE" '^ALIVE .*entry=IsAlive result=1' 4
    expect_no_line "$out" "no IsAlive FALSE" '^ALIVE .*entry=IsAlive result=0'
    expect_no_line "$out" "no error logged" 'level=Error'
    expect_no_line "$out" "IsAlive stays under 300 ms" '^ALIVE .*entry=IsAlive .*ms=([3-9][0-9]{2}|[0-9]{4,})'
    expect_clean_monitor "$out"
}

# A hung IMS (connections accepted, never greeted: the stand-in's "hang"
# fault, set before Online) under the monitor's own polling: the first
# IsAlive keeps its connection waiting, the second fails the resource.
scenario_probe_no_greeting_failed() {
    local d out n
    d=$(std_node n1 $IMS_BUILD_SP2 contoso.com) || return 1
    ig_run "$d" imsctl.exe fault hang >/dev/null 2>&1
    out=$(mon "$d" hang <<EOF
open "$RES"
interval "$RES" 60000 1500
online "$RES"
wait "$RES" Online 30000
wait "$RES" Failed 20000
quit
EOF
)
    expect_line "$out" "IsAlive FALSE fails the resource" '^STATE .*state=Failed .*via=isalive'
    n=$(awk '/^ALIVE .*entry=IsAlive/ { n++ } /^STATE .*state=Failed/ { print n; exit }' "$out")
    check "failed at the second IsAlive, not the first (IsAlive calls until Failed: ${n:-none})" test "${n:-0}" -eq 2
    expect_line "$out" "the log says the IMS does not answer SMTP" \
        "level=Error .*does not answer SMTP on 127\.0\.0\.1 port $PORT \(connected, but no greeting in the [0-9]+ ms since the previous check\)"
    expect_no_line "$out" "IsAlive stays under 300 ms" '^ALIVE .*entry=IsAlive .*ms=([3-9][0-9]{2}|[0-9]{4,})'
    expect_clean_monitor "$out"
}
