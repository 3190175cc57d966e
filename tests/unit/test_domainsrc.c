#include "unit.h"

#include "domainsrc.h"

static void the_policy_suffix_comes_first(void **state)
{
    assert_int_equal(ig_domain_pick("policy.example", "tab.example", "physical.example"),
                     IG_DOMAIN_FROM_POLICY);
    assert_int_equal(ig_domain_pick("policy.example", NULL, NULL), IG_DOMAIN_FROM_POLICY);
}

static void then_the_dns_tab_then_the_physical_domain(void **state)
{
    assert_int_equal(ig_domain_pick(NULL, "tab.example", "physical.example"), IG_DOMAIN_FROM_TCPIP);
    assert_int_equal(ig_domain_pick(NULL, NULL, "physical.example"), IG_DOMAIN_FROM_PHYSICAL);
}

static void empty_is_not_set(void **state)
{
    assert_int_equal(ig_domain_pick("", "tab.example", NULL), IG_DOMAIN_FROM_TCPIP);
    assert_int_equal(ig_domain_pick("", "", "physical.example"), IG_DOMAIN_FROM_PHYSICAL);
    assert_int_equal(ig_domain_pick("", "", ""), IG_DOMAIN_FROM_NONE);
    assert_int_equal(ig_domain_pick(NULL, NULL, NULL), IG_DOMAIN_FROM_NONE);
}

static void each_source_has_a_name_for_the_administrator(void **state)
{
    assert_string_equal(ig_domain_source_text(IG_DOMAIN_FROM_POLICY), "Group Policy primary DNS suffix");
    assert_non_null(strstr(ig_domain_source_text(IG_DOMAIN_FROM_TCPIP), "Tcpip\\Parameters Domain"));
    assert_non_null(strstr(ig_domain_source_text(IG_DOMAIN_FROM_PHYSICAL), "GetComputerNameEx"));
    assert_string_equal(ig_domain_source_text(IG_DOMAIN_FROM_NONE), "not set anywhere");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_policy_suffix_comes_first),
        cmocka_unit_test(then_the_dns_tab_then_the_physical_domain),
        cmocka_unit_test(empty_is_not_set),
        cmocka_unit_test(each_source_has_a_name_for_the_administrator),
    };
    return cmocka_run_group_tests_name("domainsrc", tests, NULL, NULL);
}
