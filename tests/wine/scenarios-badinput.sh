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
    ig_install_ims "$d" $SP2 "$PORT" >&2 || { echo "FAIL install IMS"; return 1; }
    ig_domain "$d" contoso.com >&2
    ig_register "$d" "$RES" ServiceName sz MyIMS FirstAffectedVersion sz 5.5.2500.0 \
        FirstFixedVersion sz 5.5.2600.0 StopTimeout dword 5 >&2 || { echo "FAIL register the resource"; return 1; }
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
        "^CALL .*entry=Online .*status=$E_SERVICE_MISSING"
    expect_clean_monitor "$out"
    expect_line <(ig_get_param "$d" "$RES" FirstFixedVersion) \
        "the database still holds FirstFixedVersion 5.5.2600.0" '^5\.5\.2600\.0$'
    expect_line <(ig_get_param "$d" "$RES" ServiceName) \
        "the database still holds ServiceName MyIMS" '^MyIMS$'
    expect_line <(ig_get_param "$d" "$RES" StopTimeout) \
        "the database holds the corrected StopTimeout" '^5000$'
}
