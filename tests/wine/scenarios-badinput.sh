# scenarios-badinput.sh - bad input, as a careless or hostile user gives it
# (issue 11): what is stored stays visible, what is refused changes nothing.
# Sourced by run.sh after scenarios.sh (its helpers and constants).

# props_answer <report> <n>: the n-th successful GET_PRIVATE_PROPERTIES
# answer in the report, decoded by the independent proplist.py, one
# Name=kind:value a line.
props_answer() {
    local out
    out=$(grep -E '^CONTROL .*code=0x01000081 status=0 ' "$1" | sed -n "${2}p" |
        sed -n 's/.* out=\([0-9a-fA-F]*\).*/\1/p')
    [ -n "$out" ] && hex --decode "$out"
}

# statuses <report> <code>: the statuses of every control with that code, in order.
statuses() {
    grep -E "^CONTROL .*code=$2 " "$1" | sed -E 's/.* status=([0-9]+).*/\1/' | tr '\n' ' ' | sed 's/ $//'
}

# The issue's reproduction: another tool stored ServiceName=MyIMS, a version
# window of its own and StopTimeout=5 (below the 100 ms minimum).
scenario_stored_invalid_value() {
    local d out fixed_low other_service fix_timeout seq
    d=$(node n1) || return 1
    ig_install_ims "$d" $IMS_BUILD_SP2 "$PORT" >&2 || { ig_fail "install IMS"; return 1; }
    ig_domain "$d" contoso.com >&2
    ig_register "$d" "$RES" ServiceName sz MyIMS FirstAffectedVersion sz 5.5.2500.0 \
        FirstFixedVersion sz 5.5.2600.0 StopTimeout dword 5 >&2 || { ig_fail "register the resource"; return 1; }
    fixed_low=$(hex FirstFixedVersion=sz:5.5.2400.0)
    other_service=$(hex ServiceName=sz:OtherIMS)
    fix_timeout=$(hex StopTimeout=dword:5000)
    out=$(mon "$d" run <<EOF
poll off
open "$RES"
control "$RES" CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES
control "$RES" CLUSCTL_RESOURCE_VALIDATE_PRIVATE_PROPERTIES $fixed_low
control "$RES" CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES $fixed_low
control "$RES" CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES $other_service
online "$RES"
control "$RES" CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES $fix_timeout
control "$RES" CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES $fixed_low
control "$RES" CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES
online "$RES"
quit
EOF
)
    props_answer "$out" 1 > "$IG_SCEN_DIR/get1.txt"
    expect_line "$IG_SCEN_DIR/get1.txt" "GET shows the stored ServiceName (not the default)" '^ServiceName=sz:MyIMS$'
    expect_line "$IG_SCEN_DIR/get1.txt" "GET shows the stored FirstAffectedVersion" '^FirstAffectedVersion=sz:5\.5\.2500\.0$'
    expect_line "$IG_SCEN_DIR/get1.txt" "GET shows the stored FirstFixedVersion" '^FirstFixedVersion=sz:5\.5\.2600\.0$'
    expect_line "$IG_SCEN_DIR/get1.txt" "GET shows the invalid StopTimeout as stored (5)" '^StopTimeout=dword:5$'
    expect_line "$IG_SCEN_DIR/get1.txt" "GET shows the unset SmtpProbePort's default" '^SmtpProbePort=dword:25$'
    expect_line "$out" "GET names the invalid stored value in the log" \
        'level=Warning text="ResourceControl: The private property StopTimeout is not valid: the stored value 5 is outside the allowed range 100 to 600000'
    expect_line "$out" "VALIDATE FirstFixedVersion below the stored FirstAffectedVersion: refused (87)" \
        '^CONTROL .*code=0x01000089 status=87 '
    seq=$(statuses "$out" 0x01400086)
    check "SETs: fixed < stored affected 87, while StopTimeout is invalid 87, StopTimeout fixed 0, fixed < affected 87 (got: $seq)" \
        test "$seq" = "87 87 0 87"
    expect_line "$out" "the refusal names both versions" \
        'level=Error text="ResourceControl: The private property FirstFixedVersion is not valid: FirstAffectedVersion 5\.5\.2500\.0 must be lower than FirstFixedVersion 5\.5\.2400\.0'
    expect_line "$out" "a SET leaving the invalid stored StopTimeout is refused, naming it" \
        'level=Error text="ResourceControl: The private property StopTimeout is not valid: the stored value 5 is outside the allowed range 100 to 600000; include a valid value in this change'
    expect_line "$out" "Online refuses the invalid stored StopTimeout, naming it" \
        'level=Error text="Online: The private property StopTimeout is not valid'
    expect_line "$out" "...with ERROR_INVALID_PARAMETER" '^CALL .*entry=Online .*status=87'
    props_answer "$out" 2 > "$IG_SCEN_DIR/get2.txt"
    expect_line "$IG_SCEN_DIR/get2.txt" "after the fix GET shows StopTimeout 5000" '^StopTimeout=dword:5000$'
    expect_line "$IG_SCEN_DIR/get2.txt" "...and still the stored FirstFixedVersion" '^FirstFixedVersion=sz:5\.5\.2600\.0$'
    expect_line "$out" "Online then uses the stored ServiceName (MyIMS is not installed)" \
        "^CALL .*entry=Online .*status=$IMSGUARD_E_SERVICE_MISSING"
    expect_clean_monitor "$out"
    expect_line <(ig_get_param "$d" "$RES" FirstFixedVersion) \
        "the database still holds FirstFixedVersion 5.5.2600.0" '^5\.5\.2600\.0$'
    expect_line <(ig_get_param "$d" "$RES" ServiceName) \
        "the database still holds ServiceName MyIMS" '^MyIMS$'
    expect_line <(ig_get_param "$d" "$RES" StopTimeout) \
        "the database holds the corrected StopTimeout" '^5000$'
}

# refused_finding <node dir> <name> <what> <regex after "The private property ">:
# imscheck --resource exits 1 (refused, as Online would: not 2, "could not
# check") with that REFUSED finding; its output is $IG_SCEN_DIR/<name>.txt.
refused_finding() {
    local out=$IG_SCEN_DIR/$2.txt rc
    ig_run "$1" imscheck.exe --resource "$RES" > "$out" 2>&1; rc=$?
    check "$3: exit 1 (got $rc)" test "$rc" -eq 1
    expect_line "$out" "$3: a REFUSED finding naming the property" "^  REFUSED: The private property $4"
}

# imscheck: one finding per message however long, and a stored property
# Online would refuse is a refusal (exit 1) naming it, not "could not check".
scenario_imscheck_bad_input() {
    local d out rc long_dir long_win
    d=$(std_node n1 $IMS_BUILD_SP1 contoso.com) || return 1
    # An IMS program path long enough that the build's refusal spans two log lines.
    long_dir=$d/prefix/drive_c/$(printf 'Exchange-Server-5.5-Internet-Mail-Service-%.0s' 1 2 3 4 5 6)
    mkdir -p "$long_dir"
    cp "$d/prefix/drive_c/exchsrvr/connect/msexcimc/bin/msexcimc.exe" "$long_dir/msexcimc.exe"
    long_win="C:\\${long_dir##*/drive_c/}\\msexcimc.exe"
    out=$IG_SCEN_DIR/long.txt
    ig_run "$d" imscheck.exe --image "$long_win" > "$out" 2>&1; rc=$?
    check "an affected build behind a long path: exit 1" test "$rc" -eq 1
    expect_count "$out" "the build's refusal is one REFUSED finding" '^  REFUSED:' 1
    expect_line "$out" "...its continuation indented under it, not a finding of its own" \
        '^           [^ ].*(Q194128|Service Pack 2|5\.5\.2423\.0)'
    expect_no_line "$out" "no '(continued)' marker leaks into the output" 'continued'

    ig_swap_ims "$d" $IMS_BUILD_SP2
    ig_set_param "$d" "$RES" StopTimeout dword 5
    refused_finding "$d" stored "an invalid stored StopTimeout" \
        'StopTimeout is not valid: the stored value 5 is outside the allowed range 100 to 600000'
    expect_line "$IG_SCEN_DIR/stored.txt" "...and the verdict names it" \
        '^verdict: REFUSED .*the private property StopTimeout is not valid'
    ig_set_param "$d" "$RES" StopTimeout dword 5000
    ig_set_param "$d" "$RES" FirstAffectedVersion sz 65535.0.0.0
    refused_finding "$d" affected "a stored FirstAffectedVersion above the fixed build (named, not FirstFixedVersion)" \
        'FirstAffectedVersion is not valid: FirstAffectedVersion 65535\.0\.0\.0 must be lower than FirstFixedVersion 5\.5\.2423\.0'

    out=$IG_SCEN_DIR/blank.txt
    ig_run "$d" imscheck.exe --service ' ' > "$out" 2>&1; rc=$?
    check "--service of one blank: exit 2 (a bad option)" test "$rc" -eq 2
    expect_line "$out" "...saying why" "ServiceName ' ' is not valid: it starts or ends with a blank"
    ig_run "$d" imscheck.exe --resource "$RES" --service MSExchangeIMC > "$out" 2>&1; rc=$?
    check "the stored pair is still refused with an option given (got $rc)" test "$rc" -eq 1
}
