#include "unit.h"

#include "dnsname.h"

static ig_dns_status check(const char *s)
{
    return ig_dns_check(s, strlen(s));
}

static void accepts_rfc1123_names(void **state)
{
    char label63[64], longest[260];
    size_t i;

    assert_int_equal(check("contoso.com"), IG_DNS_OK);
    assert_int_equal(check("contoso.com."), IG_DNS_OK);
    assert_int_equal(check("mail-1.corp.example.org"), IG_DNS_OK);
    assert_int_equal(check("corp"), IG_DNS_OK);
    assert_int_equal(check("3com.com"), IG_DNS_OK);       /* RFC 1123 allows a leading digit */
    assert_int_equal(check("EXAMPLE.COM"), IG_DNS_OK);

    memset(label63, 'a', 63);
    label63[63] = '\0';
    assert_int_equal(check(label63), IG_DNS_OK);

    /* 253 characters: four 63-character labels minus a little. */
    for (i = 0; i < 253; i++)
        longest[i] = (i % 64 == 63) ? '.' : 'a';
    longest[253] = '\0';
    assert_int_equal(check(longest), IG_DNS_OK);
}

static void refuses_each_rule(void **state)
{
    char label64[70], toolong[300];
    size_t i;

    assert_int_equal(check(""), IG_DNS_EMPTY);
    assert_int_equal(check("."), IG_DNS_EMPTY);
    assert_int_equal(check("a..b"), IG_DNS_EMPTY_LABEL);
    assert_int_equal(check(".a"), IG_DNS_EMPTY_LABEL);
    assert_int_equal(check("a.b.."), IG_DNS_EMPTY_LABEL);
    assert_int_equal(check("corp_1.com"), IG_DNS_BAD_CHAR);
    assert_int_equal(check("exa mple.com"), IG_DNS_BAD_CHAR);
    assert_int_equal(check("caf\xc3\xa9.com"), IG_DNS_BAD_CHAR);
    assert_int_equal(check("-corp.com"), IG_DNS_HYPHEN_AT_EDGE);
    assert_int_equal(check("corp-.com"), IG_DNS_HYPHEN_AT_EDGE);
    assert_int_equal(check("10.0.0.1"), IG_DNS_NUMERIC_TOP_LABEL);
    assert_int_equal(check("corp.123"), IG_DNS_NUMERIC_TOP_LABEL);

    memset(label64, 'a', 64);
    label64[64] = '\0';
    assert_int_equal(check(label64), IG_DNS_LABEL_TOO_LONG);

    for (i = 0; i < 254; i++)
        toolong[i] = (i % 60 == 59) ? '.' : 'a';
    toolong[254] = '\0';
    assert_int_equal(check(toolong), IG_DNS_TOO_LONG);
    assert_string_equal(ig_dns_status_text(IG_DNS_HYPHEN_AT_EDGE), "a label starts or ends with a hyphen");
}

static void length_is_taken_from_the_caller(void **state)
{
    /* Not NUL-terminated where the length ends: only 4 bytes are read. */
    const char buf[] = { 'c', 'o', 'r', 'p', '_' };
    assert_int_equal(ig_dns_check(buf, 4), IG_DNS_OK);
}

static void equal_ignores_case_and_trailing_dot(void **state)
{
    assert_true(ig_dns_equal("Contoso.COM", "contoso.com"));
    assert_true(ig_dns_equal("contoso.com.", "contoso.com"));
    assert_true(ig_dns_equal("contoso.com", "CONTOSO.com."));
    assert_false(ig_dns_equal("contoso.com", "contoso.co"));
    assert_false(ig_dns_equal("contoso.com", "contoso.com.."));
    assert_false(ig_dns_equal("", "contoso.com"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accepts_rfc1123_names),
        cmocka_unit_test(refuses_each_rule),
        cmocka_unit_test(length_is_taken_from_the_caller),
        cmocka_unit_test(equal_ignores_case_and_trailing_dot),
    };
    return cmocka_run_group_tests_name("dnsname", tests, NULL, NULL);
}
