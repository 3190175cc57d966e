/* The preflight's policy from the properties, and each finding's message
   inserts: what Online logs, the admin page shows and imscheck prints. */
#include "unit.h"

#include "findings.h"
#include "imsguard.h"
#include "props.h"

static char ascii_buf[4][300];
static unsigned ascii_next;

/* A UTF-16 insert as ASCII, for the assertions. */
static const char *A(const uint16_t *s)
{
    char *b = ascii_buf[ascii_next++ % 4];
    size_t i;
    for (i = 0; s && s[i] && i < 299; i++)
        b[i] = s[i] < 128 ? (char)s[i] : '?';
    b[i] = 0;
    return b;
}

typedef struct fixture {
    ig_settings s;
    ig_preflight_input in;
    ig_verdict v;
    ig_finding_facts facts;
    char expected[IG_DOMAIN_CAP];
} fixture;

/* Settings s (defaults but what the test changed), the facts given, the
   verdict; facts named as the messages name them. */
static void judge(fixture *f, ig_service_fact service, ig_image_fact image, const char *version,
                  const char *domain)
{
    static uint16_t dom16[300];
    ig_preflight_policy(&f->s, &f->in, f->expected, sizeof(f->expected));
    f->in.service = service;
    f->in.image = image;
    if (version)
        assert_int_equal(ig_version_parse(version, &f->in.image_version), IG_VERSION_OK);
    f->in.domain = domain;
    ig_preflight(&f->in, &f->v);
    assert_true(ig_u16_from_ascii(dom16, 300, domain ? domain : ""));
    f->facts.resource = U("Internet Mail Service");
    f->facts.service = f->s.service_name;
    f->facts.image = U("C:\\exchsrvr\\connect\\msexcimc\\bin\\msexcimc.exe");
    f->facts.image_error = U("error 2: The system cannot find the file specified.");
    f->facts.service_error = 5;
    f->facts.domain = dom16;
    f->facts.expected = f->s.expected_dns_domain;
}

/* The first finding's message of the verdict on these facts. */
static void first_message(fixture *f, ig_service_fact service, ig_image_fact image, const char *version,
                          const char *domain, ig_finding_msg *m)
{
    judge(f, service, image, version, domain);
    assert_true(f->v.count >= 1);
    ig_finding_message(&f->v, 0, &f->in, &f->facts, m);
}

static void policy_follows_the_properties(void **state)
{
    fixture f;
    ig_prop_problem why;
    memset(&f, 0, sizeof(f));
    ig_settings_default(&f.s);
    ig_preflight_policy(&f.s, &f.in, f.expected, sizeof(f.expected));
    assert_true(f.in.require_dns_domain);
    assert_false(f.in.allow_affected_build);
    assert_int_equal(f.in.first_affected.part[2], 2232);
    assert_int_equal(f.in.first_fixed.part[2], 2423);
    assert_string_equal(f.in.expected_dns_domain, "");

    assert_int_equal(ig_prop_set_sz(&f.s, IG_P_FIRST_FIXED_VERSION, U("5.5.2448"), 8, &why), 0);
    assert_int_equal(ig_prop_set_sz(&f.s, IG_P_EXPECTED_DNS_DOMAIN, U("contoso.com"), 11, &why), 0);
    assert_int_equal(ig_prop_set_dword(&f.s, IG_P_REQUIRE_DNS_DOMAIN, 0, &why), 0);
    assert_int_equal(ig_prop_set_dword(&f.s, IG_P_ALLOW_AFFECTED_BUILD, 1, &why), 0);
    ig_preflight_policy(&f.s, &f.in, f.expected, sizeof(f.expected));
    assert_false(f.in.require_dns_domain);
    assert_true(f.in.allow_affected_build);
    assert_int_equal(f.in.first_fixed.part[2], 2448);
    assert_string_equal(f.in.expected_dns_domain, "contoso.com");
}

static void affected_build_names_the_binary_its_version_and_the_window(void **state)
{
    fixture f;
    ig_finding_msg m;
    memset(&f, 0, sizeof(f));
    ig_settings_default(&f.s);
    first_message(&f, IG_SVC_OK, IG_IMG_OK, "5.5.2232.0", "contoso.com", &m);
    assert_int_equal(f.v.count, 1);
    assert_int_equal(m.finding, IG_F_AFFECTED_BUILD);
    assert_int_equal(m.level, IG_FINDING_ERROR);
    assert_int_equal(m.nargs, 5);
    assert_string_equal(A(m.args[0]), "Internet Mail Service");
    assert_string_equal(A(m.args[1]), "C:\\exchsrvr\\connect\\msexcimc\\bin\\msexcimc.exe");
    assert_string_equal(A(m.args[2]), "5.5.2232.0");
    assert_string_equal(A(m.args[3]), "5.5.2232.0");
    assert_string_equal(A(m.args[4]), "5.5.2423.0");
}

static void an_allowed_affected_build_is_a_warning(void **state)
{
    fixture f;
    ig_finding_msg m;
    memset(&f, 0, sizeof(f));
    ig_settings_default(&f.s);
    f.s.allow_affected_build = 1;
    first_message(&f, IG_SVC_OK, IG_IMG_OK, "5.5.2300.7", "contoso.com", &m);
    assert_int_equal(f.v.count, 1);
    assert_int_equal(m.finding, IG_F_AFFECTED_BUILD_ALLOWED);
    assert_int_equal(m.level, IG_FINDING_WARNING);
    assert_string_equal(A(m.args[2]), "5.5.2300.7");
}

static void service_findings_name_the_service(void **state)
{
    fixture f;
    ig_finding_msg m;
    memset(&f, 0, sizeof(f));
    ig_settings_default(&f.s);
    first_message(&f, IG_SVC_QUERY_FAILED, IG_IMG_NOT_CHECKED, NULL, "contoso.com", &m);
    assert_int_equal(m.finding, IG_F_SERVICE_QUERY_FAILED);
    assert_int_equal(m.nargs, 3);
    assert_string_equal(A(m.args[1]), "MSExchangeIMC");
    assert_string_equal(A(m.args[2]), "5");

    first_message(&f, IG_SVC_MISSING, IG_IMG_NOT_CHECKED, NULL, "contoso.com", &m);
    assert_int_equal(m.finding, IG_F_SERVICE_MISSING);
    assert_int_equal(m.nargs, 2);
    assert_string_equal(A(m.args[1]), "MSExchangeIMC");
}

static void image_findings_name_the_binary_and_why(void **state)
{
    fixture f;
    ig_finding_msg m;
    memset(&f, 0, sizeof(f));
    ig_settings_default(&f.s);
    first_message(&f, IG_SVC_OK, IG_IMG_UNREADABLE, NULL, "contoso.com", &m);
    assert_int_equal(m.finding, IG_F_IMAGE_UNREADABLE);
    assert_int_equal(m.nargs, 3);
    assert_string_equal(A(m.args[2]), "error 2: The system cannot find the file specified.");
    first_message(&f, IG_SVC_OK, IG_IMG_NO_VERSION, NULL, "contoso.com", &m);
    assert_int_equal(m.finding, IG_F_IMAGE_NO_VERSION);
    assert_int_equal(m.nargs, 2);
}

static void domain_findings_name_the_domain_and_the_rule(void **state)
{
    fixture f;
    ig_finding_msg m;
    ig_prop_problem why;
    memset(&f, 0, sizeof(f));
    ig_settings_default(&f.s);
    first_message(&f, IG_SVC_OK, IG_IMG_OK, "5.5.2448.0", "", &m);
    assert_int_equal(m.finding, IG_F_NO_DNS_DOMAIN);
    assert_int_equal(m.nargs, 1);

    first_message(&f, IG_SVC_OK, IG_IMG_OK, "5.5.2448.0", "-bad-.example", &m);
    assert_int_equal(m.finding, IG_F_BAD_DNS_DOMAIN);
    assert_string_equal(A(m.args[1]), "-bad-.example");
    assert_string_equal(A(m.args[2]), "a label starts or ends with a hyphen");

    assert_int_equal(ig_prop_set_sz(&f.s, IG_P_EXPECTED_DNS_DOMAIN, U("contoso.com"), 11, &why), 0);
    first_message(&f, IG_SVC_OK, IG_IMG_OK, "5.5.2448.0", "fabrikam.com", &m);
    assert_int_equal(m.finding, IG_F_DNS_DOMAIN_MISMATCH);
    assert_string_equal(A(m.args[1]), "fabrikam.com");
    assert_string_equal(A(m.args[2]), "contoso.com");

    /* No domain, none required, one expected: "(not set)" is named. */
    f.s.require_dns_domain = 0;
    first_message(&f, IG_SVC_OK, IG_IMG_OK, "5.5.2448.0", "", &m);
    assert_int_equal(m.finding, IG_F_DNS_DOMAIN_MISMATCH);
    assert_string_equal(A(m.args[1]), "(not set)");
}

static void every_finding_of_a_verdict_has_its_message(void **state)
{
    fixture f;
    ig_finding_msg m;
    unsigned i;
    memset(&f, 0, sizeof(f));
    ig_settings_default(&f.s);
    judge(&f, IG_SVC_DISABLED, IG_IMG_OK, "5.5.2232.0", "");
    assert_int_equal(f.v.count, 3);
    for (i = 0; i < f.v.count; i++) {
        ig_finding_message(&f.v, i, &f.in, &f.facts, &m);
        assert_int_equal(m.finding, f.v.findings[i]);
        assert_int_equal(m.level, IG_FINDING_ERROR);
        assert_string_equal(A(m.args[0]), "Internet Mail Service");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(policy_follows_the_properties),
        cmocka_unit_test(affected_build_names_the_binary_its_version_and_the_window),
        cmocka_unit_test(an_allowed_affected_build_is_a_warning),
        cmocka_unit_test(service_findings_name_the_service),
        cmocka_unit_test(image_findings_name_the_binary_and_why),
        cmocka_unit_test(domain_findings_name_the_domain_and_the_rule),
        cmocka_unit_test(every_finding_of_a_verdict_has_its_message),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
