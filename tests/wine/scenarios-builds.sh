# scenarios-builds.sh - the refusals a node's build and domain call for:
# the affected SP1 build on a cluster, a node without a DNS domain, the
# override, the builds that go online, and the build x domain matrix.
# Sourced by run.sh after scenarios.sh (RES, PORT, std_node, mon, ...).

scenario_refuse_sp1() {
    local d out
    d=$(std_node n1 $IMS_BUILD_SP1 contoso.com) || return 1
    out=$(mon "$d" run <<EOF
poll off
open "$RES"
online "$RES"
state "$RES"
quit
EOF
)
    expect_line "$out" "Online refuses with IMSGUARD_E_AFFECTED_BUILD" "^CALL .*entry=Online .*status=$IMSGUARD_E_AFFECTED_BUILD"
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
    d=$(std_node n1 $IMS_BUILD_SP2 clear) || return 1
    out=$(mon "$d" run <<<"$ONLINE_ONCE_SCRIPT")
    expect_line "$out" "Online refuses with IMSGUARD_E_NO_DNS_DOMAIN" "^CALL .*entry=Online .*status=$IMSGUARD_E_NO_DNS_DOMAIN"
    expect_count "$out" "exactly one error line" 'level=Error' 1
    expect_line "$out" "the error says the domain is not set, 4058/4067, and where to set it" \
        'level=Error .*DNS domain of this node is not set.*4058.*4067.*DNS.*Primary DNS suffix'
    expect_line <(ims_state "$d") "the IMS was never started" 'state=STOPPED'
    expect_clean_monitor "$out"
}

scenario_seed_sp1_without_domain() {
    local d out
    d=$(std_node n1 $IMS_BUILD_SP1 clear) || return 1
    out=$(mon "$d" run <<<"$ONLINE_ONCE_SCRIPT")
    expect_line "$out" "the first condition in priority order is returned" "^CALL .*entry=Online .*status=$IMSGUARD_E_AFFECTED_BUILD"
    expect_count "$out" "both conditions are logged" 'level=Error' 2
    expect_order "$out" "the build before the domain" 'level=Error .*Q194128' 'level=Error .*not set'
    expect_clean_monitor "$out"
}

scenario_override_affected_build() {
    local d out
    d=$(std_node n1 $IMS_BUILD_SP1 contoso.com AllowAffectedBuild dword 1) || return 1
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
    expect_line "$out" "the IMS stops with $IMS_EXIT_NAME_RESOLVER and the resource fails" '^STATE .*state=Failed .*via=report'
    expect_line "$out" "the failure names the service-specific code $IMS_EXIT_NAME_RESOLVER" \
        "level=Error .*stopped while starting.*service-specific code $IMS_EXIT_NAME_RESOLVER.*Q194128"
    expect_line <(ims_state "$d") "the stand-in exited with $IMS_EXIT_NAME_RESOLVER" "specific=$IMS_EXIT_NAME_RESOLVER"
    expect_clean_monitor "$out"
}

scenario_other_builds_go_online() {
    local d out
    d=$(std_node n1 $IMS_BUILD_RTM contoso.com) || return 1
    out=$(mon "$d" rtm <<<"$ONLINE_OFFLINE_SCRIPT")
    expect_line "$out" "RTM (5.5.1960.0, before the window) goes online" '^STATE .*state=Online .*via=report'
    expect_clean_monitor "$out" "RTM run"
    ig_swap_ims "$d" $IMS_BUILD_HOTFIX
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

scenario_domain_rules() {
    local d out
    d=$(std_node n1 $IMS_BUILD_SP2 corp-1.local ExpectedDnsDomain sz contoso.com) || return 1
    out=$(mon "$d" mismatch <<<"$ONLINE_ONCE_SCRIPT")
    expect_line "$out" "another domain: IMSGUARD_E_DNS_DOMAIN_MISMATCH" "^CALL .*entry=Online .*status=$IMSGUARD_E_DNS_DOMAIN_MISMATCH"
    expect_line "$out" "the error names both domains" "level=Error .*is 'corp-1\.local', but the resource's ExpectedDnsDomain is 'contoso\.com'"
    ig_domain "$d" "corp_1.local"
    out=$(mon "$d" malformed <<<"$ONLINE_ONCE_SCRIPT")
    expect_line "$out" "malformed domain: IMSGUARD_E_BAD_DNS_DOMAIN" "^CALL .*entry=Online .*status=$IMSGUARD_E_BAD_DNS_DOMAIN"
    expect_line "$out" "the error gives the rule broken" "level=Error .*'corp_1\.local', is not a valid DNS name \(only letters, digits, hyphens and dots"
    ig_domain "$d" "Contoso.COM."
    out=$(mon "$d" match <<<"$ONLINE_OFFLINE_SCRIPT")
    expect_line "$out" "Contoso.COM. matches contoso.com (case, trailing dot)" '^STATE .*state=Online .*via=report'
    expect_clean_monitor "$out"
}

# Every IMS build with and without a DNS domain: the whole life where it
# may run, the right refusal where it may not.
scenario_build_domain_matrix() {
    local d out v dom want
    d=$(std_node n1 $IMS_BUILD_RTM contoso.com) || return 1
    for v in $IMS_BUILD_RTM $IMS_BUILD_SP1 $IMS_BUILD_HOTFIX $IMS_BUILD_SP2; do
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
            if [ "$v" = $IMS_BUILD_SP1 ]; then want=$IMSGUARD_E_AFFECTED_BUILD
            elif [ "$dom" = clear ]; then want=$IMSGUARD_E_NO_DNS_DOMAIN
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
