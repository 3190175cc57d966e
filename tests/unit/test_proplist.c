#include "unit.h"

#include <stdlib.h>

#include "igerr.h"
#include "imsguard.h"
#include "proplist.h"

/* A raw list builder, independent of the encoder under test, able to make
   every malformed shape. */
typedef struct raw {
    uint8_t b[4096];
    size_t n;
} raw;

static void r_dword(raw *r, uint32_t v)
{
    r->b[r->n++] = (uint8_t)v;
    r->b[r->n++] = (uint8_t)(v >> 8);
    r->b[r->n++] = (uint8_t)(v >> 16);
    r->b[r->n++] = (uint8_t)(v >> 24);
}

static void r_pad(raw *r)
{
    while (r->n % 4)
        r->b[r->n++] = 0;
}

/* { syntax, cbLength, UTF-16 text + NUL, pad } with cbLength overridable. */
static void r_sz(raw *r, uint32_t syntax, const char *s, long cb_override)
{
    size_t len = strlen(s), i;
    r_dword(r, syntax);
    r_dword(r, cb_override >= 0 ? (uint32_t)cb_override : (uint32_t)((len + 1) * 2));
    for (i = 0; i <= len; i++) {
        r->b[r->n++] = (uint8_t)s[i];
        r->b[r->n++] = 0;
    }
    r_pad(r);
}

static void r_dword_value(raw *r, uint32_t v)
{
    r_dword(r, IG_SYNTAX_LIST_VALUE_DWORD);
    r_dword(r, 4);
    r_dword(r, v);
}

static void r_prop_sz(raw *r, const char *name, const char *value)
{
    r_sz(r, IG_SYNTAX_NAME, name, -1);
    r_sz(r, IG_SYNTAX_LIST_VALUE_SZ, value, -1);
    r_dword(r, IG_SYNTAX_ENDMARK);
}

static void r_prop_dword(raw *r, const char *name, uint32_t v)
{
    r_sz(r, IG_SYNTAX_NAME, name, -1);
    r_dword_value(r, v);
    r_dword(r, IG_SYNTAX_ENDMARK);
}

static uint32_t apply(const raw *r, ig_settings *s, uint32_t *present, ig_prop_problem *why)
{
    ig_settings_default(s);
    memset(why, 0, sizeof(*why));
    return ig_proplist_apply(r->b, r->n, s, present, why);
}

static void applies_valid_values(void **state)
{
    raw r = {0};
    ig_settings s, d;
    uint32_t present;
    ig_prop_problem why;

    r_dword(&r, 4);
    r_prop_sz(&r, "ServiceName", "IMSTest");
    r_prop_dword(&r, "SmtpProbePort", 2525);
    r_prop_sz(&r, "expecteddnsdomain", "Contoso.com");   /* names are case-insensitive */
    r_prop_dword(&r, "AllowAffectedBuild", 1);
    assert_int_equal(apply(&r, &s, &present, &why), IG_ERROR_SUCCESS);
    assert_true(ig_u16_equal(s.service_name, U("IMSTest")));
    assert_int_equal(s.smtp_probe_port, 2525);
    assert_true(ig_u16_equal(s.expected_dns_domain, U("Contoso.com")));
    assert_int_equal(s.allow_affected_build, 1);
    assert_int_equal(present, (1u << IG_P_SERVICE_NAME) | (1u << IG_P_SMTP_PROBE_PORT) |
                              (1u << IG_P_EXPECTED_DNS_DOMAIN) | (1u << IG_P_ALLOW_AFFECTED_BUILD));
    ig_settings_default(&d);
    assert_int_equal(s.stop_timeout, d.stop_timeout);    /* untouched */
}

static void empty_list_and_trailing_bytes(void **state)
{
    raw r = {0};
    ig_settings s;
    uint32_t present;
    ig_prop_problem why;

    r_dword(&r, 0);
    assert_int_equal(apply(&r, &s, &present, &why), IG_ERROR_SUCCESS);
    assert_int_equal(present, 0);

    r.n = 0;
    r_dword(&r, 1);
    r_prop_dword(&r, "StopTimeout", 5000);
    r_dword(&r, 0xdeadbeef);   /* the rest of the caller's buffer */
    assert_int_equal(apply(&r, &s, &present, &why), IG_ERROR_SUCCESS);
    assert_int_equal(s.stop_timeout, 5000);
}

/* Each malformed shape: the error, and where it names the problem. */
typedef void (*shape_fn)(raw *r);

static void sh_short_count(raw *r) { r->b[0] = 1; r->b[1] = 0; r->n = 2; }
static void sh_count_too_big(raw *r) { r_dword(r, 1000); r_prop_dword(r, "StopTimeout", 5000); }
static void sh_count_more_than_props(raw *r) { r_dword(r, 2); r_prop_dword(r, "StopTimeout", 5000);
                                               r_dword(r, 0); r_dword(r, 0); r_dword(r, 0); r_dword(r, 0); }
static void sh_truncated_name(raw *r) { r_dword(r, 1); r_prop_dword(r, "StopTimeout", 5000); r->n = 4 + 10; }
static void sh_truncated_value(raw *r) { r_dword(r, 1); r_prop_dword(r, "StopTimeout", 5000); r->n -= 6; }
static void sh_truncated_endmark(raw *r) { r_dword(r, 1); r_prop_dword(r, "StopTimeout", 5000); r->n -= 2; }
static void sh_missing_endmark(raw *r) { r_dword(r, 1); r_sz(r, IG_SYNTAX_NAME, "StopTimeout", -1);
                                         r_dword_value(r, 5000); r_dword_value(r, 6000); r_dword(r, 0); }
static void sh_name_not_name(raw *r) { r_dword(r, 1); r_sz(r, IG_SYNTAX_LIST_VALUE_SZ, "StopTimeout", -1);
                                       r_dword_value(r, 5000); r_dword(r, 0); }
static void sh_name_odd_length(raw *r) { r_dword(r, 1); r_sz(r, IG_SYNTAX_NAME, "StopTimeout", 23);
                                         r_dword_value(r, 5000); r_dword(r, 0); }
static void sh_name_no_nul(raw *r) { r_dword(r, 1); r_sz(r, IG_SYNTAX_NAME, "StopTimeout", 22);
                                     r_dword_value(r, 5000); r_dword(r, 0); }
static void sh_name_embedded_nul(raw *r) { r_dword(r, 1); r_sz(r, IG_SYNTAX_NAME, "Stop", 12);
                                           r->n -= 0; r_dword_value(r, 5000); r_dword(r, 0); }
static void sh_name_length_huge(raw *r) { r_dword(r, 1); r_sz(r, IG_SYNTAX_NAME, "StopTimeout", 0x7ffffff0);
                                          r_dword_value(r, 5000); r_dword(r, 0); }
static void sh_name_length_max(raw *r) { r_dword(r, 1); r_sz(r, IG_SYNTAX_NAME, "StopTimeout", 0xffffffff);
                                         r_dword_value(r, 5000); r_dword(r, 0); }
static void sh_no_value(raw *r) { r_dword(r, 1); r_sz(r, IG_SYNTAX_NAME, "StopTimeout", -1); r_dword(r, 0); }
static void sh_dword_wrong_len(raw *r) { r_dword(r, 1); r_sz(r, IG_SYNTAX_NAME, "StopTimeout", -1);
                                         r_dword(r, IG_SYNTAX_LIST_VALUE_DWORD); r_dword(r, 2); r_dword(r, 5000);
                                         r_dword(r, 0); }
static void sh_sz_no_nul(raw *r) { r_dword(r, 1); r_sz(r, IG_SYNTAX_NAME, "ServiceName", -1);
                                   r_sz(r, IG_SYNTAX_LIST_VALUE_SZ, "IMS", 6); r_dword(r, 0); }
static void sh_value_runs_past_end(raw *r) { r_dword(r, 1); r_sz(r, IG_SYNTAX_NAME, "ServiceName", -1);
                                             r_dword(r, IG_SYNTAX_LIST_VALUE_SZ); r_dword(r, 400); }

static void every_malformed_shape_is_invalid_data(void **state)
{
    static const struct { const char *what; shape_fn fn; } shapes[] = {
        { "shorter than the count", sh_short_count },
        { "count larger than the list can hold", sh_count_too_big },
        { "count larger than the properties present", sh_count_more_than_props },
        { "truncated in a name", sh_truncated_name },
        { "truncated in a value", sh_truncated_value },
        { "truncated in the end mark", sh_truncated_endmark },
        { "two values, no end mark", sh_missing_endmark },
        { "name entry of the wrong syntax", sh_name_not_name },
        { "name of odd byte length", sh_name_odd_length },
        { "name without its NUL", sh_name_no_nul },
        { "name with an embedded NUL", sh_name_embedded_nul },
        { "name length past the end", sh_name_length_huge },
        { "name length 0xffffffff", sh_name_length_max },
        { "property without a value", sh_no_value },
        { "DWORD value of 2 bytes", sh_dword_wrong_len },
        { "string value without its NUL", sh_sz_no_nul },
        { "value length past the end", sh_value_runs_past_end },
    };
    size_t i;
    for (i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
        raw r = {0};
        ig_settings s;
        uint32_t present = 0xffffffff;
        ig_prop_problem why;
        print_message("shape: %s\n", shapes[i].what);
        shapes[i].fn(&r);
        assert_int_equal(apply(&r, &s, &present, &why), IG_ERROR_INVALID_DATA);
        assert_int_equal(why.error, IG_ERROR_INVALID_DATA);
        assert_int_equal(why.prop, -1);
        assert_non_null(strstr(why.reason, "malformed property list at byte"));
    }
    /* NULL buffer */
    {
        ig_settings s;
        uint32_t present;
        ig_prop_problem why;
        ig_settings_default(&s);
        assert_int_equal(ig_proplist_apply(NULL, 100, &s, &present, &why), IG_ERROR_INVALID_DATA);
    }
}

static void misaligned_buffer_is_read_safely(void **state)
{
    raw r = {0};
    uint8_t *shifted = malloc(r.n + 4096 + 1);
    ig_settings s;
    uint32_t present;
    ig_prop_problem why;

    r_dword(&r, 1);
    r_prop_sz(&r, "ImagePath", "C:\\exchsrvr\\connect\\msexcimc\\bin\\msexcimc.exe");
    memcpy(shifted + 1, r.b, r.n);
    ig_settings_default(&s);
    assert_int_equal(ig_proplist_apply(shifted + 1, r.n, &s, &present, &why), IG_ERROR_SUCCESS);
    assert_true(ig_u16_equal(s.image_path, U("C:\\exchsrvr\\connect\\msexcimc\\bin\\msexcimc.exe")));
    free(shifted);
}

static void refused_values_name_the_property(void **state)
{
    static const struct { const char *name; int is_dword; const char *sz; uint32_t dw; int prop; const char *reason; } bad[] = {
        { "NoSuchProperty", 1, NULL, 1, -1, "'NoSuchProperty' is not a property of this resource type" },
        { "ServiceName", 0, "", 0, IG_P_SERVICE_NAME, "a service name is required" },
        { "ServiceName", 0, "a\\b", 0, IG_P_SERVICE_NAME, "service names cannot contain '/' or '\\'" },
        { "ServiceName", 1, NULL, 5, IG_P_SERVICE_NAME, "the value must be a string" },
        { "ServiceName", 0, " ", 0, IG_P_SERVICE_NAME, "it starts or ends with a blank" },
        { "ServiceName", 0, "MSExchangeIMC ", 0, IG_P_SERVICE_NAME, "it starts or ends with a blank" },
        { "SmtpProbePort", 0, "25", 0, IG_P_SMTP_PROBE_PORT, "the value must be a DWORD" },
        { "SmtpProbePort", 1, NULL, 65536, IG_P_SMTP_PROBE_PORT, "65536 is outside the allowed range 0 to 65535" },
        { "RequireDnsDomain", 1, NULL, 2, IG_P_REQUIRE_DNS_DOMAIN, "outside the allowed range 0 to 1" },
        { "AllowAffectedBuild", 1, NULL, 0xffffffff, IG_P_ALLOW_AFFECTED_BUILD, "outside the allowed range" },
        { "StopTimeout", 1, NULL, 0, IG_P_STOP_TIMEOUT, "outside the allowed range 100 to 600000" },
        { "StopTimeout", 1, NULL, 600001, IG_P_STOP_TIMEOUT, "outside the allowed range" },
        { "ManageServiceConfig", 1, NULL, 2, IG_P_MANAGE_SERVICE_CONFIG, "outside the allowed range 0 to 1" },
        { "UseNetworkName", 1, NULL, 2, IG_P_USE_NETWORK_NAME, "outside the allowed range 0 to 1" },
        { "UseNetworkName", 0, "1", 0, IG_P_USE_NETWORK_NAME, "the value must be a DWORD" },
        { "StartupParameters", 0, "-a \"open", 0, IG_P_STARTUP_PARAMETERS, "a double quote is not closed" },
        { "StartupParameters", 1, NULL, 1, IG_P_STARTUP_PARAMETERS, "the value must be a string" },
        { "ExpectedDnsDomain", 0, "corp_1.com", 0, IG_P_EXPECTED_DNS_DOMAIN, "only letters, digits, hyphens" },
        { "ExpectedDnsDomain", 0, "-corp.com", 0, IG_P_EXPECTED_DNS_DOMAIN, "starts or ends with a hyphen" },
        { "FirstAffectedVersion", 0, "5.5.x", 0, IG_P_FIRST_AFFECTED_VERSION, "only digits and dots" },
        { "FirstFixedVersion", 0, "5.5.70000.0", 0, IG_P_FIRST_FIXED_VERSION, "65535 or less" },
        { "FirstFixedVersion", 0, "", 0, IG_P_FIRST_FIXED_VERSION, "it is empty" },
        { "FirstAffectedVersion", 0, "05.5.2232.0", 0, IG_P_FIRST_AFFECTED_VERSION, "a number starts with 0" },
        { "FirstFixedVersion", 0, "5.5.2000.0", 0, IG_P_FIRST_FIXED_VERSION,
          "FirstAffectedVersion 5.5.2232.0 must be lower than FirstFixedVersion 5.5.2000.0" },
    };
    size_t i;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        raw r = {0};
        ig_settings s;
        uint32_t present;
        ig_prop_problem why;
        r_dword(&r, 1);
        if (bad[i].is_dword)
            r_prop_dword(&r, bad[i].name, bad[i].dw);
        else
            r_prop_sz(&r, bad[i].name, bad[i].sz);
        print_message("value: %s\n", bad[i].name);
        assert_int_equal(apply(&r, &s, &present, &why), IG_ERROR_INVALID_PARAMETER);
        assert_int_equal(why.prop, bad[i].prop);
        assert_non_null(strstr(why.reason, bad[i].reason));
    }
}

/* A SET of what changed: those properties alone, read back as written. */
static void some_properties_encode_alone(void **state)
{
    uint8_t buf[4096];
    ig_settings s, back;
    ig_prop_problem why;
    uint32_t present = 0, which = (1u << IG_P_STOP_TIMEOUT) | (1u << IG_P_STARTUP_PARAMETERS);
    ig_writer w;

    ig_settings_default(&s);
    assert_int_equal(ig_prop_set_dword(&s, IG_P_STOP_TIMEOUT, 4500, &why), 0);
    assert_int_equal(ig_prop_set_sz(&s, IG_P_STARTUP_PARAMETERS, U("-x \"a b\""), 8, &why), 0);
    assert_int_equal(ig_prop_set_dword(&s, IG_P_SMTP_PROBE_PORT, 2525, &why), 0);
    ig_writer_init(&w, buf, sizeof(buf));
    ig_proplist_encode_some(&w, &s, which);
    assert_int_equal(ig_writer_status(&w), 0);
    assert_int_equal(ig_unaligned_u32(buf), 2);
    ig_settings_default(&back);
    assert_int_equal(ig_proplist_apply(buf, w.needed, &back, &present, &why), 0);
    assert_int_equal(present, which);
    assert_int_equal(back.stop_timeout, 4500);
    assert_true(ig_u16_equal(back.startup_parameters, s.startup_parameters));
    assert_int_equal(back.smtp_probe_port, IMSGUARD_DEFAULT_SMTP_PROBE_PORT);
}

static void duplicate_property_refused(void **state)
{
    raw r = {0};
    ig_settings s;
    uint32_t present;
    ig_prop_problem why;
    r_dword(&r, 2);
    r_prop_dword(&r, "StopTimeout", 5000);
    r_prop_dword(&r, "STOPTIMEOUT", 6000);
    assert_int_equal(apply(&r, &s, &present, &why), IG_ERROR_INVALID_PARAMETER);
    assert_int_equal(why.prop, IG_P_STOP_TIMEOUT);
    assert_non_null(strstr(why.reason, "twice"));
}

static void too_long_string_refused(void **state)
{
    char name[400];
    raw r = {0};
    ig_settings s;
    uint32_t present;
    ig_prop_problem why;
    memset(name, 'a', 300);
    name[300] = '\0';
    r_dword(&r, 1);
    r_prop_sz(&r, "ServiceName", name);
    assert_int_equal(apply(&r, &s, &present, &why), IG_ERROR_INVALID_PARAMETER);
    assert_int_equal(why.prop, IG_P_SERVICE_NAME);
    assert_non_null(strstr(why.reason, "longer than 256 characters"));
}

static void encode_then_apply_round_trips(void **state)
{
    uint8_t buf[2048];
    ig_settings s, back;
    ig_writer w;
    uint32_t present;
    ig_prop_problem why;

    ig_settings_default(&s);
    memcpy(s.expected_dns_domain, U("contoso.com"), 12 * 2);
    s.smtp_probe_port = 2525;
    ig_writer_init(&w, buf, sizeof(buf));
    ig_proplist_encode(&w, &s);
    assert_int_equal(ig_writer_status(&w), IG_ERROR_SUCCESS);
    assert_int_equal(w.needed % 4, 0);
    assert_int_equal(ig_unaligned_u32(buf), IG_P_COUNT);

    memset(&back, 0x5a, sizeof(back));
    ig_settings_default(&back);
    assert_int_equal(ig_proplist_apply(buf, w.needed, &back, &present, &why), IG_ERROR_SUCCESS);
    assert_int_equal(present, (1u << IG_P_COUNT) - 1);
    assert_memory_equal(&s, &back, sizeof(s));
}

static void encoder_reports_size_when_short(void **state)
{
    uint8_t full[2048], small[16];
    ig_settings s;
    ig_writer w;
    size_t need;

    ig_settings_default(&s);
    ig_writer_init(&w, full, sizeof(full));
    ig_proplist_encode(&w, &s);
    need = w.needed;

    memset(small, 0xee, sizeof(small));
    ig_writer_init(&w, small, sizeof(small));
    ig_proplist_encode(&w, &s);
    assert_int_equal(ig_writer_status(&w), IG_ERROR_MORE_DATA);
    assert_int_equal(w.needed, need);

    ig_writer_init(&w, NULL, 100);
    ig_proplist_encode(&w, &s);
    assert_int_equal(ig_writer_status(&w), IG_ERROR_MORE_DATA);
    assert_int_equal(w.needed, need);

    ig_writer_init(&w, full, need);
    ig_proplist_encode(&w, &s);
    assert_int_equal(ig_writer_status(&w), IG_ERROR_SUCCESS);
}

static void enum_names_is_a_multi_sz(void **state)
{
    uint8_t buf[512];
    ig_writer w;
    size_t at = 0;
    int id;

    ig_writer_init(&w, buf, sizeof(buf));
    ig_proplist_enum_names(&w);
    assert_int_equal(ig_writer_status(&w), IG_ERROR_SUCCESS);
    for (id = 0; id < IG_P_COUNT; id++) {
        const char *p = ig_props[id].name;
        for (; *p; p++, at += 2)
            assert_int_equal(ig_unaligned_u16(buf + at), (uint16_t)*p);
        assert_int_equal(ig_unaligned_u16(buf + at), 0);
        at += 2;
    }
    assert_int_equal(ig_unaligned_u16(buf + at), 0);
    assert_int_equal(w.needed, at + 2);
}

static void stored_settings_are_checked_as_a_whole(void **state)
{
    ig_settings s;
    ig_prop_problem why;
    ig_settings_default(&s);
    assert_int_equal(ig_settings_check(&s, &why), IG_ERROR_SUCCESS);
    s.stop_timeout = 7;
    assert_int_equal(ig_settings_check(&s, &why), IG_ERROR_INVALID_PARAMETER);
    assert_int_equal(why.prop, IG_P_STOP_TIMEOUT);
    ig_settings_default(&s);
    memcpy(s.first_fixed_version, U("5.5.2232.0"), 11 * 2);
    assert_int_equal(ig_settings_check(&s, &why), IG_ERROR_INVALID_PARAMETER);
    assert_int_equal(why.prop, IG_P_FIRST_FIXED_VERSION);
    /* A string with no terminator in its field. */
    ig_settings_default(&s);
    {
        size_t i;
        for (i = 0; i < IG_VERSION_TEXT_CAP; i++)
            s.first_affected_version[i] = '5';
    }
    assert_int_equal(ig_settings_check(&s, &why), IG_ERROR_INVALID_PARAMETER);
    assert_int_equal(why.prop, IG_P_FIRST_AFFECTED_VERSION);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(applies_valid_values),
        cmocka_unit_test(empty_list_and_trailing_bytes),
        cmocka_unit_test(every_malformed_shape_is_invalid_data),
        cmocka_unit_test(misaligned_buffer_is_read_safely),
        cmocka_unit_test(refused_values_name_the_property),
        cmocka_unit_test(some_properties_encode_alone),
        cmocka_unit_test(duplicate_property_refused),
        cmocka_unit_test(too_long_string_refused),
        cmocka_unit_test(encode_then_apply_round_trips),
        cmocka_unit_test(encoder_reports_size_when_short),
        cmocka_unit_test(enum_names_is_a_multi_sz),
        cmocka_unit_test(stored_settings_are_checked_as_a_whole),
    };
    return cmocka_run_group_tests_name("proplist", tests, NULL, NULL);
}
