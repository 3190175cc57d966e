#include "unit.h"

#include "imsguard.h"
#include "preflight.h"

#define RTM  "5.5.1960.0"
#define SP1  "5.5.2232.0"
#define HOT  "5.5.2423.0"
#define SP2  "5.5.2448.0"

typedef struct row {
    const char *what;
    ig_service_fact service;
    ig_image_fact image;
    const char *version;
    const char *domain;
    int require;
    const char *expected;
    int allow;
    uint32_t error;                 /* returned                       */
    ig_finding findings[4];         /* logged, in order               */
    unsigned count;
} row;

/* The decision table: every condition alone, the overrides, and several
   conditions at once (all logged, the first in priority order returned). */
static const row table[] = {
    { "SP2, domain set: online", IG_SVC_OK, IG_IMG_OK, SP2, "contoso.com", 1, "", 0, 0, {0}, 0 },
    { "RTM is before the window", IG_SVC_OK, IG_IMG_OK, RTM, "contoso.com", 1, "", 0, 0, {0}, 0 },
    { "the hotfix build is fixed", IG_SVC_OK, IG_IMG_OK, HOT, "contoso.com", 1, "", 0, 0, {0}, 0 },
    { "SP1 refused", IG_SVC_OK, IG_IMG_OK, SP1, "contoso.com", 1, "", 0,
      IMSGUARD_E_AFFECTED_BUILD, { IG_F_AFFECTED_BUILD }, 1 },
    { "last build before the fix refused", IG_SVC_OK, IG_IMG_OK, "5.5.2422.65535", "contoso.com", 1, "", 0,
      IMSGUARD_E_AFFECTED_BUILD, { IG_F_AFFECTED_BUILD }, 1 },
    { "SP1 with the override: warning only", IG_SVC_OK, IG_IMG_OK, SP1, "contoso.com", 1, "", 1,
      0, { IG_F_AFFECTED_BUILD_ALLOWED }, 1 },
    { "override on a fixed build: nothing", IG_SVC_OK, IG_IMG_OK, SP2, "contoso.com", 1, "", 1, 0, {0}, 0 },
    { "no domain (NULL)", IG_SVC_OK, IG_IMG_OK, SP2, NULL, 1, "", 0,
      IMSGUARD_E_NO_DNS_DOMAIN, { IG_F_NO_DNS_DOMAIN }, 1 },
    { "no domain (empty) is the same", IG_SVC_OK, IG_IMG_OK, SP2, "", 1, "", 0,
      IMSGUARD_E_NO_DNS_DOMAIN, { IG_F_NO_DNS_DOMAIN }, 1 },
    { "no domain on RTM too", IG_SVC_OK, IG_IMG_OK, RTM, "", 1, "", 0,
      IMSGUARD_E_NO_DNS_DOMAIN, { IG_F_NO_DNS_DOMAIN }, 1 },
    { "no domain, not required", IG_SVC_OK, IG_IMG_OK, SP2, "", 0, "", 0, 0, {0}, 0 },
    { "malformed domain", IG_SVC_OK, IG_IMG_OK, SP2, "corp_1.local", 1, "", 0,
      IMSGUARD_E_BAD_DNS_DOMAIN, { IG_F_BAD_DNS_DOMAIN }, 1 },
    { "malformed domain, not required", IG_SVC_OK, IG_IMG_OK, SP2, "corp_1.local", 0, "", 0, 0, {0}, 0 },
    { "expected domain matches (case, dot)", IG_SVC_OK, IG_IMG_OK, SP2, "Contoso.COM.", 1, "contoso.com", 0,
      0, {0}, 0 },
    { "expected domain differs", IG_SVC_OK, IG_IMG_OK, SP2, "fabrikam.com", 1, "contoso.com", 0,
      IMSGUARD_E_DNS_DOMAIN_MISMATCH, { IG_F_DNS_DOMAIN_MISMATCH }, 1 },
    { "expected domain, none set, not required", IG_SVC_OK, IG_IMG_OK, SP2, "", 0, "contoso.com", 0,
      IMSGUARD_E_DNS_DOMAIN_MISMATCH, { IG_F_DNS_DOMAIN_MISMATCH }, 1 },
    { "expected domain, none set, required", IG_SVC_OK, IG_IMG_OK, SP2, "", 1, "contoso.com", 0,
      IMSGUARD_E_NO_DNS_DOMAIN, { IG_F_NO_DNS_DOMAIN }, 1 },
    { "service missing", IG_SVC_MISSING, IG_IMG_NOT_CHECKED, NULL, "contoso.com", 1, "", 0,
      IMSGUARD_E_SERVICE_MISSING, { IG_F_SERVICE_MISSING }, 1 },
    { "service disabled", IG_SVC_DISABLED, IG_IMG_OK, SP2, "contoso.com", 1, "", 0,
      IMSGUARD_E_SERVICE_DISABLED, { IG_F_SERVICE_DISABLED }, 1 },
    { "service manager refused", IG_SVC_QUERY_FAILED, IG_IMG_NOT_CHECKED, NULL, "contoso.com", 1, "", 0,
      IMSGUARD_E_SERVICE_QUERY_FAILED, { IG_F_SERVICE_QUERY_FAILED }, 1 },
    { "binary unreadable", IG_SVC_OK, IG_IMG_UNREADABLE, NULL, "contoso.com", 1, "", 0,
      IMSGUARD_E_IMAGE_UNREADABLE, { IG_F_IMAGE_UNREADABLE }, 1 },
    { "binary without version", IG_SVC_OK, IG_IMG_NO_VERSION, NULL, "contoso.com", 1, "", 0,
      IMSGUARD_E_IMAGE_NO_VERSION, { IG_F_IMAGE_NO_VERSION }, 1 },
    { "the seed: SP1 and no domain", IG_SVC_OK, IG_IMG_OK, SP1, "", 1, "", 0,
      IMSGUARD_E_AFFECTED_BUILD, { IG_F_AFFECTED_BUILD, IG_F_NO_DNS_DOMAIN }, 2 },
    { "override still reports the domain", IG_SVC_OK, IG_IMG_OK, SP1, "", 1, "", 1,
      IMSGUARD_E_NO_DNS_DOMAIN, { IG_F_AFFECTED_BUILD_ALLOWED, IG_F_NO_DNS_DOMAIN }, 2 },
    { "disabled, SP1, wrong domain", IG_SVC_DISABLED, IG_IMG_OK, SP1, "fabrikam.com", 1, "contoso.com", 0,
      IMSGUARD_E_SERVICE_DISABLED,
      { IG_F_SERVICE_DISABLED, IG_F_AFFECTED_BUILD, IG_F_DNS_DOMAIN_MISMATCH }, 3 },
    { "missing service, bad domain", IG_SVC_MISSING, IG_IMG_NOT_CHECKED, NULL, "-bad.com", 1, "", 0,
      IMSGUARD_E_SERVICE_MISSING, { IG_F_SERVICE_MISSING, IG_F_BAD_DNS_DOMAIN }, 2 },
    { "unreadable binary and no domain", IG_SVC_OK, IG_IMG_UNREADABLE, NULL, NULL, 1, "", 0,
      IMSGUARD_E_IMAGE_UNREADABLE, { IG_F_IMAGE_UNREADABLE, IG_F_NO_DNS_DOMAIN }, 2 },
};

static void every_row_of_the_decision_table(void **state)
{
    size_t i, k;
    for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
        const row *t = &table[i];
        ig_preflight_input in;
        ig_verdict v;

        memset(&in, 0, sizeof(in));
        in.service = t->service;
        in.image = t->image;
        if (t->version)
            assert_int_equal(ig_version_parse(t->version, &in.image_version), IG_VERSION_OK);
        in.domain = t->domain;
        in.require_dns_domain = t->require;
        in.expected_dns_domain = t->expected;
        in.allow_affected_build = t->allow;
        ig_version_parse(SP1, &in.first_affected);
        ig_version_parse(HOT, &in.first_fixed);

        ig_preflight(&in, &v);
        print_message("row %zu: %s\n", i, t->what);
        assert_int_equal(v.error, t->error);
        assert_int_equal(v.count, t->count);
        for (k = 0; k < t->count; k++)
            assert_int_equal(v.findings[k], t->findings[k]);
    }
}

static void window_follows_the_properties(void **state)
{
    /* An administrator who widens the window to SP2 gets SP2 refused. */
    ig_preflight_input in;
    ig_verdict v;
    memset(&in, 0, sizeof(in));
    in.image = IG_IMG_OK;
    in.domain = "contoso.com";
    in.require_dns_domain = true;
    ig_version_parse(SP2, &in.image_version);
    ig_version_parse(SP1, &in.first_affected);
    ig_version_parse("5.5.2650.0", &in.first_fixed);
    ig_preflight(&in, &v);
    assert_int_equal(v.error, IMSGUARD_E_AFFECTED_BUILD);
}

static void bad_domain_reason_is_kept(void **state)
{
    ig_preflight_input in;
    ig_verdict v;
    memset(&in, 0, sizeof(in));
    in.image = IG_IMG_NOT_CHECKED;
    in.domain = "a..b";
    in.require_dns_domain = true;
    ig_preflight(&in, &v);
    assert_int_equal(v.error, IMSGUARD_E_BAD_DNS_DOMAIN);
    assert_int_equal(v.dns_status, 3 /* IG_DNS_EMPTY_LABEL */);
}

static void findings_have_codes_and_names(void **state)
{
    int f;
    for (f = 0; f < IG_F_COUNT; f++) {
        assert_string_not_equal(ig_finding_name((ig_finding)f), "unknown");
        if (f == IG_F_AFFECTED_BUILD_ALLOWED)
            assert_int_equal(ig_finding_error((ig_finding)f), 0);
        else
            assert_int_equal(ig_finding_error((ig_finding)f) & 0xffff0000u, IMSGUARD_ERROR_BASE);
    }
    /* Codes are distinct. */
    for (f = 0; f < IG_F_COUNT; f++) {
        int g;
        for (g = f + 1; g < IG_F_COUNT; g++) {
            if (ig_finding_error((ig_finding)f))
                assert_int_not_equal(ig_finding_error((ig_finding)f), ig_finding_error((ig_finding)g));
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_row_of_the_decision_table),
        cmocka_unit_test(window_follows_the_properties),
        cmocka_unit_test(bad_domain_reason_is_kept),
        cmocka_unit_test(findings_have_codes_and_names),
    };
    return cmocka_run_group_tests_name("preflight", tests, NULL, NULL);
}
