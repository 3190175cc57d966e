# scenarios-config.sh - the service, the program file and the resource's
# own configuration: problems the preflight names, private properties
# through the monitor's controls, two resources side by side, a stranger
# type, and imscheck's verdicts.
# Sourced by run.sh after scenarios.sh (RES, PORT, std_node, mon, hex, ...).

scenario_service_problems() {
    local d out
    d=$(std_node n1 none contoso.com) || return 1
    out=$(mon "$d" missing <<<"$ONLINE_ONCE_SCRIPT")
    expect_line "$out" "no IMS installed: IMSGUARD_E_SERVICE_MISSING" "^CALL .*entry=Online .*status=$IMSGUARD_E_SERVICE_MISSING"
    expect_line "$out" "the error names the service" "level=Error .*service 'MSExchangeIMC' is not installed on this node"
    setup_step "set-up: install IMS $IMS_BUILD_SP2" ig_install_ims "$d" $IMS_BUILD_SP2 $PORT || return 1
    setup_step "set-up: imsctl install --start disabled" ig_run "$d" imsctl.exe install 'C:\exchsrvr\connect\msexcimc\bin\msexcimc.exe' --start disabled || return 1
    out=$(mon "$d" disabled <<<"$ONLINE_ONCE_SCRIPT")
    expect_line "$out" "disabled IMS: IMSGUARD_E_SERVICE_DISABLED" "^CALL .*entry=Online .*status=$IMSGUARD_E_SERVICE_DISABLED"
    expect_line "$out" "the error says to set it to Manual" 'level=Error .*is disabled.*Manual'
    expect_clean_monitor "$out"
}

scenario_image_problems() {
    local d out
    d=$(std_node n1 $IMS_BUILD_SP2 contoso.com ImagePath sz 'C:\exchsrvr\missing\msexcimc.exe') || return 1
    printf 'not a program\r\n' > "$d/prefix/drive_c/cluster/notes.txt"
    out=$(mon "$d" missing <<<"$ONLINE_ONCE_SCRIPT")
    expect_line "$out" "missing binary: IMSGUARD_E_IMAGE_UNREADABLE" "^CALL .*entry=Online .*status=$IMSGUARD_E_IMAGE_UNREADABLE"
    expect_line "$out" "the error names the file and the system's reason" \
        'level=Error .*missing.{1,2}msexcimc\.exe could not be read \(error [0-9]+'
    ig_set_param "$d" "$RES" ImagePath sz 'C:\cluster\notes.txt' >&2
    out=$(mon "$d" noversion <<<"$ONLINE_ONCE_SCRIPT")
    expect_line "$out" "no version resource: IMSGUARD_E_IMAGE_NO_VERSION" "^CALL .*entry=Online .*status=$IMSGUARD_E_IMAGE_NO_VERSION"
    expect_line "$out" "the error says so" 'level=Error .*notes\.txt has no readable version information'
    expect_clean_monitor "$out"
    # A program whose resources are damaged: the SP2 file cut short.
    head -c 3000 "$IG_ROOT/build/$IG_ARCH/ims/$IMS_BUILD_SP2/msexcimc.exe" > "$d/prefix/drive_c/cluster/damaged.exe"
    ig_set_param "$d" "$RES" ImagePath sz 'C:\cluster\damaged.exe' >&2
    out=$(mon "$d" damaged <<<"$ONLINE_ONCE_SCRIPT")
    expect_line "$out" "a damaged program: IMSGUARD_E_IMAGE_NO_VERSION" "^CALL .*entry=Online .*status=$IMSGUARD_E_IMAGE_NO_VERSION"
    expect_line "$out" "...named in the error" 'level=Error .*damaged\.exe has no readable version information'
    expect_clean_monitor "$out" "damaged run"
}

scenario_properties() {
    local d out set_ok set_bad set_short set_unknown set_domain_bad set_online
    d=$(std_node n1 $IMS_BUILD_SP2 contoso.com) || return 1
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
    d=$(std_node n1 $IMS_BUILD_SP2 contoso.com) || return 1
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
        "^CALL .*res=\"Second IMS\" entry=Online .*status=$IMSGUARD_E_DNS_DOMAIN_MISMATCH"
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
    d=$(std_node n1 $IMS_BUILD_SP2 contoso.com) || return 1
    out=$IG_SCEN_DIR/good.txt
    ig_run "$d" imscheck.exe > "$out" 2>&1; rc=$?
    check "good node: exit status 0 (would go online)" test "$rc" -eq 0
    expect_line "$out" "good node: the verdict says so" '^verdict: OK - IMS Guard would bring the IMS online here'
    expect_line "$out" "good node: the build found is shown" 'IMS program: .*msexcimc\.exe, version 5\.5\.2448\.0'
    expect_line "$out" "good node: the domain found is shown" 'DNS domain: +contoso\.com'

    ig_swap_ims "$d" $IMS_BUILD_SP1
    ig_domain "$d" clear
    out=$IG_SCEN_DIR/bad.txt
    ig_run "$d" imscheck.exe > "$out" 2>&1; rc=$?
    check "SP1 without a domain: exit status 1 (refused)" test "$rc" -eq 1
    expect_line "$out" "the verdict names the first code" '^verdict: REFUSED .*\(0x20490006\)'
    expect_line "$out" "every finding is printed: the build, with Q194128" 'REFUSED: .*version 5\.5\.2232\.0.*Q194128'
    expect_line "$out" "every finding is printed: the domain" 'REFUSED: .*DNS domain of this node is not set'

    ig_domain "$d" fabrikam.com
    ig_swap_ims "$d" $IMS_BUILD_SP2
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
